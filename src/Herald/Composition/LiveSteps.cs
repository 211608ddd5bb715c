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

        using (StageClock.Measure("annotation step"))
        {
            await AnnotationBacklog.RunAsync(store, ArticleAnnotator.CreateDefault, ct);
        }
    }
}
