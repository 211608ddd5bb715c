using Herald.Storage.Sqlite;
using Herald.Tests.Cli;
using Microsoft.Data.Sqlite;

namespace Herald.Tests.Operations;

/// <summary>
/// The stages after storing, and the file verbs and schema migrations, killed with SIGKILL at random moments over and
/// over (<see cref="KillLoop"/>): the stories step and the annotation step on a store (what `ingest`, `fetch` and
/// `run` do after storing), `herald cluster` and `herald annotate` on files, and the migration of a store written by
/// an older Herald. After every kill the store's invariants (<see cref="StoreInvariants"/>) hold, or the output file
/// is whole or absent; the next run finishes the work.
/// </summary>
public sealed class StageKillTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private const int Pages = 40;

    /// <summary>A store of real pages (with bodies) and the seed page (copies, headline-only items), finished.</summary>
    private static async Task<string> FinishedStoreAsync(string name)
    {
        var html = TestPaths.Data("extraction", "scrapinghub", "html");
        Skip.IfNot(Directory.Exists(html), "../shared/data/extraction/scrapinghub is absent");
        var pages = Directory.GetFiles(html, "*.html.gz").Order(StringComparer.Ordinal).Take(Pages);
        var data = TestPaths.TempDir(name);
        var run = await CliHarness.RunAsync(data, ["ingest", .. pages, TestPaths.SampleSeedPage]);
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Empty(await StoreInvariants.WhenCompleteAsync(Db(data)));
        return data;
    }

    private static string Db(string data) => Path.Combine(data, "herald.db");

    private static async Task ExecAsync(string db, string sql)
    {
        await using var c = new SqliteConnection($"Data Source={db};Pooling=False");
        await c.OpenAsync();
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        await cmd.ExecuteNonQueryAsync();
    }

    private static async Task<List<string>> RowsAsync(string db, string sql)
    {
        await using var c = new SqliteConnection($"Data Source={db};Pooling=False");
        await c.OpenAsync();
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        var rows = new List<string>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync())
        {
            rows.Add(r.IsDBNull(0) ? "" : Convert.ToString(r.GetValue(0), System.Globalization.CultureInfo.InvariantCulture)!);
        }

        return rows;
    }

    /// <summary>Copies a store file (its WAL folded in first) into a new data folder.</summary>
    private static async Task<string> CopyStoreAsync(string fromDb, string name)
    {
        await ExecAsync(fromDb, "PRAGMA wal_checkpoint(TRUNCATE)");
        var data = TestPaths.TempDir(name);
        File.Copy(fromDb, Db(data));
        return data;
    }

    // The state a run killed after storing leaves (articles without a story), here for the whole store at once.
    private const string ForgetStories = "UPDATE articles SET story = NULL; DELETE FROM story_headlines; DELETE FROM story_aliases;";

    // The state of a store whose articles were stored but never annotated.
    private const string ForgetAnnotations = "DELETE FROM annotations; DELETE FROM annotation_queue; UPDATE store_meta SET value = 0 WHERE key = 'annotated_through';";

    /// <summary>Sets of article ids that share a story, in a stable order: equal partitions compare equal whatever the story ids.</summary>
    private static async Task<List<string>> PartitionAsync(string db) =>
        [.. (await RowsAsync(db, "SELECT story || char(9) || id FROM articles ORDER BY story, id"))
            .Select(l => l.Split('\t'))
            .GroupBy(p => p[0], p => p[1])
            .Select(g => string.Join(',', g.Order(StringComparer.Ordinal)))
            .Order(StringComparer.Ordinal)];

    /// <summary>
    /// The stories step (run by `ingest` of an unchanged file after the ledger skips it) over a store whose articles
    /// all lost their story, killed at random moments; a run that finished is given the work again.
    /// </summary>
    [SkippableFact]
    public async Task Stories_step_killed_at_random_moments_keeps_every_invariant_and_finishes_on_the_next_run()
    {
        var finishedStore = await FinishedStoreAsync("kill-stories-base");
        var data = await CopyStoreAsync(Db(finishedStore), "kill-stories");
        var db = Db(data);
        await ExecAsync(db, ForgetStories);

        // A clean run from the same state, for the figures (and the partition it gives).
        var clean = await CopyStoreAsync(db, "kill-stories-clean");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        Assert.Equal(0, (await CliHarness.RunAsync(clean, "ingest", TestPaths.SampleSeedPage)).ExitCode);
        var loop = new KillLoop(20261207, clock.Elapsed.TotalMilliseconds);
        Assert.Empty(await StoreInvariants.WhenCompleteAsync(Db(clean)));

        var iterations = KillLoop.Iterations();
        var partial = 0;
        for (var i = 1; i <= iterations; i++)
        {
            await loop.RunOnceAsync(i, () => CliHarness.Start(data, "ingest", TestPaths.SampleSeedPage), async killed =>
            {
                var broken = await StoreInvariants.AtAnyMomentAsync(db);
                Assert.True(broken.Count == 0, $"after run {i} (killed: {killed}): " + string.Join("; ", broken));
                var unplaced = (await RowsAsync(db, "SELECT count(*) FROM articles WHERE story IS NULL")).Single();
                if (killed && unplaced != "0" && (await RowsAsync(db, "SELECT count(*) FROM articles WHERE story IS NOT NULL")).Single() != "0")
                {
                    partial++;
                }

                if (!killed)
                {
                    Assert.Empty(await StoreInvariants.WhenCompleteAsync(db));
                    await ExecAsync(db, ForgetStories);
                }
            });
        }

        var final = await CliHarness.RunAsync(data, "ingest", TestPaths.SampleSeedPage);
        Assert.True(final.ExitCode == 0, final.Stderr);
        var incomplete = await StoreInvariants.WhenCompleteAsync(db);
        Assert.True(incomplete.Count == 0, string.Join("; ", incomplete));
        var samePartition = (await PartitionAsync(db)).SequenceEqual(await PartitionAsync(Db(clean)));
        output.WriteLine($"stories step: {loop}; {partial} kills left the store with some stories placed and some not; " +
            $"every invariant held after each; the final partition {(samePartition ? "equals" : "differs from")} an uninterrupted run's");
        loop.AssertEnoughKills(iterations);
    }

    /// <summary>The annotation step over a store none of whose articles is annotated, killed at random moments.</summary>
    [SkippableFact]
    public async Task Annotation_step_killed_at_random_moments_keeps_every_invariant_and_finishes_with_the_same_annotations()
    {
        var finishedStore = await FinishedStoreAsync("kill-annotate-base");
        var expected = await RowsAsync(Db(finishedStore), "SELECT article_id || char(9) || json FROM annotations ORDER BY article_id");
        Assert.NotEmpty(expected);
        var data = await CopyStoreAsync(Db(finishedStore), "kill-annotate");
        var db = Db(data);
        await ExecAsync(db, ForgetAnnotations);

        var clean = await CopyStoreAsync(db, "kill-annotate-clean");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        Assert.Equal(0, (await CliHarness.RunAsync(clean, "ingest", TestPaths.SampleSeedPage)).ExitCode);
        var loop = new KillLoop(20261208, clock.Elapsed.TotalMilliseconds);
        Assert.Equal(expected, await RowsAsync(Db(clean), "SELECT article_id || char(9) || json FROM annotations ORDER BY article_id"));

        var iterations = KillLoop.Iterations();
        var partial = 0;
        for (var i = 1; i <= iterations; i++)
        {
            await loop.RunOnceAsync(i, () => CliHarness.Start(data, "ingest", TestPaths.SampleSeedPage), async killed =>
            {
                var broken = await StoreInvariants.AtAnyMomentAsync(db);
                Assert.True(broken.Count == 0, $"after run {i} (killed: {killed}): " + string.Join("; ", broken));
                var annotated = int.Parse((await RowsAsync(db, "SELECT count(*) FROM annotations")).Single(), System.Globalization.CultureInfo.InvariantCulture);
                if (killed && annotated > 0 && annotated < expected.Count)
                {
                    partial++;
                }

                if (!killed)
                {
                    Assert.Empty(await StoreInvariants.WhenCompleteAsync(db));
                    await ExecAsync(db, ForgetAnnotations);
                }
            });
        }

        var final = await CliHarness.RunAsync(data, "ingest", TestPaths.SampleSeedPage);
        Assert.True(final.ExitCode == 0, final.Stderr);
        var incomplete = await StoreInvariants.WhenCompleteAsync(db);
        Assert.True(incomplete.Count == 0, string.Join("; ", incomplete));
        Assert.Equal(expected, await RowsAsync(db, "SELECT article_id || char(9) || json FROM annotations ORDER BY article_id"));
        output.WriteLine($"annotation step: {loop}; {partial} kills left some of the {expected.Count} annotated articles done and some not; every invariant held after each");
        loop.AssertEnoughKills(iterations);
    }

    /// <summary>
    /// `herald cluster --in --out` and `herald annotate --in --out` killed at random moments: the output file is
    /// never half written (absent before the first finished run, then always the whole output), and a run that
    /// finishes writes exactly what an uninterrupted run writes.
    /// </summary>
    [SkippableTheory]
    [InlineData("cluster")]
    [InlineData("annotate")]
    public async Task File_verb_killed_at_random_moments_leaves_the_whole_output_or_none(string verb)
    {
        var finishedStore = await FinishedStoreAsync("kill-" + verb + "-base");
        var work = TestPaths.TempDir("kill-" + verb);
        var input = Path.Combine(work, "articles.jsonl");
        var export = await CliHarness.RunAsync(finishedStore, "export", "--out", input);
        Assert.True(export.ExitCode == 0, export.Stderr);

        var cleanOut = Path.Combine(work, "clean.jsonl");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var cleanRun = await CliHarness.RunAsync(work, verb, "--in", input, "--out", cleanOut);
        Assert.True(cleanRun.ExitCode == 0, cleanRun.Stderr);
        var loop = new KillLoop(verb.Length * 7919, clock.Elapsed.TotalMilliseconds);
        var whole = await File.ReadAllBytesAsync(cleanOut);
        Assert.NotEmpty(whole);

        var outPath = Path.Combine(work, "out.jsonl");
        var iterations = KillLoop.Iterations();
        var everWritten = false;
        for (var i = 1; i <= iterations; i++)
        {
            await loop.RunOnceAsync(i, () => CliHarness.Start(work, verb, "--in", input, "--out", outPath), killed =>
            {
                if (File.Exists(outPath))
                {
                    var got = File.ReadAllBytes(outPath);
                    Assert.True(got.AsSpan().SequenceEqual(whole), $"run {i} (killed: {killed}) left {got.Length} bytes in the output, not the whole {whole.Length}");
                    everWritten = true;
                }
                else
                {
                    Assert.False(everWritten, $"run {i} (killed: {killed}) removed the output an earlier run wrote");
                    Assert.True(killed, $"run {i} finished without writing its output");
                }

                return Task.CompletedTask;
            });
        }

        var final = await CliHarness.RunAsync(work, verb, "--in", input, "--out", outPath);
        Assert.True(final.ExitCode == 0, final.Stderr);
        Assert.Equal(whole, await File.ReadAllBytesAsync(outPath));
        output.WriteLine($"{verb}: {loop}; the output was whole or absent after each");
        loop.AssertEnoughKills(iterations);
    }

    /// <summary>The tables, indexes and triggers a store of exactly <paramref name="version"/> has, made by the migrations themselves.</summary>
    private static async Task<List<string>> SchemaOfVersionAsync(int version)
    {
        var dir = TestPaths.TempDir("schema-v" + version.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var db = Path.Combine(dir, "v.db");
        await ExecAsync(db, string.Join('\n', SqliteMigrations.All.Where(m => m.Version <= version).Select(m => m.Sql)));
        return await SchemaAsync(db);
    }

    private static Task<List<string>> SchemaAsync(string db) =>
        RowsAsync(db, "SELECT type || ' ' || name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name");

    /// <summary>
    /// A store written by an older Herald (schema 6: before the content version, the annotation watermark, reader
    /// accounts and annotated headline-only items), opened by this one (which migrates it, then annotates what the
    /// newer schema says is owed) and killed at random moments: the schema is always exactly one of the versions the
    /// migrations make, never half of one, the store's invariants for that version hold, and the next run finishes
    /// both the migration and the work. A run that finished starts again from a fresh copy of the old store.
    /// </summary>
    [SkippableFact]
    public async Task Migration_of_an_old_store_killed_at_random_moments_is_never_half_applied_and_finishes_on_the_next_run()
    {
        const int Old = 6;
        var finishedStore = await FinishedStoreAsync("kill-migrate-base");
        var baseDb = Db(finishedStore);
        await ExecAsync(baseDb, "PRAGMA wal_checkpoint(TRUNCATE)");

        // The old store: the first six migrations, then the current store's rows (the articles table has not changed
        // since schema 1), with annotations only for articles with a body, as Herald wrote them before schema 10.
        var oldDir = TestPaths.TempDir("kill-migrate-old");
        var oldDb = Db(oldDir);
        await ExecAsync(oldDb, string.Join('\n', SqliteMigrations.All.Where(m => m.Version <= Old).Select(m => m.Sql)) + $"""

            ATTACH DATABASE '{baseDb.Replace("'", "''", StringComparison.Ordinal)}' AS cur;
            INSERT INTO articles SELECT seq, id, key, url, canonical_url, title, section, authors, published, date_only, published_source,
                outlet, outlet_key, language, text, image, story, duplicate_of, republished, first_seen, content_hash FROM cur.articles;
            INSERT INTO articles_fts(articles_fts) VALUES ('rebuild');
            INSERT INTO topics SELECT * FROM cur.topics;
            INSERT INTO annotations SELECT n.* FROM cur.annotations n JOIN cur.articles a ON a.id = n.article_id WHERE length(a.text) > 0;
            INSERT INTO outlets SELECT * FROM cur.outlets;
            INSERT INTO story_headlines SELECT * FROM cur.story_headlines;
            INSERT INTO story_aliases SELECT * FROM cur.story_aliases;
            INSERT INTO ingested_files SELECT * FROM cur.ingested_files;
            DETACH DATABASE cur;
            PRAGMA user_version = {Old};
            """);
        var expectedAnnotations = await RowsAsync(baseDb, "SELECT article_id FROM annotations ORDER BY article_id");
        var owed = expectedAnnotations.Count - (await RowsAsync(oldDb, "SELECT count(*) FROM annotations")).Select(int.Parse).Single();
        Assert.True(owed > 0, "the old store owes no annotations: the test would prove little");
        var schemas = new Dictionary<int, List<string>>();
        for (var v = Old; v <= SqliteMigrations.All[^1].Version; v++)
        {
            schemas[v] = await SchemaOfVersionAsync(v);
        }

        var latest = schemas[SqliteMigrations.All[^1].Version].ToHashSet(StringComparer.Ordinal);
        var data = await CopyStoreAsync(oldDb, "kill-migrate");
        var db = Db(data);
        var clean = await CopyStoreAsync(oldDb, "kill-migrate-clean");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var cleanRun = await CliHarness.RunAsync(clean, "ingest", TestPaths.SampleSeedPage);
        Assert.True(cleanRun.ExitCode == 0, cleanRun.Stderr);
        var loop = new KillLoop(20261209, clock.Elapsed.TotalMilliseconds);
        Assert.Empty(await StoreInvariants.WhenCompleteAsync(Db(clean)));
        Assert.Equal(expectedAnnotations, await RowsAsync(Db(clean), "SELECT article_id FROM annotations ORDER BY article_id"));

        var iterations = KillLoop.Iterations();
        var atVersion = new SortedDictionary<int, int>();
        for (var i = 1; i <= iterations; i++)
        {
            await loop.RunOnceAsync(i, () => CliHarness.Start(data, "ingest", TestPaths.SampleSeedPage), async killed =>
            {
                var version = (await RowsAsync(db, "PRAGMA user_version")).Select(int.Parse).Single();
                Assert.True(schemas.TryGetValue(version, out var schema), $"after run {i}: schema {version}");
                // (Tables other stores create on first use, such as the webhooks', are not the migrations' to make.)
                Assert.Equal(schema, (await SchemaAsync(db)).Where(latest.Contains).ToList());
                var broken = await StoreInvariants.AtAnyMomentOfSchemaAsync(db, version);
                Assert.True(broken.Count == 0, $"after run {i} (killed: {killed}, schema {version}): " + string.Join("; ", broken));
                if (killed)
                {
                    atVersion[version] = atVersion.GetValueOrDefault(version) + 1;
                }
                else
                {
                    Assert.Empty(await StoreInvariants.WhenCompleteAsync(db));
                    File.Copy(oldDb, db, overwrite: true);
                    File.Delete(db + "-wal");
                    File.Delete(db + "-shm");
                }
            });
        }

        var final = await CliHarness.RunAsync(data, "ingest", TestPaths.SampleSeedPage);
        Assert.True(final.ExitCode == 0, final.Stderr);
        Assert.Equal(schemas[SqliteMigrations.All[^1].Version], (await SchemaAsync(db)).Where(latest.Contains).ToList());
        var incomplete = await StoreInvariants.WhenCompleteAsync(db);
        Assert.True(incomplete.Count == 0, string.Join("; ", incomplete));
        Assert.Equal(expectedAnnotations, await RowsAsync(db, "SELECT article_id FROM annotations ORDER BY article_id"));
        output.WriteLine($"migration from schema {Old} ({owed} annotations owed): {loop}; schema left by the kills: " +
            string.Join(", ", atVersion.Select(kv => $"{kv.Key}: {kv.Value}")) + "; the schema was whole and every invariant held after each");
        loop.AssertEnoughKills(iterations);
    }
}
