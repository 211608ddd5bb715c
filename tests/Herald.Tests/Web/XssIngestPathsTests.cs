using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Herald.Tests.Cli;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Herald.Tests.Web;

/// <summary>
/// The XSS vectors of <see cref="XssWebHost"/> through every way articles enter Herald — an HTML page, a WARC
/// record, a seed page, a feed file, a JSONL record, and a feed polled over HTTP whose items link to pages that are
/// fetched for their full text — in titles, bodies, outlets, authors and URLs, with the real CLI; then `herald
/// serve` on that store: no page (home, stories, story, topic, search, every article) carries markup that could run
/// or load script, and the topic and search feeds carry the vectors as escaped text.
/// </summary>
public sealed class XssIngestPathsTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private static readonly string[] Vectors = XssWebHost.Vectors;
    private static readonly string[] UrlVectors = XssWebHost.UrlVectors;

    private static string Attr(string s) => WebUtility.HtmlEncode(s);

    private static string Xml(string s) => System.Security.SecurityElement.Escape(s);

    private static string Body(string path, string v) =>
        string.Concat(Enumerable.Range(1, 5).Select(p =>
            $"<p>Paragraph {p} of the Xsspath {path} story: officials met on Tuesday to discuss the harbour works, {v} and residents asked about the new school and the budget in turn.</p>"));

    private static string Page(string path, int i)
    {
        var v = Vectors[i % Vectors.Length];
        return $"""
            <!doctype html><html><head><title>Xsspath {path} {i} {v}</title>
            <meta property="og:site_name" content="{Attr("Outlet " + v)}"><meta name="author" content="{Attr(v)}">
            <meta property="og:title" content="{Attr($"Xsspath {path} {i} {v}")}">
            <link rel="canonical" href="{Attr(UrlVectors[i % UrlVectors.Length])}"><meta property="og:image" content="{Attr(UrlVectors[(i + 1) % UrlVectors.Length])}">
            </head><body><article><h1>Xsspath {path} {i} {v}</h1>{Body(path, v)}</article></body></html>
            """;
    }

    private static string Rss(string path, string link, int count) =>
        "<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><channel><title>"
        + Xml("Feed " + Vectors[0]) + "</title><link>http://xss.example/</link>"
        + string.Concat(Enumerable.Range(0, count).Select(i =>
        {
            var v = Vectors[i % Vectors.Length];
            return $"<item><title>{Xml($"Xsspath {path} {i} {v}")}</title><link>{Xml(link.Replace("{i}", i.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal))}</link>"
                + $"<guid isPermaLink=\"false\">{path}-{i}</guid><dc:creator>{Xml(v)}</dc:creator><pubDate>{new DateTimeOffset(2025, 7, 1, 12, 0, 0, TimeSpan.Zero).AddHours(-i).ToString("R", CultureInfo.InvariantCulture)}</pubDate>"
                + $"<description><![CDATA[{Body(path, v)}]]></description></item>";
        }))
        + "</channel></rss>";

    private static byte[] Warc(int count)
    {
        using var ms = new MemoryStream();
        for (var i = 0; i < count; i++)
        {
            var html = Encoding.UTF8.GetBytes(Page("warc", i));
            var http = Encoding.UTF8.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {html.Length}\r\n\r\n");
            var block = http.Concat(html).ToArray();
            var head = $"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://xss.example/warc/{i}\r\nWARC-Date: 2025-07-08T10:00:00Z\r\nWARC-Record-ID: <urn:uuid:{Guid.NewGuid()}>\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: {block.Length}\r\n\r\n";
            ms.Write(Encoding.UTF8.GetBytes(head));
            ms.Write(block);
            ms.Write("\r\n\r\n"u8);
        }

        return ms.ToArray();
    }

    private static string Seed()
    {
        var v = Vectors[1];
        var sb = new StringBuilder($"Xsspath seed lead {v} – Outlet {v}\n");
        for (var p = 0; p < 4; p++)
        {
            sb.Append(CultureInfo.InvariantCulture, $"Officials met on Tuesday to discuss the harbour works {v} and residents asked about the new school and the budget in turn, paragraph {p}.\n");
        }

        sb.Append("View post:\n").Append(CultureInfo.InvariantCulture, $"Xsspath seed lead {v} - Outlet {v}\n\n");
        for (var i = 0; i < 8; i++)
        {
            var w = Vectors[(i + 2) % Vectors.Length].Replace(" - ", " ", StringComparison.Ordinal);
            sb.Append(CultureInfo.InvariantCulture, $"- Xsspath seed related {i} {w} - Outlet {w} - July 8th, 2025 [July 8th, 2025]\n");
        }

        return sb.ToString();
    }

    private static string Jsonl() =>
        string.Concat(Enumerable.Range(0, Vectors.Length).Select(i =>
        {
            var v = Vectors[i];
            return System.Text.Json.JsonSerializer.Serialize(new
            {
                id = "xsspath-jsonl-" + i.ToString(CultureInfo.InvariantCulture),
                title = $"Xsspath jsonl {i} {v}",
                text = $"Xsspath jsonl body {v}\n\nSecond paragraph {v}.",
                outlet = "Outlet " + v,
                url = UrlVectors[i % UrlVectors.Length],
                published = "2025-07-02",
            }) + "\n";
        }));

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    [Fact]
    public async Task Vectors_through_every_ingest_path_come_out_inert_on_every_page_and_escaped_in_every_feed()
    {
        var data = TestPaths.TempDir("xss-paths");
        var inputs = TestPaths.TempDir("xss-paths-in");
        for (var i = 0; i < 6; i++)
        {
            await File.WriteAllTextAsync(Path.Combine(inputs, $"page{i}.html"), Page("html", i));
        }

        await File.WriteAllBytesAsync(Path.Combine(inputs, "pages.warc"), Warc(6));
        await File.WriteAllTextAsync(Path.Combine(inputs, "seed.txt"), Seed());
        await File.WriteAllTextAsync(Path.Combine(inputs, "feed.xml"), Rss("feedfile", "http://xss.example/feedfile/{i}", 8));
        await File.WriteAllTextAsync(Path.Combine(inputs, "records.jsonl"), Jsonl());
        var ingest = await CliHarness.RunAsync(data, "ingest", inputs);
        output.WriteLine(ingest.Stdout + ingest.Stderr);
        Assert.True(ingest.ExitCode == 0, ingest.Stderr);

        // A feed polled over HTTP, its items' pages fetched for their full text: both hostile.
        var builder = WebApplication.CreateSlimBuilder();
        var feedPort = FreePort();
        builder.WebHost.UseUrls($"http://127.0.0.1:{feedPort}");
        builder.Logging.ClearProviders();
        await using var feedServer = builder.Build();
        feedServer.MapGet("/robots.txt", () => Results.Text("User-agent: *\nAllow: /\n", "text/plain"));
        feedServer.MapGet("/feed.xml", () => Results.Text(Rss("fetched", $"http://127.0.0.1:{feedPort}/page/{{i}}", 6), "application/rss+xml; charset=utf-8"));
        feedServer.MapGet("/page/{i:int}", (int i) => Results.Text(Page("fetched", i), "text/html; charset=utf-8"));
        await feedServer.StartAsync();
        Assert.Equal(0, (await CliHarness.RunAsync(data, "add-feed", $"http://127.0.0.1:{feedPort}/feed.xml")).ExitCode);
        var fetch = await CliHarness.RunAsync(data, "fetch", "--once", "--allow-private", "--host-delay-ms", "0");
        output.WriteLine(fetch.Stdout + fetch.Stderr);
        Assert.True(fetch.ExitCode == 0, fetch.Stderr);
        Assert.Equal(0, (await CliHarness.RunAsync(data, "topic", "add", "Xsspath", "Xsspath")).ExitCode);

        // Every path stored articles carrying the vectors.
        var db = Path.Combine(data, "herald.db");
        var articles = new List<(string Id, string Title, string? Story)>();
        await using (var c = new SqliteConnection($"Data Source={db};Pooling=False"))
        {
            await c.OpenAsync();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "SELECT id, title, story FROM articles";
            await using var r = await cmd.ExecuteReaderAsync();
            while (await r.ReadAsync())
            {
                articles.Add((r.GetString(0), r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2)));
            }
        }

        foreach (var path in new[] { "html", "warc", "seed lead", "seed related", "feedfile", "jsonl", "fetched" })
        {
            var n = articles.Count(a => a.Title.StartsWith("Xsspath " + path, StringComparison.Ordinal));
            output.WriteLine($"{path}: {n} articles");
            Assert.True(n > 0, $"no article came in through {path}");
        }

        Assert.Contains(articles, a => a.Title.Contains("<script>", StringComparison.Ordinal));

        var port = FreePort();
        using var serve = CliHarness.Start(data, "serve", "--port", port.ToString(CultureInfo.InvariantCulture));
        var stderr = serve.StandardError.ReadToEndAsync();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(90) };
            for (var tries = 0; ; tries++)
            {
                Assert.False(serve.HasExited, "herald serve exited early");
                try
                {
                    using var h = await http.GetAsync("/healthz");
                    if (h.IsSuccessStatusCode)
                    {
                        break;
                    }
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException && tries < 300)
                {
                }

                await Task.Delay(200);
            }

            var pages = new List<string> { "/", "/stories", "/topics/Xsspath", "/search?q=Xsspath", "/search?q=Xsspath&sort=newest", "/sources" };
            pages.AddRange(articles.Select(a => "/articles/" + Uri.EscapeDataString(a.Id)));
            pages.AddRange(articles.Where(a => a.Story is not null).Select(a => "/stories/" + Uri.EscapeDataString(a.Story!)).Distinct());
            foreach (var path in pages)
            {
                using var response = await http.GetAsync(path);
                Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode}");
                WebSecurityTests.AssertInert(await response.Content.ReadAsStringAsync(), path);
            }

            foreach (var path in new[] { "/topics/Xsspath/rss", "/topics/Xsspath/atom", "/search/rss?q=Xsspath" })
            {
                var xml = await http.GetStringAsync(path);
                var doc = System.Xml.Linq.XDocument.Parse(xml);
                Assert.DoesNotContain(doc.Descendants(), e => e.Name.LocalName is "script" or "img" or "iframe" or "svg");
                Assert.Contains("&lt;script&gt;", xml, StringComparison.Ordinal);
                Assert.DoesNotContain(doc.Descendants(), e => e.Name.LocalName == "link" && ((string?)e.Attribute("href") ?? e.Value).TrimStart().StartsWith("javascript", StringComparison.OrdinalIgnoreCase));
            }

            foreach (var path in new[] { "/topics/Xsspath/json", "/search/json?q=Xsspath" })
            {
                using var json = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync(path));
                foreach (var item in json.RootElement.GetProperty("items").EnumerateArray())
                {
                    if (item.TryGetProperty("url", out var url))
                    {
                        Assert.True(Uri.TryCreate(url.GetString(), UriKind.Absolute, out var u) && u.Scheme is "http" or "https", $"{path}: item url {url}");
                    }
                }
            }

            output.WriteLine($"{pages.Count} pages and 5 feeds checked over {articles.Count} articles");
        }
        finally
        {
            serve.Kill(entireProcessTree: true);
            await serve.WaitForExitAsync();
        }
    }
}
