using Herald.Model;
using Herald.Pipeline;
using Herald.Query;
using Herald.Storage.Sqlite;

namespace Herald.Tests.Storage;

/// <summary>
/// The bounded search plan against the store's straightforward reference queries, on a store big enough for
/// several date-index chunks and whose publication dates do not follow ingestion order (backfills, late feeds).
/// </summary>
public sealed class SearchPlanTests : IAsyncLifetime
{
    private readonly string _dir = TestPaths.TempDir("searchplan");
    private SqliteStore? _store;

    private SqliteStore Store => _store!;

    public async Task InitializeAsync()
    {
        _store = SqliteStore.OpenFolder(_dir);
        var rng = new Random(7);
        string[] words = ["oil", "Iraq", "Basra", "election", "drought", "talks", "court", "bank", "army", "water"];
        string[] outlets = ["Reuters", "BBC News", "Al Jazeera", "DVIDS"];
        string[] langs = ["en", "en", "en", "fr", "ar"];
        var start = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var articles = Enumerable.Range(0, 3_000).Select(i => new Article
        {
            Id = "p" + i.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Url = "https://example.com/p/" + i.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Title = string.Join(' ', Enumerable.Range(0, 6).Select(_ => words[rng.Next(words.Length)])),
            Text = string.Join(' ', Enumerable.Range(0, 20).Select(_ => words[rng.Next(words.Length)])),
            Outlet = outlets[rng.Next(outlets.Length)],
            Language = langs[rng.Next(langs.Length)],
            // Mostly in ingestion order, but a fifth arrives out of order and a few have no date at all.
            Published = rng.Next(50) == 0 ? null
                : rng.Next(5) == 0 ? start.AddHours(rng.Next(3_000 * 6))
                : start.AddHours(i * 6 + rng.Next(48)),
        }).ToList();
        // Every 40th article is a copy of the one before it (never annotated itself, it says what its original says).
        articles = articles.Select((a, i) => i % 40 == 1 ? a with { DuplicateOf = articles[i - 1].Id } : a).ToList();
        foreach (var batch in articles.Chunk(500))
        {
            await Store.UpsertAsync(batch, CancellationToken.None);
        }

        // Places for country: filters: Basra (most articles) is in Iraq, and every 37th article also names Oslo, so
        // "country:NO" is a small share of the store (gathered as a set) and "country:IQ" a large one (checked per row).
        static string Place(string name, string code) =>
            $$"""{"text":"{{name}}","start":0,"end":{{name.Length}},"name":"{{name}}","geonameId":null,"countryCode":"{{code}}","lat":null,"lon":null}""";
        var annotations = articles.Select((a, i) => (a, i)).Where(x => x.a.DuplicateOf is null).Select(x =>
        {
            var places = new List<string>();
            if ((x.a.Title + " " + x.a.Text).Contains("Basra", StringComparison.Ordinal))
            {
                places.Add(Place("Basra", "IQ"));
            }

            if (x.i % 37 == 0)
            {
                places.Add(Place("Oslo", "no"));
            }

            return (x.a.Id, $$"""{"entities":[],"places":[{{string.Join(',', places)}}]}""");
        }).ToList();
        await Store.SaveAnnotationsAsync(annotations, CancellationToken.None);
    }

