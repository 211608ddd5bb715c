using System.Net;
using Herald.Ingest.Feeds;
using Herald.Ingest.Fetch;
using Herald.Model;
using Herald.Pipeline;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Herald.Tests.Ingest.Fetch;

public sealed class FeedFetcherTests : IAsyncLifetime
{
    private FaultyFeedServer _server = null!;
    private ServiceProvider _services = null!;
    private FeedFetcher _fetcher = null!;

    private static readonly FetchOptions TestOptions = new()
    {
        AllowPrivateAddresses = true, // the test server is on 127.0.0.1
        MinHostDelay = TimeSpan.Zero,
        Timeout = TimeSpan.FromSeconds(2),
        RetryDelay = TimeSpan.FromMilliseconds(20),
        MaxBodyBytes = 1 << 20,
    };

    public async Task InitializeAsync()
    {
        _server = await FaultyFeedServer.StartAsync();
        _services = FetchServices.Build(TestOptions);
        _fetcher = new FeedFetcher(_services.GetRequiredService<IHttpClientFactory>(), TestOptions);
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _server.DisposeAsync();
    }

    private Task<FetchResult> Get(string path, string? etag = null, string? hash = null) =>
        _fetcher.FetchAsync(new FetchRequest(_server.Url(path), etag, null, hash), CancellationToken.None);

    [Fact]
    public async Task Fetches_a_real_feed_from_the_shared_data()
    {
        if (!Directory.Exists(TestPaths.Data("feeds", "feedparser")))
        {
            return;
        }

        var result = await Get("real/wellformed/rss/item_title.xml");
        Assert.Equal(FetchOutcome.Fetched, result.Outcome);
        var feed = new FeedParser().Parse(result.Body, result.ContentType, result.FinalUrl);
        Assert.Equal("Item 1 title", feed.Items[0].Title!.Value);
    }

    [Fact]
    public async Task Conditional_get_returns_not_modified_and_honours_cache_control()
    {
        var first = await Get("etag");
        Assert.Equal(FetchOutcome.Fetched, first.Outcome);
        Assert.Equal("\"v1\"", first.ETag);
        Assert.Equal(TimeSpan.FromMinutes(30), first.CacheFor);
        var second = await Get("etag", first.ETag, first.ContentHash);
        Assert.Equal(FetchOutcome.NotModified, second.Outcome);
    }

    [Fact]
    public async Task Content_hash_catches_a_server_that_ignores_validators()
    {
        var first = await Get("lying-etag");
        var second = await Get("lying-etag", first.ETag, first.ContentHash);
        Assert.Equal(FetchOutcome.Unchanged, second.Outcome);
        _server.ChangeLyingContent();
        var third = await Get("lying-etag", first.ETag, first.ContentHash);
        Assert.Equal(FetchOutcome.Fetched, third.Outcome);
        Assert.Equal(first.ETag, third.ETag);
    }

    [Fact]
    public async Task Unconditional_refresh_catches_a_server_that_always_answers_304()
    {
        var first = await Get("lying-304");
        _server.ChangeLyingContent();
        Assert.Equal(FetchOutcome.NotModified, (await Get("lying-304", first.ETag, first.ContentHash)).Outcome);
        var refresh = await _fetcher.FetchAsync(new FetchRequest(_server.Url("lying-304"), first.ETag, null, first.ContentHash) { Unconditional = true }, CancellationToken.None);
        Assert.Equal(FetchOutcome.Fetched, refresh.Outcome);
    }

    [Fact]
    public async Task Slow_body_times_out()
    {
        var result = await Get("slow");
        Assert.Equal(FetchFailureKind.Timeout, result.Failure);
    }

    [Fact]
    public async Task Connection_reset_is_a_connect_failure()
    {
        var result = await Get("reset");
        Assert.Equal(FetchOutcome.Failed, result.Outcome);
        Assert.Equal(FetchFailureKind.Connect, result.Failure);
    }

    [Fact]
    public async Task Transient_500s_are_retried_with_backoff()
    {
        var result = await Get("flaky");
        Assert.Equal(FetchOutcome.Fetched, result.Outcome);
        Assert.Equal(3, _server.Hits500);
    }

    [Fact]
    public async Task Persistent_500_is_an_http_status_failure()
    {
        var result = await Get("always500");
        Assert.Equal(FetchFailureKind.HttpStatus, result.Failure);
        Assert.Equal(500, result.Status);
    }

