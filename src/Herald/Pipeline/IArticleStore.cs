using Herald.Model;
using Herald.Topics;

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

public enum SearchSort
{
    Relevance,
    Newest,
}

public sealed record SearchOptions(int Limit = 50, int Offset = 0, SearchSort Sort = SearchSort.Newest, bool Snippets = false);

public sealed record SearchHit(Article Article, string? Snippet, double Rank);

public sealed record SearchPage(IReadOnlyList<SearchHit> Hits, int Total);

/// <summary>Counts that summarise a topic or the whole store.</summary>
public sealed record StoreSummary(int Articles, int WithBody, int Outlets, DateTimeOffset? First, DateTimeOffset? Last, int Stories);

/// <summary>A story as listed: its representative headline, size and span.</summary>
public sealed record StorySummary(string Id, string Headline, int Articles, IReadOnlyList<string> Outlets, DateTimeOffset? First, DateTimeOffset? Last);

/// <summary>A saved query with a name; renders as a topic page.</summary>
public sealed record Topic(string Name, string Query, DateTimeOffset Created);

/// <summary>A story's representative headline, as the clusterer chose it.</summary>
public sealed record StoryHeadline(string Story, string Headline);

/// <summary>A story decision for one stored article.</summary>
public sealed record StoryAssignment(string ArticleId, string Story, string? DuplicateOf, DateTimeOffset? Republished);

/// <summary>
/// Herald's store. The embedded default is SQLite (Herald.Storage); a PostgreSQL store satisfies the same
/// interface and test suite. Writes are idempotent: upserting the same article twice changes nothing.
/// </summary>
public interface IArticleStore : IAsyncDisposable
{
    Task<UpsertSummary> UpsertAsync(IReadOnlyList<Article> batch, CancellationToken ct);

    Task<Article?> GetAsync(string id, CancellationToken ct);

    Task<SearchPage> SearchAsync(TopicQuery query, SearchOptions options, CancellationToken ct);

    IAsyncEnumerable<Article> ExportAsync(TopicQuery? query, CancellationToken ct);

    /// <summary>Articles in publication order (first-seen time where the date is unknown), oldest first, from a time on.</summary>
    IAsyncEnumerable<Article> ReadChronologicalAsync(DateTimeOffset? from, CancellationToken ct);

    Task<StoreSummary> SummarizeAsync(TopicQuery? query, CancellationToken ct);

    Task SaveTopicAsync(Topic topic, CancellationToken ct);

    Task<Topic?> GetTopicAsync(string name, CancellationToken ct);

    Task<IReadOnlyList<Topic>> ListTopicsAsync(CancellationToken ct);

    Task<bool> DeleteTopicAsync(string name, CancellationToken ct);

    Task AssignStoriesAsync(IReadOnlyList<StoryAssignment> assignments, CancellationToken ct);

    /// <summary>
    /// Records each story's representative headline as the clusterer chose it (the member closest to the story's
    /// centroid), so every list, page and feed shows the same headline for one story.
    /// </summary>
    Task SaveStoryHeadlinesAsync(IReadOnlyList<StoryHeadline> headlines, CancellationToken ct);

    /// <summary>The recorded representative headlines of these stories; stories without one are left out.</summary>
    Task<IReadOnlyDictionary<string, string>> GetStoryHeadlinesAsync(IReadOnlyCollection<string> storyIds, CancellationToken ct);

    Task<IReadOnlyList<StorySummary>> ListStoriesAsync(TopicQuery? query, int limit, CancellationToken ct);

    Task<IReadOnlyList<Article>> GetStoryArticlesAsync(string storyId, CancellationToken ct);

    /// <summary>Articles with a body, not copies of another, that have no stored annotations yet (oldest first).</summary>
    IAsyncEnumerable<Article> ListUnannotatedAsync(CancellationToken ct);

    Task SaveAnnotationsAsync(string articleId, string annotationsJson, CancellationToken ct);

    /// <summary>Saves many articles' annotations in one transaction.</summary>
    Task SaveAnnotationsAsync(IReadOnlyList<(string ArticleId, string Json)> annotations, CancellationToken ct);

    Task<string?> GetAnnotationsAsync(string articleId, CancellationToken ct);
}
