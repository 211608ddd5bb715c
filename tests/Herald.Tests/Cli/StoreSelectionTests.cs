using Herald.Tests.Storage;

namespace Herald.Tests.Cli;

/// <summary>`--store` and HERALD_STORE, run as a user runs them: the same verbs give the same answers on both stores.</summary>
public sealed class StoreSelectionTests
{
    /// <summary>Result lines of `herald search` without the snippets (each store highlights in its own way).</summary>
    private static List<string> ResultLines(string stdout) =>
        stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.StartsWith("            ", StringComparison.Ordinal)).ToList();

    [SkippableFact]
    public async Task Ingest_search_and_stories_through_the_cli_match_on_postgres_and_sqlite()
    {
        await using var pg = TestStores.Create(TestStores.Postgres, "cli-pg");
        var sqliteDir = TestPaths.TempDir("cli-sqlite");
        var pgUrl = pg.Url;

        var sqliteIngest = await CliHarness.RunAsync(sqliteDir, "ingest", TestPaths.SampleSeedPage);
        var pgIngest = await CliHarness.RunAsync(pg.Dir, "--store", pgUrl, "ingest", TestPaths.SampleSeedPage);
        Assert.True(pgIngest.ExitCode == 0, pgIngest.Stderr);
        Assert.Equal(0, sqliteIngest.ExitCode);
        Assert.Equal(sqliteIngest.Stdout, pgIngest.Stdout);
        Assert.Contains("81 new", pgIngest.Stdout, StringComparison.Ordinal);
        // Nothing went to the data folder: the articles are in PostgreSQL.
        Assert.False(File.Exists(Path.Combine(pg.Dir, "herald.db")));
        Assert.Equal(81, await pg.CountRowsAsync("articles"));

        foreach (var query in new[] { "Iraq", "\"World Bank\" approves", "water -Tigris", "Iraq outlet:DVIDS", "Iraq after:2025-07-06 before:2025-07-06", "country:IR", "Iraq country:sy" })
        {
            var fromSqlite = await CliHarness.RunAsync(sqliteDir, "search", query, "--sort", "newest", "--limit", "100");
            var fromPg = await CliHarness.RunAsync(pg.Dir, "--store", pgUrl, "search", query, "--sort", "newest", "--limit", "100");
            Assert.Equal(0, fromPg.ExitCode);
            Assert.Equal(ResultLines(fromSqlite.Stdout), ResultLines(fromPg.Stdout));
            Assert.Matches("^[1-9][0-9]* results", fromPg.Stdout);
        }

        // Relevance: the same matches, each store ranking them by its own measure (bm25, ts_rank).
        var relSqlite = ResultLines((await CliHarness.RunAsync(sqliteDir, "search", "dam", "--limit", "100")).Stdout);
        var relPg = ResultLines((await CliHarness.RunAsync(pg.Dir, "--store", pgUrl, "search", "dam", "--limit", "100")).Stdout);
        Assert.Equal(relSqlite.Order(StringComparer.Ordinal), relPg.Order(StringComparer.Ordinal));

        // Stories: the same partition with the same ids and headlines (ties in size and date may list in either order).
        var storiesSqlite = await CliHarness.RunAsync(sqliteDir, "stories", "--limit", "200");
        var storiesPg = await CliHarness.RunAsync(pg.Dir, "--store", pgUrl, "stories", "--limit", "200");
        Assert.Equal(0, storiesPg.ExitCode);
        var lines = storiesPg.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length > 40, storiesPg.Stdout);
        Assert.Equal(storiesSqlite.Stdout.Split('\n').Order(StringComparer.Ordinal), storiesPg.Stdout.Split('\n').Order(StringComparer.Ordinal));
        Assert.Equal(lines.Select(l => int.Parse(l[..4], System.Globalization.CultureInfo.InvariantCulture)), storiesSqlite.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => int.Parse(l[..4], System.Globalization.CultureInfo.InvariantCulture)));

        // A re-ingest through HERALD_STORE finds the ledger in PostgreSQL: the file is not read again.
        var again = await RunWithStoreVariableAsync(pg.Dir, pgUrl, "ingest", TestPaths.SampleSeedPage);
        Assert.Equal(0, again.ExitCode);
        Assert.Contains("1 unchanged since they were last ingested", again.Stdout, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Followed_feeds_live_in_postgres_beside_the_articles()
    {
        await using var pg = TestStores.Create(TestStores.Postgres, "cli-feeds");
        var added = await CliHarness.RunAsync(pg.Dir, "--store", pg.Url, "import-opml", Path.Combine(TestPaths.RepoRoot, "samples", "feeds.opml"));
        Assert.True(added.ExitCode == 0, added.Stderr);
        var listed = await CliHarness.RunAsync(pg.Dir, "--store", pg.Url, "sources");
        Assert.Equal(0, listed.ExitCode);
        var count = await pg.CountRowsAsync("sources");
        Assert.True(count > 5, $"{count} sources");
        Assert.Equal(count, listed.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Count(l => l.Contains("not fetched yet", StringComparison.Ordinal)));
        Assert.False(File.Exists(Path.Combine(pg.Dir, "herald.db")));
    }

    [Theory]
    [InlineData("--store", "mysql://u:secret@h/db", "herald: --store \"mysql://u:***@h/db\": is not a store URL")]
    [InlineData("HERALD_STORE", "postgres://u:secret@h:5432/", "herald: HERALD_STORE \"postgres://u:***@h:5432/\": names no database")]
    public async Task A_bad_store_url_is_one_line_and_exit_2(string where, string url, string message)
    {
        var dir = TestPaths.TempDir("cli-badstore");
        var r = where == "--store"
            ? await CliHarness.RunAsync(dir, "--store", url, "search", "Iraq")
            : await RunWithStoreVariableAsync(dir, url, "search", "Iraq");
        Assert.Equal(2, r.ExitCode);
        var line = Assert.Single(r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith(message, line, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Backup_of_a_postgres_store_is_refused_in_one_line_that_points_to_pg_dump()
    {
        // Refused from the URL alone, before any connection: nothing listens on port 1.
        var dir = TestPaths.TempDir("cli-backup-pg");
        var target = Path.Combine(dir, "copy.db");
        var r = await CliHarness.RunAsync(dir, "--store", "postgres://herald:secret@127.0.0.1:1/herald", "backup", "--to", target);
        Assert.Equal(2, r.ExitCode);
        var line = Assert.Single(r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal("herald: postgres://herald@127.0.0.1:1/herald: is a PostgreSQL store: back it up with pg_dump (or copy it with herald migrate --to sqlite:PATH)", line);
        Assert.DoesNotContain("secret", r.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(target));
        Assert.Empty(r.Stdout);
    }

    private static async Task<CliHarness.Result> RunWithStoreVariableAsync(string dataDir, string storeUrl, params string[] args)
    {
        using var p = CliHarness.Start(dataDir, args, new Dictionary<string, string> { ["HERALD_STORE"] = storeUrl });
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await p.WaitForExitAsync(cts.Token);
        return new CliHarness.Result(p.ExitCode, await stdout, await stderr);
    }
}
