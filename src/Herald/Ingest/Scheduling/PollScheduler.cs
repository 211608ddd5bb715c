using Herald.Ingest.Fetch;
using Herald.Model;

namespace Herald.Ingest.Scheduling;

/// <summary>Bounds for the adaptive poll interval.</summary>
public sealed record PollPolicy
{
    public TimeSpan Min { get; init; } = TimeSpan.FromMinutes(5);
    public TimeSpan Max { get; init; } = TimeSpan.FromHours(24);
    public TimeSpan Initial { get; init; } = TimeSpan.FromHours(1);
    /// <summary>Fraction of the interval added or removed at random so sources do not synchronise.</summary>
    public double Jitter { get; init; } = 0.1;
}

/// <summary>
/// Decides when to poll a source next. Sources that publish often are polled often: the interval follows
/// the median gap between the feed's recent item times; a source with nothing new backs off by half
/// again; failures back off exponentially; the feed's TTL, the server's Cache-Control/Expires and
/// Retry-After are floors; everything is bounded by the policy and jittered.
/// </summary>
public sealed class PollScheduler(PollPolicy policy, Random random)
{
    public PollPolicy Policy => policy;

    public (DateTimeOffset Next, TimeSpan Interval) Schedule(
        FeedSource source, FetchResult result, int newItems, IReadOnlyList<DateTimeOffset> itemTimes, int? ttlMinutes, DateTimeOffset now)
    {
        TimeSpan interval;
        if (result.Outcome == FetchOutcome.Failed)
        {
            var failures = source.Failures + 1;
            var baseInterval = Clamp(source.Interval);
            var factor = Math.Pow(2, Math.Min(failures - 1, 10));
            interval = Clamp(TimeSpan.FromTicks((long)Math.Min(baseInterval.Ticks * factor, policy.Max.Ticks)));
            if (result.RetryAfter is { } ra && ra > interval)
            {
                interval = ra < policy.Max ? ra : policy.Max;
            }

            return (now + Jittered(interval), interval);
        }

        if (newItems > 0 && MedianGap(itemTimes) is { } gap)
        {
            interval = Clamp(gap);
        }
        else if (newItems > 0)
        {
            interval = Clamp(source.Interval * 0.75);
        }
        else
        {
            interval = Clamp(source.Interval * 1.5);
        }

        if (ttlMinutes is > 0)
        {
            interval = Max(interval, TimeSpan.FromMinutes(ttlMinutes.Value));
        }

        if (result.CacheFor is { } cache)
        {
            interval = Max(interval, cache);
        }

        interval = Clamp(interval);
        return (now + Jittered(interval), interval);
    }

    private static TimeSpan? MedianGap(IReadOnlyList<DateTimeOffset> times)
    {
        var sorted = times.Distinct().OrderDescending().Take(20).ToList();
        if (sorted.Count < 2)
        {
            return null;
        }

        var gaps = sorted.Zip(sorted.Skip(1), (a, b) => a - b).Order().ToList();
        return gaps[gaps.Count / 2];
    }

    private TimeSpan Jittered(TimeSpan interval)
    {
        var factor = 1 + (((random.NextDouble() * 2) - 1) * policy.Jitter);
        return TimeSpan.FromTicks((long)(interval.Ticks * factor));
    }

    private TimeSpan Clamp(TimeSpan t) => t < policy.Min ? policy.Min : t > policy.Max ? policy.Max : t;

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
