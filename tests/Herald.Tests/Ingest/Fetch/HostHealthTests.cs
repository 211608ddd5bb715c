using System.Net;
using System.Net.Sockets;
using Herald.Ingest.Fetch;
using Herald.Model;
using Microsoft.Extensions.DependencyInjection;

namespace Herald.Tests.Ingest.Fetch;

public sealed class HostHealthTests
{
    private sealed class ManualClock(DateTimeOffset start) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = start;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    private static readonly Uri Url = new("http://gone.test/feed");

    [Fact]
    public void A_name_that_does_not_resolve_is_not_asked_again_until_the_negative_answer_expires()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var health = new HostHealth(clock, TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(2), 3);
        Assert.Null(health.Blocked("gone.test"));
        health.Record("gone.test", FetchResult.Fail(Url, FetchFailureKind.Dns, "gone.test could not be resolved"));
        var blocked = health.Blocked("GONE.test");
        Assert.Equal(FetchFailureKind.Dns, blocked?.Kind);
        Assert.Contains("could not be resolved", blocked?.Problem, StringComparison.Ordinal);
        Assert.Null(health.Blocked("other.test"));
        clock.Now += TimeSpan.FromMinutes(5);
        Assert.Null(health.Blocked("gone.test"));
    }

    [Fact]
    public void Connection_failures_open_the_breaker_only_when_consecutive()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var health = new HostHealth(clock, TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(2), 3);
        var refused = FetchResult.Fail(Url, FetchFailureKind.Connect, "gone.test:80: ConnectionRefused");
        health.Record("gone.test", refused);
        health.Record("gone.test", refused);
        Assert.Null(health.Blocked("gone.test"));
        // An answer, even an error status, shows the host is up and resets the count.
        health.Record("gone.test", FetchResult.Fail(Url, FetchFailureKind.HttpStatus, "HTTP 500", 500));
        health.Record("gone.test", refused);
        health.Record("gone.test", refused);
        Assert.Null(health.Blocked("gone.test"));
        health.Record("gone.test", refused);
        Assert.Contains("3 failures in a row", health.Blocked("gone.test")?.Problem, StringComparison.Ordinal);
        clock.Now += TimeSpan.FromMinutes(2);
        Assert.Null(health.Blocked("gone.test"));
    }

    [Fact]
    public async Task The_fetcher_stops_connecting_to_a_host_that_refuses_every_connection()
    {
        // A port that was just free: connections to it are refused at once.
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        var options = new FetchOptions { AllowPrivateAddresses = true, MinHostDelay = TimeSpan.Zero, Retries = 0, RespectRobots = false };
        await using var services = FetchServices.Build(options);
        var fetcher = new FeedFetcher(services.GetRequiredService<IHttpClientFactory>(), options);
        var problems = new List<string?>();
        for (var i = 0; i < 5; i++)
        {
            var r = await fetcher.FetchAsync(new FetchRequest(new Uri($"http://127.0.0.1:{port}/item/{i}")), CancellationToken.None);
            Assert.Equal(FetchFailureKind.Connect, r.Failure);
            problems.Add(r.Problem);
        }

        // Three real attempts, then the host is skipped with the reason.
        Assert.DoesNotContain("in a row", problems[2], StringComparison.Ordinal);
        Assert.Contains("3 failures in a row", problems[3], StringComparison.Ordinal);
        Assert.Equal(problems[3], problems[4]);
    }
}
