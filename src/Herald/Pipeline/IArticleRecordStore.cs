using Herald.Model;

namespace Herald.Pipeline;

/// <summary>What one upsert batch did.</summary>
/// <param name="EarliestChanged">The earliest publication (or first-seen) time among inserted or updated articles: where
/// the stories that may change begin. Null when nothing changed.</param>
public sealed record UpsertSummary(int Inserted, int Updated, int Unchanged, DateTimeOffset? EarliestChanged = null)
{
    public static readonly UpsertSummary Empty = new(0, 0, 0);

    public int Changed => Inserted + Updated;

    public UpsertSummary Add(UpsertSummary other) =>
        new(Inserted + other.Inserted, Updated + other.Updated, Unchanged + other.Unchanged, Min(EarliestChanged, other.EarliestChanged));

    private static DateTimeOffset? Min(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a < b ? a : b;
}

/// <summary>
/// The articles aggregate: records keyed by their identity (<see cref="ArticleKeys"/>). Writes are idempotent:
/// upserting the same article twice changes nothing.
/// </summary>
public interface IArticleRecordStore
{
    Task<UpsertSummary> UpsertAsync(IReadOnlyList<Article> batch, CancellationToken ct);

    Task<Article?> GetAsync(string id, CancellationToken ct);

    /// <summary>Articles in publication order (first-seen time where the date is unknown), oldest first, from a time on.</summary>
    IAsyncEnumerable<Article> ReadChronologicalAsync(DateTimeOffset? from, CancellationToken ct) => ReadChronologicalAsync(from, null, ct);

    /// <summary>Articles in publication order from <paramref name="from"/> up to, not including, <paramref name="until"/>.</summary>
    IAsyncEnumerable<Article> ReadChronologicalAsync(DateTimeOffset? from, DateTimeOffset? until, CancellationToken ct);
}
