using Herald.Ingest;
using Herald.Model;
using Herald.Pipeline;
using Herald.Query;
using Herald.Text;

namespace Herald.Tests.Storage;

/// <summary>
/// The storage contract, written once against the interfaces and run on every store kind (<see cref="TestStores"/>):
/// a store that passes it on SQLite passes it on PostgreSQL.
/// </summary>
public sealed class StoreContractTests
{
    private static async Task<OwnedStore> SeededStoreAsync(string kind)
    {
        var owned = await TestStores.OpenAsync(kind);
        var ingestor = new FileIngestor(owned.Store, [new SeedPageImporter(OutletRegistry.CreateDefault(), TimeProvider.System)]);
        await ingestor.IngestAsync([TestPaths.SampleSeedPage], CancellationToken.None);
        return owned;
    }

    private static async Task<List<string>> TitlesAsync(IArticleStore store, string query) =>
        (await store.SearchAsync(TopicQuery.Parse(query), new SearchOptions(Limit: 500), CancellationToken.None)).Hits.Select(h => h.Article.Title).ToList();

    [SkippableTheory]
    [MemberData(nameof(TestStores.Kinds), MemberType = typeof(TestStores))]
    public async Task Ingesting_the_same_page_twice_changes_nothing(string kind)
    {
        await using var owned = await SeededStoreAsync(kind);
        var store = owned.Store;
        var again = await new FileIngestor(store, [new SeedPageImporter(OutletRegistry.CreateDefault(), TimeProvider.System)])
            .IngestAsync([TestPaths.SampleSeedPage], CancellationToken.None);
        // The ingest ledger knows the file's bytes: it is not even read again.
        Assert.Equal(1, again.Unchanged);
        Assert.Equal(UpsertSummary.Empty, again.Articles);
        // The store tells unchanged records apart by their fingerprints too: upserting them again writes nothing.
        var page = new SeedPageReader(OutletRegistry.CreateDefault()).ReadFile(TestPaths.SampleSeedPage);
        Assert.Equal(new UpsertSummary(0, 0, 81), await store.UpsertAsync([.. SeedPageArticles.ToArticles(page, DateTimeOffset.UtcNow)], CancellationToken.None));
        Assert.Equal(81, (await store.SummarizeAsync(null, CancellationToken.None)).Articles);
    }

    [SkippableTheory]
    [MemberData(nameof(TestStores.Kinds), MemberType = typeof(TestStores))]
    public async Task A_changed_record_is_updated_in_place_not_duplicated(string kind)
    {
        await using var owned = await TestStores.OpenAsync(kind);
        var store = owned.Store;
        var a = new Article { Id = "a1", Url = "https://example.com/a?x=1", Title = "First title", Text = "Body." };
        Assert.Equal(1, (await store.UpsertAsync([a], CancellationToken.None)).Inserted);
        var changed = a with { Url = "https://EXAMPLE.com/a?x=1#comments", Title = "Second title" };
        Assert.Equal(1, (await store.UpsertAsync([changed], CancellationToken.None)).Updated);
        var stored = await store.GetAsync("a1", CancellationToken.None);
        Assert.Equal("Second title", stored!.Title);
        Assert.Equal(1, (await store.SummarizeAsync(null, CancellationToken.None)).Articles);
    }

