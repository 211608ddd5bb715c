namespace Herald.Tests.Cli;

/// <summary>
/// One contract for bad input across verbs, run through the real `herald` entry point: a one-line message that
/// names the input and the problem, exit 2 when nothing usable was read, and never a silent success.
/// </summary>
public sealed class BadInputContractTests
{
    private const string ArticlePage = """
        <html lang="en"><head><title>Harbour reopens after storm | Coast Daily</title></head><body>
        <article><h1>Harbour reopens after storm</h1>
        <p>The harbour reopened on Monday after a week of repairs to the sea wall, the port authority said.</p>
        <p>Fishing boats returned to their moorings by the afternoon, and the ferry service will resume on Wednesday.</p>
        </article></body></html>
        """;

    private const string Record = """{"id":"harbour","url":"https://coast.example/harbour","title":"Harbour reopens after storm","text":"The harbour reopened on Monday.","outlet":"Coast Daily","language":"en","authors":[],"published":null}""";

    /// <summary>Every line on stderr is one `herald: ...` message; nothing is a stack trace.</summary>
    private static List<string> Lines(CliHarness.Result r)
    {
        Assert.DoesNotContain("   at ", r.Stderr, StringComparison.Ordinal);
        var lines = r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
        Assert.All(lines, l => Assert.StartsWith("herald: ", l, StringComparison.Ordinal));
        return lines;
    }

