using System.Globalization;
using System.Text.Json;
using Herald.Model;
using Herald.Pipeline;
using Microsoft.Data.Sqlite;

namespace Herald.Storage.Sqlite;

/// <summary>Rules and their effects (tables of migration 11); what arrived since rules last ran is what lies past the
/// <c>rules_through</c> watermark. A rule's query runs on the same full-text index and
/// filters as search; its feed scope is the feeds' ranges of the item-key index, as reader streams use it.</summary>
public sealed partial class SqliteStore : IRuleStore
{
    public async Task<Rule> AddRuleAsync(RuleAction action, string query, string? tag, IReadOnlyList<long> feedIds, DateTimeOffset now, CancellationToken ct)
    {
        using var cmd = _connection.CreateCommand();
        // A rule applies to articles stored from its creation on: while there were no rules, what arrived is past.
        // (PostgreSQL queues nothing while there are none, to the same effect.)
        cmd.CommandText = """
            UPDATE store_meta SET value = (SELECT coalesce(max(seq), 0) FROM articles) WHERE key = 'rules_through' AND NOT EXISTS (SELECT 1 FROM rules);
            INSERT INTO rules (action, query, tag, feeds, created) VALUES ($a, $q, $t, $f, $now) RETURNING id;
            """;
        cmd.Parameters.AddWithValue("$a", action.ToString().ToLowerInvariant());
        cmd.Parameters.AddWithValue("$q", query);
        cmd.Parameters.AddWithValue("$t", (object?)tag ?? DBNull.Value);
        cmd.Parameters.AddWithValue("$f", JsonSerializer.Serialize(feedIds));
        cmd.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
        var id = (long)(await cmd.ExecuteScalarAsync(ct))!;
        return new Rule(id, action, query, tag, feedIds, DateTimeOffset.FromUnixTimeMilliseconds(now.ToUnixTimeMilliseconds()));
    }

