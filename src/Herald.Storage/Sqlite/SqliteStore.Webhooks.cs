using Herald.Pipeline;
using Herald.Query;
using Microsoft.Data.Sqlite;

namespace Herald.Storage.Sqlite;

/// <summary>
/// Webhooks and their deliveries. The tables are created on first use (IF NOT EXISTS) rather than by a numbered
/// migration, so a store that never uses webhooks keeps its schema; the UNIQUE (webhook, story) pair is what
/// makes a story announced at most once per webhook however often ingest runs.
/// </summary>
public sealed partial class SqliteStore : IWebhookStore
{
    private const string WebhookSchema = """
        CREATE TABLE IF NOT EXISTS webhooks (
            id INTEGER PRIMARY KEY,
            topic TEXT NOT NULL COLLATE NOCASE,
            url TEXT NOT NULL,
            secret TEXT NOT NULL,
            created INTEGER NOT NULL
        );
        CREATE TABLE IF NOT EXISTS webhook_deliveries (
            id TEXT PRIMARY KEY,
            webhook_id INTEGER NOT NULL,
            story TEXT NOT NULL,
            payload TEXT NOT NULL,
            state INTEGER NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0,
            next_attempt INTEGER NOT NULL,
            last_error TEXT,
            created INTEGER NOT NULL,
            UNIQUE (webhook_id, story)
        );
        CREATE INDEX IF NOT EXISTS ix_webhook_deliveries_due ON webhook_deliveries(state, next_attempt);
        """;

    private bool _webhookTablesReady;

    private void EnsureWebhookTables()
    {
        if (!_webhookTablesReady)
        {
            Exec(_connection, WebhookSchema);
            _webhookTablesReady = true;
        }
    }

    public async Task<Webhook> AddWebhookAsync(string topic, string url, string secret, DateTimeOffset now, CancellationToken ct)
    {
        EnsureWebhookTables();
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = "INSERT INTO webhooks (topic, url, secret, created) VALUES ($t, $u, $s, $c) RETURNING id";
        cmd.Parameters.AddWithValue("$t", topic);
        cmd.Parameters.AddWithValue("$u", url);
        cmd.Parameters.AddWithValue("$s", secret);
        cmd.Parameters.AddWithValue("$c", now.ToUnixTimeMilliseconds());
        var id = (long)(await cmd.ExecuteScalarAsync(ct))!;
        return new Webhook(id, topic, url, secret, now);
    }

    public async Task<IReadOnlyList<Webhook>> ListWebhooksAsync(CancellationToken ct) => await ReadWebhooksAsync(null, ct);

    public async Task<Webhook?> GetWebhookAsync(long id, CancellationToken ct) => (await ReadWebhooksAsync(id, ct)).FirstOrDefault();

    public async Task<bool> DeleteWebhookAsync(long id, CancellationToken ct)
    {
        EnsureWebhookTables();
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = "DELETE FROM webhook_deliveries WHERE webhook_id = $id; DELETE FROM webhooks WHERE id = $id;";
        cmd.Parameters.AddWithValue("$id", id);
        await cmd.ExecuteNonQueryAsync(ct);
        using var changes = _connection.CreateCommand();
        changes.CommandText = "SELECT changes()";
        return (long)(await changes.ExecuteScalarAsync(ct))! > 0;
    }

