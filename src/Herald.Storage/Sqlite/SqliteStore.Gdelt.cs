using System.Runtime.CompilerServices;
using Herald.Model;
using Herald.Pipeline;
using Herald.Query;
using Microsoft.Data.Sqlite;

namespace Herald.Storage.Sqlite;

/// <summary>Annotated documents in arrival order, for the GDELT-format exports and update files.</summary>
public sealed partial class SqliteStore : IAnnotatedArticleReader
{
    private const int AnnotatedChunk = 500;

    public async IAsyncEnumerable<AnnotatedArticle> ReadAnnotatedAsync(
        TopicQuery? query, long afterSeq, long throughSeq, [EnumeratorCancellation] CancellationToken ct)
    {
        // Chunks by seq on a connection of its own: memory stays bounded, no read transaction is held across the whole
        // export, and a web host's background writer never shares the store's connection with requests.
        await using var reader = new SqliteConnection(_connectionString);
        await reader.OpenAsync(ct);
        var chunk = new List<AnnotatedArticle>(AnnotatedChunk);
        var last = afterSeq;
        while (true)
        {
            chunk.Clear();
            using (var cmd = reader.CreateCommand())
            {
                var (from, where) = Compile(query, cmd);
                var bounds = "a.seq > $after AND a.seq <= $through";
                cmd.CommandText = $"""
                    SELECT a.seq, {ArticleColumns}, n.json,
                      CASE WHEN a.duplicate_of IS NULL
                        THEN (SELECT count(*) FROM articles c WHERE c.duplicate_of = a.id AND c.seq <= $through) ELSE 0 END,
                      CASE WHEN a.duplicate_of IS NULL
                        THEN (SELECT count(DISTINCT c.outlet_key) FROM articles c
                              WHERE c.duplicate_of = a.id AND c.seq <= $through AND c.outlet_key IS NOT a.outlet_key) ELSE 0 END,
                      (SELECT o.first_seen FROM articles o WHERE o.id = a.duplicate_of)
                    FROM {from} JOIN annotations n ON n.article_id = coalesce(a.duplicate_of, a.id)
                    {(where.Length == 0 ? "WHERE " + bounds : where + " AND " + bounds)}
                    ORDER BY a.seq LIMIT {AnnotatedChunk}
                    """;
                cmd.Parameters.AddWithValue("$after", last);
                cmd.Parameters.AddWithValue("$through", throughSeq);
                try
                {
                    await using var r = await cmd.ExecuteReaderAsync(ct);
                    while (await r.ReadAsync(ct))
                    {
                        chunk.Add(new AnnotatedArticle(
                            r.GetInt64(0), ReadArticle(r, 1), r.GetString(18), r.GetInt32(19), r.GetInt32(20),
                            r.IsDBNull(21) ? null : DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(21))));
                    }
                }
                catch (SqliteException e) when (query is not null)
                {
                    throw new HeraldException($"query \"{query.Text}\"", $"cannot be searched ({e.Message.TrimEnd('.')})");
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
        await using var c = new SqliteConnection(_connectionString);
        await c.OpenAsync(ct);
        using var cmd = c.CreateCommand();
        cmd.CommandText = $"""
            SELECT coalesce(
                (SELECT min(a.seq) - 1 FROM articles a
                 WHERE a.seq > (SELECT value FROM store_meta WHERE key = 'annotated_through') AND {NeedsAnnotation}),
                (SELECT coalesce(max(seq), 0) FROM articles))
            """;
        return (long)(await cmd.ExecuteScalarAsync(ct))!;
    }
}