    [SkippableTheory]
    [MemberData(nameof(TestStores.Kinds), MemberType = typeof(TestStores))]
    public async Task The_search_index_follows_a_move_to_another_month_and_ignores_story_writes(string kind)
    {
        await using var owned = await TestStores.OpenAsync(kind);
        var store = owned.Store;
        var ct = CancellationToken.None;
        var jan = new DateTimeOffset(2025, 1, 10, 9, 0, 0, TimeSpan.Zero);
        await store.UpsertAsync([Dated("m1", "Dam talks open in Mosul", "Engineers inspected the spillway.", jan), Dated("m2", "Basra port reopens", "Cranes are back.", jan)], ct);
        await store.AssignStoriesAsync([new StoryAssignment("m1", "s-dam", null, null)], ct);
        await store.SaveAnnotationsAsync("m1", "{}", ct);
        // A corrected date six months later moves the row to another month (another partition on PostgreSQL).
        Assert.Equal(1, (await store.UpsertAsync([Dated("m1", "Dam talks resume in Mosul", "Engineers returned to the grouting galleries.", jan.AddMonths(6))], ct)).Updated);
        // The new content drops the old annotations; the story it had stays, as the new version names none.
        Assert.Null(await store.GetAnnotationsAsync("m1", ct));
        Assert.Equal("s-dam", (await store.GetAsync("m1", ct))!.Story);
        Assert.Equal(jan.AddMonths(6), (await store.GetAsync("m1", ct))!.Published);
        await store.AssignStoriesAsync([new StoryAssignment("m1", "m1", null, null), new StoryAssignment("m2", "m1", null, null)], ct);
        Assert.Equal(["Dam talks resume in Mosul"], await TitlesAsync(store, "grouting"));
        Assert.Empty(await TitlesAsync(store, "spillway"));
        Assert.Equal(["Dam talks resume in Mosul"], await TitlesAsync(store, "Mosul after:2025-07-01"));
        Assert.Equal(["Basra port reopens"], await TitlesAsync(store, "cranes"));
        Assert.Equal(2, (await store.SearchAsync(TopicQuery.Parse("Mosul OR Basra"), new SearchOptions(Sort: SearchSort.Relevance), ct)).Total);
    }

    [SkippableTheory]
    [MemberData(nameof(TestStores.Kinds), MemberType = typeof(TestStores))]
    public async Task Two_different_articles_with_one_id_in_one_batch_are_both_kept(string kind)
    {
        await using var owned = await TestStores.OpenAsync(kind);
        var store = owned.Store;
        var ct = CancellationToken.None;
        // Two folders each with a 1.html: the same id, different pages.
        var summary = await store.UpsertAsync(
            [new Article { Id = "1", Url = "https://a.example/1.html", Title = "Kirkuk oil", Text = "Pumping resumed." },
             new Article { Id = "1", Url = "https://b.example/1.html", Title = "Erbil power", Text = "Lines repaired." }], ct);
        Assert.Equal(2, summary.Inserted);
        var ids = (await store.SearchAsync(TopicQuery.Parse("Kirkuk OR Erbil"), new SearchOptions(), ct)).Hits.Select(h => h.Article.Id).ToList();
        Assert.Equal(2, ids.Distinct().Count());
        Assert.Contains("1", ids);
    }

    [SkippableTheory]
    [MemberData(nameof(TestStores.Kinds), MemberType = typeof(TestStores))]
    public async Task Two_versions_of_one_article_in_one_batch_keep_the_search_index_sound(string kind)
    {
        // The readability test pages hold two pages with one canonical URL; in one batch the second used to update a
        // row the index had not seen yet, and SQLite then called the file malformed.
        await using var owned = await TestStores.OpenAsync(kind);
        var store = owned.Store;
        var first = new Article { Id = "p1", Url = "https://example.com/same", Title = "Harbour works begin", Text = "The harbour works began on Monday." };
        var second = first with { Id = "p2", Title = "Harbour works delayed", Text = "The harbour works were delayed by storms." };
        var summary = await store.UpsertAsync([first, second, new Article { Id = "p3", Url = "https://example.com/other", Title = "Other", Text = "Other text." }], CancellationToken.None);
        Assert.Equal(2, summary.Inserted);
        Assert.Equal(1, summary.Updated);
        Assert.Equal(["Harbour works delayed"], await TitlesAsync(store, "harbour"));
        Assert.Equal(["Harbour works delayed"], await TitlesAsync(store, "storms"));
        Assert.Empty(await TitlesAsync(store, "Monday"));
        await store.UpsertAsync([second with { Text = "The harbour works resumed." }], CancellationToken.None);
        Assert.Equal(["Harbour works delayed"], await TitlesAsync(store, "resumed"));
    }

