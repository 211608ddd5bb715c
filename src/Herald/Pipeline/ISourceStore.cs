using Herald.Model;

namespace Herald.Pipeline;

/// <summary>Where sources, their fetch state and the identity keys of their items live.</summary>
public interface ISourceStore
{
    /// <summary>Adds a source, or returns the existing one with the same URL.</summary>
    Task<(FeedSource Source, bool Added)> AddAsync(string url, string? title, DateTimeOffset now, CancellationToken ct);

    Task<IReadOnlyList<FeedSource>> ListAsync(CancellationToken ct);

    Task SaveStateAsync(FeedSource source, CancellationToken ct);

    /// <summary>Saves many sources' states in one transaction.</summary>
    Task SaveStatesAsync(IReadOnlyList<FeedSource> sources, CancellationToken ct);

    /// <summary>
    /// Moves the next poll of those of <paramref name="ids"/> whose next poll is at or before
    /// <paramref name="ifDueBy"/> to <paramref name="until"/>, in one statement, and returns the ids it moved. Changes
    /// nothing else of a source, so it never overwrites a poll's saved state (how `fetch` with a broker claims the
    /// feeds it enqueues, so a second run before the workers polled them does not enqueue them again).
    /// </summary>
    Task<IReadOnlyList<long>> DeferPollsAsync(IReadOnlyList<long> ids, DateTimeOffset ifDueBy, DateTimeOffset until, CancellationToken ct);

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

    /// <summary>How many articles are waiting for their full text (the queue depth /metrics reports).</summary>
    Task<long> CountFullTextPendingAsync(CancellationToken ct);

    /// <summary>Removes articles from the full-text work list once they have been tried.</summary>
    Task ClearFullTextPendingAsync(IReadOnlyList<string> articleIds, CancellationToken ct);

}
