using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Herald.Pipeline;

/// <summary>
/// The engine's instruments, on one <see cref="Meter"/> named "Herald" (System.Diagnostics.Metrics, so they cost
/// nothing until a listener subscribes). `herald serve` and `herald run` export them at /metrics in Prometheus
/// format through OpenTelemetry; rates (articles/s per stage, fetches/s by outcome) are computed by the scraper.
/// </summary>
public static class HeraldMetrics
{
    public const string MeterName = "Herald";

    private static readonly Meter Meter = new(MeterName, typeof(HeraldMetrics).Assembly.GetName().Version?.ToString());

    private static readonly Counter<long> StageItems = Meter.CreateCounter<long>(
        "herald.pipeline.items", "{article}", "Articles that left a pipeline stage, by stage");

    private static readonly Counter<double> StageSeconds = Meter.CreateCounter<double>(
        "herald.pipeline.busy", "s", "Time items spent inside a pipeline stage or step, summed over cores, by stage");

    private static readonly Counter<long> Fetches = Meter.CreateCounter<long>(
        "herald.fetch.outcomes", "{fetch}", "Feed fetches by outcome: fetched, not_modified, unchanged, or the failure kind");

    private static readonly Counter<long> Stored = Meter.CreateCounter<long>(
        "herald.store.articles", "{article}", "Articles written to the store, by change: new, updated, unchanged");

    private static readonly Gauge<long> Queues = Meter.CreateGauge<long>(
        "herald.queue.depth", "{item}", "Work waiting, by queue: sources due, pages awaiting full text, articles awaiting annotation");

    public static void StageDone(string stage) => StageItems.Add(1, new KeyValuePair<string, object?>("stage", stage));

    public static void StageBusy(string stage, long stopwatchTicks) =>
        StageSeconds.Add(stopwatchTicks / (double)Stopwatch.Frequency, new KeyValuePair<string, object?>("stage", stage));

    public static void Fetch(string outcome) => Fetches.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    public static void Store(UpsertSummary summary)
    {
        Stored.Add(summary.Inserted, new KeyValuePair<string, object?>("change", "new"));
        Stored.Add(summary.Updated, new KeyValuePair<string, object?>("change", "updated"));
        Stored.Add(summary.Unchanged, new KeyValuePair<string, object?>("change", "unchanged"));
    }

    public static void QueueDepth(string queue, long depth) => Queues.Record(depth, new KeyValuePair<string, object?>("queue", queue));
}