    [SkippableTheory]
    [MemberData(nameof(TestStores.Kinds), MemberType = typeof(TestStores))]
    public async Task Tracking_and_amp_variants_of_a_link_are_the_same_article(string kind)
    {
        await using var owned = await TestStores.OpenAsync(kind);
        var store = owned.Store;
        var a = new Article { Id = "a1", Url = "https://www.example.com/news/story", Title = "Title", Text = "Body." };
        await store.UpsertAsync([a], CancellationToken.None);
        var variant = a with { Id = "a2", Url = "http://m.example.com/news/story/amp?utm_source=rss&fbclid=x" };
        var summary = await store.UpsertAsync([variant], CancellationToken.None);
        Assert.Equal(0, summary.Inserted);
        Assert.Equal(1, (await store.SummarizeAsync(null, CancellationToken.None)).Articles);
    }

    [SkippableTheory]
    [MemberData(nameof(TestStores.Kinds), MemberType = typeof(TestStores))]
    public async Task A_proper_noun_also_matches_its_demonym_and_possessive(string kind)
    {
        await using var owned = await SeededStoreAsync(kind);
        var store = owned.Store;
        var titles = await TitlesAsync(store, "Iraq");
        Assert.Equal(81, titles.Count);
        Assert.Contains("Iraqi Government Prepares to Take Control of Sons of Iraq Program", titles);
        var iraqi = await TitlesAsync(store, "Iraq NOT \"in Iraq\" NOT \"of Iraq\" NOT \"Iraq War\"");
        Assert.Contains(iraqi, t => t.Contains("Iraqi", StringComparison.Ordinal) || t.Contains("Iraq's", StringComparison.Ordinal));
    }

    [SkippableTheory]
    [MemberData(nameof(TestStores.Kinds), MemberType = typeof(TestStores))]
    public async Task Stemming_matches_other_forms_of_a_word(string kind)
    {
        await using var owned = await SeededStoreAsync(kind);
        var store = owned.Store;
        Assert.Contains("World Bank approves over $1bn for projects in Iraq, Syria and Lebanon", await TitlesAsync(store, "approve"));
        Assert.Contains("Kurdish fighters in northern Iraq to hand over weapons in first step toward disarmament", await TitlesAsync(store, "fighter"));
    }

    [SkippableTheory]
    [MemberData(nameof(TestStores.Kinds), MemberType = typeof(TestStores))]
    public async Task Boolean_operators_phrases_and_filters_narrow_results(string kind)
    {
        await using var owned = await SeededStoreAsync(kind);
        var store = owned.Store;
        Assert.Equal(4, (await TitlesAsync(store, "\"World Bank\" approves")).Count);
        Assert.Single(await TitlesAsync(store, "\"World Bank\" approves outlet:kurdistan24.net"));
        Assert.Equal(15, (await TitlesAsync(store, "Iraq outlet:DVIDS")).Count);
        var julySeventh = await TitlesAsync(store, "Iraq after:2025-07-06 before:2025-07-06");
        Assert.Equal(5, julySeventh.Count);
        Assert.DoesNotContain(await TitlesAsync(store, "Turkey water -Tigris"), t => t.Contains("Tigris", StringComparison.Ordinal));
    }

    [SkippableTheory]
    [MemberData(nameof(TestStores.Kinds), MemberType = typeof(TestStores))]
    public async Task Topics_are_saved_listed_and_deleted(string kind)
    {
        await using var owned = await TestStores.OpenAsync(kind);
        var store = owned.Store;
        await store.SaveTopicAsync(new Topic("Iraq", "Iraq", DateTimeOffset.UnixEpoch), CancellationToken.None);
        await store.SaveTopicAsync(new Topic("iraq", "Iraq AND oil", DateTimeOffset.UnixEpoch), CancellationToken.None);
        var topic = Assert.Single(await store.ListTopicsAsync(CancellationToken.None));
        Assert.Equal("Iraq AND oil", topic.Query);
        Assert.True(await store.DeleteTopicAsync("IRAQ", CancellationToken.None));
        Assert.Null(await store.GetTopicAsync("Iraq", CancellationToken.None));
    }

