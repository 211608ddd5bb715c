using Herald.Pipeline;
using Herald.Query;

namespace Herald.Publish.Gdelt;

/// <summary>What one export wrote: documents read and rows written.</summary>
public sealed record GdeltExportCount(int Documents, long Rows);

/// <summary>Streams stored documents into one GDELT table: one document in memory at a time, rows written as made.</summary>
public static class GdeltExport
{
    /// <summary>
    /// Writes <paramref name="table"/>'s rows for the documents matching <paramref name="query"/> with seq in
    /// (<paramref name="afterSeq"/>, <paramref name="throughSeq"/>], in arrival order. Rows end with '\n', as GDELT's.
    /// </summary>
    public static async Task<GdeltExportCount> WriteAsync(
        IAnnotatedArticleReader store, TopicQuery? query, GdeltTable table, TextWriter output, CancellationToken ct,
        long afterSeq = 0, long throughSeq = long.MaxValue, Action<GdeltExportCount>? progress = null)
    {
        var documents = 0;
        long rows = 0;
        await foreach (var doc in store.ReadAnnotatedAsync(query, afterSeq, throughSeq, ct))
        {
            foreach (var row in new GdeltDocument(doc).Rows(table))
            {
                await output.WriteAsync(row);
                await output.WriteAsync('\n');
                rows++;
            }

            documents++;
            progress?.Invoke(new GdeltExportCount(documents, rows));
        }

        return new GdeltExportCount(documents, rows);
    }
}
