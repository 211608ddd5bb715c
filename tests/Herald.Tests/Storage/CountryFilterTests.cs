using Herald.Annotate;
using Herald.Ingest;
using Herald.Model;
using Herald.Pipeline;
using Herald.Query;
using Herald.Text;

namespace Herald.Tests.Storage;

/// <summary>
/// <c>country:XX</c> on every store, over the sample seed page annotated by the real annotator (its gazetteer): the
/// store's answer must equal the countries read back from each article's own stored annotations (a copy's from its
/// original's), through annotation, copy marking, a content change and the migration that fills older stores.
/// </summary>
public sealed class CountryFilterTests
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    private static async Task<OwnedStore> AnnotatedSeedAsync(string kind)
    {
        var owned = await TestStores.OpenAsync(kind, "country");
        await new FileIngestor(owned.Store, [new SeedPageImporter(OutletRegistry.CreateDefault(), TimeProvider.System)])
            .IngestAsync([TestPaths.SampleSeedPage], Ct);
        Assert.True(await AnnotationBacklog.RunAsync(owned.Store, ArticleAnnotator.CreateDefault, Ct) > 50);
        return owned;
    }

    /// <summary>The reference: each article's countries by reading annotations in C#, not through the store's table.</summary>
    private static async Task<Dictionary<string, HashSet<string>>> CountriesByArticleAsync(IArticleStore store)
    {
        var result = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        await foreach (var a in store.ExportAsync(null, Ct))
        {
            var json = await store.GetAnnotationsAsync(a.DuplicateOf ?? a.Id, Ct);
            result[a.Id] = AnnotationJson.Parse(json).Places.Select(p => p.CountryCode).OfType<string>()
                .Where(c => c.Length == 2).Select(c => c.ToUpperInvariant()).ToHashSet(StringComparer.Ordinal);
        }

        return result;
    }

    private static async Task<List<string>> IdsAsync(IArticleStore store, string query) =>
        (await store.SearchAsync(TopicQuery.Parse(query), new SearchOptions(Limit: 1000), Ct)).Hits.Select(h => h.Article.Id).Order(StringComparer.Ordinal).ToList();

    private static List<string> Expected(Dictionary<string, HashSet<string>> countries, string country, IEnumerable<string>? among = null) =>
        countries.Where(kv => kv.Value.Contains(country) && (among is null || among.Contains(kv.Key))).Select(kv => kv.Key).Order(StringComparer.Ordinal).ToList();

    [SkippableTheory]
    [MemberData(nameof(TestStores.Kinds), MemberType = typeof(TestStores))]
    public async Task Country_filter_finds_exactly_the_articles_whose_places_lie_in_that_country(string kind)
    {
        await using var owned = await AnnotatedSeedAsync(kind);
        var store = owned.Store;
        var reference = await CountriesByArticleAsync(store);
        var iraq = Expected(reference, "IQ");
        // The seed page is about Iraq: most of its headlines name a place there, so the filter has much to find.
        Assert.True(iraq.Count >= 10, $"{iraq.Count} articles about Iraq");
        Assert.Equal(iraq, await IdsAsync(store, "country:IQ"));
        Assert.Equal(iraq, await IdsAsync(store, "country:iq"));
        foreach (var other in reference.Values.SelectMany(c => c).Distinct().Where(c => c != "IQ"))
        {
            Assert.Equal(Expected(reference, other), await IdsAsync(store, "country:" + other));
        }

        // Combined with words and other filters, it narrows them.
        var words = await IdsAsync(store, "Iraq OR Iraqi OR Baghdad");
        Assert.Equal(Expected(reference, "IQ", words), await IdsAsync(store, "(Iraq OR Iraqi OR Baghdad) country:IQ"));
        Assert.Empty(await IdsAsync(store, "country:ZZ"));

        // Per day, as the attention export counts it, the same articles.
        var perDay = await ((IDailyCounts)store).CountByDayAsync(TopicQuery.Parse("country:IQ"), Ct);
        Assert.Equal(iraq.Count, perDay.Sum(d => d.Count));
    }

    [SkippableTheory]
    [MemberData(nameof(TestStores.Kinds), MemberType = typeof(TestStores))]
    public async Task A_copy_counts_with_its_original_and_a_changed_article_with_its_new_annotations(string kind)
    {
        await using var owned = await AnnotatedSeedAsync(kind);
        var store = owned.Store;
        // An article with a URL, so a changed text keeps its identity (the seed's items are known by their headlines).
        await store.UpsertAsync([new Article
        {
            Id = "dam", Url = "https://example.com/mosul-dam", Title = "Mosul Dam needs repairs", Outlet = "Reuters", Language = "en",
            Published = new DateTimeOffset(2025, 7, 1, 9, 0, 0, TimeSpan.Zero), Text = "Engineers in Baghdad, Iraq, said on Tuesday that the dam near Mosul needs repairs.",
        }], Ct);
        Assert.Equal(1, await AnnotationBacklog.RunAsync(store, ArticleAnnotator.CreateDefault, Ct));
        var reference = await CountriesByArticleAsync(store);
        const string original = "dam";
        Assert.Contains(original, Expected(reference, "IQ"));
        var copy = reference.First(kv => kv.Value.Count == 0).Key;
        Assert.DoesNotContain(copy, await IdsAsync(store, "country:IQ"));

        // Marked a copy: it says what its original says (copies are never annotated themselves).
        await store.AssignStoriesAsync([new StoryAssignment(copy, "s-copy", original, null)], Ct);
        Assert.Contains(copy, await IdsAsync(store, "country:IQ"));
        Assert.Equal(Expected(await CountriesByArticleAsync(store), "IQ"), await IdsAsync(store, "country:IQ"));
        // No longer a copy: its own (empty) places again.
        await store.AssignStoriesAsync([new StoryAssignment(copy, "s-copy", null, null)], Ct);
        Assert.DoesNotContain(copy, await IdsAsync(store, "country:IQ"));
        await store.AssignStoriesAsync([new StoryAssignment(copy, "s-copy", original, null)], Ct);

        // The original's text changes (same identity, so the same article): its annotations are dropped, and with
        // them its countries and its copy's, until it is annotated again.
        var stored = (await store.GetAsync(original, Ct))!;
        Assert.Equal(1, (await store.UpsertAsync([stored with { Text = "Heavy rain flooded streets in Oslo and Bergen on Monday." }], Ct)).Updated);
        var without = await IdsAsync(store, "country:IQ");
        Assert.DoesNotContain(original, without);
        Assert.DoesNotContain(copy, without);
        Assert.Equal(1, await AnnotationBacklog.RunAsync(store, ArticleAnnotator.CreateDefault, Ct));
        var norway = await IdsAsync(store, "country:NO");
        Assert.Contains(original, norway);
        Assert.Contains(copy, norway);
        Assert.Equal(Expected(await CountriesByArticleAsync(store), "NO"), norway);

        // Annotations replaced in place (another annotator run): the article and its copy follow; a code in lower case
        // counts, a place without a two-letter code does not, and text that is not JSON stores with no country.
        await store.SaveAnnotationsAsync(original, """{"places":[{"text":"Suva","start":0,"end":4,"name":"Suva","countryCode":"fj"},{"text":"Atlantis","start":0,"end":8,"name":"Atlantis","countryCode":"XXX"},"Oslo"]}""", Ct);
        Assert.Equal(new[] { copy, original }.Order(StringComparer.Ordinal), await IdsAsync(store, "country:FJ"));
        Assert.DoesNotContain(original, await IdsAsync(store, "country:NO"));
        await store.SaveAnnotationsAsync(original, "not json", Ct);
        Assert.Empty(await IdsAsync(store, "country:FJ"));
        Assert.Equal("not json", await store.GetAnnotationsAsync(original, Ct));
    }

    [SkippableTheory]
    [MemberData(nameof(TestStores.Kinds), MemberType = typeof(TestStores))]
    public async Task The_migration_fills_the_countries_of_articles_annotated_before_it(string kind)
    {
        await using var owned = await AnnotatedSeedAsync(kind);
        var expected = await IdsAsync(owned.Store, "country:IQ");
        Assert.NotEmpty(expected);
        var rows = await owned.Location.CountRowsAsync("article_countries");
        await owned.Store.DisposeAsync();

        // Back to the schema before the table existed (annotations stay), then open again: the migration runs.
        if (kind == TestStores.Sqlite)
        {
            await owned.Location.ExecuteAsync("""
                DROP TABLE article_countries;
                DROP TRIGGER countries_annotations_ai; DROP TRIGGER countries_annotations_au; DROP TRIGGER countries_annotations_ad;
                DROP TRIGGER countries_articles_au; DROP TRIGGER countries_articles_ai;
                PRAGMA user_version = 11;
                """);
        }
        else
        {
            await owned.Location.ExecuteAsync("""
                DROP TABLE article_countries;
                DROP TRIGGER annotations_countries ON annotations; DROP TRIGGER articles_countries_copy ON articles;
                DROP TRIGGER articles_countries_new_copy ON articles;
                DROP FUNCTION herald_countries_of_annotations(); DROP FUNCTION herald_countries_of_article();
                DROP FUNCTION herald_set_countries(bigint, text); DROP FUNCTION herald_place_countries(text);
                """);
            // The migrator applies what lies past the newest version recorded, and later migrations stand on this
            // one's schema, so its own SQL runs again here, as the migrator ran it.
            await owned.Location.ExecuteAsync(Herald.Storage.Postgres.PostgresMigrations.All.Single(m => m.Version == 7).Sql);
        }

        await using var reopened = await owned.Location.OpenAsync();
        Assert.Equal(rows, await owned.Location.CountRowsAsync("article_countries"));
        Assert.Equal(expected, await IdsAsync(reopened, "country:IQ"));
    }
}
