using System.CommandLine;
using System.Globalization;
using Herald.Model;
using Herald.Pipeline;
using Herald.Rules;

namespace Herald.Cli.Commands;

/// <summary>
/// `herald rule add|list|preview|rerun|remove`: keep, drop, tag or star the articles a query matches (the query
/// language of search and topics), from all sources or some followed feeds. Rules apply to each article once as
/// `ingest`, `fetch` and `run` store it; `preview` shows what a rule would act on over the stored articles, and
/// `rerun` applies a rule to all of them.
/// </summary>
internal static class RuleCommand
{
    public static Command Create()
    {
        var command = new Command("rule", "Keep, drop, tag or star what a query matches, as articles arrive (reader apps show the result)");

        Argument<string> ActionArg() => new("ACTION") { Description = "keep (only what matches), drop (what matches), tag, or star" };
        Argument<string> QueryArg() => new("QUERY") { Description = "A query, as search and topics take it" };
        Option<string?> TagOpt() => new("--tag") { Description = "The tag a tag rule gives (a label in reader apps)" };
        Option<string[]> FeedOpt() => new("--feed") { Description = "Apply only to items of this followed feed (its URL; repeat for more); default: every source", AllowMultipleArgumentsPerToken = false };

        var action = ActionArg();
        var query = QueryArg();
        var tag = TagOpt();
        var feed = FeedOpt();
        var add = new Command("add", "Add a rule; it applies to articles stored from now on (`rerun` applies it to the stored ones)") { action, query, tag, feed };
        add.SetAction((r, ct) => CliRunner.RunAsync(async () =>
        {
            await using var opened = await CliContext.OpenStoreAsync(r, ct);
            var (rules, readers) = Stores(opened);
            var (act, q, t, feeds) = await ParseAsync(r.GetValue(action)!, r.GetValue(query)!, r.GetValue(tag), r.GetValue(feed) ?? [], opened, ct);
            // New rules start at the current watermark: `rerun` is the explicit way to apply one to stored articles.
            var rule = await rules.AddRuleAsync(act, q, t, feeds, DateTimeOffset.UtcNow, ct);
            await Console.Out.WriteLineAsync($"added rule {rule.Id}: {Describe(rule)}; `herald rule rerun {rule.Id}` applies it to the stored articles");
            return 0;
        }));

        var list = new Command("list", "List rules with how many articles each has acted on");
        list.SetAction((r, ct) => CliRunner.RunAsync(async () =>
        {
            await using var opened = await CliContext.OpenStoreAsync(r, ct);
            var (rules, _) = Stores(opened);
            var all = await rules.ListRulesAsync(ct);
            foreach (var rule in all)
            {
                var n = await rules.CountEffectsAsync(rule.Id, ct);
                await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{rule.Id}  {Describe(rule)}  ({n} articles)"));
            }

            if (all.Count == 0)
            {
                await Console.Out.WriteLineAsync("no rules yet: add one with `herald rule add drop 'QUERY'`");
            }

            return 0;
        }));

        var pAction = ActionArg();
        var pQuery = QueryArg();
        var pTag = TagOpt();
        var pFeed = FeedOpt();
        var first = new Option<int>("--show") { Description = "How many of the articles to list (default 10)", DefaultValueFactory = _ => 10 };
        var preview = new Command("preview", "What a rule would act on over the stored articles (nothing is changed)") { pAction, pQuery, pTag, pFeed, first };
        preview.SetAction((r, ct) => CliRunner.RunAsync(async () =>
        {
            await using var opened = await CliContext.OpenStoreAsync(r, ct);
            var (rules, readers) = Stores(opened);
            var (act, q, t, feeds) = await ParseAsync(r.GetValue(pAction)!, r.GetValue(pQuery)!, r.GetValue(pTag), r.GetValue(pFeed) ?? [], opened, ct);
            var rule = new Rule(0, act, q, t, feeds, DateTimeOffset.UtcNow);
            var result = await new RuleApplier(rules, readers, TimeProvider.System).PreviewAsync(rule, Math.Clamp(r.GetValue(first), 0, 1_000), ct);
            var verb = act switch { RuleAction.Keep or RuleAction.Drop => "drop", RuleAction.Tag => "tag", _ => "star" };
            await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{Describe(rule)} would {verb} {result.Count} stored articles"));
            foreach (var a in result.First)
            {
                var day = a.Published is { } p ? p.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "----------";
                await Console.Out.WriteLineAsync($"  {day}  {a.Outlet ?? "?"}  {Clean(a.Title)}");
            }

            return 0;
        }));

        var rerunId = new Argument<long>("ID") { Description = "Rule id (from `herald rule list`)" };
        var rerun = new Command("rerun", "Apply a rule to every stored article") { rerunId };
        rerun.SetAction((r, ct) => CliRunner.RunAsync(async () =>
        {
            await using var opened = await CliContext.OpenStoreAsync(r, ct);
            var (rules, readers) = Stores(opened);
            var id = r.GetValue(rerunId);
            var rule = (await rules.ListRulesAsync(ct)).FirstOrDefault(x => x.Id == id)
                ?? throw new HeraldException(id.ToString(CultureInfo.InvariantCulture), "no such rule (see `herald rule list`)");
            var run = await new RuleApplier(rules, readers, TimeProvider.System).RerunAsync(rule, ct);
            await Console.Out.WriteLineAsync($"rule {rule.Id}: {run.OneLine()}");
            return 0;
        }));

        var removeId = new Argument<long>("ID") { Description = "Rule id (from `herald rule list`)" };
        var remove = new Command("remove", "Remove a rule and what it did (dropped articles are listed again; stars stay)") { removeId };
        remove.SetAction((r, ct) => CliRunner.RunAsync(async () =>
        {
            await using var opened = await CliContext.OpenStoreAsync(r, ct);
            var (rules, _) = Stores(opened);
            var id = r.GetValue(removeId);
            if (!await rules.RemoveRuleAsync(id, ct))
            {
                throw new HeraldException(id.ToString(CultureInfo.InvariantCulture), "no such rule (see `herald rule list`)");
            }

            await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"removed rule {id}"));
            return 0;
        }));

        command.Subcommands.Add(add);
        command.Subcommands.Add(list);
        command.Subcommands.Add(preview);
        command.Subcommands.Add(rerun);
        command.Subcommands.Add(remove);
        return command;
    }

    private static (IRuleStore Rules, IReaderStore? Readers) Stores(IArticleStore store) =>
        (store as IRuleStore ?? throw new HeraldException(store.GetType().Name, "keeps no rules"), store as IReaderStore);

    private static async Task<(RuleAction, string, string?, IReadOnlyList<long>)> ParseAsync(
        string action, string query, string? tag, string[] feedUrls, IArticleStore store, CancellationToken ct)
    {
        var act = RuleApplier.ParseAction(action);
        RuleApplier.Check(act, query, tag);
        return (act, query, tag?.Trim(), await RuleApplier.FeedIdsAsync(store, feedUrls, ct));
    }

    private static string Describe(Rule rule)
    {
        var scope = rule.FeedIds.Count == 0 ? "every source" : $"{rule.FeedIds.Count} feed{(rule.FeedIds.Count == 1 ? "" : "s")}";
        var what = rule.Action == RuleAction.Tag ? $"tag \"{rule.Tag}\"" : rule.Action.ToString().ToLowerInvariant();
        return $"{what} when \"{rule.Query}\" matches, on {scope}";
    }

    private static string Clean(string s) => new(s.Select(c => char.IsControl(c) ? ' ' : c).ToArray());
}
