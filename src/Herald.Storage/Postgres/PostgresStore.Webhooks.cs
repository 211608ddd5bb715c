using Herald.Pipeline;
using Herald.Query;
using Npgsql;
using NpgsqlTypes;

namespace Herald.Storage.Postgres;

/// <summary>Webhooks and their deliveries, as <see cref="Sqlite.SqliteStore"/> keeps them.</summary>
public sealed partial class PostgresStore : IWebhookStore
{
    public async Task<Webhook> AddWebhookAsync(string topic, string url, string secret, DateTimeOffset now, CancellationToken ct)
    {
        await using var c = await _data.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand("INSERT INTO webhooks (topic, url, secret, created) VALUES (@t, @u, @s, @c) RETURNING id", c);
        cmd.Parameters.AddWithValue("t", topic);
        cmd.Parameters.AddWithValue("u", url);
        cmd.Parameters.AddWithValue("s", secret);
        cmd.Parameters.AddWithValue("c", Ms(now));
        var id = (long)(await cmd.ExecuteScalarAsync(ct))!;
        return new Webhook(id, topic, url, secret, Ms(now));
    }

    public Task<IReadOnlyList<Webhook>> ListWebhooksAsync(CancellationToken ct) => ReadWebhooksAsync(null, ct);

    public async Task<Webhook?> GetWebhookAsync(long id, CancellationToken ct) => (await ReadWebhooksAsync(id, ct)).FirstOrDefault();

    private async Task<IReadOnlyList<Webhook>> ReadWebhooksAsync(long? id, CancellationToken ct)
    {
        await using var c = await _data.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand("SELECT id, topic, url, secret, created FROM webhooks" + (id is null ? "" : " WHERE id = @id") + " ORDER BY id", c);
        if (id is not null)
        {
            cmd.Parameters.AddWithValue("id", id.Value);
        }

        var list = new List<Webhook>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            list.Add(new Webhook(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetFieldValue<DateTimeOffset>(4)));
        }

