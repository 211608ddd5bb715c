using Herald.Model;
using Herald.Pipeline;

namespace Herald.Annotate;

/// <summary>
/// Annotates every stored article that needs it — with a body or a headline, not a copy of another, no annotations
/// yet — through
/// the pipeline: the store streams the backlog in chunks, <see cref="AnnotationStage"/> runs on every core in order,
/// and each batch of annotations is saved in one transaction. Run once new articles are marked as copies and
/// republications (the live steps' first step), so copies are never annotated and republications resolve their
/// dates; an unchanged article keeps its annotations, so a re-ingest annotates nothing.
/// </summary>
public static class AnnotationBacklog
{
    public static Task<int> RunAsync(IAnnotationStore store, Func<ArticleAnnotator> annotator, CancellationToken ct) =>
        RunAsync(store, store.ListUnannotatedAsync(ct), annotator, ct);

    /// <summary>Annotates <paramref name="articles"/> (chosen by the caller) through the same stage and saves them.</summary>
    public static async Task<int> RunAsync(IAnnotationStore store, IAsyncEnumerable<Article> articles, Func<ArticleAnnotator> annotator, CancellationToken ct)
    {
        var count = 0;
        var backlog = articles.GetAsyncEnumerator(ct);
        try
        {
            if (!await backlog.MoveNextAsync())
            {
                return 0;
            }

            // The tagger and lexicons load only when there is something to annotate.
            var host = new PipelineHost([new AnnotationStage(annotator())], capacity: 256, batchSize: 200);
            await host.RunAsync(Rest(backlog), async (batch, token) =>
            {
                var saved = batch.Where(i => i.Annotations is not null)
                    .Select(i => (i.Article.Id, AnnotationJson.Serialize(i.Annotations!))).ToList();
                using (StageClock.Measure("store: annotations"))
                {
                    await store.SaveAnnotationsAsync(saved, token);
                }

                count += saved.Count;
            }, ct);
        }
        finally
        {
            await backlog.DisposeAsync();
        }

        return count;

        static async IAsyncEnumerable<PipelineItem> Rest(IAsyncEnumerator<Article> started)
        {
            do
            {
                yield return new PipelineItem(started.Current);
            }
            while (await started.MoveNextAsync());
        }
    }
}
