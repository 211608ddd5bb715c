using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Herald.Tests.Cli;
using Herald.Tests.Ingest.Fetch;
using Herald.Tests.Storage;

namespace Herald.Tests.Operations;

/// <summary>
/// `herald run` as a service manager runs it: one child process that serves and polls, observed only from outside
/// (HTTP, its log lines, its exit code, the store it leaves), and stopped with SIGTERM.
/// </summary>
public sealed class RunCommandTests
{
    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    private static async Task<string> WaitForAsync(HttpClient http, string url, Func<string, bool> ready, Process p, TimeSpan within)
    {
        var until = DateTime.UtcNow + within;
        var last = "";
        while (DateTime.UtcNow < until)
        {
            Assert.False(p.HasExited, $"herald run exited early with {(p.HasExited ? p.ExitCode : 0)}");
            try
            {
                using var response = await http.GetAsync(url);
                last = await response.Content.ReadAsStringAsync();
                if (response.IsSuccessStatusCode && ready(last))
                {
                    return last;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"{url} never became ready; last answer: {last[..Math.Min(last.Length, 500)]}");
    }

    [SkippableTheory]
    [MemberData(nameof(TestStores.Kinds), MemberType = typeof(TestStores))]
    public async Task Run_serves_health_and_metrics_polls_feeds_and_stops_cleanly_on_sigterm(string kind)
    {
        await using var server = await FaultyFeedServer.StartAsync(generatedFeeds: 3, itemsPerFeed: 5);
        await using var location = TestStores.Create(kind, "run");
        var dir = location.Dir;
        // The SQLite store is the data folder's herald.db, as a user's is; a PostgreSQL one is named by --store.
        string[] store = kind == TestStores.Postgres ? ["--store", location.Url] : [];
        for (var i = 0; i < 3; i++)
        {
            var added = await CliHarness.RunAsync(dir, [.. store, "add-feed", server.Url($"gen/{i}").AbsoluteUri]);
            Assert.True(added.ExitCode == 0, added.Stderr);
        }

        var port = FreePort();
        using var p = CliHarness.Start(dir, [.. store, "run", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--allow-private", "--host-delay-ms", "0", "--grace", "30"]);
        var stderr = p.StandardError.ReadToEndAsync();
        var stdout = p.StandardOutput.ReadToEndAsync();
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            var baseUrl = $"http://127.0.0.1:{port}";
            var health = await WaitForAsync(http, baseUrl + "/healthz", _ => true, p, TimeSpan.FromMinutes(1));
            using (var doc = JsonDocument.Parse(health))
            {
                Assert.Equal("ok", doc.RootElement.GetProperty("status").GetString());
                Assert.True(doc.RootElement.GetProperty("schema").GetInt32() > 0);
            }

            // The first cycle fetches the three feeds, stores 15 items and runs stories and annotation on them; the
            // engine's counters show it in Prometheus' text format.
            var metrics = await WaitForAsync(http, baseUrl + "/metrics",
                m => System.Text.RegularExpressions.Regex.IsMatch(m, @"herald_fetch_outcomes_total\{[^}]*outcome=""fetched""[^}]*\} 3\b")
                     && System.Text.RegularExpressions.Regex.IsMatch(m, @"herald_store_articles_total\{[^}]*change=""new""[^}]*\} 15\b")
                     && m.Contains("stage=\"annotation step\"", StringComparison.Ordinal),
                p, TimeSpan.FromMinutes(2));
            Assert.Contains("service_name=\"herald\"", metrics, StringComparison.Ordinal);
            Assert.Contains("# TYPE herald_pipeline_busy_seconds_total counter", metrics, StringComparison.Ordinal);
            Assert.Contains("http_server_request_duration_seconds", metrics, StringComparison.Ordinal);
            // Rendered pages are unaffected by the metrics middleware.
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(baseUrl + "/")).StatusCode);
        }
        finally
        {
            if (!p.HasExited)
            {
                using var term = Process.Start("kill", ["-TERM", p.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
                await term.WaitForExitAsync();
            }
        }

        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await p.WaitForExitAsync(cts.Token);
        var log = await stderr;
        Assert.True(p.ExitCode == 0, $"exit {p.ExitCode}; stderr: {log}");
        Assert.Contains("and polling its feeds", await stdout, StringComparison.Ordinal);

        // Stderr is not a terminal here, so every log line is one JSON object with the event's named values.
        var events = log.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Contains(events, e => e.GetProperty("EventId").GetInt32() == 200 && e.GetProperty("State").GetProperty("NewItems").GetInt32() == 15);
        Assert.Contains(events, e => e.GetProperty("EventId").GetInt32() == 301);
        Assert.Equal(302, events[^1].GetProperty("EventId").GetInt32());

        // The articles are in the store run was given (nothing in the data folder when that is PostgreSQL).
        Assert.Equal(kind == TestStores.Sqlite, File.Exists(Path.Combine(dir, "herald.db")));
        await using var articles = await location.OpenAsync();
        var stored = await articles.ExportAsync(null, CancellationToken.None).ToListAsync();
        Assert.Equal(15, stored.Count);
        Assert.All(stored, a => Assert.NotNull(a.Story));
    }

    [Fact]
    public async Task A_log_level_that_is_not_one_is_a_one_line_error()
    {
        var r = await CliHarness.RunAsync(TestPaths.TempDir("run-level"), "--log-level", "loud", "fetch", "--once");
        Assert.Equal(2, r.ExitCode);
        Assert.Equal("herald: --log-level loud: not a log level (trace, debug, information, warning, error, critical, none)", r.Stderr.Trim());
    }
}