    public async Task<IReadOnlyList<StorySummary>> ListUnannouncedStoriesAsync(long webhookId, TopicQuery query, int limit, CancellationToken ct)
    {
        EnsureWebhookTables();
        using var cmd = _connection.CreateCommand();
        var (from, where) = Compile(query, cmd);
        // A story announced under an id that later merged into another counts as announced: the merged story keeps
        // the older id, so a continuing story is announced once.
        var unannounced = """
            coalesce(a.story, a.id) NOT IN (SELECT story FROM webhook_deliveries WHERE webhook_id = $w)
            AND coalesce(a.story, a.id) NOT IN (SELECT s.story FROM story_aliases s JOIN webhook_deliveries d ON d.story = s.alias WHERE d.webhook_id = $w)
            """;
        where = where.Length == 0 ? "WHERE " + unannounced : where + " AND " + unannounced;
        cmd.CommandText = $"""
            SELECT coalesce(a.story, a.id) AS sid, count(*), group_concat(DISTINCT a.outlet), min(a.published), max(a.published), min(a.seq)
            FROM {from} {where}
            GROUP BY sid
            ORDER BY min(a.seq)
            LIMIT $limit
            """;
        cmd.Parameters.AddWithValue("$w", webhookId);
        cmd.Parameters.AddWithValue("$limit", limit);
        var list = new List<StorySummary>();
        await using (var r = await cmd.ExecuteReaderAsync(ct))
        {
            while (await r.ReadAsync(ct))
            {
                list.Add(new StorySummary(
                    r.GetString(0), "", r.GetInt32(1),
                    r.IsDBNull(2) ? [] : r.GetString(2).Split(',').Order(StringComparer.Ordinal).ToArray(),
                    r.IsDBNull(3) ? null : DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(3)),
                    r.IsDBNull(4) ? null : DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(4))));
            }
        }

        // The representative headline, as the story list shows it.
        using var headline = _connection.CreateCommand();
        headline.CommandText = "SELECT " + StoryHeadlineSql("$s");
        var p = headline.Parameters.Add("$s", SqliteType.Text);
        for (var i = 0; i < list.Count; i++)
        {
            p.Value = list[i].Id;
            list[i] = list[i] with { Headline = (await headline.ExecuteScalarAsync(ct)) as string ?? "" };
        }

        return list;
    }

    public async Task<int> EnqueueDeliveriesAsync(IReadOnlyList<WebhookDelivery> deliveries, CancellationToken ct)
    {
        EnsureWebhookTables();
        if (deliveries.Count == 0)
        {
            return 0;
        }

        var added = 0;
        await using var tx = (SqliteTransaction)await _connection.BeginTransactionAsync(ct);
        using var cmd = _connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = """
            INSERT OR IGNORE INTO webhook_deliveries (id, webhook_id, story, payload, state, attempts, next_attempt, last_error, created)
            VALUES ($id, $w, $s, $p, $st, $a, $n, $e, $c)
            """;
        var id = cmd.Parameters.Add("$id", SqliteType.Text);
        var w = cmd.Parameters.Add("$w", SqliteType.Integer);
        var s = cmd.Parameters.Add("$s", SqliteType.Text);
        var p = cmd.Parameters.Add("$p", SqliteType.Text);
        var st = cmd.Parameters.Add("$st", SqliteType.Integer);
        var a = cmd.Parameters.Add("$a", SqliteType.Integer);
        var n = cmd.Parameters.Add("$n", SqliteType.Integer);
        var e = cmd.Parameters.Add("$e", SqliteType.Text);
        var c = cmd.Parameters.Add("$c", SqliteType.Integer);
        foreach (var d in deliveries)
        {
            id.Value = d.Id;
            w.Value = d.WebhookId;
            s.Value = d.Story;
            p.Value = d.Payload;
            st.Value = (int)d.State;
            a.Value = d.Attempts;
            n.Value = d.NextAttempt.ToUnixTimeMilliseconds();
            e.Value = (object?)d.LastError ?? DBNull.Value;
            c.Value = d.Created.ToUnixTimeMilliseconds();
            added += await cmd.ExecuteNonQueryAsync(ct);
        }

        await tx.CommitAsync(ct);
        return added;
    }

    public async Task<IReadOnlyList<WebhookDelivery>> ListDueDeliveriesAsync(DateTimeOffset now, int limit, CancellationToken ct)
    {
        EnsureWebhookTables();
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = $"""
            SELECT {DeliveryColumns} FROM webhook_deliveries
            WHERE state = {(int)DeliveryState.Pending} AND next_attempt <= $now
            ORDER BY next_attempt, created LIMIT $limit
            """;
        cmd.Parameters.AddWithValue("$now", now == DateTimeOffset.MaxValue ? long.MaxValue : now.ToUnixTimeMilliseconds());
        cmd.Parameters.AddWithValue("$limit", limit);
        return await ReadDeliveriesAsync(cmd, ct);
    }

    public async Task<DateTimeOffset?> NextPendingAttemptAsync(CancellationToken ct)
    {
        EnsureWebhookTables();
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = $"SELECT min(next_attempt) FROM webhook_deliveries WHERE state = {(int)DeliveryState.Pending}";
        return await cmd.ExecuteScalarAsync(ct) is long ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
    }

    public async Task UpdateDeliveryAsync(string id, DeliveryState state, int attempts, DateTimeOffset nextAttempt, string? lastError, CancellationToken ct)
    {
        EnsureWebhookTables();
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = "UPDATE webhook_deliveries SET state = $st, attempts = $a, next_attempt = $n, last_error = $e WHERE id = $id";
        cmd.Parameters.AddWithValue("$st", (int)state);
        cmd.Parameters.AddWithValue("$a", attempts);
        cmd.Parameters.AddWithValue("$n", nextAttempt.ToUnixTimeMilliseconds());
        cmd.Parameters.AddWithValue("$e", (object?)lastError ?? DBNull.Value);
        cmd.Parameters.AddWithValue("$id", id);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    public async Task<IReadOnlyList<WebhookDelivery>> ListDeliveriesAsync(long webhookId, int limit, CancellationToken ct)
    {
        EnsureWebhookTables();
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = $"""
            SELECT {DeliveryColumns} FROM webhook_deliveries
            WHERE webhook_id = $w AND state <> {(int)DeliveryState.Baseline}
            ORDER BY created DESC, rowid DESC LIMIT $limit
            """;
        cmd.Parameters.AddWithValue("$w", webhookId);
        cmd.Parameters.AddWithValue("$limit", limit);
        return await ReadDeliveriesAsync(cmd, ct);
    }

    private const string DeliveryColumns = "id, webhook_id, story, payload, state, attempts, next_attempt, last_error, created";

    private static async Task<IReadOnlyList<WebhookDelivery>> ReadDeliveriesAsync(SqliteCommand cmd, CancellationToken ct)
    {
        var list = new List<WebhookDelivery>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            list.Add(new WebhookDelivery(
                r.GetString(0), r.GetInt64(1), r.GetString(2), r.GetString(3), (DeliveryState)r.GetInt32(4), r.GetInt32(5),
                DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(6)), r.IsDBNull(7) ? null : r.GetString(7),
                DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(8))));
        }

        return list;
    }

    private async Task<IReadOnlyList<Webhook>> ReadWebhooksAsync(long? id, CancellationToken ct)
    {
        EnsureWebhookTables();
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = "SELECT id, topic, url, secret, created FROM webhooks" + (id is null ? "" : " WHERE id = $id") + " ORDER BY id";
        if (id is not null)
        {
            cmd.Parameters.AddWithValue("$id", id.Value);
        }

        var list = new List<Webhook>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            list.Add(new Webhook(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(4))));
        }

        return list;
    }
}