    [Theory]
    [InlineData("oil")]
    [InlineData("drought AND court")]
    [InlineData("oil outlet:DVIDS")]
    [InlineData("oil lang:fr")]
    [InlineData("Basra after:2024-06-01 before:2024-09-30")]
    [InlineData("oil before:2024-12-31")]
    [InlineData("oil after:2025-06-01")]
    [InlineData("oil after:2024-05-01 before:2024-05-31")]
    [InlineData("oil outlet:DVIDS after:2024-05-01 before:2024-06-15")]
    [InlineData("(talks OR bank) -army")]
    [InlineData("oil country:IQ")]
    [InlineData("oil country:no")]
    [InlineData("oil country:NO after:2024-05-01 before:2024-09-30")]
    [InlineData("oil outlet:DVIDS country:IQ")]
    public async Task Newest_first_pages_walked_through_the_date_index_match_sorting_every_match(string q)
    {
        var query = TopicQuery.Parse(q);
        foreach (var offset in new[] { 0, 40, 700 })
        {
            var options = new SearchOptions(20, offset, SearchSort.Newest);
            var expected = await Store.SearchAsync(query, options, CancellationToken.None);
            var walked = await Store.SearchPageAsync(query, options, indexWalkThreshold: 0, CancellationToken.None);
            var bounded = await Store.SearchBoundedAsync(query, options, 10_000, CancellationToken.None);
            Assert.Equal(expected.Total, walked.Total);
            Assert.Equal(expected.Hits.Select(h => h.Article.Id), walked.Hits.Select(h => h.Article.Id));
            Assert.Equal(expected.Hits.Select(h => h.Article.Id), bounded.Hits.Select(h => h.Article.Id));
            Assert.Equal(expected.Total, bounded.Total);
            Assert.False(bounded.TotalIsLowerBound);
        }
    }

    [Theory]
    [InlineData("oil")]
    [InlineData("oil outlet:DVIDS")]
    [InlineData("Basra lang:en")]
    [InlineData("oil after:2024-05-01 before:2024-05-31")]
    public async Task Unbounded_relevance_ranks_every_match_as_the_reference_does(string q)
    {
        var query = TopicQuery.Parse(q);
        var options = new SearchOptions(30, 10, SearchSort.Relevance);
        var expected = await Store.SearchAsync(query, options, CancellationToken.None);
        var actual = await Store.SearchPageAsync(query, options, CancellationToken.None);
        Assert.Equal(expected.Total, actual.Total);
        Assert.Equal(expected.Hits.Select(h => Math.Round(h.Rank, 9)), actual.Hits.Select(h => Math.Round(h.Rank, 9)));
    }

    [Fact]
    public async Task Bounded_relevance_says_how_many_it_ranked_and_ranks_them_in_order()
    {
        var query = TopicQuery.Parse("oil");
        var all = await Store.SearchAsync(query, new SearchOptions(0), CancellationToken.None);
        Assert.True(all.Total > SqliteStore.RankWindow / 4);
        var page = await Store.SearchBoundedAsync(query, new SearchOptions(20, 0, SearchSort.Relevance), 100, CancellationToken.None);
        Assert.True(page.TotalIsLowerBound);
        Assert.Equal(100, page.Total);
        Assert.Equal(100, page.RankedAmongNewest);
        Assert.Equal(page.Hits.Select(h => h.Rank).Order(), page.Hits.Select(h => h.Rank));

        // The best of the newest hundred can be no better than the best of all, and every hit really matches.
        var best = await Store.SearchAsync(query, new SearchOptions(1, 0, SearchSort.Relevance), CancellationToken.None);
        Assert.True(page.Hits[0].Rank >= best.Hits[0].Rank - 1e-9);
    }

    [Theory]
    [InlineData("oil", 5_000)]
    [InlineData("oil", 50)]
    [InlineData("oil outlet:Reuters", 5_000)]
    [InlineData("drought AND court lang:en", 5_000)]
    [InlineData("oil after:2024-05-01 before:2024-05-31", 5_000)]
    [InlineData("oil country:NO", 5_000)]
    [InlineData("oil country:IQ", 50)]
    public async Task Facets_after_a_search_equal_facets_counted_afresh(string q, int cap)
    {
        var query = TopicQuery.Parse(q);
        await Store.SearchBoundedAsync(query, new SearchOptions(20, 0, SearchSort.Relevance, Snippets: true), 10_000, CancellationToken.None);
        var reused = await Store.FacetsAsync(query, 10, cap, CancellationToken.None);
        await using var fresh = SqliteStore.OpenFolder(_dir);
        var counted = await fresh.FacetsAsync(query, 10, cap, CancellationToken.None);
        Assert.Equal(counted.Outlets, reused.Outlets);
        Assert.Equal(counted.Languages, reused.Languages);
        Assert.Equal(counted.Days, reused.Days);
        Assert.Equal(counted.Sampled, reused.Sampled);
        Assert.Equal((counted.OutletCount, counted.StoryCount, counted.First, counted.Last), (reused.OutletCount, reused.StoryCount, reused.First, reused.Last));

        var all = await Store.SearchAsync(query, new SearchOptions(10_000), CancellationToken.None);
        if (all.Total <= cap)
        {
            Assert.Null(counted.Sampled);
            Assert.Equal(all.Total, counted.Languages.Sum(l => l.Count));
        }
        else
        {
            Assert.Equal(cap, counted.Sampled);
            Assert.Equal(cap, counted.Languages.Sum(l => l.Count));
        }
    }

