using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Herald.Model;
using Herald.Pipeline;
using Herald.Publish.Gdelt;
using Herald.Publish.Research;
using Herald.Query;

namespace Herald.Cli.Commands;

/// <summary>
/// `herald export --out FILE [--format F] [--topic NAME | --query Q | --story ID]`: stored articles as JSONL records
/// (extract fields plus story), CSV rows for research, attention over time per query, or GDELT 2.0 Events, Mentions or
/// GKG 2.1 rows. Every format streams: the store is read in order and rows are written as they come.
/// </summary>
internal static class ExportCommand
{
    private static readonly string[] Formats = ["jsonl", "csv", "attention-csv", "gdelt-events", "gdelt-mentions", "gdelt-gkg", "gdelt-update"];

    public static Command Create()
    {
        var output = new Option<string>("--out") { Description = "Output file ('-' for standard output)", Required = true };
        var topic = new Option<string?>("--topic") { Description = "Only the articles of this topic" };
        var query = new Option<string[]>("--query")
        {
            Description = "Only the articles matching this query (the search language); attention-csv takes it once per series",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var story = new Option<string?>("--story") { Description = "Only the articles of this story" };
        var format = new Option<string>("--format")
        {
            Description = "jsonl (records), csv (a row per article: outlet, country, language, story…), attention-csv (matches, total and " +
                          "share per day per --query), gdelt-events (GDELT 2.0 Events, 61 columns), gdelt-mentions (16), gdelt-gkg (GKG 2.1, 27), " +
                          "or gdelt-update (the next 15-minute update files into the folder --out, as `serve` writes them; for a timer, on any store)",
            DefaultValueFactory = _ => "jsonl",
        };
        format.AcceptOnlyFromAmong(Formats);
        var baseUrl = new Option<string?>("--base-url") { Description = "gdelt-update: the URL the --out folder is served at (the lists name files by URL, as GDELT's do); default http://127.0.0.1:5080/gdelt/" };
        var command = new Command("export", "Write stored articles as JSONL, CSV, attention over time, or GDELT 2.0 files (docs/GDELT.md)")
        {
            output, format, topic, query, story, baseUrl,
        };
        command.SetAction((r, ct) => CliRunner.RunAsync(async () =>
        {
            await using var store = await CliContext.OpenStoreAsync(r, ct);
            var path = r.GetValue(output)!;
            var queries = r.GetValue(query) ?? [];
            var progress = new ExportProgress();
            if (r.GetValue(format) == "gdelt-update")
            {
                return await GdeltUpdateAsync(store, path, r.GetValue(baseUrl), queries.Length > 0 || r.GetValue(topic) is not null || r.GetValue(story) is not null, ct);
            }

            if (r.GetValue(baseUrl) is not null)
            {
                throw new HeraldException("--base-url", "only gdelt-update takes it");
            }

            if (r.GetValue(format) == "attention-csv")
            {
                if (queries.Length == 0 || r.GetValue(topic) is not null || r.GetValue(story) is not null)
                {
                    throw new HeraldException("--format attention-csv", "needs one --query per series (and no --topic or --story)");
                }

                var rows = await AttentionAsync(store, queries, path, ct);
                await (path == "-" ? Console.Error : Console.Out).WriteLineAsync($"exported {rows} day rows to {path}");
                return 0;
            }

            if (queries.Length > 1)
            {
                throw new HeraldException("--query", "give it once (only attention-csv compares several)");
            }

            var selection = await SelectionAsync(store, r.GetValue(topic), queries.FirstOrDefault(), r.GetValue(story), ct);
            var (n, unit) = r.GetValue(format) switch
            {
                "csv" => (await CsvAsync(store, selection, path, progress, ct), "articles"),
                "gdelt-events" => (await GdeltAsync(store, selection, GdeltTable.Events, path, progress, ct), "events"),
                "gdelt-mentions" => (await GdeltAsync(store, selection, GdeltTable.Mentions, path, progress, ct), "mentions"),
                "gdelt-gkg" => (await GdeltAsync(store, selection, GdeltTable.Gkg, path, progress, ct), "GKG records"),
                _ => (await JsonlAsync(store, selection, path, progress, ct), "articles"),
            };
            progress.Done();
            // With the rows on standard output, the summary goes to stderr so the output stays a clean file.
            await (path == "-" ? Console.Error : Console.Out).WriteLineAsync($"exported {n} {unit} to {path}");

            return 0;
        }));
        return command;
    }

    /// <summary>
    /// The next GDELT update (the documents whose annotations settled since the last one) into a folder, stamped with
    /// the current 15-minute interval, as `serve` writes it every interval. `serve` runs on the embedded store only, so
    /// this is how a PostgreSQL deployment gets the files: a timer runs it every 15 minutes, and any web server serves
    /// the folder at --base-url. Running it twice in one interval writes nothing the second time.
    /// </summary>
    private static async Task<int> GdeltUpdateAsync(IArticleStore store, string folder, string? baseUrl, bool selected, CancellationToken ct)
    {
        if (selected)
        {
            throw new HeraldException("--format gdelt-update", "writes every settled document (no --topic, --query or --story), as GDELT's feed has them all");
        }

        if (folder == "-" || File.Exists(folder))
        {
            throw new HeraldException(folder, "gdelt-update writes into a folder (--out DIR), not a file");
        }

        var url = baseUrl ?? "http://127.0.0.1:5080/gdelt/";
        if (!Uri.TryCreate(url, UriKind.Absolute, out var u) || (u.Scheme != Uri.UriSchemeHttp && u.Scheme != Uri.UriSchemeHttps) || !u.AbsolutePath.EndsWith('/'))
        {
            throw new HeraldException(url, "not an http(s) URL ending in / (the folder's address, e.g. https://example.org/gdelt/)");
        }

        var reader = store as IAnnotatedArticleReader ?? throw new HeraldException(store.GetType().Name, "cannot read annotated articles");
        var now = DateTimeOffset.UtcNow;
        var interval = GdeltUpdateWriter.Interval.Ticks;
        var at = new DateTimeOffset(now.Ticks - (now.Ticks % interval), TimeSpan.Zero);
        var update = await new GdeltUpdateWriter(reader, folder).WriteNextAsync(at, u.AbsoluteUri, ct);
        await Console.Out.WriteLineAsync(update is null
            ? $"no GDELT update: nothing settled since the last one in {folder}, or this interval's exists"
            : string.Create(CultureInfo.InvariantCulture, $"wrote GDELT update {update.Stamp}: {update.Documents} documents, {update.Files.Count} files in {folder}"));
        return 0;
    }

    private static async Task<TopicQuery?> SelectionAsync(IArticleStore store, string? topic, string? query, string? story, CancellationToken ct)
    {
        if (new[] { topic, query, story }.Count(x => x is not null) > 1)
        {
            throw new HeraldException("--topic, --query and --story", "give one of them");
        }

        if (story is not null)
        {
            var living = await store.ResolveStoryAsync(story, ct) ?? throw new HeraldException($"story \"{story}\"", "no such story");
            return TopicQuery.Parse("story:" + living);
        }

        if (topic is not null)
        {
            var t = await store.GetTopicAsync(topic, ct) ?? throw new HeraldException($"topic \"{topic}\"", "no such topic");
            return TopicQuery.Parse(t.Query);
        }

        return query is null ? null : TopicQuery.Parse(query);
    }

    private static async Task<long> JsonlAsync(IArticleStore store, TopicQuery? query, string path, ExportProgress progress, CancellationToken ct) =>
        await WriteAsync(path, async (stream, token) =>
        {
            var count = 0L;
            using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
            await foreach (var a in store.ExportAsync(query, token))
            {
                ArticleJson.Write(w, a);
                await w.FlushAsync(token);
                w.Reset();
                stream.WriteByte((byte)'\n');
                count++;
                progress.Report(count, count, "articles");
            }

            return count;
        }, ct);

    private static async Task<long> CsvAsync(IArticleStore store, TopicQuery? query, string path, ExportProgress progress, CancellationToken ct) =>
        await WriteAsync(path, async (stream, token) =>
        {
            var count = 0L;
            await using var w = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true);
            await w.WriteAsync(ResearchCsv.Header + "\r\n");
            await foreach (var a in store.ExportAsync(query, token))
            {
                await w.WriteAsync(ResearchCsv.Row(a) + "\r\n");
                count++;
                progress.Report(count, count, "articles");
            }

            await w.FlushAsync(token);
            return count;
        }, ct);

