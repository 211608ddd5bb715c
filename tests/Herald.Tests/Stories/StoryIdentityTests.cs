using System.Text.Json;
using Herald.Cli.Commands;
using Herald.Composition;
using Herald.Model;
using Herald.Tests.Storage;
using Herald.Stories;

namespace Herald.Tests.Stories;

/// <summary>The reconciliation's rules, one by one, without a store.</summary>
public sealed class StoryReconcilerTests
{
    private static readonly DateTimeOffset T0 = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static WindowAssignment W(string id, int order, string? stored, string now, string? storedDup = null, string? newDup = null) =>
        new(id, order, stored, storedDup, null, now, newDup, null);

    /// <summary>Reconciles with every stored story wholly inside the window unless <paramref name="facts"/> says otherwise.</summary>
    private static Reconciliation Run(IReadOnlyList<WindowAssignment> window, Dictionary<string, (DateTimeOffset, int)>? facts = null, params string[] taken)
    {
        facts ??= [];
        foreach (var g in window.Where(w => w.StoredStory is not null).GroupBy(w => w.StoredStory!))
        {
            facts.TryAdd(g.Key, (T0, g.Count()));
        }

        return StoryReconciler.Reconcile(window, facts, taken.Contains, _ => null);
    }

    [Fact]
    public void Unchanged_clusters_keep_their_ids_and_write_nothing()
    {
        var r = Run([W("a", 0, "S", "c1"), W("b", 1, "S", "c1"), W("c", 2, "T", "c2")]);
        Assert.Empty(r.Changes);
        Assert.Empty(r.Aliases);
        Assert.Equal("S", r.FinalIds["c1"]);
        Assert.Equal("T", r.FinalIds["c2"]);
    }

    [Fact]
    public void Placed_articles_stay_where_they_are_whatever_a_re_run_says()
    {
        // The re-run splits S, but no new article touched it: nothing moves.
        var r = Run([W("a", 0, "S", "c1"), W("b", 1, "S", "c2"), W("c", 2, "S", "c2")]);
        Assert.Empty(r.Changes);
        Assert.Empty(r.Aliases);
    }

    [Fact]
    public void A_new_article_joins_the_story_of_the_stored_articles_it_is_grouped_with()
    {
        // S has members before the window, so the re-run sees only part of it: S stays as it is, and d joins it.
        var facts = new Dictionary<string, (DateTimeOffset, int)> { ["S"] = (T0, 5) };
        var r = Run([W("a", 0, "S", "c1"), W("b", 1, "S", "c2"), W("c", 2, "S", "c2"), W("d", 3, null, "c2"), W("e", 4, null, "c3")], facts);
        Assert.Equal([("d", "S"), ("e", "c3")], r.Changes.Select(c => (c.ArticleId, c.Story)));
    }

    [Fact]
    public void A_story_new_coverage_splits_keeps_its_id_for_the_larger_part()
    {
        // All of S is in the window and d joins it: the refined S splits, and the founding article "a" leaves
        // with the smaller part, under a new id; the larger part keeps S.
        var r = Run([W("a", 0, "S", "c1"), W("b", 1, "S", "c2"), W("c", 2, "S", "c2"), W("d", 3, null, "c2")]);
        Assert.Equal([("a", "c1"), ("d", "S")], r.Changes.Select(c => (c.ArticleId, c.Story)));
        Assert.Empty(r.Aliases);
    }

    [Fact]
    public void New_articles_bridging_two_stories_merge_them_under_the_older_id()
    {
        var facts = new Dictionary<string, (DateTimeOffset, int)> { ["OLD"] = (T0, 1), ["NEW"] = (T0.AddDays(3), 2) };
        // The newer story has more members in the window; the older id still wins, and the newer becomes its alias.
        var r = Run([W("a", 0, "NEW", "c1"), W("b", 1, "NEW", "c1"), W("c", 2, "OLD", "c1"), W("d", 3, null, "c1")], facts);
        Assert.Equal("OLD", r.FinalIds["c1"]);
        Assert.Equal([("NEW", "OLD")], r.Aliases);
        Assert.Equal(["a", "b", "d"], r.Changes.Select(c => c.ArticleId));
        Assert.All(r.Changes, c => Assert.Equal("OLD", c.Story));
    }

