using System.CommandLine;
using System.Globalization;
using Herald.Model;
using Herald.Pipeline;
using Herald.Query;
using Herald.Topics;

namespace Herald.Cli.Commands;

/// <summary>
/// `herald demo [--no-serve] [--port N]`: the main job, offline, on the embedded store: ingest samples/
/// (the seed page first), build the "Iraq" topic page, print it and a summary, then serve it. With a PostgreSQL store
/// (--store, HERALD_STORE) the samples go into that store and it is served: ingesting is idempotent, so a second demo
/// adds nothing, but the samples stay among its articles (README suggests a schema of its own, ?schema=demo).
/// </summary>
internal static class DemoCommand
{
    public const string TopicName = "Iraq";
    public const string TopicQueryText = "Iraq";

    public static Command Create()
    {
        var noServe = new Option<bool>("--no-serve") { Description = "Print the topic page and a summary, then exit" };
        var samples = new Option<string?>("--samples") { Description = "Sample folder (default: samples/ beside the herald script)" };
        var command = new Command("demo", "Run the main job offline on the bundled samples and serve the topic page") { noServe, ServeCommand.Port, samples };
        command.SetAction((r, ct) => CliRunner.RunAsync(async () =>
        {
            var folder = r.GetValue(samples) ?? FindSamples();
            // Checked before ingesting: the demo ends by serving what it stored.
            var (data, postgres) = r.GetValue(noServe) ? (null, null) : ServeCommand.WebTarget(r);
            await using (var store = await CliContext.OpenStoreAsync(r, ct))
            {
                // samples/ also holds feeds.opml, the list for `herald import-opml` (it needs the network); the demo
                // ingests the rest, in name order (the seed page first), without warning about the file it knows.
                var files = Directory.Exists(folder)
                    ? Directory.EnumerateFiles(folder).Where(f => !f.EndsWith(".opml", StringComparison.OrdinalIgnoreCase)).Order(StringComparer.Ordinal).ToList()
                    : [folder];
                await IngestCommand.IngestAsync(store, files, ct);
                if (await store.GetTopicAsync(TopicName, ct) is null)
                {
                    await store.SaveTopicAsync(new Topic(TopicName, TopicQueryText, DateTimeOffset.UtcNow), ct);
                }

                await Console.Out.WriteLineAsync();
                await Console.Out.WriteAsync(await TopicCommand.RenderAsync(store, TopicName, "text", TopicPageBuilder.DefaultLimit, "http://127.0.0.1:5080", ct));
                await Console.Out.WriteLineAsync();
                await Console.Out.WriteLineAsync(await SummaryAsync(store, ct));
            }

            if (!r.GetValue(noServe))
            {
                await ServeCommand.ServeAsync(data!, r.GetValue(ServeCommand.Port), "/topics/" + TopicName, ct, postgres: postgres);
            }

            return 0;
        }));
        return command;
    }

    private static async Task<string> SummaryAsync(IArticleStore store, CancellationToken ct)
    {
        var q = TopicQuery.Parse(TopicQueryText);
        var s = await store.SummarizeAsync(q, ct);
        var stories = await store.ListStoriesAsync(q, 5, ct);
        var lines = new List<string>
        {
            $"Summary of topic \"{TopicName}\":",
            string.Create(CultureInfo.InvariantCulture, $"  articles: {s.Articles} ({s.WithBody} with full text)"),
            string.Create(CultureInfo.InvariantCulture, $"  outlets:  {s.Outlets}"),
            $"  dates:    {s.First?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "?"} to {s.Last?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "?"}",
            string.Create(CultureInfo.InvariantCulture, $"  stories:  {s.Stories}"),
        };
        foreach (var story in stories.Where(x => x.Articles > 1))
        {
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"    {story.Articles} articles: {story.Headline} ({string.Join(", ", story.Outlets)})"));
        }

        await foreach (var a in store.ExportAsync(q, ct))
        {
            if (a.Republished is { } first)
            {
                lines.Add($"  republished: {a.Title} ({a.Outlet}), listed {a.Published:yyyy-MM-dd}, first published around {first:yyyy-MM-dd}");
            }
        }

        return string.Join('\n', lines);
    }

    /// <summary>samples/ next to the repository's herald script, found from the working folder or the binary's location.</summary>
    private static string FindSamples()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "samples");
                if (Directory.Exists(candidate) && File.Exists(Path.Combine(dir.FullName, "herald")))
                {
                    return candidate;
                }
            }
        }

        throw new HeraldException("samples/", "not found; run from the repository or pass --samples DIR");
    }
}
