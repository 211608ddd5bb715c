using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Herald.Tests.Web.GReader;

/// <summary>
/// A real reader app against Herald on the embedded SQLite store: Debian's newsboat, whose "feedhq" source speaks the
/// Google Reader protocol, syncs from the test server into its own SQLite cache.
/// </summary>
public sealed class NewsboatTests(ReaderHost host) : NewsboatCases(host), IClassFixture<ReaderHost>;

/// <summary>The same newsboat sessions against a host that serves a PostgreSQL store.</summary>
public sealed class PostgresNewsboatTests(PostgresReaderHost host) : NewsboatCases(host), IClassFixture<PostgresReaderHost>;

/// <summary>What newsboat does against a <see cref="ReaderHost"/>, whichever store it serves.</summary>
public abstract class NewsboatCases(ReaderHost host)
{
    private const string Api = "/api/greader/reader/api/0/";

    private static string? Find(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, program)).FirstOrDefault(File.Exists);

    /// <summary>A folder with newsboat's config (pointed at the test server, signed in as <paramref name="user"/>), an empty urls file and its HOME.</summary>
    private string NewsboatHome(string user)
    {
        var dir = TestPaths.TempDir("newsboat");
        File.WriteAllText(Path.Combine(dir, "password"), ReaderHost.Password + "\n");
        File.WriteAllText(Path.Combine(dir, "urls"), "");
        // The address as a user would type it, with a trailing slash: newsboat appends "/accounts/ClientLogin".
        File.WriteAllText(Path.Combine(dir, "config"), $"""
            urls-source "feedhq"
            feedhq-url "{host.BaseAddress.AbsoluteUri.TrimEnd('/')}/api/greader/"
            feedhq-login "{user}"
            feedhq-passwordfile "{Path.Combine(dir, "password")}"
            feedhq-min-items 1000
            feedhq-show-special-feeds no
            reload-threads 1
            """);
        return dir;
    }

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string dir, string program, params string[] args)
    {
        var psi = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false, WorkingDirectory = dir };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment["HOME"] = dir;
        psi.Environment["TERM"] = "xterm";
        using var p = Process.Start(psi)!;
        p.StandardInput.Close();
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await p.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', args)} did not finish: {await stdout} {await stderr}");
        }

        return (p.ExitCode, await stdout, await stderr);
    }

    private static Task<(int ExitCode, string Stdout, string Stderr)> NewsboatAsync(string dir, params string[] commands) =>
        RunAsync(dir, "newsboat", ["-C", Path.Combine(dir, "config"), "-c", Path.Combine(dir, "cache.db"), "-u", Path.Combine(dir, "urls"), "-x", .. commands]);

    /// <summary>newsboat's cache: item id (from its Google Reader guid) → (feed URL, unread, content).</summary>
    private static async Task<Dictionary<long, (string Feed, bool Unread, string Content)>> CacheAsync(string dir)
    {
        var items = new Dictionary<long, (string, bool, string)>();
        await using var c = new SqliteConnection($"Data Source={Path.Combine(dir, "cache.db")};Mode=ReadOnly;Pooling=False");
        await c.OpenAsync();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT guid, feedurl, unread, content FROM rss_item WHERE deleted = 0";
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync())
        {
            var guid = r.GetString(0);
            Assert.StartsWith("tag:google.com,2005:reader/item/", guid, StringComparison.Ordinal);
            items[long.Parse(guid["tag:google.com,2005:reader/item/".Length..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture)] =
                (r.GetString(1), r.GetInt64(2) != 0, r.GetString(3));
        }

        return items;
    }

    private static async Task<List<long>> IdsAsync(HttpClient client, string stream)
    {
        var json = JsonDocument.Parse(await client.GetStringAsync($"{Api}stream/items/ids?s={Uri.EscapeDataString(stream)}&n=10000")).RootElement;
        return json.GetProperty("itemRefs").EnumerateArray().Select(r => long.Parse(r.GetProperty("id").GetString()!, CultureInfo.InvariantCulture)).ToList();
    }

    [SkippableFact]
    public async Task Newsboat_syncs_the_topic_with_copies_collapsed_and_follows_Herald_read_state()
    {
        Skip.If(host.Unavailable is not null, host.Unavailable);
        Skip.If(Find("newsboat") is null, "newsboat is not installed (apt-get install newsboat; .ci/run installs it)");
        var dir = NewsboatHome("newsboat");
        var (api, _) = await host.SignInAsync("newsboat");

        var (code, stdout, stderr) = await NewsboatAsync(dir, "reload", "print-unread");
        Assert.True(code == 0, $"newsboat exited {code}: {stdout} {stderr}");
        var cache = await CacheAsync(dir);

        var topic = await IdsAsync(api, "user/-/label/Iraq");
        var topicItems = cache.Where(i => i.Value.Feed.Contains("topics%2FIraq%2Fatom", StringComparison.Ordinal)).ToList();
        Assert.Equal(topic.Order(), topicItems.Select(i => i.Key).Order());
        Assert.All(topicItems, i => Assert.True(i.Value.Unread));
        Assert.Equal($"{cache.Count(i => i.Value.Unread)} unread articles", stdout.Trim().Split('\n')[^1]);

        // The three outlets' copies are one item, the original, naming the other two.
        var water = topicItems.Where(i => i.Value.Content.Contains("Tigris and Euphrates", StringComparison.Ordinal)).ToList();
        var single = Assert.Single(water);
        Assert.Contains("Also reported by: Yahoo, MSN", single.Value.Content, StringComparison.Ordinal);

        // Read in Herald (as another app of the same user would): newsboat's next reload agrees.
        var token = await api.GetStringAsync(Api + "token");
        var marked = topic[3];
        var edit = await api.PostAsync(Api + "edit-tag", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["i"] = marked.ToString(CultureInfo.InvariantCulture), ["a"] = "user/-/state/com.google/read", ["T"] = token,
        }));
        Assert.Equal("OK", await edit.Content.ReadAsStringAsync());
        (code, stdout, stderr) = await NewsboatAsync(dir, "reload");
        Assert.True(code == 0, $"newsboat exited {code}: {stdout} {stderr}");
        cache = await CacheAsync(dir);
        Assert.False(cache[marked].Unread);
        Assert.Equal(topicItems.Count - 1, cache.Count(i => i.Value.Feed.Contains("topics%2FIraq%2Fatom", StringComparison.Ordinal) && i.Value.Unread));
    }

    /// <summary>
    /// Drives newsboat's own screen through a pseudo-terminal (python3's pty module): open the first feed, open its
    /// first article, quit. newsboat tells Herald the article is read (edit-tag), and Herald's state must agree.
    /// </summary>
    private const string Driver = """
        import os, pty, select, sys, time
        home, config, cache, urls = sys.argv[1:5]
        pid, fd = pty.fork()
        if pid == 0:
            os.environ["HOME"] = home
            os.environ["TERM"] = "xterm"
            os.execvp("newsboat", ["newsboat", "-C", config, "-c", cache, "-u", urls])
        seen = b""
        def wait_for(*texts, limit=60):
            global seen
            end = time.time() + limit
            while time.time() < end:
                ready, _, _ = select.select([fd], [], [], 0.2)
                if ready:
                    try:
                        seen += os.read(fd, 65536)
                    except OSError:
                        return None
                    for text in texts:
                        if text in seen:
                            seen = b""
                            return text
            return None
        def fail(what):
            print("newsboat never showed " + what + "; last screen bytes: " + repr(seen[-600:]))
            os.kill(pid, 9)
            sys.exit(1)
        if not wait_for(b"Your feeds"):
            fail("its feed list")
        # newsboat keeps one copy of an item that two subscriptions list (a feed and a topic it matches), so a feed
        # can show empty: go down the list to the first feed with items.
        for attempt in range(6):
            os.write(fd, b"\r")
            shown = wait_for(b"Articles in feed", b"no items")
            if shown == b"Articles in feed":
                break
            if shown is None:
                fail("a feed's articles")
            os.write(fd, b"\x1bOB")
        else:
            fail("a feed with items")
        os.write(fd, b"\r")
        if not wait_for(b"Title:"):
            fail("an article")
        os.write(fd, b"Q")
        _, status = os.waitpid(pid, 0)
        sys.exit(0 if os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0 else 2)
        """;

    [SkippableFact]
    public async Task Opening_an_article_in_newsboat_marks_it_read_in_Herald()
    {
        Skip.If(host.Unavailable is not null, host.Unavailable);
        Skip.If(Find("newsboat") is null, "newsboat is not installed (apt-get install newsboat; .ci/run installs it)");
        Skip.If(Find("python3") is null, "python3 is not installed (it drives newsboat's screen through a pseudo-terminal)");
        var dir = NewsboatHome("frank");
        var (api, _) = await host.SignInAsync("frank");
        var (code, stdout, stderr) = await NewsboatAsync(dir, "reload");
        Assert.True(code == 0, $"newsboat exited {code}: {stdout} {stderr}");
        var before = await CacheAsync(dir);
        Assert.Empty(await IdsAsync(api, "user/-/state/com.google/read"));

        var script = Path.Combine(dir, "drive.py");
        await File.WriteAllTextAsync(script, Driver);
        (code, stdout, stderr) = await RunAsync(dir, "python3", script, dir, Path.Combine(dir, "config"), Path.Combine(dir, "cache.db"), Path.Combine(dir, "urls"));
        Assert.True(code == 0, $"driving newsboat failed ({code}): {stdout} {stderr}");

        var after = await CacheAsync(dir);
        var opened = Assert.Single(after, i => !i.Value.Unread && before[i.Key].Unread).Key;
        Assert.Equal([opened], await IdsAsync(api, "user/-/state/com.google/read"));
        // Only that user's state changed.
        var (other, _) = await host.SignInAsync("erin");
        Assert.Empty(await IdsAsync(other, "user/-/state/com.google/read"));
    }
}
