using System.Threading.Channels;
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

    /// <summary>What the cycle's writes changed in the article store (new items and pages fetched for full text).</summary>
    public UpsertSummary Stored { get; init; } = UpsertSummary.Empty;

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
/// key and identity keys are checked before inserting). Fetching and parsing run in parallel; one writer
/// drains a bounded channel and commits several feeds per transaction, so memory stays flat and the
/// database sees few, large writes.
/// </summary>
public sealed class FeedPoller(
    FeedFetcher fetcher, FeedParser parser, IArticleRecordStore articles, ISourceStore sources, PollScheduler scheduler, TimeProvider time)
{
    /// <summary>How many sources are fetched at once (each host still gets one request at a time).</summary>
    public int Parallelism { get; init; } = 32;

    /// <summary>How often a source is fetched without validators, to catch servers that answer 304 wrongly.</summary>
    public TimeSpan UnconditionalEvery { get; init; } = TimeSpan.FromHours(24);

    /// <summary>When set, new items whose feed text is only a summary get their page fetched and extracted.</summary>
    public FullTextFetcher? FullText { get; init; }

    /// <summary>Upper bound on items committed in one write batch.</summary>
    public int BatchItems { get; init; } = 4000;

    private UpsertSummary _stored = UpsertSummary.Empty;

    /// <summary>Upper bound on linked pages fetched for full text in one cycle; the rest wait for the next.</summary>
    public int MaxFullTextPerCycle { get; init; } = 5000;

    public static async Task<IReadOnlyList<FeedSource>> DueAsync(ISourceStore store, DateTimeOffset now, bool all, CancellationToken ct) =>
        (await store.ListAsync(ct)).Where(s => all || s.NextPoll <= now).ToList();

    /// <summary>One source's outcome on its way to the writer.</summary>
    private sealed record Pending(
        FeedSource Source, FetchResult Result, FetchFailureKind Failure, string? Problem, bool Unconditional, DateTimeOffset At,
        FeedFacts? Feed, IReadOnlyList<(Article Article, IReadOnlyList<string> Keys)> Candidates);

    /// <summary>What scheduling needs from a parsed feed, without holding the feed itself.</summary>
    private sealed record FeedFacts(string? Title, int? TtlMinutes, bool WellFormed, string? Problem, IReadOnlyList<DateTimeOffset> ItemTimes);

    public async Task<CycleSummary> PollAsync(IReadOnlyList<FeedSource> due, CancellationToken ct)
    {
        _stored = UpsertSummary.Empty;
        int newItems = 0, fetched = 0, notModified = 0, unchanged = 0, moved = 0;
        var failures = new Dictionary<FetchFailureKind, int>();
        var channel = Channel.CreateBounded<Pending>(new BoundedChannelOptions(64) { SingleReader = true });
        using var cycle = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var writer = Task.Run(async () =>
        {
            try
            {
                var batch = new List<Pending>();
                while (await channel.Reader.WaitToReadAsync(ct))
                {
                    batch.Clear();
                    var items = 0;
                    while (items < BatchItems && channel.Reader.TryRead(out var p))
                    {
                        batch.Add(p);
                        items += p.Candidates.Count;
                    }

                    foreach (var (p, added) in await WriteAsync(batch, ct))
                    {
                        newItems += added;
                        moved += p.Result.MovedPermanently is not null ? 1 : 0;
                        switch (p.Failure != FetchFailureKind.None ? FetchOutcome.Failed : p.Result.Outcome)
                        {
                            case FetchOutcome.Fetched: fetched++; HeraldMetrics.Fetch("fetched"); break;
                            case FetchOutcome.NotModified: notModified++; HeraldMetrics.Fetch("not_modified"); break;
                            case FetchOutcome.Unchanged: unchanged++; HeraldMetrics.Fetch("unchanged"); break;
                            default:
                                failures[p.Failure] = failures.GetValueOrDefault(p.Failure) + 1;
                                HeraldMetrics.Fetch(FetchFailureKinds.Code(p.Failure));
                                break;
                        }
                    }
                }
            }
            catch
            {
                // A dead writer must not leave the fetchers blocked on a full channel.
                await cycle.CancelAsync();
                throw;
            }
        }, ct);

        try
        {
            await Parallel.ForEachAsync(due, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cycle.Token }, async (source, token) =>
                await channel.Writer.WriteAsync(await FetchOneAsync(source, token), token));
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            // The writer's own exception is the one to report; it is rethrown below.
        }
        finally
        {
            channel.Writer.TryComplete();
        }

        await writer;
        await EnrichAsync(ct);
        return new CycleSummary(due.Count, newItems, fetched, notModified, unchanged, moved, failures) { Stored = _stored };
    }

    private async Task<Pending> FetchOneAsync(FeedSource source, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var unconditional = source.LastUnconditional is null || now - source.LastUnconditional > UnconditionalEvery;
        var request = new FetchRequest(new Uri(source.Url), source.ETag, source.LastModified, source.ContentHash) { Unconditional = unconditional };
        var result = await fetcher.FetchAsync(request, ct);
        now = time.GetUtcNow();
        if (result.Outcome != FetchOutcome.Fetched)
        {
            return new Pending(source, result, result.Failure, result.Problem, unconditional, now, null, []);
        }

        var feed = parser.Parse(result.Body, result.ContentType, result.FinalUrl ?? request.Url);
        if (!feed.IsFeed)
        {
            return new Pending(source, result, FetchFailureKind.NotAFeed, feed.Problem ?? "not a feed", unconditional, now, null, []);
        }

        if (!feed.WellFormed && feed.Items.Count == 0)
        {
            return new Pending(source, result, FetchFailureKind.ParseError, feed.Problem ?? "unreadable", unconditional, now, null, []);
        }

        var candidates = feed.Items
            .Select(item => FeedArticleMapper.Map(item, feed, source.Key, now))
            .Select(m => (m.Article, Keys: m.Identity.Keys(source.Key)))
            .Where(c => c.Article.Title.Length > 0 || c.Article.Url is not null)
            .ToList();
        // The body is no longer needed; dropping it keeps queued work small.
        var facts = new FeedFacts(
            feed.Channel.Title?.PlainText, feed.Channel.TtlMinutes, feed.WellFormed, feed.Problem,
            feed.Items.Select(i => (i.Published ?? i.Updated)?.Value).OfType<DateTimeOffset>().ToList());
        return new Pending(source, result with { Body = [] }, FetchFailureKind.None, null, unconditional, now, facts, candidates);
    }

    /// <summary>
    /// Second pass over new summary-only items: fetch and extract their pages, then store the richer versions under
    /// the same ids. The work list is persisted with the items' keys, so items stored by a process killed before
    /// this pass are enriched by the next cycle; killed halfway, the feed versions stay until the next cycle.
    /// </summary>
    private async Task EnrichAsync(CancellationToken ct)
    {
        if (FullText is null)
        {
            return;
        }

        var done = 0;
        while (done < MaxFullTextPerCycle)
        {
            var ids = await sources.ListFullTextPendingAsync(Math.Min(500, MaxFullTextPerCycle - done), ct);
            if (ids.Count == 0)
            {
                return;
            }

            // The store is read one call at a time; only the page fetches run in parallel.
            var stored = new List<Article>(ids.Count);
            foreach (var id in ids)
            {
                if (await articles.GetAsync(id, ct) is { } article)
                {
                    stored.Add(article);
                }
            }

            var enriched = new List<Article>();
            await Parallel.ForEachAsync(stored, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = ct }, async (article, token) =>
            {
                var richer = await FullText.EnrichAsync(article, token);
                if (!ReferenceEquals(richer, article))
                {
                    lock (enriched)
                    {
                        enriched.Add(richer);
                    }
                }
            });
            if (enriched.Count > 0)
            {
                _stored = _stored.Add(Counted(await articles.UpsertAsync(enriched, ct)));
            }

            await sources.ClearFullTextPendingAsync(ids, ct);
            done += ids.Count;
        }
    }

    private async Task<List<(Pending, int)>> WriteAsync(List<Pending> batch, CancellationToken ct)
    {
        var allKeys = batch.SelectMany(p => p.Candidates.SelectMany(c => c.Keys)).Distinct().ToList();
        var known = allKeys.Count == 0 ? new Dictionary<string, string>() : await sources.FindKeysAsync(allKeys, ct);
        var fresh = new List<Article>();
        var needFullText = new List<string>();
        var keys = new List<(string, string)>();
        var seenInBatch = new Dictionary<string, string>(StringComparer.Ordinal);
        var outcomes = new List<(Pending, int)>(batch.Count);
        foreach (var p in batch)
        {
            var added = 0;
            foreach (var (article, itemKeys) in p.Candidates)
            {
                var existing = itemKeys.Select(k => known.TryGetValue(k, out var id) ? id : seenInBatch.GetValueOrDefault(k)).FirstOrDefault(id => id is not null);
                var id = existing ?? article.Id;
                if (existing is null)
                {
                    fresh.Add(article);
                    added++;
                    if (FullText?.NeedsFullText(article) == true)
                    {
                        needFullText.Add(article.Id);
                    }
                }

                foreach (var k in itemKeys)
                {
                    if (!known.ContainsKey(k) && seenInBatch.TryAdd(k, id))
                    {
                        keys.Add((k, id));
                    }
                }
            }

            outcomes.Add((p, added));
        }

        if (fresh.Count > 0)
        {
            _stored = _stored.Add(Counted(await articles.UpsertAsync(fresh, ct)));
        }

        await sources.RecordKeysAsync(keys, needFullText, ct);
        await sources.SaveStatesAsync(outcomes.Select(o => NextState(o.Item1, o.Item2)).ToList(), ct);
        return outcomes;
    }

    private static UpsertSummary Counted(UpsertSummary stored)
    {
        HeraldMetrics.Store(stored);
        return stored;
    }

    private FeedSource NextState(Pending p, int added)
    {
        var source = p.Source;
        var result = p.Result;
        FeedSource next;
        if (p.Failure != FetchFailureKind.None)
        {
            var failed = result.Outcome == FetchOutcome.Failed ? result : result with { Outcome = FetchOutcome.Failed, Failure = p.Failure };
            var (at, interval) = scheduler.Schedule(source, failed, 0, [], null, p.At);
            next = source with
            {
                LastFetched = p.At, NextPoll = at, Interval = interval, Failures = source.Failures + 1,
                LastFailure = p.Failure, LastProblem = p.Problem,
            };
        }
        else if (p.Feed is null)
        {
            var (at, interval) = scheduler.Schedule(source, result, 0, [], null, p.At);
            next = source with
            {
                LastFetched = p.At,
                LastUnconditional = p.Unconditional ? p.At : source.LastUnconditional,
                ETag = result.ETag ?? source.ETag,
                LastModified = result.LastModified ?? source.LastModified,
                NextPoll = at, Interval = interval, Failures = 0, LastFailure = FetchFailureKind.None, LastProblem = null,
            };
        }
        else
        {
            var (at, interval) = scheduler.Schedule(source, result, added, p.Feed.ItemTimes, p.Feed.TtlMinutes, p.At);
            next = source with
            {
                Title = source.Title ?? p.Feed.Title,
                LastFetched = p.At,
                LastUnconditional = p.Unconditional ? p.At : source.LastUnconditional,
                ETag = result.ETag,
                LastModified = result.LastModified,
                ContentHash = result.ContentHash,
                NextPoll = at, Interval = interval, Failures = 0, LastFailure = FetchFailureKind.None,
                LastProblem = p.Feed.WellFormed ? null : p.Feed.Problem,
                ItemsSeen = source.ItemsSeen + added,
                LastNewItem = added > 0 ? p.At : source.LastNewItem,
            };
        }

        return result.MovedPermanently is { } moved ? next with { Url = moved.AbsoluteUri } : next;
    }
}
