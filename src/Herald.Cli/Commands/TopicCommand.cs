using System.CommandLine;
using Herald.Model;
using Herald.Pipeline;
using Herald.Query;
using Herald.Topics;
using Herald.Web.Html;

namespace Herald.Cli.Commands;

/// <summary>`herald topic add|show|list|remove`: saved queries that render as topic pages.</summary>
internal static class TopicCommand
{
    public static Command Create()
    {
        var command = new Command("topic", "Saved queries (topics) and their pages");

        var name = new Argument<string>("NAME") { Description = "Topic name" };
        var query = new Argument<string>("QUERY") { Description = "Query: words, \"phrases\", AND/OR/NOT, outlet:, after:, before:, lang:, country: (places mentioned)" };
        var force = new Option<bool>("--force") { Description = "Replace the query of a topic that already exists" };
        var add = new Command("add", "Create a topic (or, with --force, change an existing topic's query)") { name, query, force };
        add.SetAction((r, ct) => CliRunner.RunAsync(async () =>
        {
            var q = r.GetValue(query)!;
            TopicQuery.Parse(q);
            var n = ValidName(r.GetValue(name)!);
            await using var store = await CliContext.OpenStoreAsync(r, ct);
            if (!r.GetValue(force) && await store.GetTopicAsync(n, ct) is { } existing)
            {
                // Replacing a query silently would change what a topic's readers and webhooks get without a word.
                throw new HeraldException($"topic \"{n}\"", $"already exists with query {existing.Query}; use --force to replace it");
            }

            await store.SaveTopicAsync(new Topic(n, q, DateTimeOffset.UtcNow), ct);
            var summary = await store.SummarizeAsync(TopicQuery.Parse(q), ct);
            await Console.Out.WriteLineAsync($"topic \"{n}\" saved: {summary.Articles} articles match now");
            return 0;
        }));

        var showName = new Argument<string>("NAME") { Description = "Topic name" };
        var format = new Option<string>("--format") { Description = "text (the seed's format), html, rss, atom or json", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "html", "rss", "atom", "json");
        var limit = new Option<int>("--limit") { Description = "At most this many articles", DefaultValueFactory = _ => TopicPageBuilder.DefaultLimit };
        var baseUrl = new Option<string>("--base-url") { Description = "Base URL for links in feeds", DefaultValueFactory = _ => "http://127.0.0.1:5080" };
        var show = new Command("show", "Print a topic page") { showName, format, limit, baseUrl };
        show.SetAction((r, ct) => CliRunner.RunAsync(async () =>
        {
            await using var store = await CliContext.OpenStoreAsync(r, ct);
            var text = await RenderAsync(store, r.GetValue(showName)!, r.GetValue(format)!, r.GetValue(limit), r.GetValue(baseUrl)!, ct);
            await Console.Out.WriteAsync(text);
            return 0;
        }));

        var list = new Command("list", "List topics");
        list.SetAction((r, ct) => CliRunner.RunAsync(async () =>
        {
            await using var store = await CliContext.OpenStoreAsync(r, ct);
            foreach (var t in await store.ListTopicsAsync(ct))
            {
                await Console.Out.WriteLineAsync($"{t.Name}\t{t.Query}");
            }

            return 0;
        }));

        var removeName = new Argument<string>("NAME") { Description = "Topic name" };
        var remove = new Command("remove", "Delete a topic (its articles stay)") { removeName };
        remove.SetAction((r, ct) => CliRunner.RunAsync(async () =>
        {
            await using var store = await CliContext.OpenStoreAsync(r, ct);
            if (!await store.DeleteTopicAsync(r.GetValue(removeName)!, ct))
            {
                throw new HeraldException($"topic \"{r.GetValue(removeName)}\"", "no such topic");
            }

            return 0;
        }));

        command.Subcommands.Add(add);
        command.Subcommands.Add(show);
        command.Subcommands.Add(list);
        command.Subcommands.Add(remove);
        return command;
    }

    internal static async Task<string> RenderAsync(IArticleStore store, string name, string format, int limit, string baseUrl, CancellationToken ct)
    {
        var topic = await store.GetTopicAsync(name, ct)
            ?? throw new HeraldException($"topic \"{name}\"", "no such topic (create it with `herald topic add NAME QUERY`)");
        var page = await new TopicPageBuilder(store, TimeProvider.System).BuildAsync(topic.Name, topic.Query, limit, ct);
        return format switch
        {
            "text" => SeedPageWriter.Write(page),
            "html" => TopicHtml.Render(page, await store.SummarizeAsync(TopicQuery.Parse(topic.Query), ct)) + "\n",
            "rss" => TopicFeedWriter.Rss(page, baseUrl) + "\n",
            "atom" => TopicFeedWriter.Atom(page, baseUrl) + "\n",
            "json" => TopicFeedWriter.JsonFeed(page, baseUrl) + "\n",
            _ => throw new HeraldException(format, "unknown format (text, html, rss, atom, json)"),
        };
    }

    private static string ValidName(string name)
    {
        name = name.Trim();
        if (name.Length is 0 or > 100 || name.Any(char.IsControl) || name.Contains('/', StringComparison.Ordinal))
        {
            throw new HeraldException($"topic name \"{name}\"", "must be 1–100 characters without \"/\" or control characters");
        }

        return name;
    }
}
