using System.Globalization;
using System.Text.Json;
using Herald.Model;
using Herald.Pipeline;
using Npgsql;

namespace Herald.Storage.Postgres;

/// <summary>
/// Rules and their effects (tables of migration 5), as <see cref="Sqlite.SqliteStore"/> keeps them. A rule's query
/// runs on the same tsvector index and filters as search; its feed scope is the feeds' item keys, as SQLite's. What
/// arrived since rules last ran is <c>rule_queue</c>, filled by a trigger in each storing transaction.
/// </summary>
public sealed partial class PostgresStore : IRuleStore
{
    public async Task<Rule> AddRuleAsync(RuleAction action, string query, string? tag, IReadOnlyList<long> feedIds, DateTimeOffset now, CancellationToken ct)
    {
        await using var c = await _data.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand("INSERT INTO rules (action, query, tag, feeds, created) VALUES (@a, @q, @t, @f, @c) RETURNING id", c);
        cmd.Parameters.AddWithValue("a", action.ToString().ToLowerInvariant());
        cmd.Parameters.AddWithValue("q", query);
        cmd.Parameters.AddWithValue("t", (object?)tag ?? DBNull.Value);
        cmd.Parameters.AddWithValue("f", JsonSerializer.Serialize(feedIds));
        cmd.Parameters.AddWithValue("c", Ms(now));
        var id = (long)(await cmd.ExecuteScalarAsync(ct))!;
        return new Rule(id, action, query, tag, feedIds, Ms(now));
    }

