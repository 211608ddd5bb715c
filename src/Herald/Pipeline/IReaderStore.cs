using Herald.Model;
using Herald.Query;

namespace Herald.Pipeline;

/// <summary>An account of the reader-app APIs: its own read and starred state. The password is stored only as
/// <see cref="ReaderPasswords"/> hashes it.</summary>
public sealed record ReaderUser(long Id, string Name, string PasswordHash, DateTimeOffset Created);

/// <summary>A followed feed as reader apps see it: a subscription whose items are the articles its polls stored.</summary>
public sealed record ReaderFeed(long Id, string Url, string? Title);

/// <summary>What a stream holds before per-user filters: everything, one user's starred or read items, one feed, one topic.</summary>
public enum ReaderStreamKind
{
    ReadingList,
    Starred,
    Read,
    Feed,
    Topic,
}

/// <summary>A stream of items. <paramref name="FeedId"/> is set for <see cref="ReaderStreamKind.Feed"/>,
/// <paramref name="Query"/> for <see cref="ReaderStreamKind.Topic"/>.</summary>
public sealed record ReaderStream(ReaderStreamKind Kind, long? FeedId = null, TopicQuery? Query = null)
{
    public static readonly ReaderStream ReadingList = new(ReaderStreamKind.ReadingList);
}

/// <summary>
/// One page of a stream for one user. Items come in Herald's arrival order (the store's sequence, as Google Reader
/// streams come in crawl order), newest first unless <paramref name="OldestFirst"/>; <paramref name="After"/> is the
/// continuation: the last item id of the previous page. <paramref name="Since"/> and <paramref name="Until"/> bound
/// the item's timestamp (when Herald first saw it).
/// </summary>
public sealed record ReaderQuery(
    long UserId,
    ReaderStream Stream,
    int Limit,
    bool ExcludeRead = false,
    bool OldestFirst = false,
    DateTimeOffset? Since = null,
    DateTimeOffset? Until = null,
    long? After = null);

/// <summary>An item id (the original article's store sequence) and its timestamp.</summary>
public sealed record ReaderItemRef(long Id, DateTimeOffset Timestamp);

/// <summary>A page of item references; <see cref="Continuation"/> is null on the last page.</summary>
public sealed record ReaderPage(IReadOnlyList<ReaderItemRef> Items, long? Continuation);

/// <summary>
/// One item as a reader app shows it: an original article (copies are never items of their own) with the outlets
/// of its copies (other than its own) and the user's state.
/// </summary>
public sealed record ReaderItem(long Id, Article Article, DateTimeOffset Timestamp, bool Read, bool Starred, IReadOnlyList<string> AlsoReportedBy)
{
    /// <summary>Tags that tag rules (`herald rule add tag`) gave the item.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];
}

/// <summary>A per-user flag on items.</summary>
public enum ReaderFlag
{
    Read,
    Starred,
}

/// <summary>
/// Accounts, sign-in tokens and per-user item state for the reader-app APIs (Google Reader, Fever). Its own
/// aggregate beside <see cref="IArticleStore"/>: item ids are the stored articles' sequence numbers, and every
/// stream collapses copies (<see cref="Article.DuplicateOf"/>) into their original.
/// </summary>
public interface IReaderStore
{
    /// <summary>Adds an account; null when one with that name (case-insensitive) exists.</summary>
    Task<ReaderUser?> AddUserAsync(string name, string passwordHash, DateTimeOffset now, CancellationToken ct);

    Task<ReaderUser?> GetUserAsync(string name, CancellationToken ct);

    Task<IReadOnlyList<ReaderUser>> ListUsersAsync(CancellationToken ct);

    /// <summary>Removes the account with its tokens and item state; false when there is none.</summary>
    Task<bool> RemoveUserAsync(string name, CancellationToken ct);

    /// <summary>Records a sign-in token by its hash (the token itself is never stored).</summary>
    Task AddTokenAsync(long userId, string tokenHash, DateTimeOffset now, CancellationToken ct);

    Task<ReaderUser?> GetUserByTokenAsync(string tokenHash, CancellationToken ct);

    /// <summary>Followed feeds (none when this store has never followed one).</summary>
    Task<IReadOnlyList<ReaderFeed>> ListFeedsAsync(CancellationToken ct);

    Task<ReaderPage> ListItemsAsync(ReaderQuery query, CancellationToken ct);

    /// <summary>Items by id for one user, in the order asked; unknown ids are left out, and a copy's id gives its original.</summary>
    Task<IReadOnlyList<ReaderItem>> GetItemsAsync(long userId, IReadOnlyList<long> ids, CancellationToken ct);

    /// <summary>Sets or clears a flag on items for one user; a copy's id flags its original. Returns how many items exist.</summary>
    Task<int> SetFlagAsync(long userId, IReadOnlyList<long> ids, ReaderFlag flag, bool on, DateTimeOffset now, CancellationToken ct);

    /// <summary>Marks every item of a stream first seen up to <paramref name="until"/> (all when null) read for one user.</summary>
    Task<int> MarkStreamReadAsync(long userId, ReaderStream stream, DateTimeOffset? until, DateTimeOffset now, CancellationToken ct);

    /// <summary>Which of <paramref name="ids"/> (originals, as streams list them) a stream holds, in the order given.</summary>
    Task<IReadOnlyList<long>> InStreamAsync(ReaderStream stream, IReadOnlyList<long> ids, CancellationToken ct);

    /// <summary>Items (originals) of a stream, read or not, and the newest item's timestamp.</summary>
    Task<(int Count, DateTimeOffset? Newest)> CountItemsAsync(ReaderStream stream, CancellationToken ct);

    /// <summary>Unread items of a stream for one user, and the newest item's timestamp.</summary>
    Task<(int Count, DateTimeOffset? Newest)> CountUnreadAsync(long userId, ReaderStream stream, CancellationToken ct);
}
