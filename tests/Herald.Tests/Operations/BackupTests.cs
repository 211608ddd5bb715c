using Herald.Storage.Sqlite;
using Herald.Tests.Cli;

namespace Herald.Tests.Operations;

/// <summary>`herald backup`, run as a user runs it, on a store built from the real seed page.</summary>
public sealed class BackupTests
{
    [Fact]
    public async Task A_backup_holds_every_article_searches_like_the_store_and_is_one_file()
    {
        var data = TestPaths.TempDir("backup");
        Assert.Equal(0, (await CliHarness.RunAsync(data, "ingest", TestPaths.SampleSeedPage)).ExitCode);
        var target = Path.Combine(TestPaths.TempDir("backup-out"), "copy.db");

        var r = await CliHarness.RunAsync(data, "backup", "--to", target);
        Assert.Equal(0, r.ExitCode);
        Assert.Matches(@"^backed up 8\d articles to .*copy\.db \([0-9.]+ MiB, integrity checked\)", r.Stdout);
        Assert.False(File.Exists(target + "-wal"));
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(target)!, ".*tmp"));

        await using var original = SqliteStore.OpenFolder(data);
        await using var copy = SqliteStore.Open(target);
        var a = await original.ExportAsync(null, CancellationToken.None).Select(x => (x.Id, x.Story, x.DuplicateOf)).ToListAsync();
        var b = await copy.ExportAsync(null, CancellationToken.None).Select(x => (x.Id, x.Story, x.DuplicateOf)).ToListAsync();
        Assert.Equal(a, b);
        var query = Herald.Query.TopicQuery.Parse("Mosul");
        var hitsA = (await original.SearchAsync(query, new Herald.Pipeline.SearchOptions(), CancellationToken.None)).Hits.Select(h => h.Article.Id).ToList();
        var hitsB = (await copy.SearchAsync(query, new Herald.Pipeline.SearchOptions(), CancellationToken.None)).Hits.Select(h => h.Article.Id).ToList();
        Assert.NotEmpty(hitsA);
        Assert.Equal(hitsA, hitsB);
    }

    [Fact]
    public async Task An_existing_file_is_kept_unless_forced_and_a_missing_store_is_an_error()
    {
        var data = TestPaths.TempDir("backup-refuse");
        var target = Path.Combine(TestPaths.TempDir("backup-refuse-out"), "copy.db");

        var none = await CliHarness.RunAsync(data, "backup", "--to", target);
        Assert.Equal(2, none.ExitCode);
        Assert.Contains("holds no Herald store", none.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(target));

        Assert.Equal(0, (await CliHarness.RunAsync(data, "ingest", TestPaths.SampleSeedPage)).ExitCode);
        await File.WriteAllTextAsync(target, "precious");
        var refused = await CliHarness.RunAsync(data, "backup", "--to", target);
        Assert.Equal(2, refused.ExitCode);
        Assert.Equal($"herald: {target}: already exists; use --force to replace it", refused.Stderr.Trim());
        Assert.Equal("precious", await File.ReadAllTextAsync(target));

        Assert.Equal(0, (await CliHarness.RunAsync(data, "backup", "--to", target, "--force")).ExitCode);
        await using var copy = SqliteStore.Open(target);
        Assert.True(await copy.ExportAsync(null, CancellationToken.None).CountAsync() >= 80);

        var self = await CliHarness.RunAsync(data, "backup", "--to", Path.Combine(data, "herald.db"), "--force");
        Assert.Equal(2, self.ExitCode);
        Assert.Contains("is the store itself", self.Stderr, StringComparison.Ordinal);
    }
}