    [Fact]
    public void Stored_stories_grouped_by_a_re_run_alone_do_not_merge()
    {
        var facts = new Dictionary<string, (DateTimeOffset, int)> { ["OLD"] = (T0, 1), ["NEW"] = (T0.AddDays(3), 1) };
        var r = Run([W("a", 0, "NEW", "c1"), W("c", 2, "OLD", "c1")], facts);
        Assert.Empty(r.Aliases);
        Assert.Empty(r.Changes);
    }

    [Fact]
    public void A_new_story_takes_the_clusterers_id_unless_it_is_taken()
    {
        var r = Run([W("a", 0, "S", "c1"), W("n", 1, null, "c2"), W("m", 2, null, "c3")], null, "c3");
        Assert.Equal("c2", r.FinalIds["c2"]);
        Assert.Equal("c3-2", r.FinalIds["c3"]);
    }

    [Fact]
    public void A_copy_keeps_its_original_and_sits_in_its_story()
    {
        // The re-run no longer sees the original (it fell out of the window) and calls the copy a new story.
        var r = StoryReconciler.Reconcile(
            [W("b", 0, "S", "c9", storedDup: "a", newDup: null), W("x", 1, null, "c9"), W("y", 2, null, "c8", newDup: "a")],
            new Dictionary<string, (DateTimeOffset, int)> { ["S"] = (T0, 2) }, _ => false, id => id == "a" ? "S" : null);
        Assert.Equal("S", r.FinalIds["c9"]);
        Assert.Equal([("x", "S"), ("y", "S")], r.Changes.Select(c => (c.ArticleId, c.Story)));
    }
}

/// <summary>
/// The live engine's identity rules on real articles (scrapinghub bodies and the seed page), through the same
/// ingest path as `herald ingest`: copies keep their originals, story ids survive later ingests and restarts, old
/// ids resolve, and a re-ingest of unchanged input writes nothing and annotates nothing.
/// </summary>
public sealed class StoryIdentityTests
{
    private static IReadOnlyList<string> RealBodies()
    {
        var path = TestPaths.Data("extraction", "scrapinghub", "ground-truth.json");
        Skip.IfNot(File.Exists(path), "../shared/data/extraction/scrapinghub is absent");
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        return doc.RootElement.EnumerateObject()
            .Select(p => p.Value.GetProperty("articleBody").GetString() ?? "")
            .Where(b => b.Length > 1500)
            .ToList();
    }

    private static Article Real(string id, string outlet, string body, DateTimeOffset published) => new()
    {
        Id = id, Url = $"https://{outlet.ToLowerInvariant()}.example/{id}", Title = body.Split('.')[0], Outlet = outlet,
        Text = body, Published = published, Language = "en",
    };

    private static async Task IngestAsync(TestStoreLocation dir, string name, params Article[] articles)
    {
        var file = Path.Combine(dir.Dir, name + ".jsonl");
        await File.WriteAllLinesAsync(file, articles.Select(ArticleJson.Serialize));
        await using var store = await dir.OpenAsync();
        await IngestCommand.IngestAsync(store, [file], CancellationToken.None);
    }

    private static async Task<Dictionary<string, (string? Story, string? Dup)>> StoredAsync(TestStoreLocation dir)
    {
        await using var store = await dir.OpenAsync();
        return await store.ExportAsync(null, CancellationToken.None).ToDictionaryAsync(a => a.Id, a => (a.Story, a.DuplicateOf));
    }

    [SkippableTheory]
    [MemberData(nameof(TestStores.Kinds), MemberType = typeof(TestStores))]
    public async Task A_copy_keeps_its_original_across_later_ingests_and_restarts(string kind)
    {
        var bodies = RealBodies();
        await using var dir = TestStores.Create(kind, "identity-copy");
        var jan1 = new DateTimeOffset(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);
        await IngestAsync(dir, "ab", Real("a", "Reuters", bodies[0], jan1), Real("b", "Independent", bodies[0], jan1.AddDays(8)));
        var before = await StoredAsync(dir);
        Assert.Equal("a", before["b"].Dup);
        Assert.Equal(before["a"].Story, before["b"].Story);

        // An unrelated article dated 15 Jan: its window starts after A, which the re-run no longer sees.
        await IngestAsync(dir, "c", Real("c", "Guardian", bodies[1], jan1.AddDays(14)));
        var after = await StoredAsync(dir);
        Assert.Equal("a", after["b"].Dup);
        Assert.Equal(before["b"].Story, after["b"].Story);
        Assert.NotEqual(after["b"].Story, after["c"].Story);
    }

