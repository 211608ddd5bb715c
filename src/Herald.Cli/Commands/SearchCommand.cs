using System.CommandLine;
using System.Globalization;
using Herald.Pipeline;
using Herald.Query;

namespace Herald.Cli.Commands;

/// <summary>`herald search QUERY` and `herald stories`: look-ups from the terminal.</summary>
internal static class SearchCommand
{
    public static Command Create()
    {
        var query = new Argument<string>("QUERY") { Description = "Words, \"phrases\", AND/OR/NOT, -word, outlet:, after:, before:, lang:, country: (places mentioned)" };
        var limit = new Option<int>("--limit") { Description = "Results to show", DefaultValueFactory = _ => 20 };
        var sort = new Option<string>("--sort") { Description = "relevance or newest", DefaultValueFactory = _ => "relevance" };
        sort.AcceptOnlyFromAmong("relevance", "newest");
        var command = new Command("search", "Full-text search over stored articles") { query, limit, sort };
        command.SetAction((r, ct) => CliRunner.RunAsync(async () =>
        {
            var q = TopicQuery.Parse(r.GetValue(query)!);
            await using var store = await CliContext.OpenStoreAsync(r, ct);
            var page = await store.SearchAsync(q, new SearchOptions(r.GetValue(limit), 0, r.GetValue(sort) == "newest" ? SearchSort.Newest : SearchSort.Relevance, Snippets: true), ct);
            await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{page.Total} results"));
            foreach (var hit in page.Hits)
            {
                var a = hit.Article;
                await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"{a.Published?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "          "}  {a.Outlet ?? "(unknown)",-28}  {a.Title}  [{a.Id}]"));
                if (hit.Snippet is { Length: > 0 } s && a.Text.Length > 0)
                {
                    await Console.Out.WriteLineAsync("            " + s.Replace('\u0002', '[').Replace('\u0003', ']').ReplaceLineEndings(" "));
                }
            }

            return 0;
        }));
        return command;
    }

    public static Command CreateStories()
    {
        var topic = new Option<string?>("--topic") { Description = "Only stories of this topic" };
        var limit = new Option<int>("--limit") { Description = "Stories to show", DefaultValueFactory = _ => 20 };
        var command = new Command("stories", "The biggest stories: headline, articles, outlets") { topic, limit };
        command.SetAction((r, ct) => CliRunner.RunAsync(async () =>
        {
            await using var store = await CliContext.OpenStoreAsync(r, ct);
            TopicQuery? q = null;
            if (r.GetValue(topic) is { } name)
            {
                var t = await store.GetTopicAsync(name, ct) ?? throw new Herald.Model.HeraldException($"topic \"{name}\"", "no such topic");
                q = TopicQuery.Parse(t.Query);
            }

            foreach (var s in await store.ListStoriesAsync(q, r.GetValue(limit), ct))
            {
                await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"{s.Articles,4}  {s.Headline}  ({string.Join(", ", s.Outlets)})  [{s.Id}]"));
            }

            return 0;
        }));
        return command;
    }
}
