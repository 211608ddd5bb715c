using Herald.Ingest;
using Herald.Model;
using Herald.Pipeline;
using Herald.Query;
using Herald.Rules;
using Herald.Text;

namespace Herald.Tests.Storage;

/// <summary>
/// The rules contract (<see cref="IRuleStore"/> through <see cref="RuleApplier"/>), run on every store kind: a rule
/// matches what a search for its query finds, applies to articles stored from its creation on exactly once, and
/// records each effect once per rule and article.
/// </summary>
public sealed class RuleStoreContractTests
{
    private static readonly DateTimeOffset Now = new(2025, 7, 10, 12, 0, 0, TimeSpan.Zero);

    private static async Task<OwnedStore> SeededStoreAsync(string kind)
    {
        var owned = await TestStores.OpenAsync(kind, "rules");
        var ingestor = new FileIngestor(owned.Store, [new SeedPageImporter(OutletRegistry.CreateDefault(), TimeProvider.System)]);
        await ingestor.IngestAsync([TestPaths.SampleSeedPage], CancellationToken.None);
        return owned;
    }

    private static async Task<int> SearchCountAsync(IArticleStore store, string query) =>
        (await store.SearchAsync(TopicQuery.Parse(query), new SearchOptions(Limit: 1), CancellationToken.None)).Total;

    private static Article Report(string id, string title, string text) => new()
    {
        Id = id, Url = "https://news.example.org/" + id, Title = title, Text = text, Outlet = "Example News", Published = Now,
    };

    [SkippableTheory]
    [MemberData(nameof(TestStores.Kinds), MemberType = typeof(TestStores))]
    public async Task A_rule_matches_what_search_finds_and_meets_each_arriving_article_once(string kind)
    {
        await using var owned = await SeededStoreAsync(kind);
        var store = owned.Store;
        var rules = Assert.IsAssignableFrom<IRuleStore>(store);
        var applier = new RuleApplier(rules, null, TimeProvider.System);
        var ct = CancellationToken.None;

        // Nothing to do without rules; articles stored before a rule existed are not "new" to it.
        Assert.True((await applier.ApplyNewAsync(ct)).Empty);
        var mosul = await SearchCountAsync(store, "Mosul");
        Assert.True(mosul > 0);
        var draft = new Rule(0, RuleAction.Drop, "Mosul", null, [], Now);
        var preview = await applier.PreviewAsync(draft, 3, ct);
        Assert.Equal(mosul, preview.Count);
        Assert.Equal(Math.Min(3, mosul), preview.First.Count);
        Assert.All(preview.First, a => Assert.Contains("mosul", (a.Title + " " + a.Text).ToLowerInvariant(), StringComparison.Ordinal));

        var rule = await rules.AddRuleAsync(RuleAction.Drop, "Mosul", null, [], Now, ct);
        Assert.Equal([(rule.Id, RuleAction.Drop, "Mosul")], (await rules.ListRulesAsync(ct)).Select(r => (r.Id, r.Action, r.Query)));
        Assert.True((await applier.ApplyNewAsync(ct)).Empty);
        Assert.Equal(0, await rules.CountEffectsAsync(rule.Id, ct));

        // Re-run over the stored articles: each match once, and a second re-run finds nothing new.
        Assert.Equal(new RuleRun(mosul, 0, 0), await applier.RerunAsync(rule, ct));
        Assert.True((await applier.RerunAsync(rule, ct)).Empty);
        Assert.Equal(mosul, await rules.CountEffectsAsync(rule.Id, ct));

        // Arriving articles meet the rule once: a new Mosul report is dropped, the other one is not, and an update
        // of a stored article is not an arrival.
        var summary = await store.UpsertAsync(
        [
            Report("mosul-market", "Mosul's old market reopens after rebuilding", "Traders returned to the rebuilt old market of Mosul on Thursday."),
            Report("haditha", "Haditha Dam reservoir falls to a record low", "Engineers at the Haditha Dam said the reservoir fell to its lowest level."),
        ], ct);
        Assert.Equal(2, summary.Inserted);
        var keep = await rules.AddRuleAsync(RuleAction.Keep, "Haditha", null, [], Now, ct);
        Assert.Equal(new RuleRun(2, 0, 0), await applier.ApplyNewAsync(ct));
        Assert.True((await applier.ApplyNewAsync(ct)).Empty);
        Assert.Equal(mosul + 1, await rules.CountEffectsAsync(rule.Id, ct));
        Assert.Equal(1, await rules.CountEffectsAsync(keep.Id, ct));
        var updated = await store.UpsertAsync([Report("haditha", "Haditha Dam reservoir falls to a record low", "Mosul engineers said the reservoir fell.")], ct);
        Assert.Equal(1, updated.Updated);
        Assert.True((await applier.ApplyNewAsync(ct)).Empty);

        // A keep rule previews what it would drop: everything its query does not match.
        var total = (await store.SummarizeAsync(null, ct)).Articles;
        Assert.Equal(total - await SearchCountAsync(store, "Haditha"), (await applier.PreviewAsync(keep, 0, ct)).Count);

        // A rule scoped to a feed that brought nothing matches nothing.
        var scoped = new Rule(0, RuleAction.Drop, "Mosul", null, [987654], Now);
        Assert.Equal(0, (await applier.PreviewAsync(scoped, 5, ct)).Count);

        Assert.True(await rules.RemoveRuleAsync(rule.Id, ct));
        Assert.False(await rules.RemoveRuleAsync(rule.Id, ct));
        Assert.Equal(0, await rules.CountEffectsAsync(rule.Id, ct));
        Assert.Equal([keep.Id], (await rules.ListRulesAsync(ct)).Select(r => r.Id));
    }

