
namespace Herald.Model;

/// <summary>A followed feed and everything needed to poll it politely after a restart.</summary>
public sealed record FeedSource
{
    public long Id { get; init; }
    public required string Url { get; init; }
    public string? Title { get; init; }
    public DateTimeOffset Added { get; init; }
    public string? ETag { get; init; }
    public string? LastModified { get; init; }
    public string? ContentHash { get; init; }
    public DateTimeOffset? LastFetched { get; init; }
    /// <summary>The last fetch made without validators; servers that lie with 304 are caught by these.</summary>
    public DateTimeOffset? LastUnconditional { get; init; }
    public DateTimeOffset NextPoll { get; init; }
    public TimeSpan Interval { get; init; } = TimeSpan.FromHours(1);
    public int Failures { get; init; }
    public FetchFailureKind LastFailure { get; init; }
    public string? LastProblem { get; init; }
    public int ItemsSeen { get; init; }
    public DateTimeOffset? LastNewItem { get; init; }

    /// <summary>The scheduling key for GUIDs and content hashes: the source's id, stable across URL moves.</summary>
    public string Key => "s" + Id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The source's state in plain words: "not fetched yet", "ok, 40 items so far", "failing (3x): timed out — …".</summary>
    public string StateInWords() =>
        LastFetched is null
            ? "not fetched yet"
            : LastFailure == FetchFailureKind.None
                ? $"ok, {ItemsSeen} items so far"
                : $"failing ({Failures}x): {FetchFailureKinds.Describe(LastFailure)}" + (LastProblem is { Length: > 0 } p ? $" — {p}" : "");

    /// <summary>When the next attempt is due, in words.</summary>
    public string NextAttemptInWords(DateTimeOffset now) =>
        NextPoll <= now ? "due now" : "next attempt " + NextPoll.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture);
}