    private static async Task<long> AttentionAsync(IArticleStore store, string[] queries, string path, CancellationToken ct)
    {
        var counts = store as IDailyCounts ?? throw new HeraldException(store.GetType().Name, "cannot count articles per day yet (the embedded SQLite store can)");
        var parsed = queries.Select(q => (Text: q, Query: TopicQuery.Parse(q))).ToList();
        var totals = await counts.CountByDayAsync(null, ct);
        var series = new List<(string, IReadOnlyList<(DateOnly, int)>)>();
        foreach (var (text, q) in parsed)
        {
            series.Add((text, await counts.CountByDayAsync(q, ct)));
        }

        return await WriteAsync(path, async (stream, token) =>
        {
            var n = 0L;
            await using var w = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true);
            await w.WriteAsync(AttentionCsv.Header + "\r\n");
            foreach (var row in AttentionCsv.Rows(totals, series))
            {
                await w.WriteAsync(row + "\r\n");
                n++;
            }

            await w.FlushAsync(token);
            return n;
        }, ct);
    }

    private static async Task<long> GdeltAsync(
        IArticleStore store, TopicQuery? query, GdeltTable table, string path, ExportProgress progress, CancellationToken ct)
    {
        var reader = store as IAnnotatedArticleReader
            ?? throw new HeraldException(store.GetType().Name, "cannot write GDELT files (it reads no annotated documents)");
        return await WriteAsync(path, async (stream, token) =>
        {
            await using var w = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true) { NewLine = "\n" };
            var n = await GdeltExport.WriteAsync(reader, query, table, w, token, progress: c => progress.Report(c.Documents, c.Rows, "rows"));
            await w.FlushAsync(token);
            return n.Rows;
        }, ct);
    }

    /// <summary>Writes through <see cref="AtomicFile"/>, or to standard output for '-'.</summary>
    internal static async Task<long> WriteAsync(string path, Func<Stream, CancellationToken, Task<long>> write, CancellationToken ct)
    {
        if (path != "-")
        {
            return await AtomicFile.WriteLinesAsync(path, write, ct);
        }

        await using var stdout = Console.OpenStandardOutput();
        var n = await write(stdout, ct);
        await stdout.FlushAsync(ct);
        return n;
    }
}

