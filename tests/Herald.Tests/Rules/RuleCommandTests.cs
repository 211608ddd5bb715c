using System.Text.Json;
using Herald.Pipeline;
using Herald.Storage.Sqlite;
using Herald.Tests.Cli;

namespace Herald.Tests.Rules;

/// <summary>`herald rule` as a user runs it over the sample seed page: preview matches what search finds, rerun
/// applies a rule to the stored articles, new articles meet the rules as `ingest` stores them, and reader apps see
/// the result (dropped items gone, starred items starred).</summary>
public sealed class RuleCommandTests
{
    private static async Task<CliHarness.Result> OkAsync(string dir, params string[] args)
    {
        var r = await CliHarness.RunAsync(dir, args);
        Assert.True(r.ExitCode == 0, $"{string.Join(' ', args)}: {r.Stderr}");
        return r;
    }

    /// <summary>Seqs the full-text index matches for a word, as search finds them.</summary>
    private static async Task<HashSet<long>> SearchSeqsAsync(SqliteStore store, string word)
    {
        using var c = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={store.Path};Mode=ReadOnly;Pooling=False");
        await c.OpenAsync();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT rowid FROM articles_fts WHERE articles_fts MATCH $w";
        cmd.Parameters.AddWithValue("$w", word);
        var seqs = new HashSet<long>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync())
        {
            seqs.Add(r.GetInt64(0));
        }

