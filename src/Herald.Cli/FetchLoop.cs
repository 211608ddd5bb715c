using Herald.Ingest.Feeds;
using Herald.Ingest.Fetch;
using Herald.Ingest.Scheduling;
using Herald.Pipeline;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Herald.Cli;

/// <summary>
/// The polling loop `herald fetch` and `herald run` share: poll the due sources, then stories, annotations and
/// announcements for what arrived, then sleep until the next source is due. A stop request lets the cycle in flight
/// finish within <see cref="Grace"/> (its writes are committed batch by batch and its follow-up steps run), then
/// the loop ends; past the grace the cycle is cancelled, which loses nothing either (the store is crash-safe), it only
/// leaves the rest for the next start.
/// </summary>
internal sealed class FetchLoop(FetchOptions options, IArticleStore articles, ISourceStore sources, int parallelism, ILogger log)
{
    public TimeSpan Grace { get; init; } = TimeSpan.Zero;

    /// <summary>Called with each cycle's summary (the `fetch` verb prints it).</summary>
    public Action<CycleSummary>? OnCycle { get; init; }

    public async Task RunAsync(bool once, bool pollAll, CancellationToken stop)
    {
        await using var services = FetchServices.Build(options);
        var fetcher = new FeedFetcher(services.GetRequiredService<IHttpClientFactory>(), options);
        var poller = new FeedPoller(
            fetcher, new FeedParser(), articles, sources,
            new PollScheduler(new PollPolicy(), new Random()), TimeProvider.System)
        {
            Parallelism = Math.Max(1, parallelism),
            FullText = new FullTextFetcher(fetcher, new ExtractorPageAdapter(new Herald.Extract.ArticleExtractor())),
        };
        do
        {
            var due = await FeedPoller.DueAsync(sources, DateTimeOffset.UtcNow, pollAll, stop);
            pollAll = false;
            HeraldMetrics.QueueDepth("sources_due", due.Count);
            if (due.Count > 0 || once)
            {
                using var cycle = new CancellationTokenSource();
                await using var graceful = stop.Register(() => cycle.CancelAfter(Grace));
                if (stop.IsCancellationRequested)
                {
                    break;
                }

                var started = TimeProvider.System.GetTimestamp();
                var summary = await poller.PollAsync(due, cycle.Token);
                OnCycle?.Invoke(summary);
                await PostIngest.AfterStoreAsync(articles, cycle.Token);
                HeraldMetrics.QueueDepth("fulltext_pending", await sources.CountFullTextPendingAsync(cycle.Token));
                FetchLog.CycleDone(log, summary.Sources, summary.NewItems, summary.FailureCount,
                    TimeProvider.System.GetElapsedTime(started).TotalSeconds, summary.OneLine());
            }

            if (!once && !stop.IsCancellationRequested)
            {
                var next = (await sources.ListAsync(stop)).Select(s => s.NextPoll).DefaultIfEmpty(DateTimeOffset.UtcNow.AddMinutes(1)).Min();
                var wait = next - DateTimeOffset.UtcNow;
                try
                {
                    await Task.Delay(wait < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : wait > TimeSpan.FromMinutes(1) ? TimeSpan.FromMinutes(1) : wait, stop);
                }
                catch (OperationCanceledException) when (Grace > TimeSpan.Zero)
                {
                    // A stop while idle: nothing is in flight, so the loop ends cleanly.
                }
            }
        }
        while (!once && !stop.IsCancellationRequested);

        stop.ThrowIfCancellationRequested();
    }
}

/// <summary>The polling loop's log events.</summary>
internal static partial class FetchLog
{
    [LoggerMessage(EventId = 200, Level = LogLevel.Information,
        Message = "fetch cycle: {Sources} sources, {NewItems} new items, {Failures} failures in {Seconds:F1} s ({Summary})")]
    public static partial void CycleDone(ILogger logger, int sources, int newItems, int failures, double seconds, string summary);
}