    [SkippableTheory]
    [MemberData(nameof(TestStores.Kinds), MemberType = typeof(TestStores))]
    public async Task Seed_page_story_ids_survive_a_later_ingest_and_re_ingests_change_nothing(string kind)
    {
        var bodies = RealBodies();
        await using var dir = TestStores.Create(kind, "identity-seed");
        await using (var store = await dir.OpenAsync())
        {
            await IngestCommand.IngestAsync(store, [TestPaths.SampleSeedPage], CancellationToken.None);
        }

        var first = await StoredAsync(dir);
        Assert.True(first.Count >= 80, $"{first.Count} articles from the seed page");
        Assert.All(first.Values, v => Assert.NotNull(v.Story));

        // A later, unrelated article dated inside the seed page's window, in a new process (a new store handle).
        var latest = await FirstPublishedAsync(dir, newest: true);
        await IngestAsync(dir, "later", Real("later", "Guardian", bodies[2], latest.AddDays(-1)));
        var second = await StoredAsync(dir);
        foreach (var (id, v) in first)
        {
            Assert.Equal(v, second[id]);
        }

        // Re-ingesting the same page is an unchanged input: no story, copy or annotation is written.
        long annotationsBefore = await dir.CountRowsAsync("annotations");
        await using (var store = await dir.OpenAsync())
        {
            var report = await IngestCommand.IngestAsync(store, [TestPaths.SampleSeedPage], CancellationToken.None);
            Assert.Equal(0, report.Articles.Changed);
        }

        Assert.Equal(second, await StoredAsync(dir));
        Assert.Equal(annotationsBefore, await dir.CountRowsAsync("annotations"));
    }

    [SkippableTheory]
    [MemberData(nameof(TestStores.Kinds), MemberType = typeof(TestStores))]
    public async Task A_merged_story_keeps_the_older_id_and_the_other_id_resolves_to_it(string kind)
    {
        var bodies = RealBodies();
        await using var dir = TestStores.Create(kind, "identity-merge");
        var day = new DateTimeOffset(2025, 3, 1, 9, 0, 0, TimeSpan.Zero);
        await using var store = await dir.OpenAsync();
        // Two stories as an earlier clustering left them; the same event told twice, so the next clustering joins them.
        var a = Real("m1", "Reuters", bodies[3], day) with { Story = "story-older" };
        var b = Real("m2", "AP", bodies[3] + " More follows.", day.AddHours(5)) with { Story = "story-newer" };
        // A third telling arrives: it joins both, so the two become one.
        var c = Real("m3", "AFP", bodies[3], day.AddHours(9));
        await store.UpsertAsync([a, b, c], CancellationToken.None);
        var summary = await StoryClustering.NewRebuilder(store).RebuildAsync(day, CancellationToken.None);
        Assert.Equal(1, summary.Aliases);
        var stored = await store.ExportAsync(null, CancellationToken.None).ToListAsync();
        Assert.All(stored, s => Assert.Equal("story-older", s.Story));
        Assert.Equal("story-older", await store.ResolveStoryAsync("story-newer", CancellationToken.None));
        Assert.Equal("story-older", await store.ResolveStoryAsync("story-older", CancellationToken.None));
        Assert.Null(await store.ResolveStoryAsync("story-unknown", CancellationToken.None));

        // Clustering the same window again finds nothing to change.
        var again = await StoryClustering.NewRebuilder(store).RebuildAsync(day, CancellationToken.None);
        Assert.Equal(0, again.Changed);
        Assert.Equal(0, again.Aliases);
    }

