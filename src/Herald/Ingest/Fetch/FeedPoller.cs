using Herald.Ingest.Feeds;
using Herald.Ingest.Scheduling;
using Herald.Model;
using Herald.Pipeline;

namespace Herald.Ingest.Fetch;

/// <summary>What one polling cycle did, for the one-line summary of `herald fetch --once`.</summary>
public sealed record CycleSummary(
    int Sources, int NewItems, int Fetched, int NotModified, int Unchanged, int Moved,
    IReadOnlyDictionary<FetchFailureKind, int> Failures)
{
    public int FailureCount => Failures.Values.Sum();

    public string OneLine()
    {
        var failures = Failures.Count == 0
            ? "0 failures"
            : $"{FailureCount} failures (" + string.Join(", ", Failures.OrderByDescending(f => f.Value).Select(f => $"{FetchFailureKinds.Code(f.Key)} {f.Value}")) + ")";
        return $"{Sources} sources: {NewItems} new items, {Fetched} fetched, {NotModified} not modified, {Unchanged} unchanged, {failures}";
    }
}

/// <summary>
/// Polls due sources: fetch, parse, drop items already known by any identity key, store the new ones,
/// then record their keys and the source's new state — in that order, so killing the process at any
/// point loses nothing (the state still says "fetch again") and doubles nothing (the store upserts by
/// key and identity keys are checked before inserting).
/// </summary>
public sealed class FeedPoller(
    FeedFetcher fetcher, FeedParser parser, IArticleStore articles, ISourceStore sources, PollScheduler scheduler, TimeProvider time)
{
    private readonly SemaphoreSlim _writer = new(1, 1);

    /// <summary>How many sources are fetched at once (each host still gets one request at a time).</summary>
    public int Parallelism { get; init; } = 32;

    /// <summary>How often a source is fetched without validators, to catch servers that answer 304 wrongly.</summary>
    public TimeSpan UnconditionalEvery { get; init; } = TimeSpan.FromHours(24);

    public static async Task<IReadOnlyList<FeedSource>> DueAsync(ISourceStore store, DateTimeOffset now, bool all, CancellationToken ct) =>
        (await store.ListAsync(ct)).Where(s => all || s.NextPoll <= now).ToList();

    public async Task<CycleSummary> PollAsync(IReadOnlyList<FeedSource> due, CancellationToken ct)
    {
        int newItems = 0, fetched = 0, notModified = 0, unchanged = 0, moved = 0;
        var failures = new Dictionary<FetchFailureKind, int>();
        await Parallel.ForEachAsync(due, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = ct }, async (source, token) =>
        {
            var (result, items, failure) = await PollOneAsync(source, token);
            lock (failures)
            {
                newItems += items;
                moved += result.MovedPermanently is not null ? 1 : 0;
                switch (failure != FetchFailureKind.None ? FetchOutcome.Failed : result.Outcome)
                {
                    case FetchOutcome.Fetched: fetched++; break;
                    case FetchOutcome.NotModified: notModified++; break;
                    case FetchOutcome.Unchanged: unchanged++; break;
                    default: failures[failure] = failures.GetValueOrDefault(failure) + 1; break;
                }
            }
        });
        return new CycleSummary(due.Count, newItems, fetched, notModified, unchanged, moved, failures);
    }

    private async Task<(FetchResult Result, int NewItems, FetchFailureKind Failure)> PollOneAsync(FeedSource source, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var unconditional = source.LastUnconditional is null || now - source.LastUnconditional > UnconditionalEvery;
        var request = new FetchRequest(new Uri(source.Url), source.ETag, source.LastModified, source.ContentHash) { Unconditional = unconditional };
        var result = await fetcher.FetchAsync(request, ct);
        now = time.GetUtcNow();

        if (result.Outcome == FetchOutcome.Failed)
        {
            await SaveFailureAsync(source, result, result.Failure, result.Problem ?? "", now, ct);
            return (result, 0, result.Failure);
        }

        if (result.Outcome is FetchOutcome.NotModified or FetchOutcome.Unchanged)
        {
            var (next, interval) = scheduler.Schedule(source, result, 0, [], null, now);
            await SaveAsync(source with
            {
                LastFetched = now,
                LastUnconditional = unconditional ? now : source.LastUnconditional,
                ETag = result.ETag ?? source.ETag,
                LastModified = result.LastModified ?? source.LastModified,
                NextPoll = next, Interval = interval, Failures = 0, LastFailure = FetchFailureKind.None, LastProblem = null,
            }, result, ct);
            return (result, 0, FetchFailureKind.None);
        }

        var feed = parser.Parse(result.Body, result.ContentType, result.FinalUrl ?? request.Url);
        if (!feed.IsFeed)
        {
            await SaveFailureAsync(source, result, FetchFailureKind.NotAFeed, feed.Problem ?? "not a feed", now, ct);
            return (result, 0, FetchFailureKind.NotAFeed);
        }

        if (!feed.WellFormed && feed.Items.Count == 0)
        {
            await SaveFailureAsync(source, result, FetchFailureKind.ParseError, feed.Problem ?? "unreadable", now, ct);
            return (result, 0, FetchFailureKind.ParseError);
        }

        var added = await StoreItemsAsync(source, feed, now, ct);
        var times = feed.Items.Select(i => (i.Published ?? i.Updated)?.Value).OfType<DateTimeOffset>().ToList();
        var (nextPoll, newInterval) = scheduler.Schedule(source, result, added, times, feed.Channel.TtlMinutes, now);
        await SaveAsync(source with
        {
            Title = source.Title ?? feed.Channel.Title?.PlainText,
            LastFetched = now,
            LastUnconditional = unconditional ? now : source.LastUnconditional,
            ETag = result.ETag,
            LastModified = result.LastModified,
            ContentHash = result.ContentHash,
            NextPoll = nextPoll, Interval = newInterval, Failures = 0, LastFailure = FetchFailureKind.None,
            LastProblem = feed.WellFormed ? null : feed.Problem,
            ItemsSeen = source.ItemsSeen + added,
            LastNewItem = added > 0 ? now : source.LastNewItem,
        }, result, ct);
        return (result, added, FetchFailureKind.None);
    }

    private async Task<int> StoreItemsAsync(FeedSource source, ParsedFeed feed, DateTimeOffset now, CancellationToken ct)
    {
        var candidates = feed.Items
            .Select(item => (Article: FeedArticleMapper.ToArticle(item, feed, source.Key, now), Keys: ItemIdentity.Of(item).Keys(source.Key)))
            .Where(c => c.Article.Title.Length > 0 || c.Article.Url is not null)
            .ToList();
        if (candidates.Count == 0)
        {
            return 0;
        }

        await _writer.WaitAsync(ct);
        try
        {
            var known = await sources.FindKeysAsync(candidates.SelectMany(c => c.Keys).Distinct().ToList(), ct);
            var fresh = new List<Article>();
            var keys = new List<(string, string)>();
            var seenInBatch = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (article, itemKeys) in candidates)
            {
                var existing = itemKeys.Select(k => known.TryGetValue(k, out var id) ? id : seenInBatch.GetValueOrDefault(k)).FirstOrDefault(id => id is not null);
                var id = existing ?? article.Id;
                if (existing is null)
                {
                    fresh.Add(article);
                }

                foreach (var k in itemKeys)
                {
                    if (!known.ContainsKey(k) && seenInBatch.TryAdd(k, id))
                    {
                        keys.Add((k, id));
                    }
                }
            }

            if (fresh.Count > 0)
            {
                await articles.UpsertAsync(fresh, ct);
            }

            await sources.RecordKeysAsync(keys, ct);
            return fresh.Count;
        }
        finally
        {
            _writer.Release();
        }
    }

    private async Task SaveFailureAsync(FeedSource source, FetchResult result, FetchFailureKind kind, string problem, DateTimeOffset now, CancellationToken ct)
    {
        var failed = result.Outcome == FetchOutcome.Failed ? result : result with { Outcome = FetchOutcome.Failed, Failure = kind };
        var (next, interval) = scheduler.Schedule(source, failed, 0, [], null, now);
        await SaveAsync(source with
        {
            LastFetched = now, NextPoll = next, Interval = interval, Failures = source.Failures + 1,
            LastFailure = kind, LastProblem = problem,
        }, result, ct);
    }

    private async Task SaveAsync(FeedSource updated, FetchResult result, CancellationToken ct)
    {
        if (result.MovedPermanently is { } moved)
        {
            updated = updated with { Url = moved.AbsoluteUri };
        }

        await _writer.WaitAsync(ct);
        try
        {
            await sources.SaveStateAsync(updated, ct);
        }
        finally
        {
            _writer.Release();
        }
    }
}
