using Herald.Annotate;
using Herald.Model;
using Herald.Pipeline;
using Herald.Stories;

namespace Herald.Cli;

/// <summary>
/// What follows storing new articles from the fetcher (which writes straight to the store): stories for the window
/// they fall in, and annotations for every article that has none yet.
/// </summary>
internal static class PostIngest
{
    /// <summary>Fetched items may be back-dated; re-cluster a month before the cycle began (plus the rebuilder's own look-back).</summary>
    private static readonly TimeSpan FetchWindow = TimeSpan.FromDays(30);

    public static async Task AfterFetchAsync(IArticleStore store, DateTimeOffset cycleStarted, CancellationToken ct)
    {
        await new StoryRebuilder(store, () => new StoryClusterer()).RebuildAsync(cycleStarted - FetchWindow, ct);
        await AnnotateBacklogAsync(store, ct);
    }

    public static async Task<int> AnnotateBacklogAsync(IArticleStore store, CancellationToken ct)
    {
        ArticleAnnotator? annotator = null;
        var count = 0;
        await foreach (var article in store.ListUnannotatedAsync(ct))
        {
            annotator ??= ArticleAnnotator.CreateDefault();
            var annotations = annotator.Annotate(article.Text, article.Published);
            await store.SaveAnnotationsAsync(article.Id, AnnotationJson.Serialize(annotations), ct);
            count++;
        }

        return count;
    }
}