    [SkippableTheory]
    [MemberData(nameof(TestStores.Kinds), MemberType = typeof(TestStores))]
    public async Task The_copies_steps_answers_place_every_article_as_the_rebuilders_own_detector_does(string kind)
    {
        // The seed page's posts and real bodies, three of them reprinted by other outlets days later, stored raw.
        var bodies = RealBodies();
        var day = new DateTimeOffset(2025, 6, 2, 9, 0, 0, TimeSpan.Zero);
        await using var seed = TestStores.Create(kind, "copies-once-seed");
        await using (var store = await seed.OpenAsync())
        {
            await IngestCommand.IngestAsync(store, [TestPaths.SampleSeedPage], CancellationToken.None);
        }

        List<Article> raw;
        await using (var store = await seed.OpenAsync())
        {
            raw = await store.ExportAsync(null, CancellationToken.None)
                .Select(a => a with { Story = null, DuplicateOf = null, Republished = null }).ToListAsync();
        }

        raw.AddRange(Enumerable.Range(0, 3).SelectMany(i => new[]
        {
            Real($"r{i}", "Reuters", bodies[i], day.AddDays(i)),
            Real($"r{i}-copy", "Independent", bodies[i], day.AddDays(i + 2)),
        }));

        async Task<(Dictionary<string, (string? Story, string? Dup)> Placed, int Copies)> RunAsync(string name, bool handOver)
        {
            await using var dir = TestStores.Create(kind, name);
            await using var store = await dir.OpenAsync();
            await store.UpsertAsync(raw, CancellationToken.None);
            var marks = await new NewArticleMarks(store, StoryClustering.NewCopyDetector).MarkAsync(null, null, CancellationToken.None);
            // Handed the answers, the rebuilder never builds a detector of its own: copies are looked for once.
            var rebuilder = handOver
                ? new StoryRebuilder(store, () => throw new InvalidOperationException("a second copy detector"),
                    () => new StoryClusterer(new StoryClustererOptions(), null, Herald.Annotate.Entities.PeopleTagger.Default))
                : StoryClustering.NewRebuilder(store);
            await rebuilder.RebuildAsync(null, null, handOver ? marks.Copies : null, CancellationToken.None);
            var placed = await store.ExportAsync(null, CancellationToken.None).ToDictionaryAsync(a => a.Id, a => (a.Story, a.DuplicateOf));
            return (placed, marks.Copies.Count);
        }

        var own = await RunAsync("copies-once-own", handOver: false);
        var handed = await RunAsync("copies-once-handed", handOver: true);
        Assert.True(handed.Copies >= 3, $"{handed.Copies} copies found");
        Assert.All(Enumerable.Range(0, 3), i => Assert.Equal($"r{i}", handed.Placed[$"r{i}-copy"].Dup));
        Assert.Equal(raw.Count, handed.Placed.Count);
        Assert.All(handed.Placed.Values, v => Assert.NotNull(v.Story));
        Assert.Equal(own.Placed, handed.Placed);
    }

    [Fact]
    public void New_articles_days_apart_by_more_than_two_look_backs_get_windows_of_their_own()
    {
        var d = (int y, int m, int day) => new DateTimeOffset(y, m, day, 0, 0, 0, TimeSpan.Zero);
        var windows = StoryRebuilder.Windows([d(2017, 5, 1), d(2017, 5, 3), d(2025, 1, 1), d(2025, 1, 14), d(2025, 3, 1)]);
        Assert.Equal(
            [(d(2017, 5, 1), d(2017, 5, 4) + StoryRebuilder.Lookback), (d(2025, 1, 1), d(2025, 1, 15) + StoryRebuilder.Lookback),
             (d(2025, 3, 1), d(2025, 3, 2) + StoryRebuilder.Lookback)],
            windows);
        Assert.Empty(StoryRebuilder.Windows([]));
    }

    [Fact]
    public void A_stretch_with_more_new_articles_than_a_window_takes_is_cut_at_day_boundaries()
    {
        var d = (int day) => new DateTimeOffset(2025, 1, day, 0, 0, 0, TimeSpan.Zero);
        var days = Enumerable.Range(1, 7).Select(i => (d(i), 100)).Append((d(25), 100)).ToList();
        // 250 at most: two days a window; a cut window ends with its last day, the last of a stretch a look-back later.
        Assert.Equal(
            [(d(1), d(3)), (d(3), d(5)), (d(5), d(7)), (d(7), d(8) + StoryRebuilder.Lookback), (d(25), d(26) + StoryRebuilder.Lookback)],
            StoryRebuilder.Windows(days, maxArticles: 250));
        // One day over the limit is a window of its own, never split.
        Assert.Equal([(d(1), d(2)), (d(2), d(3) + StoryRebuilder.Lookback)], StoryRebuilder.Windows([(d(1), 900), (d(2), 5)], maxArticles: 250));
        Assert.Equal([(d(1), d(8) + StoryRebuilder.Lookback), (d(25), d(26) + StoryRebuilder.Lookback)], StoryRebuilder.Windows(days));
    }