    private static Article Dated(string id, string title, string text, DateTimeOffset? published, string outlet = "Reuters") => new()
    {
        Id = id, Url = $"https://example.com/{id}", Title = title, Text = text, Outlet = outlet, Published = published, Language = "en",
        FirstSeen = new DateTimeOffset(2025, 7, 20, 6, 0, 0, TimeSpan.Zero),
    };

    private static readonly DateTimeOffset July = new(2025, 7, 1, 9, 0, 0, TimeSpan.Zero);

    [SkippableTheory]
    [MemberData(nameof(TestStores.Kinds), MemberType = typeof(TestStores))]
    public async Task Relevance_puts_a_title_match_first_and_newest_puts_undated_articles_last(string kind)
    {
        await using var owned = await TestStores.OpenAsync(kind);
        var store = owned.Store;
        await store.UpsertAsync(
        [
            Dated("body", "Talks in Ankara", "Officials said the reservoir of the dam was low, and the talks went on.", July.AddDays(3)),
            Dated("title", "Reservoir levels fall", "Officials met on Monday.", July),
            Dated("undated", "Reservoir map", "A reservoir map.", null),
            Dated("none", "Football", "The club won.", July.AddDays(5)),
        ], CancellationToken.None);

        var relevance = await store.SearchAsync(TopicQuery.Parse("reservoir"), new SearchOptions(Sort: SearchSort.Relevance, Snippets: true), CancellationToken.None);
        Assert.Equal(3, relevance.Total);
        Assert.Equal("body", relevance.Hits[^1].Article.Id);
        Assert.True(relevance.Hits[0].Rank < relevance.Hits[^1].Rank, "a better match has a lower rank, as bm25 gives it");
        var snippet = relevance.Hits.Single(h => h.Article.Id == "body").Snippet;
        Assert.Contains("\u0002reservoir\u0003", snippet, StringComparison.Ordinal);

        var newest = await store.SearchAsync(TopicQuery.Parse("reservoir"), new SearchOptions(Sort: SearchSort.Newest), CancellationToken.None);
        Assert.Equal(["body", "title", "undated"], newest.Hits.Select(h => h.Article.Id));
        var paged = await store.SearchAsync(TopicQuery.Parse("reservoir"), new SearchOptions(Limit: 1, Offset: 1, Sort: SearchSort.Newest), CancellationToken.None);
        Assert.Equal((3, "title"), (paged.Total, Assert.Single(paged.Hits).Article.Id));
        Assert.Equal(["none", "body", "title", "undated"], await store.ExportAsync(null, CancellationToken.None).Select(a => a.Id).ToListAsync());
    }

    [SkippableTheory]
    [MemberData(nameof(TestStores.Kinds), MemberType = typeof(TestStores))]
    public async Task Articles_read_back_equal_to_what_was_stored(string kind)
    {
        await using var owned = await TestStores.OpenAsync(kind);
        var store = owned.Store;
        var a = new Article
        {
            Id = "full", Url = "https://example.com/full", CanonicalUrl = "https://example.com/full", Title = "Mosul Dam: engineers warn",
            Section = "World", Authors = ["Jane Doe", "John Roe"], Published = new DateTimeOffset(2025, 7, 9, 14, 30, 15, 123, TimeSpan.FromHours(3)),
            DateOnly = false, PublishedSource = DateSource.Metadata, Outlet = "Reuters", Language = "en", Text = "First paragraph.\n\nSecond, with ü and 💧.",
            Image = "https://example.com/i.jpg", FirstSeen = new DateTimeOffset(2025, 7, 9, 12, 0, 0, TimeSpan.Zero),
        };
        await store.UpsertAsync([a], CancellationToken.None);
        var back = await store.GetAsync("full", CancellationToken.None);
        Assert.Equal(a with { Published = a.Published!.Value.ToUniversalTime() }, back! with { Authors = a.Authors });
        Assert.Equal(a.Authors, back.Authors);
        Assert.Equal(TimeSpan.Zero, back.Published!.Value.Offset);
        Assert.Null(await store.GetAsync("missing", CancellationToken.None));
    }