    [Fact]
    public async Task Extract_exits_2_when_no_page_gave_an_article()
    {
        var dir = TestPaths.TempDir("cli-bad");
        var page = Path.Combine(dir, "menu.html");
        await File.WriteAllTextAsync(page, "<html><body><nav>Home</nav><p>Hi.</p></body></html>");

        var one = await CliHarness.RunAsync(dir, "extract", page);
        Assert.Equal(2, one.ExitCode);
        Assert.Equal("", one.Stdout);
        var line = Assert.Single(Lines(one));
        Assert.Contains($"{page}: not extracted (NoContent)", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Extract_of_a_folder_with_nothing_extracted_exits_2_and_keeps_the_earlier_output()
    {
        var dir = TestPaths.TempDir("cli-bad");
        var pages = Directory.CreateDirectory(Path.Combine(dir, "pages")).FullName;
        await File.WriteAllTextAsync(Path.Combine(pages, "a.html"), "<html><body><p>Too short.</p></body></html>");
        await File.WriteAllBytesAsync(Path.Combine(pages, "b.htm"), [0x89, (byte)'P', (byte)'N', (byte)'G', 0, 0]);
        var output = Path.Combine(dir, "articles.jsonl");
        await File.WriteAllTextAsync(output, Record + "\n");

        var r = await CliHarness.RunAsync(dir, "extract", pages, "--out", output);

        Assert.Equal(2, r.ExitCode);
        var lines = Lines(r);
        Assert.Equal(3, lines.Count);
        Assert.Equal($"herald: {pages}: no article extracted from its 2 pages; {output} not written", lines[^1]);
        Assert.Equal(Record + "\n", await File.ReadAllTextAsync(output));
        Assert.Empty(Directory.GetFiles(dir, "*.tmp"));
    }

    [Fact]
    public async Task Extract_exits_0_when_some_pages_gave_articles()
    {
        var dir = TestPaths.TempDir("cli-bad");
        var pages = Directory.CreateDirectory(Path.Combine(dir, "pages")).FullName;
        await File.WriteAllTextAsync(Path.Combine(pages, "a.html"), ArticlePage);
        await File.WriteAllTextAsync(Path.Combine(pages, "b.html"), "<html><body><p>Too short.</p></body></html>");

        var r = await CliHarness.RunAsync(dir, "extract", pages);

        Assert.Equal(0, r.ExitCode);
        Assert.Single(r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("b.html: not extracted", Assert.Single(Lines(r)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ingest_refuses_a_plain_text_file_that_is_not_a_seed_page()
    {
        var dir = TestPaths.TempDir("cli-bad");
        var notes = Path.Combine(dir, "notes.txt");
        await File.WriteAllTextAsync(notes, "Things to check on Monday\nCall the harbour office about the sea wall.\nAsk about the ferry timetable.\n");

        var r = await CliHarness.RunAsync(dir, "ingest", notes);

        Assert.Equal(2, r.ExitCode);
        var line = Assert.Single(Lines(r));
        Assert.EndsWith($"{notes}: not a topic page in the seed's format: no \"View post:\" line and no related posts", line, StringComparison.Ordinal);
        Assert.Contains("0 new", r.Stdout, StringComparison.Ordinal);
        var search = await CliHarness.RunAsync(dir, "search", "harbour");
        Assert.DoesNotContain("Things to check", search.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_broken_jsonl_line_is_reported_with_file_and_line_and_the_rest_is_read()
    {
        var dir = TestPaths.TempDir("cli-bad");
        var file = Path.Combine(dir, "records.jsonl");
        await File.WriteAllTextAsync(file, Record + "\n{\"id\": \"cut off\n");

        var r = await CliHarness.RunAsync(dir, "ingest", file);

        Assert.Equal(0, r.ExitCode);
        var line = Assert.Single(Lines(r));
        Assert.StartsWith($"herald: warning: {file}:2: not valid JSON", line, StringComparison.Ordinal);
        Assert.Contains("1 new", r.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"id\": \"cut off\n[1, 2]\n", true)]
    [InlineData("", false)]
    [InlineData("\n  \n", false)]
    public async Task A_jsonl_file_with_no_usable_record_exits_2_like_an_empty_file(string content, bool brokenLines)
    {
        var dir = TestPaths.TempDir("cli-bad");
        var file = Path.Combine(dir, "records.jsonl");
        await File.WriteAllTextAsync(file, content);

        var r = await CliHarness.RunAsync(dir, "ingest", file);

        Assert.Equal(2, r.ExitCode);
        var lines = Lines(r);
        Assert.Equal($"herald: warning: {file}: no article read", lines[^1]);
        Assert.Equal(brokenLines ? 3 : 1, lines.Count);
        if (brokenLines)
        {
            Assert.StartsWith($"herald: warning: {file}:1: ", lines[0], StringComparison.Ordinal);
            Assert.StartsWith($"herald: warning: {file}:2: expected a JSON object per line", lines[1], StringComparison.Ordinal);
        }

        Assert.Contains("(1 failed, 0 skipped)", r.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ingest_of_an_opml_file_says_to_use_import_opml()
    {
        var dir = TestPaths.TempDir("cli-bad");
        var opml = Path.Combine(TestPaths.RepoRoot, "samples", "feeds.opml");

        var r = await CliHarness.RunAsync(dir, "ingest", opml);

        Assert.Equal(2, r.ExitCode);
        Assert.Equal($"herald: warning: {opml}: not an ingestible file, use import-opml", Assert.Single(Lines(r)));
        Assert.Contains("0 files (0 failed, 1 skipped)", r.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_folder_names_the_files_it_skipped_and_why_and_ingests_the_rest()
    {
        var dir = TestPaths.TempDir("cli-bad");
        var input = Directory.CreateDirectory(Path.Combine(dir, "in")).FullName;
        File.Copy(Path.Combine(TestPaths.RepoRoot, "samples", "feeds.opml"), Path.Combine(input, "feeds.opml"));
        await File.WriteAllTextAsync(Path.Combine(input, "records.jsonl"), Record + "\n");
        await File.WriteAllBytesAsync(Path.Combine(input, "photo.png"), [0x89, (byte)'P', (byte)'N', (byte)'G']);

        var r = await CliHarness.RunAsync(dir, "ingest", input);

        Assert.Equal(0, r.ExitCode);
        Assert.Equal($"herald: warning: {input}: skipped 2 files that are not ingestible: 1 .opml (use import-opml), 1 .png", Assert.Single(Lines(r)));
        Assert.Contains("1 new", r.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Topic_add_refuses_an_existing_name_without_force()
    {
        var dir = TestPaths.TempDir("cli-bad");
        Assert.Equal(0, (await CliHarness.RunAsync(dir, "topic", "add", "Harbour", "harbour")).ExitCode);

        var again = await CliHarness.RunAsync(dir, "topic", "add", "Harbour", "harbour OR ferry");
        Assert.Equal(2, again.ExitCode);
        Assert.Equal("herald: topic \"Harbour\": already exists with query harbour; use --force to replace it", Assert.Single(Lines(again)));
        Assert.Equal("Harbour\tharbour", (await CliHarness.RunAsync(dir, "topic", "list")).Stdout.Trim());

        var forced = await CliHarness.RunAsync(dir, "topic", "add", "Harbour", "harbour OR ferry", "--force");
        Assert.Equal(0, forced.ExitCode);
        Assert.Equal("Harbour\tharbour OR ferry", (await CliHarness.RunAsync(dir, "topic", "list")).Stdout.Trim());
    }
}