    [Fact]
    public async Task Too_many_requests_reports_retry_after()
    {
        var result = await Get("busy");
        Assert.Equal(FetchFailureKind.HttpStatus, result.Failure);
        Assert.Equal(429, result.Status);
        Assert.Equal(TimeSpan.FromSeconds(120), result.RetryAfter);
    }

    [Fact]
    public async Task Redirect_loops_are_detected()
    {
        var result = await Get("loop-a");
        Assert.Equal(FetchFailureKind.HttpStatus, result.Failure);
        Assert.Contains("loop", result.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Permanent_redirect_reports_the_new_address()
    {
        var result = await Get("moved");
        Assert.Equal(FetchOutcome.Fetched, result.Outcome);
        Assert.Equal(_server.Url("etag"), result.MovedPermanently);
    }

    [Fact]
    public async Task Gzip_bomb_stops_at_the_size_cap()
    {
        var result = await Get("bomb");
        Assert.Equal(FetchFailureKind.TooLarge, result.Failure);
    }

    [Fact]
    public async Task Robots_txt_is_respected()
    {
        var result = await Get("private/feed");
        Assert.Equal(FetchFailureKind.Robots, result.Failure);
    }

    [Fact]
    public async Task Wrong_charset_is_recovered_and_flagged()
    {
        var result = await Get("latin1-declared-utf8");
        var feed = new FeedParser().Parse(result.Body, result.ContentType, result.FinalUrl);
        Assert.False(feed.WellFormed);
        Assert.Equal("Grüße aus Köln", feed.Items[0].Title!.Value);
    }

    [Fact]
    public async Task Loopback_is_refused_unless_allowed()
    {
        var strict = TestOptions with { AllowPrivateAddresses = false };
        await using var services = FetchServices.Build(strict);
        var fetcher = new FeedFetcher(services.GetRequiredService<IHttpClientFactory>(), strict);
        var result = await fetcher.FetchAsync(new FetchRequest(_server.Url("etag")), CancellationToken.None);
        Assert.Equal(FetchFailureKind.PrivateAddress, result.Failure);
    }

    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("10.1.2.3", true)]
    [InlineData("172.20.0.1", true)]
    [InlineData("192.168.1.1", true)]
    [InlineData("169.254.169.254", true)]
    [InlineData("100.64.0.1", true)]
    [InlineData("::1", true)]
    [InlineData("fe80::1", true)]
    [InlineData("fd00:ec2::254", true)]
    [InlineData("::ffff:127.0.0.1", true)]
    [InlineData("0.0.0.0", true)]
    [InlineData("0.1.2.3", true)]
    [InlineData("127.255.255.254", true)]
    [InlineData("172.31.255.255", true)]
    [InlineData("100.127.255.255", true)]
    [InlineData("192.0.0.8", true)]
    [InlineData("192.0.2.1", true)]
    [InlineData("192.88.99.1", true)]
    [InlineData("198.18.0.1", true)]
    [InlineData("198.51.100.7", true)]
    [InlineData("203.0.113.9", true)]
    [InlineData("224.0.0.251", true)]
    [InlineData("240.0.0.1", true)]
    [InlineData("255.255.255.255", true)]
    [InlineData("::", true)]
    [InlineData("::ffff:10.0.0.1", true)]
    [InlineData("::ffff:169.254.169.254", true)]
    [InlineData("::127.0.0.1", true)]
    [InlineData("64:ff9b::7f00:1", true)]
    [InlineData("64:ff9b::a9fe:a9fe", true)]
    [InlineData("2002:7f00:1::", true)]
    [InlineData("2002:c0a8:101::1", true)]
    [InlineData("2001:0:4136:e378:8000:63bf:3fff:fdd2", true)]
    [InlineData("2001:db8::1", true)]
    [InlineData("100::1", true)]
    [InlineData("fec0::1", true)]
    [InlineData("ff02::1", true)]
    [InlineData("fc00::1", true)]
    [InlineData("172.32.0.1", false)]
    [InlineData("100.128.0.1", false)]
    [InlineData("64:ff9b::5db8:d822", false)]
    [InlineData("2002:5db8:d822::1", false)]
    [InlineData("93.184.216.34", false)]
    [InlineData("2606:2800:220:1:248:1893:25c8:1946", false)]
    public void Classifies_private_loopback_link_local_and_metadata_addresses(string address, bool isPrivate) =>
        Assert.Equal(isPrivate, AddressGuard.IsPrivate(IPAddress.Parse(address)));

    /// <summary>
    /// An allowed intranet host (127.0.0.1 stands for it) that redirects to another private address (127.0.0.2): the
    /// redirect hop is refused at connect time; allowing the second address too makes the same fetch succeed, so the
    /// refusal is the guard's doing and not a broken setup.
    /// </summary>
    [Fact]
    public async Task A_redirect_from_an_allowed_host_to_a_private_address_is_refused()
    {
        await using var target = await StartAsync("127.0.0.2", app => app.MapGet("/feed", () =>
            Results.Text("<rss version=\"2.0\"><channel><title>t</title><item><title>x</title><link>http://x.test/1</link></item></channel></rss>", "application/rss+xml")));
        var feed = $"http://127.0.0.2:{target.Urls.Select(u => new Uri(u).Port).First()}/feed";
        await using var front = await StartAsync("127.0.0.1", app => app.MapGet("/go", () => Results.Redirect(feed)));
        var go = new Uri($"http://127.0.0.1:{front.Urls.Select(u => new Uri(u).Port).First()}/go");

        async Task<FetchResult> FetchWith(params string[] networks)
        {
            var options = TestOptions with { AllowPrivateAddresses = false, AllowedNetworks = networks.Select(System.Net.IPNetwork.Parse).ToList() };
            await using var services = FetchServices.Build(options);
            return await new FeedFetcher(services.GetRequiredService<IHttpClientFactory>(), options).FetchAsync(new FetchRequest(go), CancellationToken.None);
        }

        Assert.Equal(FetchFailureKind.PrivateAddress, (await FetchWith()).Failure);
        Assert.Equal(FetchFailureKind.PrivateAddress, (await FetchWith("127.0.0.1/32")).Failure);
        var both = await FetchWith("127.0.0.1/32", "127.0.0.2/32");
        Assert.Equal(FetchOutcome.Fetched, both.Outcome);
    }

    private static async Task<WebApplication> StartAsync(string address, Action<WebApplication> map)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://{address}:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        map(app);
        await app.StartAsync();
        return app;
    }

