using System.Net;
using System.Net.Sockets;
using Herald.Tests.Storage;

namespace Herald.Tests.Cli;

/// <summary>`herald demo` serves the topic page on 127.0.0.1 and prints the URL, from the embedded store or from PostgreSQL.</summary>
public sealed class DemoServeTests
{
    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    [SkippableTheory]
    [MemberData(nameof(TestStores.Kinds), MemberType = typeof(TestStores))]
    public async Task Demo_serves_the_topic_page_as_html_with_feeds(string kind)
    {
        var port = FreePort();
        await using var location = TestStores.Create(kind, "demo");
        string[] store = kind == TestStores.Postgres ? ["--store", location.Url] : [];
        using var p = CliHarness.Start(location.Dir, [.. store, "demo", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--samples", Path.Combine(TestPaths.RepoRoot, "samples")]);
        try
        {
            var url = $"http://127.0.0.1:{port}/topics/Iraq";
            var deadline = DateTime.UtcNow.AddSeconds(90);
            string? line;
            while ((line = await p.StandardOutput.ReadLineAsync()) is not null && !line.Contains(url, StringComparison.Ordinal))
            {
                Assert.True(DateTime.UtcNow < deadline, "demo did not print its URL in time");
            }

            Assert.NotNull(line);
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            var response = await http.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains("default-src 'none'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
            var html = await response.Content.ReadAsStringAsync();
            Assert.Contains("Russia condemns US over ‘absurd’ response to Mosul civilian deaths", html, StringComparison.Ordinal);
            // The web page opens with story cards (the seed's "View post:" lead is the text format's, /topics/Iraq/text).
            Assert.Contains("<h2 id=\"stories\">Top stories</h2>", html, StringComparison.Ordinal);
            Assert.Contains("<article class=\"card\">", html, StringComparison.Ordinal);
            Assert.Contains("Iraq Aims to Export Surplus Oil Products After Refinery Upgrades", html, StringComparison.Ordinal);
            var rss = await http.GetStringAsync(url + "/rss");
            Assert.Contains("<rss version=\"2.0\"", rss, StringComparison.Ordinal);
            // What was served is the store demo was given: PostgreSQL leaves no herald.db in the data folder.
            Assert.Equal(kind == TestStores.Sqlite, File.Exists(Path.Combine(location.Dir, "herald.db")));
            if (kind == TestStores.Postgres)
            {
                Assert.True(await location.CountRowsAsync("articles") > 80);
            }
        }
        finally
        {
            p.Kill(entireProcessTree: true);
            await p.WaitForExitAsync();
        }
    }
}
