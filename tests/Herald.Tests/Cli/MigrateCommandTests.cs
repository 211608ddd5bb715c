using Herald.Tests.Storage;

namespace Herald.Tests.Cli;

/// <summary>`herald migrate --to URL`: SQLite → PostgreSQL → SQLite through the CLI, the answers unchanged each way.</summary>
public sealed class MigrateCommandTests
{
    private static List<string> Lines(string stdout) =>
        stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.StartsWith("            ", StringComparison.Ordinal)).ToList();

    private static async Task<(List<string> Search, List<string> Stories, string Topic, string Export)> AnswersAsync(string dir, params string[] store)
    {
        var search = await CliHarness.RunAsync(dir, [.. store, "search", "Iraq", "--sort", "newest", "--limit", "200"]);
        var stories = await CliHarness.RunAsync(dir, [.. store, "stories", "--limit", "200"]);
        var topic = await CliHarness.RunAsync(dir, [.. store, "topic", "show", "Iraq"]);
        var exportFile = Path.Combine(TestPaths.TempDir("migrate-export"), "out.jsonl");
        var export = await CliHarness.RunAsync(dir, [.. store, "export", "--out", exportFile]);
        Assert.True(search.ExitCode + stories.ExitCode + topic.ExitCode + export.ExitCode == 0, search.Stderr + stories.Stderr + topic.Stderr + export.Stderr);
        // Exported records sorted: rows with equal dates may come in either store's order.
        var records = string.Join('\n', (await File.ReadAllLinesAsync(exportFile)).Order(StringComparer.Ordinal));
        return (Lines(search.Stdout), Lines(stories.Stdout).Order(StringComparer.Ordinal).ToList(), topic.Stdout, records);
    }

    [SkippableFact]
    public async Task Sqlite_to_postgres_and_back_keeps_every_answer_and_counts_match()
    {
        await using var pg = TestStores.Create(TestStores.Postgres, "migrate-pg");
        var sqliteDir = TestPaths.TempDir("migrate-sqlite");
        Assert.Equal(0, (await CliHarness.RunAsync(sqliteDir, "ingest", TestPaths.SampleSeedPage)).ExitCode);
        Assert.Equal(0, (await CliHarness.RunAsync(sqliteDir, "topic", "add", "Iraq", "Iraq")).ExitCode);
        var original = await AnswersAsync(sqliteDir);

        var there = await CliHarness.RunAsync(sqliteDir, "migrate", "--to", pg.Url);
        Assert.True(there.ExitCode == 0, there.Stderr);
        Assert.Matches(@"^copied sqlite:.* to postgres://herald@127\.0\.0\.1:\d+/.*: 81 articles \(\d+ with full text\), \d+ stories, [1-9]\d* annotated, 1 topics, .*; counts match\n$", there.Stdout);
        var onPg = await AnswersAsync(pg.Dir, "--store", pg.Url);
        Assert.Equal(original.Search, onPg.Search);
        Assert.Equal(original.Stories, onPg.Stories);
        Assert.Equal(original.Topic, onPg.Topic);
        Assert.Equal(original.Export, onPg.Export);
        // The ledger came along: ingesting the page into PostgreSQL again skips it.
        Assert.Contains("1 unchanged since", (await CliHarness.RunAsync(pg.Dir, "--store", pg.Url, "ingest", TestPaths.SampleSeedPage)).Stdout, StringComparison.Ordinal);

        var backDir = TestPaths.TempDir("migrate-back");
        var back = await CliHarness.RunAsync(pg.Dir, "--store", pg.Url, "migrate", "--to", "sqlite:" + backDir);
        Assert.True(back.ExitCode == 0, back.Stderr);
        Assert.EndsWith("; counts match\n", back.Stdout, StringComparison.Ordinal);
        var returned = await AnswersAsync(backDir);
        Assert.Equal(original.Search, returned.Search);
        Assert.Equal(original.Stories, returned.Stories);
        Assert.Equal(original.Topic, returned.Topic);
        Assert.Equal(original.Export, returned.Export);

        // Copying into a store that holds articles is refused, in one line, and writes nothing.
        var again = await CliHarness.RunAsync(sqliteDir, "migrate", "--to", pg.Url);
        Assert.Equal(2, again.ExitCode);
        Assert.Contains("already holds 81 articles; migrate copies into an empty store", Assert.Single(again.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
        Assert.Equal(81, await pg.CountRowsAsync("articles"));
    }
}
