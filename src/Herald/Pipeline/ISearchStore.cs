using Herald.Model;
using Herald.Query;

namespace Herald.Pipeline;

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

/// <summary>Full-text search and query-driven reads over the stored articles.</summary>
public interface ISearchStore
{
    Task<SearchPage> SearchAsync(TopicQuery query, SearchOptions options, CancellationToken ct);

    IAsyncEnumerable<Article> ExportAsync(TopicQuery? query, CancellationToken ct);

    Task<StoreSummary> SummarizeAsync(TopicQuery? query, CancellationToken ct);
}
