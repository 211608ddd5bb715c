using Herald.Pipeline;
using Herald.Query;
using Herald.Storage.Sqlite;

namespace Herald.Tests.Web;

/// <summary>The web's search plan must answer exactly what the store's reference search answers.</summary>
public sealed class SearchPageTests : IAsyncLifetime
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "herald-searchpage-" + Guid.NewGuid().ToString("N"));
    private SqliteStore? _store;

    public async Task InitializeAsync()
    {
        _store = SqliteStore.OpenFolder(_dir);
        await WebHost.SeedAsync(_store, CancellationToken.None);
    }

    [Theory]
    [InlineData("Iraq", 0)]
    [InlineData("Iraq", 1_000_000)]
    [InlineData("\"Mosul Dam\" OR Syria", 0)]
    [InlineData("Iraq -Iran", 0)]
    [InlineData("Iraq outlet:DVIDS", 0)]
    [InlineData("Iraq outlet:DVIDS", 1_000_000)]
    [InlineData("(oil OR gas) AND Iraq after:2025-06-27", 0)]
    [InlineData("outlet:Reuters", 0)]
    public async Task Newest_first_pages_match_the_reference_search(string q, int indexWalkThreshold)
    {
        var query = TopicQuery.Parse(q);
        for (var offset = 0; offset < 30; offset += 10)
        {
            var options = new SearchOptions(10, offset, SearchSort.Newest);
            var expected = await _store!.SearchAsync(query, options, CancellationToken.None);
            var actual = await _store.SearchPageAsync(query, options, indexWalkThreshold, CancellationToken.None);
            Assert.Equal(expected.Total, actual.Total);
            Assert.Equal(expected.Hits.Select(h => h.Article.Published), actual.Hits.Select(h => h.Article.Published));
            Assert.Equal(expected.Hits.Select(h => h.Article.Id).Order(StringComparer.Ordinal), actual.Hits.Select(h => h.Article.Id).Order(StringComparer.Ordinal));
        }
    }

    [Theory]
    [InlineData("Iraq")]
    [InlineData("Iraq outlet:DVIDS")]
    [InlineData("\"Mosul Dam\" repairs")]
    public async Task Relevance_pages_match_the_reference_search_and_carry_snippets(string q)
    {
        var query = TopicQuery.Parse(q);
        var options = new SearchOptions(20, 0, SearchSort.Relevance, Snippets: true);
        var expected = await _store!.SearchAsync(query, options, CancellationToken.None);
        var actual = await _store.SearchPageAsync(query, options, CancellationToken.None);
        Assert.Equal(expected.Total, actual.Total);
        Assert.Equal(expected.Hits.Select(h => Math.Round(h.Rank, 6)), actual.Hits.Select(h => Math.Round(h.Rank, 6)));
        Assert.Equal(expected.Hits.Select(h => h.Snippet), actual.Hits.Select(h => h.Snippet));
    }

    [Fact]
    public async Task Bounded_search_counts_up_to_the_bound_and_ranks_only_the_newest_matches()
    {
        var query = TopicQuery.Parse("Iraq");
        var bounded = await _store!.SearchBoundedAsync(query, new SearchOptions(50, 0, SearchSort.Relevance), 10, CancellationToken.None);
        Assert.True(bounded.TotalIsLowerBound);
        Assert.Equal(10, bounded.Total);
        Assert.Equal(10, bounded.RankedAmongNewest);
        Assert.Equal(10, bounded.Hits.Count);
        Assert.Equal(bounded.Hits.Select(h => h.Rank).Order(), bounded.Hits.Select(h => h.Rank));

        var wide = await _store.SearchBoundedAsync(query, new SearchOptions(50, 0, SearchSort.Relevance), 10_000, CancellationToken.None);
        var exact = await _store.SearchPageAsync(query, new SearchOptions(50, 0, SearchSort.Relevance), CancellationToken.None);
        Assert.False(wide.TotalIsLowerBound);
        Assert.Null(wide.RankedAmongNewest);
        Assert.Equal(exact.Total, wide.Total);
        Assert.Equal(exact.Hits.Select(h => h.Article.Id), wide.Hits.Select(h => h.Article.Id));
    }

    [Theory]
    [InlineData("Iraq")]
    [InlineData("Iraq outlet:DVIDS")]
    [InlineData("outlet:Reuters")]
    [InlineData("Iraq lang:en")]
    public async Task Facets_count_what_the_reference_search_returns(string q)
    {
        var query = TopicQuery.Parse(q);
        var all = await _store!.SearchAsync(query, new SearchOptions(10_000), CancellationToken.None);
        var facets = await _store.FacetsAsync(query, 100, 10_000, CancellationToken.None);
        var expected = all.Hits.Where(h => h.Article.Outlet is not null).GroupBy(h => h.Article.Outlet!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        Assert.Equal(expected.OrderBy(kv => kv.Key, StringComparer.Ordinal), facets.Outlets.ToDictionary(f => f.Value, f => f.Count).OrderBy(kv => kv.Key, StringComparer.Ordinal));
        Assert.Equal(all.Total, facets.Days.Sum(d => d.Count) + all.Hits.Count(h => h.Article.Published is null));
        Assert.Null(facets.Sampled);
        Assert.Equal(expected.Count, facets.OutletCount);
    }

    public async Task DisposeAsync()
    {
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }

        Directory.Delete(_dir, recursive: true);
    }
}