        return list;
    }

    public async Task<bool> DeleteWebhookAsync(long id, CancellationToken ct)
    {
        await using var c = await _data.OpenConnectionAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        await using var deliveries = new NpgsqlCommand("DELETE FROM webhook_deliveries WHERE webhook_id = @id", c, tx);
        deliveries.Parameters.AddWithValue("id", id);
        await deliveries.ExecuteNonQueryAsync(ct);
        await using var hook = new NpgsqlCommand("DELETE FROM webhooks WHERE id = @id", c, tx);
        hook.Parameters.AddWithValue("id", id);
        var removed = await hook.ExecuteNonQueryAsync(ct) > 0;
        await tx.CommitAsync(ct);
        return removed;
    }

    public async Task<IReadOnlyList<StorySummary>> ListUnannouncedStoriesAsync(long webhookId, TopicQuery query, int limit, CancellationToken ct)
    {
        await using var c = await _data.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand { Connection = c };
        var (from, where) = Compile(query, cmd);
        // A story announced under an id that later merged into another counts as announced.
        var unannounced = """
            coalesce(a.story, a.id) NOT IN (SELECT story FROM webhook_deliveries WHERE webhook_id = @w)
            AND coalesce(a.story, a.id) NOT IN (SELECT s.story FROM story_aliases s JOIN webhook_deliveries d ON d.story = s.alias WHERE d.webhook_id = @w)
            """;
        where = where.Length == 0 ? "WHERE " + unannounced : where + " AND " + unannounced;
        cmd.CommandText = $"""
            WITH found AS (
                SELECT coalesce(a.story, a.id) AS sid, count(*) AS n, array_agg(DISTINCT a.outlet) FILTER (WHERE a.outlet IS NOT NULL) AS outlets,
                       min(a.published) AS first, max(a.published) AS last, min(a.seq) AS firstseq
                FROM {from} {where}
                GROUP BY 1
                ORDER BY min(a.seq)
                LIMIT @limit)
            SELECT sid, n, outlets, first, last, {StoryHeadlineSql("found.sid")} FROM found ORDER BY firstseq
            """;
        cmd.Parameters.AddWithValue("w", webhookId);
        cmd.Parameters.AddWithValue("limit", limit);
        return await ReadStoriesAsync(cmd, query, ct);
    }

    public async Task<int> EnqueueDeliveriesAsync(IReadOnlyList<WebhookDelivery> deliveries, CancellationToken ct)
    {
        if (deliveries.Count == 0)
        {
            return 0;
        }

        var added = 0;
        await using var c = await _data.OpenConnectionAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        await using var cmd = new NpgsqlCommand("""
            INSERT INTO webhook_deliveries (id, webhook_id, story, payload, state, attempts, next_attempt, last_error, created)
            VALUES (@id, @w, @s, @p, @st, @a, @n, @e, @c) ON CONFLICT DO NOTHING
            """, c, tx);
        var id = cmd.Parameters.Add("id", NpgsqlDbType.Text);
        var w = cmd.Parameters.Add("w", NpgsqlDbType.Bigint);
        var s = cmd.Parameters.Add("s", NpgsqlDbType.Text);
        var p = cmd.Parameters.Add("p", NpgsqlDbType.Text);
        var st = cmd.Parameters.Add("st", NpgsqlDbType.Integer);
        var a = cmd.Parameters.Add("a", NpgsqlDbType.Integer);
        var n = cmd.Parameters.Add("n", NpgsqlDbType.TimestampTz);
        var e = cmd.Parameters.Add("e", NpgsqlDbType.Text);
        var cr = cmd.Parameters.Add("c", NpgsqlDbType.TimestampTz);
        foreach (var d in deliveries)
        {
            id.Value = d.Id;
            w.Value = d.WebhookId;
            s.Value = d.Story;
            p.Value = d.Payload;
            st.Value = (int)d.State;
            a.Value = d.Attempts;
            n.Value = Ms(d.NextAttempt);
            e.Value = (object?)d.LastError ?? DBNull.Value;
            cr.Value = Ms(d.Created);
            added += await cmd.ExecuteNonQueryAsync(ct);
        }

        await tx.CommitAsync(ct);
        return added;
    }

    public async Task<IReadOnlyList<WebhookDelivery>> ListDueDeliveriesAsync(DateTimeOffset now, int limit, CancellationToken ct)
    {
        await using var c = await _data.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand($"""
            SELECT {DeliveryColumns} FROM webhook_deliveries
            WHERE state = {(int)DeliveryState.Pending} AND next_attempt <= @now
            ORDER BY next_attempt, created, seq LIMIT @limit
            """, c);
        cmd.Parameters.AddWithValue("now", now == DateTimeOffset.MaxValue ? DateTimeOffset.MaxValue : Ms(now));
        cmd.Parameters.AddWithValue("limit", limit);
        return await ReadDeliveriesAsync(cmd, ct);
    }

    public async Task<DateTimeOffset?> NextPendingAttemptAsync(CancellationToken ct)
    {
        await using var c = await _data.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand($"SELECT min(next_attempt) FROM webhook_deliveries WHERE state = {(int)DeliveryState.Pending}", c);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        return await r.ReadAsync(ct) && !r.IsDBNull(0) ? r.GetFieldValue<DateTimeOffset>(0) : null;
    }

    public async Task UpdateDeliveryAsync(string id, DeliveryState state, int attempts, DateTimeOffset nextAttempt, string? lastError, CancellationToken ct)
    {
        await using var c = await _data.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand("UPDATE webhook_deliveries SET state = @st, attempts = @a, next_attempt = @n, last_error = @e WHERE id = @id", c);
        cmd.Parameters.AddWithValue("st", (int)state);
        cmd.Parameters.AddWithValue("a", attempts);
        cmd.Parameters.AddWithValue("n", Ms(nextAttempt));
        cmd.Parameters.Add(new NpgsqlParameter("e", NpgsqlDbType.Text) { Value = (object?)lastError ?? DBNull.Value });
        cmd.Parameters.AddWithValue("id", id);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    public async Task<IReadOnlyList<WebhookDelivery>> ListDeliveriesAsync(long webhookId, int limit, CancellationToken ct)
    {
        await using var c = await _data.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand($"""
            SELECT {DeliveryColumns} FROM webhook_deliveries
            WHERE webhook_id = @w AND state <> {(int)DeliveryState.Baseline}
            ORDER BY created DESC, seq DESC LIMIT @limit
            """, c);
        cmd.Parameters.AddWithValue("w", webhookId);
        cmd.Parameters.AddWithValue("limit", limit);
        return await ReadDeliveriesAsync(cmd, ct);
    }

    private const string DeliveryColumns = "id, webhook_id, story, payload, state, attempts, next_attempt, last_error, created";

    private static async Task<IReadOnlyList<WebhookDelivery>> ReadDeliveriesAsync(NpgsqlCommand cmd, CancellationToken ct)
    {
        var list = new List<WebhookDelivery>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            list.Add(new WebhookDelivery(
                r.GetString(0), r.GetInt64(1), r.GetString(2), r.GetString(3), (DeliveryState)r.GetInt32(4), r.GetInt32(5),
                r.GetFieldValue<DateTimeOffset>(6), r.IsDBNull(7) ? null : r.GetString(7), r.GetFieldValue<DateTimeOffset>(8)));
        }

        return list;
    }
}