    [SkippableTheory]
    [MemberData(nameof(TestStores.Kinds), MemberType = typeof(TestStores))]
    public async Task Chronological_reads_follow_publication_then_first_seen_within_bounds(string kind)
    {
        await using var owned = await TestStores.OpenAsync(kind);
        var store = owned.Store;
        await store.UpsertAsync(
        [
            Dated("c", "C", "c", July.AddDays(30)),
            Dated("a", "A", "a", July),
            Dated("undated", "U", "u", null),
            Dated("b", "B", "b", July.AddDays(1)),
        ], CancellationToken.None);
        Assert.Equal(["a", "b", "undated", "c"], await store.ReadChronologicalAsync(null, CancellationToken.None).Select(x => x.Id).ToListAsync());
        Assert.Equal(["b", "undated"], await store.ReadChronologicalAsync(July.AddDays(1), July.AddDays(30), CancellationToken.None).Select(x => x.Id).ToListAsync());
        Assert.Equal(
            [(new DateTimeOffset(2025, 7, 1, 0, 0, 0, TimeSpan.Zero), 1), (new DateTimeOffset(2025, 7, 2, 0, 0, 0, TimeSpan.Zero), 1),
             (new DateTimeOffset(2025, 7, 20, 0, 0, 0, TimeSpan.Zero), 1), (new DateTimeOffset(2025, 7, 31, 0, 0, 0, TimeSpan.Zero), 1)],
            await store.UnclusteredDaysAsync(CancellationToken.None));
    }

    [SkippableTheory]
    [MemberData(nameof(TestStores.Kinds), MemberType = typeof(TestStores))]
    public async Task Story_assignments_listings_facts_and_aliases_agree(string kind)
    {
        await using var owned = await TestStores.OpenAsync(kind);
        var store = owned.Store;
        await store.UpsertAsync(
        [
            Dated("a1", "Dam talks open", "Dam talks opened.", July, "Reuters"),
            Dated("a2", "Dam talks go on", "Dam talks went on.", July.AddDays(1), "AP"),
            Dated("a3", "Dam talks copy", "Dam talks opened.", July.AddDays(2), "Reuters"),
            Dated("b1", "Football final", "The final was played.", July.AddDays(1), "BBC"),
            Dated("lone", "Lone dam item", "", July.AddDays(2), "AFP"),
        ], CancellationToken.None);
        await store.AssignStoriesAsync(
        [
            new StoryAssignment("a1", "S", null, null), new StoryAssignment("a2", "S", null, null),
            new StoryAssignment("a3", "S", "a1", July.AddDays(2)), new StoryAssignment("b1", "T", null, null),
        ], CancellationToken.None);

        var copy = (await store.GetAsync("a3", CancellationToken.None))!;
        Assert.Equal(("S", "a1", July.AddDays(2)), (copy.Story, copy.DuplicateOf, copy.Republished));
        Assert.Equal(["a1", "a2", "a3"], (await store.GetStoryArticlesAsync("S", CancellationToken.None)).Select(a => a.Id));
        Assert.Equal(["lone"], (await store.GetStoryArticlesAsync("lone", CancellationToken.None)).Select(a => a.Id));
        var facts = await store.StoryFactsAsync(["S", "T", "X"], CancellationToken.None);
        Assert.Equal(((July, 3), (July.AddDays(1), 1)), (facts["S"], facts["T"]));
        Assert.False(facts.ContainsKey("X"));
        Assert.Equal(new HashSet<string> { "S", "T" }, (await store.TakenStoryIdsAsync(["S", "T", "X", "a1"], CancellationToken.None)).ToHashSet());
        Assert.Equal(new Dictionary<string, string> { ["a1"] = "S", ["b1"] = "T" }, await store.StoriesOfAsync(["a1", "b1", "lone", "nope"], CancellationToken.None));
        Assert.Equal([(new DateTimeOffset(2025, 7, 3, 0, 0, 0, TimeSpan.Zero), 1)], await store.UnclusteredDaysAsync(CancellationToken.None));

        var stories = await store.ListStoriesAsync(null, 10, CancellationToken.None);
        Assert.Equal(["S", "lone", "T"], stories.Select(s => s.Id));  // by size, then the latest article
        var s = stories[0];
        Assert.Equal(("Dam talks open", 3, July, July.AddDays(2)), (s.Headline, s.Articles, s.First!.Value, s.Last!.Value));
        Assert.Equal(["AP", "Reuters"], s.Outlets);
        Assert.Equal(["S", "lone"], (await store.ListStoriesAsync(TopicQuery.Parse("dam"), 10, CancellationToken.None)).Select(x => x.Id));
        var summary = await store.SummarizeAsync(TopicQuery.Parse("dam"), CancellationToken.None);
        Assert.Equal(new StoreSummary(4, 3, 3, July, July.AddDays(2), 2), summary);

        // T merges into S: its members follow, the old id resolves, the recorded headline wins.
        await store.ApplyStoryChangesAsync([], [("T", "S")], [new StoryHeadline("S", "Dam talks: the story")], CancellationToken.None);
        Assert.Equal("S", (await store.GetAsync("b1", CancellationToken.None))!.Story);
        Assert.Equal("S", await store.ResolveStoryAsync("T", CancellationToken.None));
        Assert.Equal("lone", await store.ResolveStoryAsync("lone", CancellationToken.None));
        Assert.Null(await store.ResolveStoryAsync("nope", CancellationToken.None));
        Assert.Equal("Dam talks: the story", (await store.ListStoriesAsync(null, 1, CancellationToken.None))[0].Headline);
        Assert.Contains("T", await store.TakenStoryIdsAsync(["T"], CancellationToken.None));
    }