    /// <summary>
    /// Host spellings that reach loopback without saying "127.0.0.1" (decimal, octal, hexadecimal, short forms,
    /// IPv4 inside IPv6, the unspecified address that Linux connects to loopback, and the name localhost), each
    /// fetched for real from the loopback test server: every one is refused before a connection is made.
    /// </summary>
    [Theory]
    [InlineData("2130706433")]
    [InlineData("0177.0.0.1")]
    [InlineData("0x7f000001")]
    [InlineData("0x7f.0.0.1")]
    [InlineData("127.1")]
    [InlineData("0.0.0.0")]
    [InlineData("[::ffff:127.0.0.1]")]
    [InlineData("[::ffff:7f00:1]")]
    [InlineData("[::1]")]
    [InlineData("localhost")]
    public async Task Loopback_spelled_any_way_is_refused(string host)
    {
        var strict = TestOptions with { AllowPrivateAddresses = false };
        await using var services = FetchServices.Build(strict);
        var fetcher = new FeedFetcher(services.GetRequiredService<IHttpClientFactory>(), strict);
        var url = new Uri($"http://{host}:{_server.Url("etag").Port}/etag");
        var result = await fetcher.FetchAsync(new FetchRequest(url), CancellationToken.None);
        Assert.Equal(FetchFailureKind.PrivateAddress, result.Failure);
    }
}

public sealed class RobotsTxtTests
{
    [Fact]
    public void Longest_match_wins_and_our_group_overrides_the_star_group()
    {
        var robots = RobotsTxt.Parse("User-agent: *\nDisallow: /\n\nUser-agent: herald\nDisallow: /news/private\nAllow: /news/private/ok$\nCrawl-delay: 3\n", "Herald");
        Assert.True(robots.IsAllowed(new Uri("http://x.test/feed.xml")));
        Assert.False(robots.IsAllowed(new Uri("http://x.test/news/private/a")));
        Assert.True(robots.IsAllowed(new Uri("http://x.test/news/private/ok")));
        Assert.Equal(TimeSpan.FromSeconds(3), robots.CrawlDelay);
    }

    [Fact]
    public void Wildcards_match_inside_paths()
    {
        var robots = RobotsTxt.Parse("User-agent: *\nDisallow: /*.pdf$\n", "Herald");
        Assert.False(robots.IsAllowed(new Uri("http://x.test/a/b.pdf")));
        Assert.True(robots.IsAllowed(new Uri("http://x.test/a/b.pdf.html")));
    }
}
