using System.Runtime.CompilerServices;
using Herald.Model;
using Herald.Pipeline;
using Herald.Query;
using Npgsql;

namespace Herald.Storage.Postgres;

/// <summary>Annotated documents in arrival order, for the GDELT-format exports (migration 4 indexes duplicate_of,
/// which counting each original's copies needs).</summary>
public sealed partial class PostgresStore : IAnnotatedArticleReader
{
    private const int AnnotatedChunk = 500;

    public async IAsyncEnumerable<AnnotatedArticle> ReadAnnotatedAsync(
        TopicQuery? query, long afterSeq, long throughSeq, [EnumeratorCancellation] CancellationToken ct)
    {
        // Chunks by seq, each on a pooled connection of its own: memory stays bounded and no transaction is held
        // across the whole export.
        var chunk = new List<AnnotatedArticle>(AnnotatedChunk);
        var last = afterSeq;
        while (true)
        {
            chunk.Clear();
            await using (var c = await _data.OpenConnectionAsync(ct))
            await using (var cmd = new NpgsqlCommand { Connection = c })
            {
                var (from, where) = Compile(query, cmd);
                const string bounds = "a.seq > @after AND a.seq <= @through";
                cmd.CommandText = $"""
                    SELECT a.seq, {ArticleColumns}, n.json,
                      CASE WHEN a.duplicate_of IS NULL
                        THEN (SELECT count(*) FROM articles c WHERE c.duplicate_of = a.id AND c.seq <= @through) ELSE 0 END,
                      CASE WHEN a.duplicate_of IS NULL
                        THEN (SELECT count(DISTINCT c.outlet_key) FROM articles c
                              WHERE c.duplicate_of = a.id AND c.seq <= @through AND c.outlet_key IS DISTINCT FROM a.outlet_key) ELSE 0 END,
                      (SELECT o.first_seen FROM articles o WHERE o.id = a.duplicate_of LIMIT 1)
                    FROM {from} JOIN annotations n ON n.article_id = coalesce(a.duplicate_of, a.id)
                    {(where.Length == 0 ? "WHERE " + bounds : where + " AND " + bounds)}
                    ORDER BY a.seq LIMIT {AnnotatedChunk}
                    """;
                cmd.Parameters.AddWithValue("after", last);
                cmd.Parameters.AddWithValue("through", throughSeq);
                try
                {
                    await using var r = await cmd.ExecuteReaderAsync(ct);
                    while (await r.ReadAsync(ct))
                    {
                        chunk.Add(new AnnotatedArticle(
                            r.GetInt64(0), ReadArticle(r, 1), r.GetString(18), (int)r.GetInt64(19), (int)r.GetInt64(20),
                            r.IsDBNull(21) ? null : r.GetFieldValue<DateTimeOffset>(21)));
                    }
                }
                catch (PostgresException e) when (query is not null)
                {
                    throw new HeraldException($"query \"{query.Text}\"", $"cannot be searched ({OneLine(e)})");
                }
            }

            foreach (var a in chunk)
            {
                yield return a;
            }

            if (chunk.Count < AnnotatedChunk)
            {
                yield break;
            }

            last = chunk[^1].Seq;
        }
    }

    public async Task<long> AnnotationSettledThroughAsync(CancellationToken ct)
    {
        // Concurrent writers commit sequence numbers out of order, so "the highest seq stored" is not settled while
        // a writer still holds a lower one uncommitted. Migration 9's trigger makes each writer in flight visible as
        // an advisory lock carrying a floor under every number it holds. Three steps, in this order, each a
        // statement (and snapshot) of its own: (1) the highest number handed out, every number up to which was taken
        // by a writer already holding its lock; (2) the floors of the writers still in flight (their numbers all lie
        // above their floors), while every writer gone from the locks has committed or rolled back, so (3) the
        // annotation backlog's query, as SQLite's, sees its rows. Settled is the least of the three.
        await using var c = await _data.OpenConnectionAsync(ct);
        var settled = await CommittedThroughAsync(c, ct);

        // The queue holds every article whose annotations are still to come (entries that need nothing are pruned
        // when the backlog runs, so they are checked here too).
        await using var cmd = new NpgsqlCommand($"""
            SELECT coalesce(
                (SELECT min(q.seq) - 1 FROM annotation_queue q
                 JOIN article_ids k ON k.id = q.article_id JOIN articles a ON a.seq = k.seq AND a.at = k.at
                 WHERE {NeedsAnnotation}),
                (SELECT coalesce(max(seq), 0) FROM article_ids))
            """, c);
        return Math.Min(settled, Convert.ToInt64(await cmd.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// The sequence number up to which every article is committed or rolled back: the highest handed out, bounded by
    /// the floors of the writers still in flight (steps 1 and 2 above). Anything that pages by seq (GDELT updates,
    /// reader streams read after an id) stops here, so a batch committing late is never paged past.
    /// </summary>
    private async Task<long> CommittedThroughAsync(NpgsqlConnection c, CancellationToken ct)
    {
        var settled = await HandedOutAsync(c, ct);
        var floors = new List<long>();
        await using (var locks = new NpgsqlCommand("""
            SELECT objid::bigint FROM pg_locks
            WHERE locktype = 'advisory' AND objsubid = 2 AND classid = hashtext(@schema || '.article seqs')::oid
              AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
            """, c))
        {
            locks.Parameters.AddWithValue("schema", Schema);
            floors.AddRange(await ReadLongsAsync(locks, ct));
        }

        if (floors.Count > 0)
        {
            // A lock keeps a floor's low 32 bits; every floor is at most the number handed out now and lies less than
            // 2^32 below it (no batch lives through four billion others), which restores the rest.
            var now = await HandedOutAsync(c, ct);
            settled = Math.Min(settled, floors.Min(low => now - ((now - low) & 0xFFFF_FFFFL)));
        }

        return settled;
    }

    /// <summary>The name of the sequence behind article_ids.seq, once looked up (it is the schema's own).</summary>
    private string? _articleSequence;

    /// <summary>
    /// The highest article sequence number handed out (committed or not): the sequence's last value, less one while
    /// that value is still to be handed out (a fresh or restarted sequence), as migration 9's trigger reads it.
    /// </summary>
    private async Task<long> HandedOutAsync(NpgsqlConnection c, CancellationToken ct)
    {
        if (_articleSequence is null)
        {
            // Looked up once: every reader page and every update asks for the number twice.
            await using var name = new NpgsqlCommand("SELECT pg_get_serial_sequence('article_ids', 'seq')", c);
            _articleSequence = (string)(await name.ExecuteScalarAsync(ct))!;
        }

        await using var cmd = new NpgsqlCommand($"SELECT CASE WHEN is_called THEN last_value ELSE last_value - 1 END FROM {_articleSequence}", c);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
    }
}
