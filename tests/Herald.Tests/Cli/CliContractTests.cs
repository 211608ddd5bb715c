using System.Text.Json;

namespace Herald.Tests.Cli;

/// <summary>The command-line contract, run as a user would: exit codes, one-line errors, JSON shapes.</summary>
public sealed class CliContractTests
{
    [Fact]
    public async Task Read_page_json_has_the_documented_shape()
    {
        var r = await CliHarness.RunAsync(TestPaths.TempDir("cli"), "read-page", TestPaths.SampleSeedPage, "--json");
        Assert.Equal(0, r.ExitCode);
        using var doc = JsonDocument.Parse(r.Stdout);
        var root = doc.RootElement;
        Assert.Equal("CNN", root.GetProperty("lead").GetProperty("outlet").GetString());
        Assert.Equal(4, root.GetProperty("lead").GetProperty("contributors").GetArrayLength());
        Assert.Equal("CNN", root.GetProperty("viewPost").GetProperty("outlet").GetString());
        var related = root.GetProperty("related").EnumerateArray().ToList();
        Assert.Equal(80, related.Count);
        Assert.Equal("2025-07-08", related[0].GetProperty("date").GetString());
        Assert.Equal(JsonValueKind.Null, related.Single(x => x.GetProperty("title").GetString()!.StartsWith("Statement Ministry", StringComparison.Ordinal)).GetProperty("outlet").ValueKind);
    }

    [Theory]
    [InlineData("read-page", "/no/such/page.txt", "/no/such/page.txt: no such file")]
    [InlineData("ingest", "/no/such/folder", "/no/such/folder: no such file or folder")]
    [InlineData("search", "(Iraq", "unclosed \"(\"")]
    [InlineData("search", "Iraq country:Iraq", "herald: query \"Iraq country:Iraq\": has a bad country \"Iraq\" in country: (use a two-letter ISO 3166 code, such as IQ)")]
    [InlineData("topic", "show", "NoSuchTopic", "no such topic")]
    [InlineData("topic", "show", "Iraq", "--format", "xml", "Argument 'xml' not recognized")]
    [InlineData("no-such-verb", "Unrecognized command or argument 'no-such-verb'")]
    [InlineData("export", "Option '--out' is required")]
    [InlineData("fetch", "--once", "--allow-address", "ten", "--allow-address ten: not an address or a network")]
    [InlineData("run", "--grace", "999", "--grace 999: must be between 0 and 120 seconds")]
    [InlineData("backup", "Option '--to' is required")]
    [InlineData("worker", "worker: needs a broker: --broker amqp://user:pass@host:5672/ or HERALD_BROKER")]
    [InlineData("status", "--json", "status: needs a broker")]
    [InlineData("--broker", "amqp://herald:secret@127.0.0.1:1/", "status", "broker amqp://herald@127.0.0.1:1/: cannot connect (Connection refused)")]
    [InlineData("--broker", "amqp://herald:secret@127.0.0.1:1/", "worker", "--roles", "extract,cluster", "\"cluster\" is not a role")]
    [InlineData("--broker", "http://mq/", "ingest", "/no/such/folder", "--broker \"http://mq/\": is not a broker URL")]
    public async Task Errors_are_one_line_with_a_non_zero_exit(params string[] argsAndMessage)
    {
        var args = argsAndMessage[..^1];
        var r = await CliHarness.RunAsync(TestPaths.TempDir("cli"), args);
        Assert.NotEqual(0, r.ExitCode);
        var line = Assert.Single(r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Matches("^herald( [a-z-]+)*: ", line);
        Assert.Contains(argsAndMessage[^1], line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_names_the_command_as_the_user_types_it()
    {
        var r = await CliHarness.RunAsync(TestPaths.TempDir("cli"), "cluster", "--help");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("herald cluster [options]", r.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("Herald.Cli", r.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Demo_without_serving_prints_the_topic_page_and_a_summary()
    {
        var r = await CliHarness.RunAsync(TestPaths.TempDir("cli"), "demo", "--no-serve", "--samples", Path.Combine(TestPaths.RepoRoot, "samples"));
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("Russia condemns US over ‘absurd’ response to Mosul civilian deaths – CNN\n", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("View post:\n", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("- Iraq Aims to Export Surplus Oil Products After Refinery Upgrades - Bloomberg - July 8th, 2025 [July 8th, 2025]", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("Summary of topic \"Iraq\"", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("articles: 81", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("4 articles: World Bank approves", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("republished: Russia condemns US over ‘absurd’ response to Mosul civilian deaths (CNN), listed 2025-07-08, first published around 2017-", r.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_writes_every_stored_article_as_jsonl()
    {
        var data = TestPaths.TempDir("cli");
        Assert.Equal(0, (await CliHarness.RunAsync(data, "ingest", TestPaths.SampleSeedPage)).ExitCode);
        Assert.Equal(0, (await CliHarness.RunAsync(data, "topic", "add", "World Bank", "\"World Bank\"")).ExitCode);
        var outFile = Path.Combine(data, "wb.jsonl");
        var r = await CliHarness.RunAsync(data, "export", "--out", outFile, "--topic", "World Bank");
        Assert.Equal(0, r.ExitCode);
        var lines = File.ReadAllLines(outFile);
        Assert.Equal(5, lines.Length);
        using var first = JsonDocument.Parse(lines[0]);
        foreach (var field in new[] { "id", "url", "title", "authors", "published", "outlet", "language", "text" })
        {
            Assert.True(first.RootElement.TryGetProperty(field, out _), field);
        }
    }
}