    [SkippableTheory]
    [MemberData(nameof(TestStores.Kinds), MemberType = typeof(TestStores))]
    public async Task The_ingest_ledger_and_learned_outlets_persist(string kind)
    {
        await using var location = TestStores.Create(kind);
        await using (var store = await location.OpenAsync())
        {
            var ledger = (IIngestLedger)store;
            await ledger.RecordFilesAsync([("h1", "/a.txt"), ("h2", "/b.txt")], CancellationToken.None);
            var outlets = (IOutletStore)store;
            await outlets.SaveOutletsAsync([new Outlet("kurdistan24", "Kurdistan24", ["kurdistan24.net"])], CancellationToken.None);
            await outlets.SaveOutletsAsync([new Outlet("kurdistan24", "Kurdistan 24", []), new Outlet("abc", "ABC News", ["abc.net.au"])], CancellationToken.None);
        }

        await using var again = await location.OpenAsync();
        Assert.Equal(new HashSet<string> { "h1", "h2" }, (await ((IIngestLedger)again).KnownFilesAsync(["h1", "h2", "h3"], CancellationToken.None)).ToHashSet());
        var loaded = await ((IOutletStore)again).LoadOutletsAsync(CancellationToken.None);
        Assert.Equal([("abc", "ABC News"), ("kurdistan24", "Kurdistan24")], loaded.Select(o => (o.Key, o.Name)));
        Assert.Equal(["kurdistan24.net"], loaded[1].Domains);
    }