    [Theory]
    [InlineData("oil")]
    [InlineData("drought AND court lang:fr")]
    [InlineData("lang:fr")]
    public async Task Countries_of_the_matches_count_what_their_country_filters_find(string q)
    {
        var query = TopicQuery.Parse(q);
        var countries = await Store.CountriesAsync(query, 10, 10_000, CancellationToken.None);
        Assert.Equal(["IQ", "NO"], countries.Select(c => c.Value));
        foreach (var c in countries)
        {
            var filtered = await Store.SearchAsync(TopicQuery.Parse($"{q} country:{c.Value}"), new SearchOptions(0), CancellationToken.None);
            Assert.Equal(filtered.Total, c.Count);
        }

        // Capped, over the newest matches only: what the chart's split ranks by.
        var capped = await Store.CountriesAsync(query, 1, 20, CancellationToken.None);
        Assert.Equal("IQ", Assert.Single(capped).Value);
        Assert.InRange(capped[0].Count, 1, 20);
    }

    [Fact]
    public async Task A_write_after_a_search_shows_in_the_next_search_on_the_same_store()
    {
        var query = TopicQuery.Parse("zanzibar OR oil");
        var before = await Store.SearchBoundedAsync(query, new SearchOptions(5, 0, SearchSort.Relevance), 10_000, CancellationToken.None);
        await Store.UpsertAsync([new Article { Id = "z1", Url = "https://example.com/z1", Title = "Zanzibar Zanzibar Zanzibar", Text = "Zanzibar.", Published = DateTimeOffset.UtcNow }], CancellationToken.None);
        var after = await Store.SearchBoundedAsync(query, new SearchOptions(5, 0, SearchSort.Relevance), 10_000, CancellationToken.None);
        Assert.Equal(before.Total + 1, after.Total);
        Assert.Equal("z1", after.Hits[0].Article.Id);
        var facets = await Store.FacetsAsync(query, 10, 10_000, CancellationToken.None);
        Assert.Equal(after.Total, facets.Languages.Sum(l => l.Count));

        // A write through another connection (an ingester beside the server) is seen too.
        await using (var other = SqliteStore.OpenFolder(_dir))
        {
            await other.UpsertAsync([new Article { Id = "z2", Url = "https://example.com/z2", Title = "Zanzibar again", Text = "Zanzibar.", Published = DateTimeOffset.UtcNow }], CancellationToken.None);
        }

        var third = await Store.SearchBoundedAsync(query, new SearchOptions(5, 0, SearchSort.Newest), 10_000, CancellationToken.None);
        Assert.Equal(after.Total + 1, third.Total);
    }

    [Fact]
    public async Task A_plural_demonym_still_matches_though_the_query_names_only_its_singular()
    {
        var match = FtsQueryCompiler.Compile(TopicQuery.Parse("Iraq").Match!);
        Assert.Contains("\"iraqi\"", match, StringComparison.Ordinal);
        Assert.DoesNotContain("\"iraqis\"", match, StringComparison.Ordinal);
        await Store.UpsertAsync([new Article { Id = "pl", Url = "https://example.com/pl", Title = "Iraqis vote", Text = "Turnout was high among Iraqians abroad." }], CancellationToken.None);
        var hits = await Store.SearchAsync(TopicQuery.Parse("Iraq AND turnout"), new SearchOptions(10), CancellationToken.None);
        Assert.Contains(hits.Hits, h => h.Article.Id == "pl");
    }

    public async Task DisposeAsync()
    {
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }
    }
}
