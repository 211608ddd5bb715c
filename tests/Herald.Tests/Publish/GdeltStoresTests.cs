using System.Text.Json.Nodes;
using Herald.Tests.Cli;
using Herald.Tests.Storage;

namespace Herald.Tests.Publish;

/// <summary>
/// `herald export --format gdelt-*` on each store (PostgreSQL through HERALD_TEST_POSTGRES): the same real pages (the
/// sample seed page and news pages from the shared extraction set) and one republished copy, ingested through the CLI,
/// give events, mentions and GKG records in the codebooks' column counts, and the copy counts as a second mention and source of
/// its original's events (the count PostgreSQL migration 4's index serves).
/// </summary>
public sealed class GdeltStoresTests
{
    private const string CopyUrl = "https://wire.example.org/republished/copy-stores";

    [SkippableTheory]
    [MemberData(nameof(TestStores.Kinds), MemberType = typeof(TestStores))]
    public async Task GDELT_exports_work_on_each_store_and_count_copies(string kind)
    {
        var pages = TestPaths.Data("extraction", "scrapinghub", "html");
        if (!Directory.Exists(pages))
        {
            Skip.If(Environment.GetEnvironmentVariable("CI") is not { Length: > 0 } ci || ci is "0" or "false", $"{pages} is not here (shared data absent)");
            throw new InvalidOperationException($"CI must run the GDELT store tests, but {pages} is missing");
        }

        await using var location = TestStores.Create(kind, "gdelt-" + kind);
        var input = Path.Combine(location.Dir, "in");
        Directory.CreateDirectory(input);
        foreach (var f in Directory.GetFiles(pages, "*.html.gz").Order(StringComparer.Ordinal).Take(12))
        {
            File.Copy(f, Path.Combine(input, Path.GetFileName(f)));
        }

        Check(await CliHarness.RunAsync(location.Dir, "--store", location.Url, "ingest", TestPaths.SampleSeedPage, input));
        var before = await ExportAsync(location, "gdelt-events");
        var originalUrl = before.Select(e => e[60]).First(u => u.StartsWith("http", StringComparison.Ordinal));

        var records = Path.Combine(location.Dir, "records.jsonl");
        Check(await CliHarness.RunAsync(location.Dir, "--store", location.Url, "export", "--out", records));
        var original = JsonNode.Parse(File.ReadLines(records).First(l => JsonNode.Parse(l)!["url"]?.GetValue<string>() == originalUrl))!.AsObject();
        original["id"] = "republished-copy-stores";
        original["url"] = CopyUrl;
        original["canonicalUrl"] = CopyUrl;
        original["outlet"] = "Example Wire";
        original.Remove("story");
        var copyFile = Path.Combine(location.Dir, "copy.jsonl");
        await File.WriteAllTextAsync(copyFile, original.ToJsonString() + "\n");
        Check(await CliHarness.RunAsync(location.Dir, "--store", location.Url, "ingest", copyFile));

        var events = await ExportAsync(location, "gdelt-events");
        var mentions = await ExportAsync(location, "gdelt-mentions");
        var gkg = await ExportAsync(location, "gdelt-gkg");
        Assert.True(events.Count >= 5, $"{kind}: only {events.Count} events");
        Assert.All(events, e => Assert.Equal(61, e.Length));
        Assert.All(mentions, m => Assert.Equal(16, m.Length));
        Assert.All(gkg, g => Assert.Equal(27, g.Length));
        Assert.Equal(before.Count, events.Count);

        var originalEvents = events.Where(e => e[60] == originalUrl).ToList();
        Assert.NotEmpty(originalEvents);
        Assert.DoesNotContain(events, e => e[60] == CopyUrl);
        foreach (var e in originalEvents)
        {
            Assert.Equal("2", e[31]);
            Assert.Equal("2", e[32]);
            Assert.Single(mentions, m => m[0] == e[0] && m[5] == CopyUrl);
        }

        if (kind == TestStores.Postgres)
        {
            Assert.Equal(1, await location.CountRowsAsync("pg_indexes WHERE indexname = 'ix_articles_duplicate_of' AND schemaname = current_schema()"));
        }
    }

    [SkippableTheory]
    [MemberData(nameof(TestStores.Kinds), MemberType = typeof(TestStores))]
    public async Task The_15_minute_update_files_are_written_on_each_store_by_export_gdelt_update(string kind)
    {
        await using var location = TestStores.Create(kind, "gdelt-update-" + kind);
        Check(await CliHarness.RunAsync(location.Dir, "--store", location.Url, "ingest", TestPaths.SampleSeedPage));
        var folder = Path.Combine(location.Dir, "gdelt");
        const string baseUrl = "https://example.org/gdelt/";
        string[] update = ["--store", location.Url, "export", "--format", "gdelt-update", "--out", folder, "--base-url", baseUrl];
        var first = await CliHarness.RunAsync(location.Dir, update);
        Check(first);
        Assert.Matches(@"^wrote GDELT update \d{14}: [1-9]\d* documents, 3 files in ", first.Stdout);

        // lastupdate.txt names the three zips by URL under the base, with their size and MD5, as GDELT's does.
        var lines = await File.ReadAllLinesAsync(Path.Combine(folder, "lastupdate.txt"));
        Assert.Equal(3, lines.Length);
        foreach (var line in lines)
        {
            var parts = line.Split(' ');
            Assert.StartsWith(baseUrl, parts[2], StringComparison.Ordinal);
            var file = Path.Combine(folder, parts[2][baseUrl.Length..]);
            var bytes = await File.ReadAllBytesAsync(file);
            Assert.Equal(parts[0], bytes.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(parts[1], Convert.ToHexStringLower(System.Security.Cryptography.MD5.HashData(bytes)));
            using var zip = new System.IO.Compression.ZipArchive(new MemoryStream(bytes));
            using var csv = new StreamReader(Assert.Single(zip.Entries).Open());
            var columns = (await csv.ReadLineAsync())!.Split('\t').Length;
            Assert.Equal(file.EndsWith(".export.CSV.zip", StringComparison.Ordinal) ? 61 : file.EndsWith(".mentions.CSV.zip", StringComparison.Ordinal) ? 16 : 27, columns);
        }

        Assert.Equal(lines, (await File.ReadAllLinesAsync(Path.Combine(folder, "masterfilelist.txt"))).TakeLast(3));
        // Nothing settled since: a second run in the interval writes nothing.
        var again = await CliHarness.RunAsync(location.Dir, update);
        Check(again);
        Assert.StartsWith("no GDELT update", again.Stdout, StringComparison.Ordinal);

        var bad = await CliHarness.RunAsync(location.Dir, "--store", location.Url, "export", "--format", "gdelt-update", "--out", folder, "--base-url", "ftp://example.org/gdelt");
        Assert.Equal(2, bad.ExitCode);
        Assert.Single(bad.Stderr.Trim().Split('\n'));
        Assert.Contains("not an http(s) URL ending in /", bad.Stderr, StringComparison.Ordinal);
    }

    private static async Task<List<string[]>> ExportAsync(TestStoreLocation location, string format)
    {
        var file = Path.Combine(location.Dir, format + ".tsv");
        Check(await CliHarness.RunAsync(location.Dir, "--store", location.Url, "export", "--format", format, "--out", file));
        var text = await File.ReadAllTextAsync(file);
        return text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('\t')).ToList();
    }

    private static void Check(CliHarness.Result r) => Assert.True(r.ExitCode == 0, r.Stderr);
}