        return seqs;
    }

    private static async Task<List<long>> StreamAsync(SqliteStore store, long user, ReaderStream stream) =>
        (await store.ListItemsAsync(new ReaderQuery(user, stream, 10_000), CancellationToken.None)).Items.Select(i => i.Id).ToList();

    [Fact]
    public async Task Preview_rerun_and_arriving_articles_apply_rules_that_reader_apps_see()
    {
        var dir = TestPaths.TempDir("rules");
        await OkAsync(dir, "ingest", TestPaths.SampleSeedPage);
        long user;
        HashSet<long> mosul;
        List<long> before;
        await using (var store = SqliteStore.OpenFolder(dir))
        {
            user = (await store.AddUserAsync("alice", ReaderPasswords.Hash("correct horse battery"), DateTimeOffset.UtcNow, CancellationToken.None))!.Id;
            mosul = await SearchSeqsAsync(store, "mosul");
            before = await StreamAsync(store, user, ReaderStream.ReadingList);
        }

        Assert.NotEmpty(mosul);
        var preview = await OkAsync(dir, "rule", "preview", "drop", "Mosul", "--show", "3");
        Assert.StartsWith($"drop when \"Mosul\" matches, on every source would drop {mosul.Count} stored articles", preview.Stdout, StringComparison.Ordinal);
        Assert.Equal(Math.Min(3, mosul.Count), preview.Stdout.Split('\n').Count(l => l.StartsWith("  ", StringComparison.Ordinal)));
        Assert.Contains("Mosul", preview.Stdout.Split('\n')[1], StringComparison.OrdinalIgnoreCase);

        var added = await OkAsync(dir, "rule", "add", "drop", "Mosul");
        Assert.StartsWith("added rule 1: drop when \"Mosul\" matches", added.Stdout, StringComparison.Ordinal);
        Assert.Contains("(0 articles)", (await OkAsync(dir, "rule", "list")).Stdout, StringComparison.Ordinal);

        var rerun = await OkAsync(dir, "rule", "rerun", "1");
        Assert.Equal($"rule 1: rules: {mosul.Count} dropped, 0 tagged, 0 starred", rerun.Stdout.Trim());
        Assert.Equal("rule 1: rules: 0 dropped, 0 tagged, 0 starred", (await OkAsync(dir, "rule", "rerun", "1")).Stdout.Trim());
        await using (var store = SqliteStore.OpenFolder(dir))
        {
            var after = await StreamAsync(store, user, ReaderStream.ReadingList);
            Assert.Empty(after.Intersect(mosul));
            Assert.Equal(before.Except(mosul).ToList(), after);
        }

        // Rules meet arriving articles once, as ingest stores them: a new Mosul report is dropped, a new dam report starred.
        await OkAsync(dir, "rule", "add", "star", "\"Haditha Dam\"");
        var file = Path.Combine(dir, "new.jsonl");
        await File.WriteAllLinesAsync(file,
        [
            JsonSerializer.Serialize(new Dictionary<string, string> { ["id"] = "haditha", ["url"] = "https://news.example.org/haditha", ["title"] = "Haditha Dam reservoir falls to a record low", ["outlet"] = "Example News", ["published"] = "2025-07-10T08:00:00Z", ["text"] = "Engineers at the Haditha Dam on the Euphrates said the reservoir fell to its lowest level since the dam opened, as the drought in western Iraq entered its third year." }),
            JsonSerializer.Serialize(new Dictionary<string, string> { ["id"] = "mosul-new", ["url"] = "https://news.example.org/mosul-market", ["title"] = "Mosul's old market reopens after rebuilding", ["outlet"] = "Example News", ["published"] = "2025-07-10T09:00:00Z", ["text"] = "Traders returned to the rebuilt old market of Mosul on Thursday, eight years after the battle that destroyed it." }),
        ]);
        var ingest = await OkAsync(dir, "ingest", file);
        Assert.Contains("rules: 1 dropped, 0 tagged, 1 starred", ingest.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("rules:", (await OkAsync(dir, "ingest", file)).Stdout, StringComparison.Ordinal);
        await using (var store = SqliteStore.OpenFolder(dir))
        {
            var haditha = (await SearchSeqsAsync(store, "haditha")).Max();
            Assert.Equal([haditha], await StreamAsync(store, user, new ReaderStream(ReaderStreamKind.Starred)));
            var all = await StreamAsync(store, user, ReaderStream.ReadingList);
            Assert.Contains(haditha, all);
            Assert.DoesNotContain((await SearchSeqsAsync(store, "market")).Max(), all);
        }

        // A tag rule's tag is a label on the item in reader apps.
        await OkAsync(dir, "rule", "add", "tag", "haditha", "--tag", "water");
        Assert.Equal("rule 3: rules: 0 dropped, 1 tagged, 0 starred", (await OkAsync(dir, "rule", "rerun", "3")).Stdout.Trim());
        await using (var store = SqliteStore.OpenFolder(dir))
        {
            var haditha = (await SearchSeqsAsync(store, "haditha")).Max();
            var item = Assert.Single(await store.GetItemsAsync(user, [haditha], CancellationToken.None));
            Assert.Equal(["water"], item.Tags);
        }

        var list = (await OkAsync(dir, "rule", "list")).Stdout;
        Assert.Contains($"1  drop when \"Mosul\" matches, on every source  ({mosul.Count + 1} articles)", list, StringComparison.Ordinal);
        Assert.Contains("2  star when \"\"Haditha Dam\"\" matches, on every source  (1 articles)", list, StringComparison.Ordinal);

        // Removing the drop rule lists its articles again.
        await OkAsync(dir, "rule", "remove", "1");
        await using (var store = SqliteStore.OpenFolder(dir))
        {
            Assert.Equal(before.Count + 2, (await StreamAsync(store, user, ReaderStream.ReadingList)).Count);
        }
    }

    [Fact]
    public async Task Keep_rules_drop_what_does_not_match_and_bad_rules_are_refused_in_one_line()
    {
        var dir = TestPaths.TempDir("rules-keep");
        await OkAsync(dir, "ingest", TestPaths.SampleSeedPage);
        int total, oil;
        await using (var store = SqliteStore.OpenFolder(dir))
        {
            total = await store.LatestSeqAsync(CancellationToken.None) > 0 ? (int)await CountAsync(store) : 0;
            oil = (await SearchSeqsAsync(store, "oil")).Count;
        }

        var preview = await OkAsync(dir, "rule", "preview", "keep", "oil", "--show", "0");
        Assert.Equal($"keep when \"oil\" matches, on every source would drop {total - oil} stored articles", preview.Stdout.Trim());

        foreach (var (args, problem) in new (string[], string)[]
        {
            (["rule", "add", "frob", "oil"], "frob: not a rule action (keep, drop, tag, star)"),
            (["rule", "add", "tag", "oil"], "a tag rule needs --tag NAME"),
            (["rule", "add", "drop", "oil", "--tag", "x"], "only tag rules take a tag"),
            (["rule", "add", "drop", "(oil"], "oil"),
            (["rule", "preview", "keep", "oil", "--feed", "https://feeds.example.org/none.xml"], "not a followed feed"),
            (["rule", "rerun", "7"], "no such rule"),
            (["rule", "remove", "7"], "no such rule"),
        })
        {
            var r = await CliHarness.RunAsync(dir, args);
            Assert.NotEqual(0, r.ExitCode);
            Assert.Single(r.Stderr.Trim().Split('\n'));
            Assert.Contains(problem, r.Stderr, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", r.Stderr, StringComparison.Ordinal);
        }
    }

    private static async Task<long> CountAsync(SqliteStore store)
    {
        using var c = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={store.Path};Mode=ReadOnly;Pooling=False");
        await c.OpenAsync();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT count(*) FROM articles";
        return (long)(await cmd.ExecuteScalarAsync())!;
    }
}