    [SkippableTheory]
    [MemberData(nameof(TestStores.Kinds), MemberType = typeof(TestStores))]
    public async Task Annotations_are_saved_replaced_and_read(string kind)
    {
        await using var owned = await TestStores.OpenAsync(kind);
        var store = owned.Store;
        await store.UpsertAsync([Dated("a", "A", "Body a.", July), Dated("b", "B", "Body b.", July)], CancellationToken.None);
        await store.SaveAnnotationsAsync("a", "{\"tone\":1}", CancellationToken.None);
        await store.SaveAnnotationsAsync([("a", "{\"tone\":2}"), ("b", "{}")], CancellationToken.None);
        Assert.Equal("{\"tone\":2}", await store.GetAnnotationsAsync("a", CancellationToken.None));
        Assert.Equal("{}", await store.GetAnnotationsAsync("b", CancellationToken.None));
        Assert.Null(await store.GetAnnotationsAsync("c", CancellationToken.None));
        Assert.Empty(await store.ListUnannotatedAsync(CancellationToken.None).ToListAsync());
    }

    [SkippableTheory]
    [MemberData(nameof(TestStores.Kinds), MemberType = typeof(TestStores))]
    public async Task Deferring_polls_claims_only_due_sources_and_touches_nothing_else(string kind)
    {
        await using var location = TestStores.Create(kind, "defer");
        var now = new DateTimeOffset(2025, 7, 9, 8, 0, 0, TimeSpan.Zero);
        var (sources, owner) = await location.OpenSourcesAsync();
        await using (owner)
        {
            var ct = CancellationToken.None;
            var (a, _) = await sources.AddAsync("https://a.example/feed", "A", now, ct);
            var (b, _) = await sources.AddAsync("https://b.example/feed", "B", now, ct);
            await sources.SaveStateAsync(b with { NextPoll = now.AddHours(1), ETag = "\"b1\"" }, ct);
            var until = now.AddMinutes(30);
            // Only a is due: it is claimed; b keeps its schedule and state.
            Assert.Equal([a.Id], await sources.DeferPollsAsync([a.Id, b.Id], now, until, ct));
            // A second claim finds nothing due: another enqueue already holds a.
            Assert.Empty(await sources.DeferPollsAsync([a.Id, b.Id], now, until, ct));
            var listed = (await sources.ListAsync(ct)).ToDictionary(s => s.Id);
            Assert.Equal((until, "A"), (listed[a.Id].NextPoll, listed[a.Id].Title));
            Assert.Equal((now.AddHours(1), "\"b1\""), (listed[b.Id].NextPoll, listed[b.Id].ETag));
            // Giving a claim back makes it due again.
            Assert.Equal([a.Id], await sources.DeferPollsAsync([a.Id], until, now, ct));
            Assert.Equal(now, (await sources.ListAsync(ct)).Single(s => s.Id == a.Id).NextPoll);
            Assert.Empty(await sources.DeferPollsAsync([], now, until, ct));
        }
    }

