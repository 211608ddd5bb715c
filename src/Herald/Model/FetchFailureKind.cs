
namespace Herald.Model;

/// <summary>
/// Why a source could not be read, as a closed set (stored as numbers: these values may only grow).
/// Each kind has a plain-words description for `herald sources`.
/// </summary>
public enum FetchFailureKind
{
    None = 0,
    Dns = 1,
    Connect = 2,
    Tls = 3,
    Timeout = 4,
    HttpStatus = 5,
    TooLarge = 6,
    NotAFeed = 7,
    ParseError = 8,
    Robots = 9,
    PrivateAddress = 10,
}

public static class FetchFailureKinds
{
    public static string Describe(FetchFailureKind kind) => kind switch
    {
        FetchFailureKind.None => "ok",
        FetchFailureKind.Dns => "the host name could not be resolved",
        FetchFailureKind.Connect => "the server could not be reached",
        FetchFailureKind.Tls => "the secure connection failed",
        FetchFailureKind.Timeout => "the server took too long to answer",
        FetchFailureKind.HttpStatus => "the server answered with an error",
        FetchFailureKind.TooLarge => "the response was larger than allowed",
        FetchFailureKind.NotAFeed => "the address does not serve a feed",
        FetchFailureKind.ParseError => "the feed could not be read",
        FetchFailureKind.Robots => "robots.txt forbids fetching it",
        FetchFailureKind.PrivateAddress => "it points to a private or local address",
        _ => kind.ToString(),
    };

    /// <summary>Short stable names for summaries ("timeout", "http-status"…).</summary>
    public static string Code(FetchFailureKind kind) => kind switch
    {
        FetchFailureKind.HttpStatus => "http-status",
        FetchFailureKind.TooLarge => "too-large",
        FetchFailureKind.NotAFeed => "not-a-feed",
        FetchFailureKind.ParseError => "parse-error",
        FetchFailureKind.PrivateAddress => "private-address",
        _ => kind.ToString().ToLowerInvariant(),
    };
}
