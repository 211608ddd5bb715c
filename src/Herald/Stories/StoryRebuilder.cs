using Herald.Pipeline;

namespace Herald.Stories;

/// <summary>What one rebuild did.</summary>
public sealed record RebuildSummary(int Articles, int Changed, int Aliases);

/// <summary>
/// Clusters the stored articles of a window (from a point in time on, in publication order) with the streaming
/// clusterer, then reconciles the answer with what the store already holds (<see cref="StoryReconciler"/>): stories
/// keep their ids across re-clusterings, merges keep the older id and record the other as an alias, a copy keeps its
/// original, and only the assignments that change are written, with the aliases and representative headlines, in
/// one transaction. Ingest and fetch call it for the window their new articles fall in, so late-arriving or
/// back-dated articles still join the right story.
/// </summary>
public sealed class StoryRebuilder(IArticleStore store, Func<ICopyDetector> newCopies, Func<IStoryClusterer> newClusterer)
{

    /// <summary>How far before the earliest new article the re-run starts, so it meets the stories they may join.</summary>
    public static readonly TimeSpan Lookback = TimeSpan.FromDays(7);

    /// <summary>
    /// How many new articles one window takes at most. A rebuild holds its whole window (each article's answer, the
    /// clusterer's stories) until it writes, so a year of archive in one window grew the process to 1,418 MiB at a
    /// million headlines. Measured on that input (`bench headlines`' generator, a year of records): windows of
    /// 250,000 peaked at 953–1,028 MiB, of 150,000 at 708 MiB, for 15% more CPU (each window re-reads a week of the
    /// one before).
    /// </summary>
    public const int MaxWindowArticles = 150_000;

    /// <summary>The windows for new articles on <paramref name="days"/>, one each (see the overload with counts).</summary>
    public static IReadOnlyList<(DateTimeOffset From, DateTimeOffset Until)> Windows(IReadOnlyList<DateTimeOffset> days) =>
        Windows(days.Select(d => (d, 1)).ToList());

    /// <summary>
    /// The windows to re-cluster for new articles published on <paramref name="days"/> (each with its count of new
    /// articles): days closer than two look-backs share a window, so one back-dated article (a feed item from 2017) is
    /// clustered among its own neighbours instead of dragging one window over years of the store. Each window runs
    /// from its first day and ends one look-back after its last. A stretch with more than
    /// <paramref name="maxArticles"/> new articles is cut into consecutive windows at day boundaries: a window cut
    /// short ends with its last day (the next one starts there and reads its look-back, as a later ingest would), so
    /// stories run on across the cut and memory stays bounded however much arrives at once.
    /// </summary>
    public static IReadOnlyList<(DateTimeOffset From, DateTimeOffset Until)> Windows(
        IReadOnlyList<(DateTimeOffset Day, int Articles)> days, int maxArticles = MaxWindowArticles)
    {
        var windows = new List<(DateTimeOffset, DateTimeOffset)>();
        for (var i = 0; i < days.Count;)
        {
            var j = i;
            long articles = days[i].Articles;
            var cut = false;
            while (j + 1 < days.Count && days[j + 1].Day - days[j].Day <= 2 * Lookback)
            {
                if (articles + days[j + 1].Articles > maxArticles)
                {
                    cut = true;
                    break;
                }

                articles += days[++j].Articles;
            }

            windows.Add((days[i].Day, days[j].Day.AddDays(1) + (cut ? TimeSpan.Zero : Lookback)));
            i = j + 1;
        }

        return windows;
    }

    public Task<RebuildSummary> RebuildAsync(DateTimeOffset? from, CancellationToken ct) => RebuildAsync(from, null, ct);

    /// <summary>Clusters the window from <paramref name="from"/> (less the look-back) up to <paramref name="until"/>
    /// (all later articles when null) and reconciles it with the store.</summary>
    public Task<RebuildSummary> RebuildAsync(DateTimeOffset? from, DateTimeOffset? until, CancellationToken ct) =>
        RebuildAsync(from, until, null, ct);

