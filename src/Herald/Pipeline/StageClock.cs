using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace Herald.Pipeline;

/// <summary>
/// Time spent per pipeline stage and step in this process: the sum of the time items spent inside each stage (on
/// every core, so for CPU-bound stages it is their CPU time) and the wall time of sequential steps. Printed by
/// `herald ingest` and `herald fetch` when HERALD_TIMINGS=1, and read by the `pipeline` bench.
/// </summary>
public static class StageClock
{
    private static readonly ConcurrentDictionary<string, long> Ticks = new(StringComparer.Ordinal);

    public static void Add(string name, long stopwatchTicks)
    {
        Ticks.AddOrUpdate(name, stopwatchTicks, (_, t) => t + stopwatchTicks);
        HeraldMetrics.StageBusy(name, stopwatchTicks);
    }

    /// <summary>Times a step until disposed.</summary>
    public static Scope Measure(string name) => new(name, Stopwatch.GetTimestamp());

    public readonly struct Scope(string name, long started) : IDisposable
    {
        public void Dispose() => Add(name, Stopwatch.GetTimestamp() - started);
    }

    /// <summary>"extract 3.21 s, store 0.40 s, …" in the order the stages first reported.</summary>
    public static string Report() => string.Join(", ", Ticks.OrderByDescending(t => t.Value)
        .Select(t => string.Create(CultureInfo.InvariantCulture, $"{t.Key} {t.Value / (double)Stopwatch.Frequency:F2} s")));

    public static bool Enabled { get; } = Environment.GetEnvironmentVariable("HERALD_TIMINGS") is "1" or "true";
}