    public async Task<IReadOnlyList<Rule>> ListRulesAsync(CancellationToken ct)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = "SELECT id, action, query, tag, feeds, created FROM rules ORDER BY id";
        var rules = new List<Rule>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            rules.Add(new Rule(
                r.GetInt64(0), Enum.Parse<RuleAction>(r.GetString(1), ignoreCase: true), r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3),
                JsonSerializer.Deserialize<long[]>(r.GetString(4)) ?? [], DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(5))));
        }

        return rules;
    }

    public async Task<bool> RemoveRuleAsync(long id, CancellationToken ct)
    {
        await using var tx = (SqliteTransaction)await _connection.BeginTransactionAsync(ct);
        using var cmd = _connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = "DELETE FROM rule_effects WHERE rule_id = $id; DELETE FROM rules WHERE id = $id;";
        cmd.Parameters.AddWithValue("$id", id);
        await cmd.ExecuteNonQueryAsync(ct);
        cmd.CommandText = "SELECT changes()";
        var removed = (long)(await cmd.ExecuteScalarAsync(ct))! > 0;
        await tx.CommitAsync(ct);
        return removed;
    }

    public async Task<IReadOnlyList<long>> MatchRuleAsync(Rule rule, bool matching, long afterSeq, long throughSeq, int limit, CancellationToken ct)
    {
        using var cmd = _connection.CreateCommand();
        var condition = await RuleConditionAsync(rule, matching, cmd, ct);
        cmd.CommandText = $"SELECT a.seq FROM articles a WHERE a.seq > $after AND a.seq <= $through AND {condition} ORDER BY a.seq LIMIT $n";
        cmd.Parameters.AddWithValue("$after", afterSeq);
        cmd.Parameters.AddWithValue("$through", throughSeq);
        cmd.Parameters.AddWithValue("$n", limit);
        await using var r = await ExecuteRuleAsync(cmd, rule, ct);
        return await ReadLongsAsync(r, ct);
    }

    public async Task<IReadOnlyList<long>> MatchRuleAmongAsync(Rule rule, bool matching, IReadOnlyList<long> seqs, CancellationToken ct)
    {
        if (seqs.Count == 0)
        {
            return [];
        }

        using var cmd = _connection.CreateCommand();
        var condition = await RuleConditionAsync(rule, matching, cmd, ct);
        cmd.CommandText = $"SELECT a.seq FROM articles a WHERE a.seq IN (SELECT value FROM json_each($among)) AND {condition} ORDER BY a.seq";
        cmd.Parameters.AddWithValue("$among", JsonIds(seqs));
        await using var r = await ExecuteRuleAsync(cmd, rule, ct);
        return await ReadLongsAsync(r, ct);
    }

    public async Task<int> CountRuleMatchesAsync(Rule rule, bool matching, CancellationToken ct)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = $"SELECT count(*) FROM articles a WHERE {await RuleConditionAsync(rule, matching, cmd, ct)}";
        await using var r = await ExecuteRuleAsync(cmd, rule, ct);
        await r.ReadAsync(ct);
        return r.GetInt32(0);
    }

    public async Task<IReadOnlyList<Article>> GetArticlesBySeqAsync(IReadOnlyList<long> seqs, CancellationToken ct)
    {
        var found = await ArticlesBySeqAsync(seqs, ct);
        return seqs.Where(found.ContainsKey).Select(s => found[s]).ToList();
    }

    public async Task<IReadOnlyList<long>> RecordEffectsAsync(long ruleId, string effect, IReadOnlyList<long> seqs, CancellationToken ct)
    {
        if (seqs.Count == 0)
        {
            return [];
        }

        using var cmd = _connection.CreateCommand();
        // RETURNING lists the rows inserted, not the ones the conflict left alone.
        cmd.CommandText = "INSERT OR IGNORE INTO rule_effects (rule_id, seq, effect) SELECT $r, value, $e FROM json_each($ids) RETURNING seq";
        cmd.Parameters.AddWithValue("$r", ruleId);
        cmd.Parameters.AddWithValue("$e", effect);
        cmd.Parameters.AddWithValue("$ids", JsonIds(seqs));
        await using var r = await cmd.ExecuteReaderAsync(ct);
        var fresh = await ReadLongsAsync(r, ct);
        fresh.Sort();
        return fresh;
    }

    public async Task<int> CountEffectsAsync(long ruleId, CancellationToken ct)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = "SELECT count(*) FROM rule_effects WHERE rule_id = $r";
        cmd.Parameters.AddWithValue("$r", ruleId);
        return Convert.ToInt32(await cmd.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
    }

    public async Task<long> LatestSeqAsync(CancellationToken ct)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = "SELECT coalesce(max(seq), 0) FROM articles";
        return (long)(await cmd.ExecuteScalarAsync(ct))!;
    }

    public async Task<IReadOnlyList<long>> ArrivedForRulesAsync(int limit, CancellationToken ct)
    {
        // One writer commits seqs in order, so everything past the watermark is what arrived since.
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = "SELECT seq FROM articles WHERE seq > (SELECT value FROM store_meta WHERE key = 'rules_through') ORDER BY seq LIMIT $n";
        cmd.Parameters.AddWithValue("$n", limit);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        return await ReadLongsAsync(r, ct);
    }

    public async Task RulesAppliedAsync(IReadOnlyList<long>? seqs, CancellationToken ct)
    {
        if (seqs is { Count: 0 })
        {
            return;
        }

        using var cmd = _connection.CreateCommand();
        cmd.CommandText = seqs is null
            ? "UPDATE store_meta SET value = (SELECT coalesce(max(seq), 0) FROM articles) WHERE key = 'rules_through' AND value < (SELECT coalesce(max(seq), 0) FROM articles)"
            : "UPDATE store_meta SET value = $v WHERE key = 'rules_through' AND value < $v";
        cmd.Parameters.AddWithValue("$v", seqs is null ? 0 : seqs.Max());
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>The condition on <c>articles a</c> for a rule's scope and (non-)match, with its parameters.</summary>
    private async Task<string> RuleConditionAsync(Rule rule, bool matching, SqliteCommand cmd, CancellationToken ct)
    {
        var (from, where) = Compile(rule.Parsed, cmd);
        var matches = $"a.seq IN (SELECT a.seq FROM {from} {where})";
        var condition = matching ? matches : "NOT " + matches;
        if (rule.FeedIds.Count == 0)
        {
            return condition;
        }

        if (!await TableExistsAsync("item_keys", ct))
        {
            return "0";
        }

        // A feed's items are one range of the key index ("hash:s{source}|…", as reader streams use it).
        var ranges = new List<string>();
        for (var i = 0; i < rule.FeedIds.Count; i++)
        {
            var prefix = "hash:s" + rule.FeedIds[i].ToString(CultureInfo.InvariantCulture) + "|";
            var n = i.ToString(CultureInfo.InvariantCulture);
            cmd.Parameters.AddWithValue("$rlo" + n, prefix);
            cmd.Parameters.AddWithValue("$rhi" + n, prefix[..^1] + "}");
            ranges.Add($"(k.key >= $rlo{n} AND k.key < $rhi{n})");
        }

        return $"{condition} AND a.id IN (SELECT k.article_id FROM item_keys k WHERE {string.Join(" OR ", ranges)})";
    }

    private static async Task<SqliteDataReader> ExecuteRuleAsync(SqliteCommand cmd, Rule rule, CancellationToken ct)
    {
        try
        {
            return await cmd.ExecuteReaderAsync(ct);
        }
        catch (SqliteException e)
        {
            throw new HeraldException($"query \"{rule.Query}\"", $"cannot be searched ({e.Message.TrimEnd('.')})");
        }
    }

    /// <summary>The first column of every row, as numbers (seqs).</summary>
    private static async Task<List<long>> ReadLongsAsync(SqliteDataReader r, CancellationToken ct)
    {
        var values = new List<long>();
        while (await r.ReadAsync(ct))
        {
            values.Add(r.GetInt64(0));
        }

        return values;
    }
}