    [SkippableTheory]
    [MemberData(nameof(TestStores.Kinds), MemberType = typeof(TestStores))]
    public async Task Stories_and_copies_run_on_across_a_window_cut(string kind)
    {
        var bodies = RealBodies();
        await using var dir = TestStores.Create(kind, "identity-cut");
        var day = new DateTimeOffset(2025, 4, 1, 10, 0, 0, TimeSpan.Zero);
        await using var store = await dir.OpenAsync();
        await store.UpsertAsync(
        [
            Real("first", "Reuters", bodies[5], day), Real("other", "Guardian", bodies[6], day.AddDays(1)),
            Real("reprint", "Independent", bodies[5], day.AddDays(2)), Real("again", "AP", bodies[5], day.AddDays(3)),
        ], CancellationToken.None);
        var windows = StoryRebuilder.Windows(await store.UnclusteredDaysAsync(CancellationToken.None), maxArticles: 1);
        Assert.Equal(4, windows.Count);
        foreach (var (from, until) in windows)
        {
            var marks = await new NewArticleMarks(store, StoryClustering.NewCopyDetector).MarkAsync(from - StoryRebuilder.Lookback, until, CancellationToken.None);
            await StoryClustering.NewRebuilder(store).RebuildAsync(from, until, marks.Copies, CancellationToken.None);
        }

        var placed = await store.ExportAsync(null, CancellationToken.None).ToDictionaryAsync(a => a.Id, a => (a.Story, a.DuplicateOf));
        Assert.Empty(await store.UnclusteredDaysAsync(CancellationToken.None));
        Assert.Equal((placed["first"].Story, "first"), placed["reprint"]);
        Assert.Equal((placed["first"].Story, "first"), placed["again"]);
        Assert.NotEqual(placed["first"].Story, placed["other"].Story);
    }

    [SkippableTheory]
    [MemberData(nameof(TestStores.Kinds), MemberType = typeof(TestStores))]
    public async Task A_back_dated_article_is_clustered_among_its_own_neighbours_and_the_years_between_are_not_read(string kind)
    {
        var bodies = RealBodies();
        await using var dir = TestStores.Create(kind, "identity-backdated");
        var old = new DateTimeOffset(2017, 5, 1, 8, 0, 0, TimeSpan.Zero);
        var now = new DateTimeOffset(2025, 1, 1, 8, 0, 0, TimeSpan.Zero);
        await using var store = await dir.OpenAsync();
        var middle = Enumerable.Range(0, 6).Select(i => Real($"mid{i}", "Guardian", bodies[4 + i], old.AddDays(200 * (i + 1)))).ToArray();
        await store.UpsertAsync([Real("o1", "Reuters", bodies[0], old), .. middle, Real("a", "AP", bodies[1], now)], CancellationToken.None);
        await StoryClustering.NewRebuilder(store).RebuildAsync(null, CancellationToken.None);
        var placed = await store.ExportAsync(null, CancellationToken.None).ToDictionaryAsync(a => a.Id, a => a.Story);

        // A feed relists the 2017 article under another outlet, beside an unrelated article of today.
        await store.UpsertAsync([Real("o2", "Independent", bodies[0], old.AddDays(2)), Real("n", "AFP", bodies[2], now.AddDays(1))], CancellationToken.None);
        var windows = StoryRebuilder.Windows(await store.UnclusteredDaysAsync(CancellationToken.None));
        Assert.Equal(2, windows.Count);
        var read = 0;
        foreach (var (from, until) in windows)
        {
            read += (await StoryClustering.NewRebuilder(store).RebuildAsync(from, until, CancellationToken.None)).Articles;
        }

        Assert.Equal(4, read);  // o1 and o2, a and n: none of the six between
        Assert.Empty(await store.UnclusteredDaysAsync(CancellationToken.None));
        var after = await store.ExportAsync(null, CancellationToken.None).ToDictionaryAsync(a => a.Id, a => (a.Story, a.DuplicateOf));
        Assert.Equal(("o1", placed["o1"]), (after["o2"].DuplicateOf, after["o2"].Story));
        Assert.NotEqual(after["a"].Story, after["n"].Story);
        Assert.All(placed, p => Assert.Equal(p.Value, after[p.Key].Story));
    }

    private static async Task<DateTimeOffset> FirstPublishedAsync(TestStoreLocation dir, bool newest)
    {
        await using var store = await dir.OpenAsync();
        var dates = (await store.ExportAsync(null, CancellationToken.None).ToListAsync()).Select(a => a.Published).OfType<DateTimeOffset>().ToList();
        return newest ? dates.Max() : dates.Min();
    }
}