    [SkippableTheory]
    [MemberData(nameof(TestStores.Kinds), MemberType = typeof(TestStores))]
    public async Task Sources_keys_and_the_full_text_list_persist(string kind)
    {
        await using var location = TestStores.Create(kind, "sources");
        var now = new DateTimeOffset(2025, 7, 9, 8, 0, 0, TimeSpan.Zero);
        var (sources, owner) = await location.OpenSourcesAsync();
        await using (owner)
        {
            var (a, added) = await sources.AddAsync("https://a.example/feed", "A", now, CancellationToken.None);
            Assert.True(added);
            var (b, _) = await sources.AddAsync("https://b.example/feed", null, now, CancellationToken.None);
            var (again, addedAgain) = await sources.AddAsync("https://a.example/feed", "other", now, CancellationToken.None);
            Assert.Equal((a.Id, false, "A"), (again.Id, addedAgain, again.Title));
            Assert.Equal((now, TimeSpan.FromHours(1)), (a.NextPoll, a.Interval));

            // A permanent redirect onto a URL another source follows keeps the old URL; the state is saved all the same.
            await sources.SaveStatesAsync(
            [
                a with { Url = "https://b.example/feed", ETag = "\"v2\"", LastFetched = now, NextPoll = now.AddHours(2), Failures = 2, LastFailure = FetchFailureKind.Timeout, LastProblem = "slow" },
                b with { Url = "https://b.example/moved", ItemsSeen = 7, LastNewItem = now },
            ], CancellationToken.None);
            await sources.RecordKeysAsync([("k1", "art1"), ("k2", "art2"), ("k1", "art9")], ["art2", "art1"], CancellationToken.None);
            await sources.ClearFullTextPendingAsync(["art1"], CancellationToken.None);
            await sources.RecordKeysAsync([("k3", "art3")], ["art3"], CancellationToken.None);
        }

        var (reopened, reopenedOwner) = await location.OpenSourcesAsync();
        await using (reopenedOwner)
        {
            var list = await reopened.ListAsync(CancellationToken.None);
            Assert.Equal(["https://a.example/feed", "https://b.example/moved"], list.Select(s => s.Url));
            var first = list[0];
            Assert.Equal(("\"v2\"", now, now.AddHours(2), 2, FetchFailureKind.Timeout, "slow"), (first.ETag, first.LastFetched!.Value, first.NextPoll, first.Failures, first.LastFailure, first.LastProblem));
            Assert.Equal((7, now), (list[1].ItemsSeen, list[1].LastNewItem!.Value));
            Assert.Equal(new Dictionary<string, string> { ["k1"] = "art1", ["k3"] = "art3" }, await reopened.FindKeysAsync(["k1", "k3", "k4"], CancellationToken.None));
            Assert.Equal(["art2", "art3"], await reopened.ListFullTextPendingAsync(10, CancellationToken.None));
            Assert.Equal(["art2"], await reopened.ListFullTextPendingAsync(1, CancellationToken.None));
            Assert.Equal(2, await reopened.CountFullTextPendingAsync(CancellationToken.None));
        }
    }

    [SkippableTheory]
    [MemberData(nameof(TestStores.Kinds), MemberType = typeof(TestStores))]
    public async Task A_huge_page_is_stored_and_found_and_does_not_sink_its_batch(string kind)
    {
        await using var owned = await TestStores.OpenAsync(kind);
        var store = owned.Store;
        // About 2.6 MB of text with a distinct long word per sentence: 1.8 MB of lexemes, more than a PostgreSQL tsvector may hold.
        var body = "Hydrologists measured the reservoir. " + string.Join(' ', Enumerable.Range(0, 60_000).Select(i => $"Riverbankgaugestation{i} reading noted."));
        var summary = await store.UpsertAsync([Dated("huge", "Reservoir gauges", body, July), Dated("small", "Small item", "A small item.", July)], CancellationToken.None);
        Assert.Equal(2, summary.Inserted);
        Assert.Equal(body, (await store.GetAsync("huge", CancellationToken.None))!.Text);
        Assert.Equal(["huge"], (await store.SearchAsync(TopicQuery.Parse("hydrologists"), new SearchOptions(Snippets: true), CancellationToken.None)).Hits.Select(h => h.Article.Id));
    }

    [SkippableTheory]
    [MemberData(nameof(TestStores.Kinds), MemberType = typeof(TestStores))]
    public async Task Counts_articles_per_day_for_attention_exports(string kind)
    {
        await using var owned = await SeededStoreAsync(kind);
        var counts = Assert.IsAssignableFrom<IDailyCounts>(owned.Store);
        var all = await counts.CountByDayAsync(null, CancellationToken.None);
        Assert.Equal(81, all.Sum(d => d.Count));
        Assert.Equal(all.OrderBy(d => d.Day).ToList(), all);
        var iraq = await counts.CountByDayAsync(TopicQuery.Parse("Iraq"), CancellationToken.None);
        Assert.Equal((await owned.Store.SummarizeAsync(TopicQuery.Parse("Iraq"), CancellationToken.None)).Articles, iraq.Sum(d => d.Count));
        Assert.All(iraq, d => Assert.InRange(d.Count, 1, all.Single(x => x.Day == d.Day).Count));
        Assert.Contains(all, d => d.Day == new DateOnly(2025, 7, 8));
    }
}