    /// <summary>
    /// As above; <paramref name="knownCopies"/>, when given, holds a copy detector's answers (article id → original
    /// id) for this very window, read in the same order — the live steps' copies step streams it just before — so the
    /// window's copies are not looked for a second time. An article it does not name is not a copy.
    /// </summary>
    public async Task<RebuildSummary> RebuildAsync(
        DateTimeOffset? from, DateTimeOffset? until, IReadOnlyDictionary<string, string>? knownCopies, CancellationToken ct)
    {
        var copies = knownCopies is null ? newCopies() : null;
        var clusterer = newClusterer();
        var window = new List<WindowAssignment>();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        // Refinement (a split when a story freezes, splits and merges at the end) moves articles already answered;
        // the moves replace the first answer. Each story's representative headline is recorded when the story is
        // frozen (idle, or at the end), so lists and pages show the clusterer's most central headline.
        var headlines = new Dictionary<string, string>(StringComparer.Ordinal);
        if (clusterer is StoryClusterer streaming)
        {
            streaming.Moved += (id, a) =>
            {
                if (index.TryGetValue(id, out var i))
                {
                    window[i] = window[i] with { NewStory = a.StoryId, NewDuplicateOf = a.DuplicateOf, NewRepublished = a.Republished };
                }
            };
            streaming.Frozen += s =>
            {
                if (s.RepresentativeHeadline.Length > 0)
                {
                    headlines[s.Id] = s.RepresentativeHeadline;
                }
            };
        }

        var clustering = StageClock.Measure("stories: cluster");
        long copyTicks = 0, assignTicks = 0;
        await foreach (var article in store.ReadChronologicalAsync(from - Lookback, until, ct))
        {
            // Copies first (the Dedup stage): every article enters the copy index in publication order (or the
            // copies step's answers are looked up); a stored copy keeps its original, another article takes the
            // detector's answer. Then stories.
            var t0 = System.Diagnostics.Stopwatch.GetTimestamp();
            var found = copies is not null ? copies.FindAndAdd(article)?.OriginalId : knownCopies!.GetValueOrDefault(article.Id);
            var t1 = System.Diagnostics.Stopwatch.GetTimestamp();
            var s = clusterer.Assign(article.DuplicateOf is null && found is not null ? article with { DuplicateOf = found } : article);
            var t2 = System.Diagnostics.Stopwatch.GetTimestamp();
            copyTicks += t1 - t0;
            assignTicks += t2 - t1;
            index[article.Id] = window.Count;
            window.Add(new WindowAssignment(
                article.Id, window.Count, article.Story, article.DuplicateOf, article.Republished, s.StoryId, s.DuplicateOf, s.Republished));
        }

        using (StageClock.Measure("stories: refine"))
        {
            (clusterer as StoryClusterer)?.Flush();
        }

        clustering.Dispose();
        StageClock.Add("stories: copies", copyTicks);
        StageClock.Add("stories: assign", assignTicks);
        if (window.Count == 0)
        {
            return new RebuildSummary(0, 0, 0);
        }

        using var reconciling = StageClock.Measure("stories: reconcile and write");
        var storedIds = window.Select(w => w.StoredStory).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var facts = await store.StoryFactsAsync(storedIds, ct);
        var newIds = window.Select(w => w.NewStory).Where(id => !storedIds.Contains(id)).ToHashSet(StringComparer.Ordinal);
        var taken = await store.TakenStoryIdsAsync(newIds, ct);
        var originalsOutside = window.Select(w => w.StoredDuplicateOf ?? w.NewDuplicateOf).OfType<string>()
            .Where(id => !index.ContainsKey(id)).ToHashSet(StringComparer.Ordinal);
        var outsideStories = originalsOutside.Count == 0 ? new Dictionary<string, string>() : await store.StoriesOfAsync(originalsOutside, ct);
        var result = StoryReconciler.Reconcile(window, facts, taken.Contains, id => outsideStories.GetValueOrDefault(id));

        var finalHeadlines = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (clusterId, headline) in headlines)
        {
            if (result.FinalIds.TryGetValue(clusterId, out var final))
            {
                finalHeadlines[final] = headline;
            }
        }

        var stored = finalHeadlines.Count == 0
            ? new Dictionary<string, string>()
            : await store.GetStoryHeadlinesAsync(finalHeadlines.Keys, ct);
        var changedHeadlines = finalHeadlines
            .Where(h => !stored.TryGetValue(h.Key, out var old) || !string.Equals(old, h.Value, StringComparison.Ordinal))
            .Select(h => new StoryHeadline(h.Key, h.Value)).ToList();
        await store.ApplyStoryChangesAsync(result.Changes, result.Aliases, changedHeadlines, ct);
        return new RebuildSummary(window.Count, result.Changes.Count, result.Aliases.Count);
    }
}
