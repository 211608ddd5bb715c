using System.Globalization;
using Herald.Annotate;
using Herald.Ingest;
using Herald.Model;
using Herald.Pipeline;
using Herald.Query;
using Herald.Storage.Sqlite;
using Herald.Text;

namespace Herald.Tests.Storage;

/// <summary>
/// <see cref="IArticleInsights"/>, the web UI's reads, on both stores at once: for every method SQLite (the reference)
/// and PostgreSQL must give equal answers, on the sample seed page and on a store larger than the bounds, where
/// facets are sampled, totals are lower bounds and relevance ranks among the newest matches only.
/// </summary>
public sealed class InsightsContractTests
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    /// <summary>Both stores, each fed by <paramref name="fill"/> the same way.</summary>
    private static async Task<(OwnedStore Sqlite, OwnedStore Postgres)> BothAsync(string name, Func<OwnedStore, Task> fill)
    {
        var postgres = await TestStores.OpenAsync(TestStores.Postgres, name);
        var sqlite = await TestStores.OpenAsync(TestStores.Sqlite, name);
        await fill(sqlite);
        await fill(postgres);
        return (sqlite, postgres);
    }

    /// <summary>The seed page, ingested and annotated by the real annotator (so annotations and countries exist).</summary>
    private static async Task SeedAsync(OwnedStore owned)
    {
        var store = owned.Store;
        await new FileIngestor(store, [new SeedPageImporter(OutletRegistry.CreateDefault(), TimeProvider.System)])
            .IngestAsync([TestPaths.SampleSeedPage], Ct);
        Assert.True(await AnnotationBacklog.RunAsync(store, ArticleAnnotator.CreateDefault, Ct) > 50);
    }

    private static readonly DateTimeOffset Start = new(2025, 3, 1, 0, 0, 0, TimeSpan.Zero);
    // One word each: the outlet is indexed too, and equal lengths keep every article tied on relevance.
    private static readonly string[] Outlets = ["Rudaw", "Shafaq", "Kurdistan24", "Monitor", "Nationals"];

    /// <summary>
    /// 3,000 articles (more than <see cref="SqliteStore.RankWindow"/>), all with "common" once in the same number of
    /// words, so relevance ties everywhere on both stores and the order falls to date then sequence, which both
    /// define alike. Dates run backwards against ingestion in places, some are missing, two outlets and two
    /// languages alternate, stories group some articles, and a third carry annotations naming a country. On
    /// PostgreSQL the second half's sequence numbers start 150,000 higher, so the newest 100,000 numbers its first look
    /// for the newest matches covers hold only that half: both its paths (enough found there, or not) are compared.
    /// </summary>
    private static async Task LargeAsync(OwnedStore owned)
    {
        var store = owned.Store;
        const int n = 3_000;
        var articles = new List<Article>(n);
        for (var i = 0; i < n; i++)
        {
            var word = i % 3 == 0 ? "tri" : i % 7 == 0 ? "sept" : "plain";
            articles.Add(new Article
            {
                Id = "big-" + i.ToString("D5", CultureInfo.InvariantCulture),
                Url = "https://example.org/big/" + i.ToString(CultureInfo.InvariantCulture),
                Title = "Common report " + word,
                Text = "Engineers " + word + " inspected dams.",
                Outlet = Outlets[i % Outlets.Length],
                Language = i % 4 == 0 ? "fr" : "en",
                // Hours apart, but every 10th article is dated a year earlier than its neighbours and every 50th not at all.
                Published = i % 50 == 49 ? null : Start.AddHours(i % 10 == 0 ? i - 8_760 : i),
            });
        }

        foreach (var (batch, i) in articles.Chunk(500).Select((b, i) => (b, i)))
        {
            if (i == 3 && owned.Location.Kind == TestStores.Postgres)
            {
                await owned.Location.ExecuteAsync("ALTER TABLE article_ids ALTER COLUMN seq RESTART WITH 151501");
            }

            await store.UpsertAsync(batch, Ct);
        }

        await store.AssignStoriesAsync(
            articles.Where((_, i) => i % 5 != 0).Select((a, i) => new StoryAssignment(a.Id, "story-" + (i % 40).ToString("D2", CultureInfo.InvariantCulture), null, null)).ToList(), Ct);
        await store.SaveAnnotationsAsync(
            articles.Where((_, i) => i % 3 == 0)
                .Select((a, i) => (a.Id, "{\"places\":[{\"name\":\"x\",\"countryCode\":\"" + (i % 4 == 0 ? "IQ" : i % 4 == 1 ? "SY" : "IR") + "\"}]}"))
                .ToList(), Ct);
    }

    private static IArticleInsights Insights(OwnedStore owned) => (IArticleInsights)owned.Store;

    private static string Show(SearchFacets f) =>
        $"sampled {f.Sampled}, outlets {f.OutletCount}, stories {f.StoryCount}, {f.First:O}..{f.Last:O}\n" +
        "outlets " + string.Join(", ", f.Outlets.Select(o => o.Value + "=" + o.Count)) + "\n" +
        // SQLite leaves languages with equal counts in no particular order without words; compared in one order here.
        "languages " + string.Join(", ", f.Languages.OrderByDescending(o => o.Count).ThenBy(o => o.Value, StringComparer.Ordinal).Select(o => o.Value + "=" + o.Count)) + "\n" +
        "days " + string.Join(", ", f.Days.Select(o => o.Value + "=" + o.Count));

    private static string Show(IEnumerable<FacetCount> counts) => string.Join(", ", counts.Select(o => o.Value + "=" + o.Count));

    private static string Show(BoundedSearchPage p, bool ordered) =>
        $"total {p.Total}{(p.TotalIsLowerBound ? "+" : "")}, ranked among {p.RankedAmongNewest}: " +
        string.Join(" ", ordered ? p.Hits.Select(h => h.Article.Id) : p.Hits.Select(h => h.Article.Id).Order(StringComparer.Ordinal));

    private static string Show(SearchPage p, bool ordered) => Show(new BoundedSearchPage(p.Hits, p.Total, false, null), ordered);

    /// <summary>Stories in one total order: SQLite leaves equal sizes and dates in grouping order.</summary>
    private static string Show(IReadOnlyList<StorySummary> stories) =>
        string.Join("\n", stories.OrderByDescending(s => s.Articles).ThenByDescending(s => s.Last ?? DateTimeOffset.MinValue).ThenBy(s => s.Id, StringComparer.Ordinal)
            .Select(s => $"{s.Id} {s.Articles} [{string.Join("|", s.Outlets)}] {s.First:O} {s.Last:O} {s.Headline}"));

    private static async Task SameFacetsAsync(OwnedStore sqlite, OwnedStore postgres, string text, int cap)
    {
        var q = text.Length == 0 ? TopicQuery.All : TopicQuery.Parse(text);
        var expected = await Insights(sqlite).FacetsAsync(q, 10, cap, Ct);
        Assert.True(expected.OutletCount > 0 || text.Length > 0, "the reference counted nothing");
        Assert.Equal(Show(expected), Show(await Insights(postgres).FacetsAsync(q, 10, cap, Ct)));
        Assert.Equal(Show(await Insights(sqlite).CountriesAsync(q, 10, cap, Ct)), Show(await Insights(postgres).CountriesAsync(q, 10, cap, Ct)));
    }

    private static async Task SameSearchAsync(OwnedStore sqlite, OwnedStore postgres, string text, int bound, SearchOptions options, bool ordered)
    {
        var q = TopicQuery.Parse(text);
        var expected = await Insights(sqlite).SearchBoundedAsync(q, options, bound, Ct);
        Assert.Equal(Show(expected, ordered), Show(await Insights(postgres).SearchBoundedAsync(q, options, bound, Ct), ordered));
        Assert.Equal(Show(await Insights(sqlite).SearchPageAsync(q, options, Ct), ordered), Show(await Insights(postgres).SearchPageAsync(q, options, Ct), ordered));
    }

    [SkippableFact]
    public async Task On_the_seed_page_both_stores_give_the_same_facets_countries_pages_stories_and_annotations()
    {
        var (sqlite, postgres) = await BothAsync("insights-seed", SeedAsync);
        await using (sqlite)
        await using (postgres)
        {
            string[] queries = ["Iraq", "Baghdad OR Mosul", "\"prime minister\"", "Iraq NOT Baghdad", "country:IQ", "Iraq country:IQ", "language:en", "Kurdistan after:2020-01-01"];
            foreach (var text in queries.Append(""))
            {
                foreach (var cap in new[] { 2_000, 5 })
                {
                    await SameFacetsAsync(sqlite, postgres, text, cap);
                }
            }

            foreach (var text in queries.Where(t => !t.StartsWith("language", StringComparison.Ordinal)))
            {
                foreach (var bound in new[] { 10_000, 3 })
                {
                    await SameSearchAsync(sqlite, postgres, text, bound, new SearchOptions(500, Sort: SearchSort.Newest), ordered: true);
                    await SameSearchAsync(sqlite, postgres, text, bound, new SearchOptions(4, 2, SearchSort.Newest), ordered: true);
                    // ts_rank and bm25 weigh differently: relevance pages hold the same articles, not in the same order.
                    await SameSearchAsync(sqlite, postgres, text, bound, new SearchOptions(500, Sort: SearchSort.Relevance), ordered: false);
                    await SameSearchAsync(sqlite, postgres, text, bound, new SearchOptions(0), ordered: false);
                }
            }

            var iraq = await Insights(postgres).SearchBoundedAsync(TopicQuery.Parse("Iraq"), new SearchOptions(5, Snippets: true), 100, Ct);
            Assert.True(iraq.Hits.Count == 5 && iraq.Hits.All(h => h.Snippet is { } s && s.Contains('\u0002')), "PostgreSQL snippets mark the matches");

            foreach (var (text, window) in new[] { ((string?)null, 20_000), (null, 7), ("Iraq", 20_000), ("Iraq", 5), ("country:IQ", 20_000) })
            {
                var q = text is null ? null : TopicQuery.Parse(text);
                var expected = await Insights(sqlite).ListRecentStoriesAsync(q, window, 1_000, Ct);
                Assert.NotEmpty(expected);
                Assert.Equal(Show(expected), Show(await Insights(postgres).ListRecentStoriesAsync(q, window, 1_000, Ct)));
            }

            var ids = new List<string>();
            await foreach (var a in sqlite.Store.ExportAsync(null, Ct))
            {
                ids.Add(a.Id);
            }

            ids.Add("no-such-article");
            var annotations = await Insights(sqlite).GetAnnotationsAsync(ids, Ct);
            Assert.True(annotations.Count > 50);
            Assert.Equal(annotations.OrderBy(kv => kv.Key, StringComparer.Ordinal), (await Insights(postgres).GetAnnotationsAsync(ids, Ct)).OrderBy(kv => kv.Key, StringComparer.Ordinal));
            Assert.Empty(await Insights(postgres).GetAnnotationsAsync([], Ct));
        }
    }

    [SkippableFact]
    public async Task Past_the_bounds_both_stores_sample_count_and_rank_the_same_newest_matches()
    {
        var (sqlite, postgres) = await BothAsync("insights-large", LargeAsync);
        await using (sqlite)
        await using (postgres)
        {
            foreach (var text in new[] { "common", "tri", "sept", "common language:fr", "common outlet:Rudaw", "\"common report\" NOT tri", "language:fr", "", "country:IQ", "common country:SY" })
            {
                foreach (var cap in new[] { 2_000, 20_000, 150 })
                {
                    await SameFacetsAsync(sqlite, postgres, text, cap);
                }
            }

            var sampled = await Insights(postgres).FacetsAsync(TopicQuery.Parse("common"), 10, 2_000, Ct);
            Assert.Equal(2_000, sampled.Sampled);
            Assert.Equal(2_000, sampled.Outlets.Sum(o => o.Count));

            foreach (var text in new[] { "common", "tri", "sept", "common language:fr", "\"common report\" NOT tri", "common country:SY" })
            {
                foreach (var bound in new[] { 10_000, 2_500, 1_000, 40 })
                {
                    foreach (var sort in new[] { SearchSort.Newest, SearchSort.Relevance })
                    {
                        // Every article ties on relevance, so even relevance pages agree in order (date, then sequence).
                        await SameSearchAsync(sqlite, postgres, text, bound, new SearchOptions(20, Sort: sort), ordered: true);
                        await SameSearchAsync(sqlite, postgres, text, bound, new SearchOptions(20, 2_200, sort), ordered: true);
                    }

                    await SameSearchAsync(sqlite, postgres, text, bound, new SearchOptions(0), ordered: true);
                }
            }

            var common = TopicQuery.Parse("common");
            var ranked = await Insights(postgres).SearchBoundedAsync(common, new SearchOptions(20, Sort: SearchSort.Relevance), 10_000, Ct);
            Assert.Equal((3_000, false, (int?)SqliteStore.RankWindow), (ranked.Total, ranked.TotalIsLowerBound, ranked.RankedAmongNewest));
            var capped = await Insights(postgres).SearchBoundedAsync(common, new SearchOptions(20), 2_500, Ct);
            Assert.Equal((2_500, true), (capped.Total, capped.TotalIsLowerBound));
            // Past the ranked window, "newest" is still by date over every match: the year-older articles come last.
            var oldest = await Insights(postgres).SearchBoundedAsync(common, new SearchOptions(10, 2_930), 10_000, Ct);
            Assert.All(oldest.Hits, h => Assert.True(h.Article.Published is null || h.Article.Published < Start.AddHours(3_000 - 8_760)));

            foreach (var (text, window) in new[] { ((string?)null, 20_000), (null, 1_000), ("tri", 500), ("common language:fr", 2_000), ("country:IR", 300) })
            {
                var q = text is null ? null : TopicQuery.Parse(text);
                var expected = await Insights(sqlite).ListRecentStoriesAsync(q, window, 10_000, Ct);
                Assert.NotEmpty(expected);
                Assert.Equal(Show(expected), Show(await Insights(postgres).ListRecentStoriesAsync(q, window, 10_000, Ct)));
                Assert.Equal(
                    Show(expected).Split('\n').Take(5),
                    Show(await Insights(postgres).ListRecentStoriesAsync(q, window, 5, Ct)).Split('\n'));
            }
        }
    }

    [SkippableFact]
    public async Task Both_stores_list_the_same_sources()
    {
        var (sqlite, postgres) = await BothAsync("insights-sources", _ => Task.CompletedTask);
        await using (sqlite)
        await using (postgres)
        {
            // A SQLite store without the ingestion stage's tables has no sources yet; PostgreSQL always has the table.
            Assert.Null(await Insights(sqlite).ListSourcesAsync(10, Ct));
            Assert.Empty((await Insights(postgres).ListSourcesAsync(10, Ct))!);
            var added = new DateTimeOffset(2025, 5, 1, 12, 0, 0, TimeSpan.Zero);
            foreach (var location in new[] { sqlite.Location, postgres.Location })
            {
                var (sources, owner) = await location.OpenSourcesAsync();
                await using (owner)
                {
                    await sources.AddAsync("https://example.org/feed.xml", "Example", added, Ct);
                    await sources.AddAsync("https://example.net/rss", null, added.AddMinutes(1), Ct);
                }
            }

            static string Rows(IReadOnlyList<IReadOnlyDictionary<string, object?>>? rows) =>
                string.Join("\n", rows!.Select(r => string.Join(", ", r.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => kv.Key + "=" + Convert.ToString(kv.Value, CultureInfo.InvariantCulture)))));

            var expected = Rows(await Insights(sqlite).ListSourcesAsync(10, Ct));
            Assert.Contains("added=" + added.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture), expected, StringComparison.Ordinal);
            Assert.Equal(expected, Rows(await Insights(postgres).ListSourcesAsync(10, Ct)));
            Assert.Single((await Insights(postgres).ListSourcesAsync(1, Ct))!);
        }
    }
}
