namespace Herald.Tests.Cli;

/// <summary>Gaps the bad-input audit of every verb found: each now a one-line error and exit 2 when nothing usable was read.</summary>
public sealed class BadInputAuditTests
{
    [Fact]
    public async Task Import_opml_of_a_list_with_no_feeds_exits_2_naming_the_file()
    {
        var dir = TestPaths.TempDir("audit-opml");
        var file = Path.Combine(dir, "none.opml");
        await File.WriteAllTextAsync(file, "<?xml version=\"1.0\"?><opml version=\"2.0\"><head/><body><outline text=\"A folder\"/></body></opml>");
        var run = await CliHarness.RunAsync(dir, "import-opml", file);
        Assert.Equal(2, run.ExitCode);
        Assert.Equal($"herald: {file}: lists no feeds (no <outline> with an xmlUrl)", run.Stderr.Trim());
    }

    [Fact]
    public async Task Import_opml_whose_every_feed_is_skipped_exits_2_with_the_summary()
    {
        var dir = TestPaths.TempDir("audit-opml-skipped");
        var file = Path.Combine(dir, "ftp.opml");
        await File.WriteAllTextAsync(file, "<?xml version=\"1.0\"?><opml version=\"2.0\"><head/><body><outline text=\"x\" xmlUrl=\"ftp://feeds.example/x\"/></body></opml>");
        var run = await CliHarness.RunAsync(dir, "import-opml", file);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("skipped ftp://feeds.example/x (not an http(s) address)", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("1 feeds listed, 0 added, 0 already followed, 1 skipped", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ingest_of_an_empty_folder_exits_2_naming_it()
    {
        var dir = TestPaths.TempDir("audit-ingest-empty");
        var empty = Path.Combine(dir, "inbox");
        Directory.CreateDirectory(empty);
        var run = await CliHarness.RunAsync(dir, "ingest", empty);
        Assert.Equal(2, run.ExitCode);
        Assert.Equal($"herald: {empty}: no file to ingest", run.Stderr.Trim());
    }
}
