using Herald.Model;

namespace Herald.Ingest.Fetch;

public enum FetchOutcome
{
    /// <summary>New content arrived.</summary>
    Fetched,
    /// <summary>The server answered 304 to the conditional request.</summary>
    NotModified,
    /// <summary>The server sent the body again but it hashes the same as last time.</summary>
    Unchanged,
    Failed,
}

/// <summary>What the fetcher knows about a source before asking: its validators and last body's hash.</summary>
public sealed record FetchRequest(Uri Url, string? ETag = null, string? LastModified = null, string? ContentHash = null)
{
    /// <summary>When true the validators are left out, so a server that lies with 304s is caught eventually.</summary>
    public bool Unconditional { get; init; }
}

public sealed record FetchResult
{
    public required FetchOutcome Outcome { get; init; }
    public required Uri RequestedUrl { get; init; }
    public Uri? FinalUrl { get; init; }
    /// <summary>Set when every hop was a permanent redirect (301/308): the source should move there.</summary>
    public Uri? MovedPermanently { get; init; }
    public int Status { get; init; }
    public byte[] Body { get; init; } = [];
    public string? ContentType { get; init; }
    public string? ETag { get; init; }
    public string? LastModified { get; init; }
    public string? ContentHash { get; init; }
    public FetchFailureKind Failure { get; init; }
    public string? Problem { get; init; }
    /// <summary>The server's Retry-After (429/503), when it sent one.</summary>
    public TimeSpan? RetryAfter { get; init; }
    /// <summary>How long the response may be cached (Cache-Control max-age or Expires).</summary>
    public TimeSpan? CacheFor { get; init; }

    public static FetchResult Fail(Uri url, FetchFailureKind kind, string problem, int status = 0, TimeSpan? retryAfter = null) =>
        new() { Outcome = FetchOutcome.Failed, RequestedUrl = url, Failure = kind, Problem = problem, Status = status, RetryAfter = retryAfter };
}

/// <summary>How polite and how defensive the fetcher is. Defaults suit the open web.</summary>
public sealed record FetchOptions
{
    public string UserAgent { get; init; } = "Herald/1.0 (self-hosted news monitor; polite feed reader)";
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);
    public long MaxBodyBytes { get; init; } = 8 * 1024 * 1024;
    public int MaxRedirects { get; init; } = 5;
    /// <summary>Loopback, private, link-local and metadata addresses are refused unless this is set.</summary>
    public bool AllowPrivateAddresses { get; init; }
    /// <summary>Private networks that may be reached although private addresses are refused (e.g. an intranet feed host).</summary>
    public IReadOnlyList<System.Net.IPNetwork> AllowedNetworks { get; init; } = [];
    /// <summary>The name lookup of each new connection; null is the system resolver (a test gives one whose answer changes).</summary>
    public Herald.Pipeline.HostResolver? Resolver { get; init; }
    public bool RespectRobots { get; init; } = true;
    public TimeSpan RobotsCacheFor { get; init; } = TimeSpan.FromHours(24);
    /// <summary>Minimum time between two requests to the same host.</summary>
    public TimeSpan MinHostDelay { get; init; } = TimeSpan.FromSeconds(1);
    /// <summary>In-request retries for transient failures (5xx, resets); 429 is never retried inline.</summary>
    public int Retries { get; init; } = 2;
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(500);
    /// <summary>A Retry-After longer than this is left to the scheduler instead of waited out inline.</summary>
    public TimeSpan MaxInlineRetryAfter { get; init; } = TimeSpan.FromSeconds(5);
    public int MaxConnectionsPerServer { get; init; } = 2;
    /// <summary>After a host name fails to resolve, requests to it fail at once for this long.</summary>
    public TimeSpan NegativeDnsFor { get; init; } = TimeSpan.FromMinutes(5);
    /// <summary>After this many refused or timed-out connections in a row, a host is skipped for <see cref="DeadHostFor"/>.</summary>
    public int DeadHostAfter { get; init; } = 3;
    public TimeSpan DeadHostFor { get; init; } = TimeSpan.FromMinutes(2);
}