    [SkippableTheory]
    [MemberData(nameof(TestStores.Kinds), MemberType = typeof(TestStores))]
    public async Task An_effect_is_recorded_once_per_rule_and_article_and_only_new_ones_are_returned(string kind)
    {
        await using var owned = await SeededStoreAsync(kind);
        var rules = Assert.IsAssignableFrom<IRuleStore>(owned.Store);
        var ct = CancellationToken.None;
        var star = await rules.AddRuleAsync(RuleAction.Star, "Iraq", null, [], Now, ct);
        var tag = await rules.AddRuleAsync(RuleAction.Tag, "Iraq", "iraq", [], Now, ct);
        Assert.Equal("iraq", (await rules.ListRulesAsync(ct)).Single(r => r.Id == tag.Id).Tag);
        var seqs = await rules.MatchRuleAsync(star, true, 0, await rules.LatestSeqAsync(ct), 3, ct);
        Assert.Equal(3, seqs.Count);

        Assert.Equal(seqs.Take(2), await rules.RecordEffectsAsync(star.Id, "star", seqs.Take(2).ToList(), ct));
        Assert.Equal([seqs[2]], await rules.RecordEffectsAsync(star.Id, "star", seqs, ct));
        Assert.Empty(await rules.RecordEffectsAsync(star.Id, "star", seqs, ct));
        // Another rule's effects are its own.
        Assert.Equal(seqs, await rules.RecordEffectsAsync(tag.Id, "tag", seqs, ct));
        Assert.Equal(3, await rules.CountEffectsAsync(star.Id, ct));

        var articles = await rules.GetArticlesBySeqAsync([seqs[2], seqs[0], -5], ct);
        Assert.Equal(2, articles.Count);
        Assert.Equal(articles[0].Id, (await rules.GetArticlesBySeqAsync([seqs[2]], ct)).Single().Id);
        Assert.Equal([seqs[0], seqs[2]], await rules.MatchRuleAmongAsync(star, true, [seqs[2], seqs[0]], ct));
        Assert.Empty(await rules.MatchRuleAmongAsync(star, false, [seqs[2], seqs[0]], ct));
    }

    [SkippableTheory]
    [MemberData(nameof(TestStores.Kinds), MemberType = typeof(TestStores))]
    public async Task A_rule_scoped_to_a_followed_feed_acts_on_that_feeds_items_only(string kind)
    {
        await using var owned = await SeededStoreAsync(kind);
        var store = owned.Store;
        var rules = Assert.IsAssignableFrom<IRuleStore>(store);
        var ct = CancellationToken.None;
        await store.UpsertAsync(
        [
            Report("mosul-market", "Mosul's old market reopens after rebuilding", "Traders returned to the rebuilt old market of Mosul on Thursday."),
            Report("haditha", "Haditha Dam reservoir falls to a record low", "Engineers at the Haditha Dam said the reservoir fell to its lowest level."),
            Report("basra", "Basra port reopens its second terminal", "The port of Umm Qasr near Basra reopened its second container terminal."),
        ], ct);
        var (sources, owner) = await owned.Location.OpenSourcesAsync();
        await using (owner)
        {
            var (world, _) = await sources.AddAsync("https://feeds.example.org/world.xml", "World", Now, ct);
            var (other, _) = await sources.AddAsync("https://feeds.example.org/other.xml", "Other", Now, ct);
            // Item keys as a feed poll records them: "hash:s{feed}|{content hash}"; the other feed's item is out of scope.
            await sources.RecordKeysAsync([($"hash:s{world.Id}|aaa", "mosul-market"), ($"hash:s{world.Id}|bbb", "haditha"), ($"hash:s{other.Id}|ccc", "basra")], ct);
        }

        var feeds = await RuleApplier.FeedIdsAsync(store, ["https://feeds.example.org/world.xml"], ct);
        var applier = new RuleApplier(rules, null, TimeProvider.System);
        var keep = new Rule(0, RuleAction.Keep, "Haditha", null, feeds, Now);
        var preview = await applier.PreviewAsync(keep, 5, ct);
        Assert.Equal(1, preview.Count);
        Assert.Equal("mosul-market", Assert.Single(preview.First).Id);
        Assert.Equal(1, (await applier.PreviewAsync(new Rule(0, RuleAction.Drop, "Mosul", null, feeds, Now), 5, ct)).Count);
        Assert.Equal(await SearchCountAsync(store, "Mosul"), (await applier.PreviewAsync(new Rule(0, RuleAction.Drop, "Mosul", null, [], Now), 0, ct)).Count);
        var missing = await Assert.ThrowsAsync<HeraldException>(() => RuleApplier.FeedIdsAsync(store, ["https://feeds.example.org/none.xml"], ct));
        Assert.Contains("not a followed feed", missing.Message, StringComparison.Ordinal);
    }
}
