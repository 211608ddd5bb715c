using System.Collections.Concurrent;

namespace Herald.Ingest.Fetch;

/// <summary>
/// Politeness per host: one request at a time and at least a minimum delay between the end of one and
/// the start of the next (longer when robots.txt asks for a Crawl-delay or the host sent Retry-After).
/// </summary>
public sealed class HostGate(TimeProvider timeProvider)
{
    private readonly TimeProvider _time = timeProvider;
    private readonly ConcurrentDictionary<string, Host> _hosts = new(StringComparer.OrdinalIgnoreCase);

    public async Task<IDisposable> EnterAsync(string host, TimeSpan minDelay, CancellationToken ct)
    {
        var h = _hosts.GetOrAdd(host, _ => new Host());
        await h.Lock.WaitAsync(ct);
        try
        {
            var delay = new[] { minDelay, h.CrawlDelay, h.PauseOnce }.Max();
            h.PauseOnce = TimeSpan.Zero;
            var earliest = h.LastEnd + delay;
            var wait = earliest - _time.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, _time, ct);
            }
        }
        catch
        {
            h.Lock.Release();
            throw;
        }

        return new Lease(this, h);
    }

    /// <summary>Asks for a longer pause before this host's next request only (Retry-After).</summary>
    public void PauseOnce(string host, TimeSpan delay) => _hosts.GetOrAdd(host, _ => new Host()).PauseOnce = delay;

    /// <summary>Sets the host's own minimum delay between requests (robots.txt Crawl-delay).</summary>
    public void SetCrawlDelay(string host, TimeSpan delay) => _hosts.GetOrAdd(host, _ => new Host()).CrawlDelay = delay;

    private sealed class Host
    {
        public SemaphoreSlim Lock { get; } = new(1, 1);
        public DateTimeOffset LastEnd { get; set; } = DateTimeOffset.MinValue;
        public TimeSpan CrawlDelay { get; set; }
        public TimeSpan PauseOnce { get; set; }
    }

    private sealed class Lease(HostGate gate, Host host) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                host.LastEnd = gate._time.GetUtcNow();
                host.Lock.Release();
            }
        }
    }

}
