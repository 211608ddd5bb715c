using System.Globalization;
using System.IO.Compression;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Herald.Tests.Ingest.Fetch;

/// <summary>
/// A Kestrel server on 127.0.0.1 that stands in for the web: real feeds from ../shared/data plus the
/// faults crawlers meet (slow bodies, resets, 500s, 429 with Retry-After, redirect loops, gzip bombs,
/// wrong charsets, validators that lie, robots.txt rules).
/// </summary>
internal sealed class FaultyFeedServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _flaky;
    private int _lyingVersion;
    private int _rotations;

    public int Hits500 => _flaky;

    public Uri BaseUri { get; }

    /// <summary>Bumps the content of /lying-etag and /lying-304 without changing their validators.</summary>
    public void ChangeLyingContent() => Interlocked.Increment(ref _lyingVersion);

    private FaultyFeedServer(WebApplication app, Uri baseUri)
    {
        _app = app;
        BaseUri = baseUri;
    }

    public Uri Url(string path) => new(BaseUri, path);

    public static async Task<FaultyFeedServer> StartAsync(int generatedFeeds = 0, int itemsPerFeed = 20)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        FaultyFeedServer? self = null;

        app.MapGet("/robots.txt", () => Results.Text("User-agent: *\nDisallow: /private/\n\nUser-agent: Herald\nDisallow: /private/\nAllow: /\n", "text/plain"));
        app.MapGet("/real/{*path}", (string path) =>
        {
            var file = Path.Combine(TestPaths.Data("feeds", "feedparser"), path);
            return File.Exists(file) ? Results.Bytes(File.ReadAllBytes(file), "application/xml") : Results.NotFound();
        });
        app.MapGet("/pages/{*path}", (string path) => Results.Text(Page(path), "text/html; charset=utf-8"));
        app.MapGet("/private/feed", () => Results.Text(Rss("private", 1), "application/rss+xml"));
        app.MapGet("/gen/{n:int}", (int n, HttpContext ctx) =>
        {
            // Items link to pages on this server, so full-text fetching stays on loopback (no DNS lookups).
            var body = Rss("feed " + n.ToString(CultureInfo.InvariantCulture), itemsPerFeed, n, self!.Url("pages/").AbsoluteUri);
            var etag = "\"g" + n.ToString(CultureInfo.InvariantCulture) + "\"";
            if (ctx.Request.Headers.IfNoneMatch.ToString() == etag)
            {
                return Results.StatusCode(304);
            }

            ctx.Response.Headers.ETag = etag;
            return Results.Text(body, "application/rss+xml; charset=utf-8");
        });
        app.MapGet("/etag", (HttpContext ctx) =>
        {
            if (ctx.Request.Headers.IfNoneMatch.ToString() == "\"v1\"")
            {
                return Results.StatusCode(304);
            }

            ctx.Response.Headers.ETag = "\"v1\"";
            ctx.Response.Headers.CacheControl = "max-age=1800";
            return Results.Text(Rss("etag", 3), "application/rss+xml");
        });
        app.MapGet("/lying-etag", (HttpContext ctx) =>
        {
            // Ignores If-None-Match and sends the same ETag whatever the content.
            ctx.Response.Headers.ETag = "\"same\"";
            return Results.Text(Rss("lying", 2 + self!._lyingVersion), "application/rss+xml");
        });
        app.MapGet("/lying-304", (HttpContext ctx) =>
        {
            if (ctx.Request.Headers.IfNoneMatch.Count > 0)
            {
                return Results.StatusCode(304);
            }

            ctx.Response.Headers.ETag = "\"forever\"";
            return Results.Text(Rss("lying", 2 + self!._lyingVersion), "application/rss+xml");
        });
        app.MapGet("/slow", async (HttpContext ctx) =>
        {
            ctx.Response.ContentType = "application/rss+xml";
            await ctx.Response.WriteAsync("<rss version=\"2.0\"><channel>", ctx.RequestAborted);
            await ctx.Response.Body.FlushAsync(ctx.RequestAborted);
            await Task.Delay(TimeSpan.FromSeconds(10), ctx.RequestAborted);
            await ctx.Response.WriteAsync("</channel></rss>", ctx.RequestAborted);
        });
        app.MapGet("/reset", (HttpContext ctx) =>
        {
            ctx.Abort();
            return Task.CompletedTask;
        });
        app.MapGet("/flaky", () =>
        {
            // Two 500s, then the feed: the resilience pipeline's retries should get through.
            var n = Interlocked.Increment(ref self!._flaky);
            return n <= 2 ? Results.StatusCode(500) : Results.Text(Rss("flaky", 2), "application/rss+xml");
        });
        app.MapGet("/always500", () => Results.StatusCode(500));
        app.MapGet("/busy", (HttpContext ctx) =>
        {
            ctx.Response.Headers.RetryAfter = "120";
            return Results.StatusCode(429);
        });
        app.MapGet("/loop-a", () => Results.Redirect("/loop-b", permanent: false));
        app.MapGet("/loop-b", () => Results.Redirect("/loop-a", permanent: false));
        app.MapGet("/moved", () => Results.Redirect("/etag", permanent: true));
        app.MapGet("/bomb", async (HttpContext ctx) =>
        {
            ctx.Response.Headers.ContentEncoding = "gzip";
            ctx.Response.ContentType = "application/rss+xml";
            await ctx.Response.Body.WriteAsync(GzipBomb.Value, ctx.RequestAborted);
        });
        app.MapGet("/latin1-declared-utf8", () =>
            Results.Bytes(Encoding.Latin1.GetBytes("<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel><title>Zürich</title><item><title>Grüße aus Köln</title><link>http://example.test/k</link></item></channel></rss>"), "application/rss+xml; charset=utf-8"));
        app.MapGet("/rotating", () =>
        {
            // Same stories every time, fresh GUIDs every time (a CMS migration, a broken plugin…).
            var round = Interlocked.Increment(ref self!._rotations);
            return Results.Text(Rss("rotating", 5).Replace("<guid isPermaLink=\"false\">", $"<guid isPermaLink=\"false\">r{round}-", StringComparison.Ordinal), "application/rss+xml");
        });
        app.MapGet("/summaries", () => Results.Text(
            "<rss version=\"2.0\"><channel><title>Summaries</title>" + string.Concat(Enumerable.Range(0, 3).Select(i =>
                $"<item><title>Short {i}</title><link>/page/{i}</link><guid>s{i}</guid><description>Teaser {i}.</description></item>")) + "</channel></rss>",
            "application/rss+xml"));
        app.MapGet("/page/{n:int}", (int n) => Results.Text(
            $"<html><head><title>Full story {n}</title></head><body><article>" +
            string.Concat(Enumerable.Range(0, 12).Select(p => $"<p>Paragraph {p} of story {n}: officials said the talks would resume next week, according to a statement.</p>")) +
            "</article></body></html>", "text/html; charset=utf-8"));
        app.MapGet("/html", () => Results.Text("<!doctype html><html><head><title>Home</title></head><body><p>Not a feed</p></body></html>", "text/html"));

        await app.StartAsync();
        var address = app.Urls.First();
        self = new FaultyFeedServer(app, new Uri(address.EndsWith('/') ? address : address + "/"));
        return self;
    }

    private static readonly Lazy<byte[]> GzipBomb = new(() =>
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(Encoding.ASCII.GetBytes("<rss version=\"2.0\"><channel><title>"));
            var zeros = new byte[1 << 20];
            Array.Fill(zeros, (byte)'a');
            for (var i = 0; i < 32; i++)
            {
                gzip.Write(zeros);
            }
        }

        return buffer.ToArray();
    });

    /// <summary>A full article page for a generated item's link: a headline and several paragraphs of text.</summary>
    public static string Page(string path)
    {
        var sb = new StringBuilder("<!doctype html><html><head><title>Full story ").Append(path).Append("</title></head><body><nav>Home | World | Sport</nav><article><h1>Full story ")
            .Append(path).Append("</h1>");
        for (var p = 1; p <= 6; p++)
        {
            sb.Append("<p>Paragraph ").Append(p.ToString(CultureInfo.InvariantCulture)).Append(" of the story at ").Append(path)
                .Append(": officials met on Tuesday to discuss the budget, the harbour works and the new school, and residents asked questions about each of them in turn.</p>");
        }

        return sb.Append("</article><footer>Copyright</footer></body></html>").ToString();
    }

    public static string Rss(string title, int items, int feed = 0, string site = "http://example.test/")
    {
        var sb = new StringBuilder();
        sb.Append("<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel><title>").Append(title).Append("</title><link>").Append(site).Append("</link>");
        for (var i = 0; i < items; i++)
        {
            var id = feed.ToString(CultureInfo.InvariantCulture) + "-" + i.ToString(CultureInfo.InvariantCulture);
            sb.Append("<item><title>Story ").Append(id).Append(" of ").Append(title).Append("</title><link>").Append(site)
                .Append(title.Replace(' ', '-')).Append('/').Append(feed.ToString(CultureInfo.InvariantCulture)).Append("/story/").Append(i.ToString(CultureInfo.InvariantCulture))
                .Append("?utm_source=rss</link><guid isPermaLink=\"false\">").Append(id).Append("</guid><pubDate>")
                .Append(new DateTimeOffset(2024, 5, 1, 12, 0, 0, TimeSpan.Zero).AddHours(-i).ToString("R", CultureInfo.InvariantCulture))
                .Append("</pubDate><description>&lt;p&gt;Paragraph about ").Append(id).Append(".&lt;/p&gt;</description></item>");
        }

        sb.Append("</channel></rss>");
        return sb.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
