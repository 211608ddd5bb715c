using System.Diagnostics;
using Herald.Tests.Cli;

namespace Herald.Tests.Operations;

/// <summary>
/// `herald ingest` of real pages, killed with SIGKILL at random moments over and over: every stage it runs (extract,
/// copies, stories, annotation, the store and its index) is cut somewhere. After every kill the store's invariants
/// hold; a final run finishes the work, and the store then holds exactly what an uninterrupted run stores.
/// Iterations: HERALD_KILL_ITERATIONS, else 100 in CI and 20 on a developer's machine.
/// </summary>
public sealed class CrashConsistencyTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private static int Iterations() =>
        int.TryParse(Environment.GetEnvironmentVariable("HERALD_KILL_ITERATIONS"), out var n) && n > 0 ? n
        : Environment.GetEnvironmentVariable("CI") is { Length: > 0 } ? 100 : 20;

    [SkippableFact]
    public async Task Ingest_killed_at_random_moments_keeps_every_invariant_and_finishes_on_the_next_run()
    {
        var html = TestPaths.Data("extraction", "scrapinghub", "html");
        Skip.IfNot(Directory.Exists(html), "../shared/data/extraction/scrapinghub is absent");
        var pages = Directory.GetFiles(html, "*.html.gz").Order(StringComparer.Ordinal).ToList();
        // Two new pages a run (181 pages give 90 runs of fresh work before they repeat), with the previous run's pages
        // again in case it was killed, and every fourth run the seed page with its copies and headline-only items.
        var slices = pages.Chunk(2).Select(c => c.ToList()).ToList();
        List<string> Slice(int i) =>
            [.. slices[(i + slices.Count - 1) % slices.Count], .. slices[i % slices.Count], .. i % 4 == 0 ? [TestPaths.SampleSeedPage] : Array.Empty<string>()];

        var data = TestPaths.TempDir("kill-ingest");
        var db = Path.Combine(data, "herald.db");
        var random = new Random(20261206);
        var iterations = Iterations();

        // How long a run takes, learnt as the loop goes (from a first whole run, growing while runs outlast it, drawn
        // towards the length of runs that finish): each kill lands at a moment drawn uniformly from that span, so kills
        // fall in start-up, extraction, the store, stories and annotation alike, and some runs finish.
        var clock = Stopwatch.StartNew();
        Assert.Equal(0, (await CliHarness.RunAsync(data, ["ingest", .. Slice(0)])).ExitCode);
        var typical = clock.Elapsed.TotalMilliseconds;
        Assert.Empty(await StoreInvariants.WhenCompleteAsync(db));

        int killed = 0, finished = 0;
        for (var i = 1; i <= iterations; i++)
        {
            clock.Restart();
            using var p = CliHarness.Start(data, ["ingest", .. Slice(i)]);
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            await Task.WhenAny(p.WaitForExitAsync(), Task.Delay(TimeSpan.FromMilliseconds(random.NextDouble() * typical)));
            if (!p.HasExited)
            {
                p.Kill(entireProcessTree: true);
                killed++;
                // The run outlasted the span: the span grows until kills reach the ends of runs too.
                typical *= 1.1;
            }
            else
            {
                Assert.True(p.ExitCode == 0, $"iteration {i}: exit {p.ExitCode}: {await stderr}");
                finished++;
                typical = (0.7 * typical) + (0.3 * clock.Elapsed.TotalMilliseconds);
            }

            await p.WaitForExitAsync();
            await Task.WhenAll(stdout, stderr);
            var broken = await StoreInvariants.AtAnyMomentAsync(db);
            Assert.True(broken.Count == 0, $"after kill {i}: " + string.Join("; ", broken));
        }

        // Whatever the kills left half done, one more run finishes it.
        List<string> all = [.. pages, TestPaths.SampleSeedPage];
        var final = await CliHarness.RunAsync(data, ["ingest", .. all]);
        Assert.True(final.ExitCode == 0, final.Stderr);
        var incomplete = await StoreInvariants.WhenCompleteAsync(db);
        Assert.True(incomplete.Count == 0, string.Join("; ", incomplete));

        // And the store holds exactly the articles of an uninterrupted run (which article of a copy pair is the original
        // may differ: a copy keeps the original it was first given, and the kills changed the order articles arrived in).
        var clean = TestPaths.TempDir("kill-ingest-clean");
        Assert.Equal(0, (await CliHarness.RunAsync(clean, ["ingest", .. all])).ExitCode);
        Assert.Equal(await IdsAsync(Path.Combine(clean, "herald.db")), await IdsAsync(db));
        output.WriteLine($"{iterations} runs: {killed} killed at a random moment, {finished} finished first; every invariant held after each");
        Assert.True(killed >= iterations / 4, $"only {killed} of {iterations} runs were killed before they finished ({finished} finished): the test proved little");
    }

    [Fact]
    public async Task The_invariant_checks_see_a_damaged_store()
    {
        var data = TestPaths.TempDir("invariants");
        Assert.Equal(0, (await CliHarness.RunAsync(data, "ingest", TestPaths.SampleSeedPage)).ExitCode);
        var db = Path.Combine(data, "herald.db");
        Assert.Empty(await StoreInvariants.WhenCompleteAsync(db));

        await using (var c = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={db};Pooling=False"))
        {
            await c.OpenAsync();
            using var cmd = c.CreateCommand();
            // A copy whose original vanished, an article that lost its story, an original that lost its annotations
            // although the annotation watermark says everything below it was done.
            cmd.CommandText = """
                UPDATE articles SET duplicate_of = 'no-such-article' WHERE seq = (SELECT min(seq) FROM articles WHERE length(text) = 0);
                UPDATE articles SET story = NULL WHERE seq = (SELECT max(seq) FROM articles);
                UPDATE store_meta SET value = (SELECT max(seq) FROM articles) WHERE key = 'annotated_through';
                DELETE FROM annotations;
                """;
            await cmd.ExecuteNonQueryAsync();
        }

        var broken = await StoreInvariants.WhenCompleteAsync(db);
        Assert.Contains(broken, b => b.StartsWith("a copy whose original is missing", StringComparison.Ordinal));
        Assert.Contains(broken, b => b.StartsWith("an article with no story", StringComparison.Ordinal));
        Assert.Contains(broken, b => b.StartsWith("an original with a body and no annotations", StringComparison.Ordinal));
        Assert.Contains(broken, b => b.StartsWith("an article below the annotation watermark", StringComparison.Ordinal));
    }

    private static async Task<List<string>> IdsAsync(string db)
    {
        await using var c = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={db};Pooling=False");
        await c.OpenAsync();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT id || '|' || content_hash FROM articles ORDER BY id";
        var ids = new List<string>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync())
        {
            ids.Add(r.GetString(0));
        }

        return ids;
    }
}
