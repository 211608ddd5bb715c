using System.Globalization;
using Herald.Model;
using Herald.Storage.Sqlite;

namespace Herald.Tests.Cli;

/// <summary>A `herald ingest` killed mid-run and run again loses nothing and duplicates nothing.</summary>
public sealed class CrashSafetyTests
{
    [Fact]
    public async Task Killing_ingest_mid_run_then_rerunning_loses_and_duplicates_nothing()
    {
        const int count = 60_000;
        var data = TestPaths.TempDir("crash");
        var input = Path.Combine(data, "posts.jsonl");
        await using (var w = new StreamWriter(input))
        {
            for (var i = 0; i < count; i++)
            {
                var a = new Article
                {
                    Id = "p" + i.ToString(CultureInfo.InvariantCulture),
                    Url = $"https://news.example/{i}",
                    Title = $"Headline number {i} about Iraq",
                    Outlet = "Example News",
                    Published = new DateTimeOffset(2025, 7, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(i),
                    Text = "Paragraph one of the body.\n\nParagraph two.",
                };
                await w.WriteLineAsync(ArticleJson.Serialize(a));
            }
        }

        var killedMidRun = false;
        using (var p = CliHarness.Start(data, "ingest", input))
        {
            var wal = Path.Combine(data, "herald.db-wal");
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (!p.HasExited && DateTime.UtcNow < deadline && !(File.Exists(wal) && new FileInfo(wal).Length > 256 * 1024))
            {
                await Task.Delay(5);
            }

            if (!p.HasExited)
            {
                p.Kill(entireProcessTree: true);
                killedMidRun = true;
            }

            await p.WaitForExitAsync();
        }

        int before;
        await using (var store = SqliteStore.OpenFolder(data))
        {
            before = (await store.SummarizeAsync(null, CancellationToken.None)).Articles;
        }

        var rerun = await CliHarness.RunAsync(data, "ingest", input);
        Assert.Equal(0, rerun.ExitCode);
        await using (var store = SqliteStore.OpenFolder(data))
        {
            var summary = await store.SummarizeAsync(null, CancellationToken.None);
            Assert.Equal(count, summary.Articles);
            var ids = new HashSet<string>(StringComparer.Ordinal);
            await foreach (var a in store.ExportAsync(null, CancellationToken.None))
            {
                Assert.True(ids.Add(a.Id), "duplicate id " + a.Id);
                Assert.Equal("Paragraph one of the body.\n\nParagraph two.", a.Text);
            }
        }

        Assert.True(killedMidRun, $"ingest finished before it could be killed ({before} stored); the test proved nothing");
        Assert.InRange(before, 0, count - 1);
        Assert.Contains($"{count - before} new", rerun.Stdout, StringComparison.Ordinal);
    }
}