    public async Task<IReadOnlyList<Rule>> ListRulesAsync(CancellationToken ct)
    {
        await using var c = await _data.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand("SELECT id, action, query, tag, feeds, created FROM rules ORDER BY id", c);
        var rules = new List<Rule>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            rules.Add(new Rule(
                r.GetInt64(0), Enum.Parse<RuleAction>(r.GetString(1), ignoreCase: true), r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3),
                JsonSerializer.Deserialize<long[]>(r.GetString(4)) ?? [], r.GetFieldValue<DateTimeOffset>(5)));
        }

        return rules;
    }

    public async Task<bool> RemoveRuleAsync(long id, CancellationToken ct)
    {
        await using var c = await _data.OpenConnectionAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        await using var effects = new NpgsqlCommand("DELETE FROM rule_effects WHERE rule_id = @id", c, tx);
        effects.Parameters.AddWithValue("id", id);
        await effects.ExecuteNonQueryAsync(ct);
        await using var rule = new NpgsqlCommand("DELETE FROM rules WHERE id = @id", c, tx);
        rule.Parameters.AddWithValue("id", id);
        var removed = await rule.ExecuteNonQueryAsync(ct) > 0;
        await tx.CommitAsync(ct);
        return removed;
    }

    public async Task<IReadOnlyList<long>> MatchRuleAsync(Rule rule, bool matching, long afterSeq, long throughSeq, int limit, CancellationToken ct)
    {
        await using var c = await _data.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand { Connection = c };
        cmd.CommandText = $"SELECT a.seq FROM articles a WHERE a.seq > @after AND a.seq <= @through AND {RuleCondition(rule, matching, cmd)} ORDER BY a.seq LIMIT @n";
        cmd.Parameters.AddWithValue("after", afterSeq);
        cmd.Parameters.AddWithValue("through", throughSeq);
        cmd.Parameters.AddWithValue("n", limit);
        return await ReadSeqsAsync(cmd, rule, ct);
    }

    public async Task<IReadOnlyList<long>> MatchRuleAmongAsync(Rule rule, bool matching, IReadOnlyList<long> seqs, CancellationToken ct)
    {
        if (seqs.Count == 0)
        {
            return [];
        }

        await using var c = await _data.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand { Connection = c };
        cmd.CommandText = $"SELECT a.seq FROM articles a WHERE a.seq = ANY(@among) AND {RuleCondition(rule, matching, cmd)} ORDER BY a.seq";
        cmd.Parameters.AddWithValue("among", seqs.ToArray());
        return await ReadSeqsAsync(cmd, rule, ct);
    }

    public async Task<int> CountRuleMatchesAsync(Rule rule, bool matching, CancellationToken ct)
    {
        await using var c = await _data.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand { Connection = c };
        cmd.CommandText = $"SELECT count(*) FROM articles a WHERE {RuleCondition(rule, matching, cmd)}";
        try
        {
            return Convert.ToInt32(await cmd.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
        }
        catch (PostgresException e)
        {
            throw new HeraldException($"query \"{rule.Query}\"", $"cannot be searched ({OneLine(e)})");
        }
    }

    public async Task<IReadOnlyList<Article>> GetArticlesBySeqAsync(IReadOnlyList<long> seqs, CancellationToken ct)
    {
        if (seqs.Count == 0)
        {
            return [];
        }

        await using var c = await _data.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand(
            $"SELECT k.seq, {ArticleColumns} FROM article_ids k JOIN articles a ON a.seq = k.seq AND a.at = k.at WHERE k.seq = ANY(@s)", c);
        cmd.Parameters.AddWithValue("s", seqs.ToArray());
        var found = new Dictionary<long, Article>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            found[r.GetInt64(0)] = ReadArticle(r, 1);
        }

        return seqs.Where(found.ContainsKey).Select(s => found[s]).ToList();
    }

    public async Task<IReadOnlyList<long>> RecordEffectsAsync(long ruleId, string effect, IReadOnlyList<long> seqs, CancellationToken ct)
    {
        if (seqs.Count == 0)
        {
            return [];
        }

        await using var c = await _data.OpenConnectionAsync(ct);
        // RETURNING lists the rows inserted, not the ones the conflict left alone.
        await using var cmd = new NpgsqlCommand(
            "INSERT INTO rule_effects (rule_id, seq, effect) SELECT @r, s, @e FROM unnest(@s) AS s ON CONFLICT DO NOTHING RETURNING seq", c);
        cmd.Parameters.AddWithValue("r", ruleId);
        cmd.Parameters.AddWithValue("e", effect);
        cmd.Parameters.AddWithValue("s", seqs.ToArray());
        var fresh = await ReadLongsAsync(cmd, ct);
        fresh.Sort();
        return fresh;
    }

    public async Task<int> CountEffectsAsync(long ruleId, CancellationToken ct)
    {
        await using var c = await _data.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand("SELECT count(*) FROM rule_effects WHERE rule_id = @r", c);
        cmd.Parameters.AddWithValue("r", ruleId);
        return Convert.ToInt32(await cmd.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
    }

    public async Task<long> LatestSeqAsync(CancellationToken ct)
    {
        await using var c = await _data.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand("SELECT coalesce(max(seq), 0) FROM article_ids", c);
        return (long)(await cmd.ExecuteScalarAsync(ct))!;
    }

    public async Task<IReadOnlyList<long>> ArrivedForRulesAsync(int limit, CancellationToken ct)
    {
        await using var c = await _data.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand("SELECT seq FROM rule_queue ORDER BY seq LIMIT @n", c);
        cmd.Parameters.AddWithValue("n", limit);
        return await ReadLongsAsync(cmd, ct);
    }

    public async Task RulesAppliedAsync(IReadOnlyList<long>? seqs, CancellationToken ct)
    {
        if (seqs is { Count: 0 })
        {
            return;
        }

        await using var c = await _data.OpenConnectionAsync(ct);
        // Without rules, what is queued is dropped, unless a rule was added meanwhile (then its run takes the queue).
        await using var cmd = new NpgsqlCommand(
            seqs is null ? "DELETE FROM rule_queue WHERE NOT EXISTS (SELECT 1 FROM rules)" : "DELETE FROM rule_queue WHERE seq = ANY(@s)", c);
        if (seqs is not null)
        {
            cmd.Parameters.AddWithValue("s", seqs.ToArray());
        }

        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>The condition on <c>articles a</c> for a rule's scope and (non-)match, with its parameters.</summary>
    private static string RuleCondition(Rule rule, bool matching, NpgsqlCommand cmd)
    {
        var (from, where) = Compile(rule.Parsed, cmd);
        var matches = $"a.seq IN (SELECT a.seq FROM {from} {where})";
        var condition = matching ? matches : "NOT " + matches;
        if (rule.FeedIds.Count == 0)
        {
            return condition;
        }

        // A feed's items are the keys "hash:s{source}|…" (as SQLite's reader streams find them). starts_with, not a
        // range: under the database's collation '|' and '}' need not sort as their code points.
        var feeds = new List<string>();
        for (var i = 0; i < rule.FeedIds.Count; i++)
        {
            var name = "rf" + i.ToString(CultureInfo.InvariantCulture);
            cmd.Parameters.AddWithValue(name, "hash:s" + rule.FeedIds[i].ToString(CultureInfo.InvariantCulture) + "|");
            feeds.Add($"starts_with(k.key, @{name})");
        }

        return $"{condition} AND a.id IN (SELECT k.article_id FROM item_keys k WHERE {string.Join(" OR ", feeds)})";
    }

    private static async Task<IReadOnlyList<long>> ReadSeqsAsync(NpgsqlCommand cmd, Rule rule, CancellationToken ct)
    {
        try
        {
            return await ReadLongsAsync(cmd, ct);
        }
        catch (PostgresException e)
        {
            throw new HeraldException($"query \"{rule.Query}\"", $"cannot be searched ({OneLine(e)})");
        }
    }

    /// <summary>The first column of every row, as numbers (seqs).</summary>
    private static async Task<List<long>> ReadLongsAsync(NpgsqlCommand cmd, CancellationToken ct)
    {
        var values = new List<long>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            values.Add(r.GetInt64(0));
        }

        return values;
    }
}
