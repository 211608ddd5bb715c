using System.Collections.Concurrent;
using Herald.Model;

namespace Herald.Ingest.Fetch;

/// <summary>
/// Remembers, per host, network failures that say nothing will work for a while: a name that does not resolve
/// (a negative DNS answer, cached like a resolver's negative TTL) and a run of refused or timed-out connections
/// (a circuit breaker). While a host is marked, requests to it fail at once with the remembered kind instead of
/// asking the network again. Without this, one dead host behind many items — a feed whose 1,200 summary-only
/// items all link to a site that no longer resolves — costs one DNS lookup or connect timeout per item, one
/// at a time behind the host gate: minutes per cycle, and the stub resolver's occasional 5-second timeouts
/// make it worse. Written by hand because Polly's circuit breaker is per pipeline, not per host, and the
/// fetcher's retry pipeline is shared by every host.
/// </summary>
public sealed class HostHealth(TimeProvider time, TimeSpan negativeDnsFor, TimeSpan openFor, int failuresToOpen)
{
    private sealed record State(FetchFailureKind Kind, string Problem, int Consecutive, DateTimeOffset Until);

    private readonly ConcurrentDictionary<string, State> _hosts = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The failure to report without trying, when <paramref name="host"/> is marked; otherwise null.</summary>
    public (FetchFailureKind Kind, string Problem)? Blocked(string host)
    {
        if (_hosts.TryGetValue(host, out var s) && s.Until > time.GetUtcNow())
        {
            return (s.Kind, s.Problem);
        }

        return null;
    }

    /// <summary>Records the outcome of one request to <paramref name="host"/>.</summary>
    public void Record(string host, FetchResult result)
    {
        var now = time.GetUtcNow();
        switch (result.Failure)
        {
            case FetchFailureKind.Dns:
                _hosts[host] = new State(FetchFailureKind.Dns, $"{result.Problem} (not asked again for {negativeDnsFor.TotalMinutes:0.#} min)", 1, now + negativeDnsFor);
                break;
            case FetchFailureKind.Connect or FetchFailureKind.Timeout when result.Status == 0:
                _hosts.AddOrUpdate(
                    host,
                    _ => Next(null),
                    (_, old) => Next(old));
                break;
            default:
                // Any answer from the server, even an error status, shows the host is reachable.
                _hosts.TryRemove(host, out _);
                break;
        }

        State Next(State? old)
        {
            var consecutive = (old is { Kind: FetchFailureKind.Connect or FetchFailureKind.Timeout } ? old.Consecutive : 0) + 1;
            var until = consecutive >= failuresToOpen ? now + openFor : DateTimeOffset.MinValue;
            var problem = consecutive >= failuresToOpen
                ? $"{result.Problem} ({consecutive} failures in a row; host skipped for {openFor.TotalMinutes:0.#} min)"
                : result.Problem ?? "";
            return new State(result.Failure, problem, consecutive, until);
        }
    }
}
