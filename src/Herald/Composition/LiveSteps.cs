using Herald.Annotate;
using Herald.Pipeline;
using Herald.Stories;

namespace Herald.Composition;

/// <summary>
/// What follows storing articles on every route (`ingest`, `fetch`, `run`, the soak bench): stories for the windows
/// that new articles fall in, oldest first, then annotations for new unique content. Both steps read little and
/// write nothing when nothing changed.
/// </summary>
public static class LiveSteps
{
    public static async Task RunAsync(IArticleStore store, CancellationToken ct)
    {
        await StoriesAsync(store, ct);
        await AnnotateAsync(store, ct);
    }

    /// <summary>The stories step alone (a broker's story worker runs it, then hands annotation to the others).</summary>
    public static async Task StoriesAsync(IArticleStore store, CancellationToken ct)
    {
        // New articles have no story yet, nor have those a killed run stored without clustering: the windows their
        // days fall in are re-clustered, oldest first. Articles already placed stay placed unless new ones join
        // them, so a batch of updates alone needs no re-run.
        var windows = StoryRebuilder.Windows(await store.UnclusteredDaysAsync(ct));
        using (StageClock.Measure("stories"))
        {
            foreach (var (from, until) in windows)
            {
                await StoryClustering.NewRebuilder(store).RebuildAsync(from, until, ct);
            }
        }
    }

    /// <summary>The annotation step alone: every stored article that needs annotations.</summary>
    public static async Task AnnotateAsync(IArticleStore store, CancellationToken ct)
    {
        using (StageClock.Measure("annotation step"))
        {
            await AnnotationBacklog.RunAsync(store, ArticleAnnotator.CreateDefault, ct);
        }
    }

    /// <summary>
    /// The annotation step for named articles (a broker's annotate worker gets their ids): those still needing
    /// annotations — stored, with a body or a headline, not a copy, none saved yet — go through the same stage and are saved.
    /// </summary>
    public static async Task<int> AnnotateAsync(IArticleStore store, IReadOnlyList<string> ids, Func<ArticleAnnotator> annotator, CancellationToken ct)
    {
        var pending = new List<Herald.Model.Article>();
        foreach (var id in ids)
        {
            if (await store.GetAsync(id, ct) is { } article && AnnotationStage.AnnotatedText(article).Length > 0 && article.DuplicateOf is null
                && await store.GetAnnotationsAsync(id, ct) is null)
            {
                pending.Add(article);
            }
        }

        using (StageClock.Measure("annotation step"))
        {
            return await AnnotationBacklog.RunAsync(store, pending.ToAsyncEnumerable(), annotator, ct);
        }
    }
}
