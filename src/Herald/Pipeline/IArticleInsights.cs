using Herald.Query;

namespace Herald.Pipeline;

/// <summary>A count for one value of a facet (an outlet, a language, a day).</summary>
public sealed record FacetCount(string Value, int Count);

/// <summary>
/// Facets of a query's matches. <see cref="Sampled"/> is the number of matches they were counted over when the
/// store capped the work (facets over the newest N matches), or null when every match was counted.
/// </summary>
public sealed record SearchFacets(
    IReadOnlyList<FacetCount> Outlets,
    IReadOnlyList<FacetCount> Languages,
    IReadOnlyList<FacetCount> Days,
    int? Sampled)
{
    /// <summary>Distinct outlets among the counted matches.</summary>
    public int OutletCount { get; init; }

    /// <summary>Distinct stories among the counted matches (an article without a story is its own).</summary>
    public int StoryCount { get; init; }

    public DateTimeOffset? First { get; init; }

    public DateTimeOffset? Last { get; init; }
}

/// <summary>
/// A search page whose work was bounded: <see cref="TotalIsLowerBound"/> says "at least Total matches" (counting
/// stopped there), and <see cref="RankedAmongNewest"/> says relevance was ranked among only that many newest matches.
/// </summary>
public sealed record BoundedSearchPage(IReadOnlyList<SearchHit> Hits, int Total, bool TotalIsLowerBound, int? RankedAmongNewest);

/// <summary>
/// Read-only aggregates the web UI and API show beside results. A separate small interface so a store can offer
/// them without every <see cref="IArticleStore"/> implementation having to.
/// </summary>
public interface IArticleInsights
{
    /// <summary>Outlet, language and per-day counts over the query's matches (the newest <paramref name="cap"/> when capped).</summary>
    Task<SearchFacets> FacetsAsync(TopicQuery query, int outletLimit, int cap, CancellationToken ct);

    /// <summary>
    /// The countries the query's matches are about (<see cref="FilterField.Country"/>: their places' countries, a copy
    /// its original's), most articles first, over the same newest <paramref name="cap"/> matches
    /// <see cref="FacetsAsync"/> counts; each value is what a <c>country:</c> filter takes.
    /// </summary>
    Task<IReadOnlyList<FacetCount>> CountriesAsync(TopicQuery query, int limit, int cap, CancellationToken ct);

    /// <summary>
    /// The same answer as <see cref="ISearchStore.SearchAsync"/>, planned for large stores: the total comes from
    /// the full-text index alone, "newest" walks the date index when matches are many, and snippets are made only
    /// for the rows returned.
    /// </summary>
    Task<SearchPage> SearchPageAsync(TopicQuery query, SearchOptions options, CancellationToken ct);

    /// <summary>
    /// Like <see cref="SearchPageAsync"/> for interactive search: counting stops after <paramref name="bound"/>
    /// matches, and when there are more than the store ranks at once, relevance ranks only the newest of them
    /// (<see cref="BoundedSearchPage.RankedAmongNewest"/> says how many), so a word in every tenth article costs
    /// the same as a rare one.
    /// </summary>
    Task<BoundedSearchPage> SearchBoundedAsync(TopicQuery query, SearchOptions options, int bound, CancellationToken ct);

    /// <summary>
    /// The biggest stories among the newest <paramref name="window"/> articles matching the query (all articles
    /// when null): what is being covered now, at a cost bounded by the window rather than the store's size.
    /// </summary>
    Task<IReadOnlyList<StorySummary>> ListRecentStoriesAsync(TopicQuery? query, int window, int limit, CancellationToken ct);

    /// <summary>Annotation JSON for each id that has any; ids without annotations are absent.</summary>
    Task<IReadOnlyDictionary<string, string>> GetAnnotationsAsync(IReadOnlyList<string> articleIds, CancellationToken ct);

    /// <summary>The sources table as rows of column → value, or null when this store has no sources yet.</summary>
    Task<IReadOnlyList<IReadOnlyDictionary<string, object?>>?> ListSourcesAsync(int limit, CancellationToken ct);
}
