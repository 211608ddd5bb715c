using System.Diagnostics;
using Herald.Tests.Cli;
using Microsoft.Data.Sqlite;

namespace Herald.Tests.Operations;

/// <summary>
/// A data folder on a disk that fills up, and one that is read-only: the verb that writes says so in one line and
/// exits non-zero, and the store is undamaged — it opens, its invariants hold, and it holds exactly what was
/// committed before (every article whole). Disk full needs a small tmpfs, so root (CI runs as root); read-only uses
/// a read-only remount as root and file modes otherwise.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class DiskFaultTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private static bool IsRoot => Environment.UserName == "root";

    private static (int Code, string Output) Sh(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi)!;
        var text = p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, text);
    }

    /// <summary>A tmpfs of a given size mounted on a new folder, unmounted on dispose; null (with why) when it cannot be.</summary>
    private sealed class Tmpfs : IDisposable
    {
        public required string Dir { get; init; }

        public static Tmpfs? Mount(string name, string size, out string why)
        {
            why = "";
            if (!IsRoot)
            {
                why = "mounting a small tmpfs needs root (CI runs as root)";
                return null;
            }

            var dir = TestPaths.TempDir(name);
            var (code, text) = Sh("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", dir);
            if (code != 0)
            {
                why = "mount -t tmpfs failed: " + text.Trim();
                return null;
            }

            return new Tmpfs { Dir = dir };
        }

        public void Remount(string options)
        {
            var (code, text) = Sh("mount", "-o", "remount," + options, Dir);
            Assert.True(code == 0, $"mount -o remount,{options}: {text}");
        }

        public void Dispose() => Sh("umount", "-l", Dir);
    }

    private static async Task<List<string>> ArticlesAsync(string db)
    {
        await using var c = new SqliteConnection($"Data Source={db};Pooling=False");
        await c.OpenAsync();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT id || '|' || content_hash || '|' || length(text) FROM articles ORDER BY id";
        var rows = new List<string>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync())
        {
            rows.Add(r.GetString(0));
        }

        return rows;
    }

    private static async Task<List<string>> TopicsAsync(string db)
    {
        await using var c = new SqliteConnection($"Data Source={db};Pooling=False");
        await c.OpenAsync();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT name || '=' || query FROM topics ORDER BY name";
        var rows = new List<string>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync())
        {
            rows.Add(r.GetString(0));
        }

        return rows;
    }

    /// <summary>The error is one line that names the store and says what is wrong; no stack trace anywhere.</summary>
    private static void AssertOneLineError(CliHarness.Result run, string dataDir, params string[] anyOf)
    {
        Assert.True(run.ExitCode != 0, "exit 0 although nothing could be written: " + run.Stdout + run.Stderr);
        Assert.DoesNotContain("   at ", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("internal error", run.Stderr, StringComparison.Ordinal);
        var errors = run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.StartsWith("herald: ", StringComparison.Ordinal) && !l.StartsWith("herald: warning", StringComparison.Ordinal)).ToList();
        var line = Assert.Single(errors);
        Assert.Contains(dataDir, line, StringComparison.Ordinal);
        // What is wrong, said after the path (which may itself hold any word).
        var reason = line[(line.LastIndexOf(dataDir, StringComparison.Ordinal) + dataDir.Length)..];
        Assert.True(anyOf.Any(w => reason.Contains(w, StringComparison.OrdinalIgnoreCase)), $"the error does not say what is wrong ({string.Join(" / ", anyOf)}): {line}");
    }

    [SkippableFact]
    public async Task Disk_full_while_ingesting_gives_one_line_and_keeps_what_was_committed()
    {
        var html = TestPaths.Data("extraction", "scrapinghub", "html");
        Skip.IfNot(Directory.Exists(html), "../shared/data/extraction/scrapinghub is absent");
        var pages = Directory.GetFiles(html, "*.html.gz").Order(StringComparer.Ordinal).ToArray();

        // What an unhindered run stores, for comparison.
        var clean = TestPaths.TempDir("disk-full-clean");
        Assert.Equal(0, (await CliHarness.RunAsync(clean, "ingest", TestPaths.SampleSeedPage)).ExitCode);
        var seedOnly = await ArticlesAsync(Path.Combine(clean, "herald.db"));
        Assert.Equal(0, (await CliHarness.RunAsync(clean, ["ingest", .. pages])).ExitCode);
        var whole = (await ArticlesAsync(Path.Combine(clean, "herald.db"))).ToHashSet(StringComparer.Ordinal);

        using var disk = Tmpfs.Mount("disk-full", "1600k", out var why);
        Skip.If(disk is null, why);
        var db = Path.Combine(disk.Dir, "herald.db");
        var first = await CliHarness.RunAsync(disk.Dir, "ingest", TestPaths.SampleSeedPage);
        Assert.True(first.ExitCode == 0, first.Stderr);
        Assert.Equal(seedOnly, await ArticlesAsync(db));

        // 181 pages need about four times the room left.
        var full = await CliHarness.RunAsync(disk.Dir, ["ingest", .. pages]);
        output.WriteLine("disk full: exit " + full.ExitCode + ": " + full.Stderr.Trim().Split('\n')[^1]);
        AssertOneLineError(full, disk.Dir, "disk is full");
        Assert.Equal(2, full.ExitCode);

        // Undamaged (read with room to spare, so that the check itself can write its journal): it opens, every
        // invariant holds, the seed page's articles are all there, and every article is whole (as a clean run stored it).
        disk.Remount("size=64m");
        Assert.Empty(await StoreInvariants.AtAnyMomentAsync(db));
        var after = await ArticlesAsync(db);
        var lost = seedOnly.Except(after).ToList();
        Assert.True(lost.Count == 0, "committed articles lost: " + string.Join(", ", lost));
        Assert.DoesNotContain(after, a => !whole.Contains(a));
        output.WriteLine($"after the disk filled: {after.Count} articles ({after.Count - seedOnly.Count} of the {whole.Count - seedOnly.Count} new ones committed), every one whole");

        // With room again, the same command finishes the work.
        var again = await CliHarness.RunAsync(disk.Dir, ["ingest", .. pages]);
        Assert.True(again.ExitCode == 0, again.Stderr);
        Assert.Empty(await StoreInvariants.WhenCompleteAsync(db));
        Assert.Equal(whole.Order(StringComparer.Ordinal), await ArticlesAsync(db));
    }

    [SkippableTheory]
    [InlineData("ingest")]
    [InlineData("topic add")]
    public async Task A_read_only_data_folder_gives_one_line_and_changes_nothing(string verb)
    {
        // The store as it was committed: the seed page and one topic.
        Tmpfs? disk = null;
        string dir;
        if (IsRoot)
        {
            disk = Tmpfs.Mount("read-only", "64m", out var why);
            Skip.If(disk is null, why);
            dir = disk.Dir;
        }
        else
        {
            dir = TestPaths.TempDir("read-only");
        }

        using var _ = disk;
        var db = Path.Combine(dir, "herald.db");
        Assert.Equal(0, (await CliHarness.RunAsync(dir, "ingest", TestPaths.SampleSeedPage)).ExitCode);
        Assert.Equal(0, (await CliHarness.RunAsync(dir, "topic", "add", "Iraq", "Iraq")).ExitCode);
        var articles = await ArticlesAsync(db);
        var topics = await TopicsAsync(db);

        // New input that would change the store.
        var input = Path.Combine(TestPaths.TempDir("read-only-input"), "new.jsonl");
        await File.WriteAllTextAsync(input, """{"id":"ro-1","title":"A new article about the harbour","text":"The harbour reopened on Monday after the storm.","url":"https://example.org/harbour","published":"2025-03-01"}""" + "\n");

        if (disk is not null)
        {
            disk.Remount("ro");
        }
        else
        {
            foreach (var f in Directory.GetFiles(dir))
            {
                File.SetUnixFileMode(f, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
            }

            File.SetUnixFileMode(dir, UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute);
        }

        var run = verb == "ingest"
            ? await CliHarness.RunAsync(dir, "ingest", input)
            : await CliHarness.RunAsync(dir, "topic", "add", "Harbour", "harbour");
        output.WriteLine($"{verb} on a read-only folder: exit {run.ExitCode}: {run.Stderr.Trim()}");
        AssertOneLineError(run, dir, "read-only", "readonly", "read only", "permission");
        Assert.Equal(2, run.ExitCode);

        if (disk is not null)
        {
            disk.Remount("rw");
        }
        else
        {
            File.SetUnixFileMode(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            foreach (var f in Directory.GetFiles(dir))
            {
                File.SetUnixFileMode(f, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
        }

        Assert.Empty(await StoreInvariants.WhenCompleteAsync(db));
        Assert.Equal(articles, await ArticlesAsync(db));
        Assert.Equal(topics, await TopicsAsync(db));
    }
}
