using Herald.Ingest.Fetch;

namespace Herald.Ingest.Scheduling;

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

/// <summary>Where sources, their fetch state and the identity keys of their items live.</summary>
public interface ISourceStore
{
    /// <summary>Adds a source, or returns the existing one with the same URL.</summary>
    Task<(FeedSource Source, bool Added)> AddAsync(string url, string? title, DateTimeOffset now, CancellationToken ct);

    Task<IReadOnlyList<FeedSource>> ListAsync(CancellationToken ct);

    Task SaveStateAsync(FeedSource source, CancellationToken ct);

    /// <summary>Saves many sources' states in one transaction.</summary>
    Task SaveStatesAsync(IReadOnlyList<FeedSource> sources, CancellationToken ct);

    /// <summary>The subset of <paramref name="keys"/> already recorded, with the article each belongs to.</summary>
    Task<IReadOnlyDictionary<string, string>> FindKeysAsync(IReadOnlyCollection<string> keys, CancellationToken ct);

    /// <summary>Records identity keys (idempotent). Called after the article itself is stored.</summary>
    Task RecordKeysAsync(IReadOnlyList<(string Key, string ArticleId)> keys, CancellationToken ct);

    /// <summary>
    /// Records identity keys and, in the same transaction, the new articles whose linked page is still to be
    /// fetched for full text, so a process killed before that second pass leaves the work listed for the next.
    /// </summary>
    Task RecordKeysAsync(IReadOnlyList<(string Key, string ArticleId)> keys, IReadOnlyList<string> needFullText, CancellationToken ct);

    /// <summary>Articles still waiting for their full text, oldest first, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<string>> ListFullTextPendingAsync(int limit, CancellationToken ct);

    /// <summary>Removes articles from the full-text work list once they have been tried.</summary>
    Task ClearFullTextPendingAsync(IReadOnlyList<string> articleIds, CancellationToken ct);

}