/// <summary>
/// A progress line on stderr while an export streams: rewritten in place on a terminal (at most 4 times a second),
/// otherwise one line every HERALD_PROGRESS_EVERY seconds (default 30), so a long export shows it is alive.
/// </summary>
internal sealed class ExportProgress
{
    private readonly bool _terminal = CliProgress.Interactive;
    private readonly System.Diagnostics.Stopwatch _since = System.Diagnostics.Stopwatch.StartNew();
    private readonly TimeSpan _every;
    private bool _drawn;

    public ExportProgress()
    {
        _every = _terminal
            ? TimeSpan.FromMilliseconds(250)
            : TimeSpan.FromSeconds(double.TryParse(Environment.GetEnvironmentVariable("HERALD_PROGRESS_EVERY"), System.Globalization.CultureInfo.InvariantCulture, out var s) && s >= 0 ? s : 30);
    }

    public void Report(long documents, long rows, string unit)
    {
        if (_since.Elapsed < _every)
        {
            return;
        }

        _since.Restart();
        var line = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"herald: export: {documents:N0} documents read, {rows:N0} {unit} written");
        if (_terminal)
        {
            Console.Error.Write("\r" + line);
            _drawn = true;
        }
        else
        {
            Console.Error.WriteLine(line);
        }
    }

    public void Done()
    {
        if (_drawn)
        {
            Console.Error.Write("\r\u001b[K");
        }
    }
}
