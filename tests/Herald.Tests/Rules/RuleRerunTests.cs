using Herald.Ingest;
using Herald.Model;
using Herald.Pipeline;
using Herald.Rules;
using Herald.Tests.Storage;
using Herald.Text;

namespace Herald.Tests.Rules;

/// <summary>"Re-run on stored" carries out a rule's effect once per article: a star a reader took off stays off,
/// however often the rule runs again and whatever else it newly matches in the same run. On both stores.</summary>
public sealed class RuleRerunTests
{
    [SkippableTheory]
    [MemberData(nameof(TestStores.Kinds), MemberType = typeof(TestStores))]
    public async Task Rerunning_a_star_rule_does_not_restar_what_a_reader_unstarred(string kind)
    {
        await using var owned = await TestStores.OpenAsync(kind, "rules-rerun");
        var articles = owned.Store;
        var store = (IReaderStore)articles;
        var rules = (IRuleStore)articles;
        var ct = CancellationToken.None;
        await new FileIngestor(articles, [new SeedPageImporter(OutletRegistry.CreateDefault(), TimeProvider.System)]).IngestAsync([TestPaths.SampleSeedPage], ct);
        var now = DateTimeOffset.UtcNow;
        var alice = (await store.AddUserAsync("alice", ReaderPasswords.Hash("correct horse battery"), now, ct))!.Id;
        var applier = new RuleApplier(rules, store, TimeProvider.System);
        var starred = new ReaderStream(ReaderStreamKind.Starred);
        async Task<List<long>> StarredAsync() => (await store.ListItemsAsync(new ReaderQuery(alice, starred, 10_000), ct)).Items.Select(i => i.Id).Order().ToList();

        var rule = await rules.AddRuleAsync(RuleAction.Star, "Iraq", null, [], now, ct);
        var first = await applier.RerunAsync(rule, ct);
        Assert.True(first.Starred > 1, $"the seed page should have several Iraq reports: {first.OneLine()}");
        var stars = await StarredAsync();
        Assert.NotEmpty(stars);

        // Alice unstars one; a new Iraq report arrives but the rule has not met it yet (no ingest step ran).
        var unstarred = stars[0];
        await store.SetFlagAsync(alice, [unstarred], ReaderFlag.Starred, false, now, ct);
        await articles.UpsertAsync([new Article
        {
            Id = "mosul-market", Url = "https://news.example.org/mosul-market", Title = "Mosul's old market reopens after rebuilding",
            Text = "Traders returned to the rebuilt old market of Mosul in northern Iraq on Thursday.", Outlet = "Example News", Published = now,
        }], ct);

        // The re-run stars the new report only: the one Alice unstarred is in the same batch of matches, and stays off.
        Assert.Equal(new RuleRun(0, 0, 1), await applier.RerunAsync(rule, ct));
        var after = await StarredAsync();
        Assert.DoesNotContain(unstarred, after);
        Assert.Equal(stars.Count, after.Count);
        Assert.True((await applier.RerunAsync(rule, ct)).Empty);
        Assert.DoesNotContain(unstarred, await StarredAsync());
    }
}
