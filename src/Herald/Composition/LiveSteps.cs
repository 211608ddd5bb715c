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
        var windows = await WindowsAsync(store, ct);
        var marked = await MarksAsync(store, windows, ct);
        // With copies and republications marked, annotation needs nothing more of stories (it skips copies, reads a
        // republication's original date, and an article's story is not part of its annotations), so the two run side by side: clustering is one sequential pass on one core,
        // annotation takes the others. Each writes in its own transactions; the store serialises the writes.
        await SideBySideAsync(token => ClusterAsync(store, marked, token), token => AnnotateAsync(store, token), ct);
    }

    /// <summary>The stories step alone, new articles marked first (a broker's story worker runs it, then hands annotation to the
    /// others).</summary>
    public static async Task StoriesAsync(IArticleStore store, CancellationToken ct)
    {
        var windows = await WindowsAsync(store, ct);
        await ClusterAsync(store, await MarksAsync(store, windows, ct), ct);
    }

    /// <summary>
    /// New articles have no story yet, nor have those a killed run stored without clustering: the windows their days
    /// fall in are re-clustered, oldest first. Articles already placed stay placed unless new ones join them, so a
    /// batch of updates alone needs no re-run.
    /// </summary>
    private static async Task<IReadOnlyList<(DateTimeOffset From, DateTimeOffset Until)>> WindowsAsync(IArticleStore store, CancellationToken ct) =>
        StoryRebuilder.Windows(await store.UnclusteredDaysAsync(ct));

    /// <summary>The step before stories: each window's new articles marked as copies and republications
    /// (<see cref="NewArticleMarks"/>), over the stretch the rebuilder will read. Each window keeps the copy
    /// detector's answers for the rebuilder, which reads the same stretch in the same order.</summary>
    private static async Task<IReadOnlyList<(DateTimeOffset From, DateTimeOffset Until, MarkedWindow Marks)>> MarksAsync(
        IArticleStore store, IReadOnlyList<(DateTimeOffset From, DateTimeOffset Until)> windows, CancellationToken ct)
    {
        using (StageClock.Measure("copies and republications"))
        {
            var marker = new NewArticleMarks(store, StoryClustering.NewCopyDetector);
            var marked = new List<(DateTimeOffset, DateTimeOffset, MarkedWindow)>(windows.Count);
            foreach (var (from, until) in windows)
            {
                marked.Add((from, until, await marker.MarkAsync(from - StoryRebuilder.Lookback, until, ct)));
            }

            return marked;
        }
    }

    private static async Task ClusterAsync(IArticleStore store, IReadOnlyList<(DateTimeOffset From, DateTimeOffset Until, MarkedWindow Marks)> windows, CancellationToken ct)
    {
        using (StageClock.Measure("stories"))
        {
            foreach (var (from, until, marks) in windows)
            {
                await StoryClustering.NewRebuilder(store).RebuildAsync(from, until, marks.Copies, ct);
            }
        }
    }

    /// <summary>Runs two steps at once; the first to fail cancels the other, and its error (not the other's
    /// cancellation) is what the caller sees.</summary>
    private static async Task SideBySideAsync(Func<CancellationToken, Task> first, Func<CancellationToken, Task> second, CancellationToken ct)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        async Task Run(Func<CancellationToken, Task> step)
        {
            try
            {
                await step(cts.Token);
            }
            catch
            {
                await cts.CancelAsync();
                throw;
            }
        }

        var a = Task.Run(() => Run(first), CancellationToken.None);
        var b = Task.Run(() => Run(second), CancellationToken.None);
        try
        {
            await Task.WhenAll(a, b);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested
            && new[] { a, b }.FirstOrDefault(t => t.IsFaulted && t.Exception!.InnerException is not OperationCanceledException) is { } failed)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failed.Exception!.InnerException!).Throw();
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
