using Herald.Ingest.Feeds;
using Herald.Ingest.Fetch;
using Herald.Ingest.Scheduling;
using Herald.Model;
using Herald.Storage.Sqlite;
using Herald.Tests.Cli;
using Herald.Tests.Storage;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Herald.Tests.Ingest.Fetch;

public sealed class FeedPollerTests
{
    private static readonly FetchOptions Options = new() { AllowPrivateAddresses = true, MinHostDelay = TimeSpan.Zero, RetryDelay = TimeSpan.FromMilliseconds(10) };

    [SkippableTheory]
    [MemberData(nameof(TestStores.Kinds), MemberType = typeof(TestStores))]
    public async Task Rotating_guids_create_no_duplicates_and_state_survives_reopening(string kind)
    {
        await using var dir = TestStores.Create(kind, "poller-rotating");
        await using var server = await FaultyFeedServer.StartAsync();
        await using var services = FetchServices.Build(Options);
        var fetcher = new FeedFetcher(services.GetRequiredService<IHttpClientFactory>(), Options);
        var (sources, owner) = await dir.OpenSourcesAsync();
        await using (var articles = await dir.OpenAsync())
        await using (owner)
        {
            await sources.AddAsync(server.Url("rotating").AbsoluteUri, null, DateTimeOffset.UtcNow, CancellationToken.None);
            await sources.AddAsync(server.Url("etag").AbsoluteUri, null, DateTimeOffset.UtcNow, CancellationToken.None);
            var poller = new FeedPoller(fetcher, new FeedParser(), articles, sources, new PollScheduler(new PollPolicy(), new Random(1)), TimeProvider.System);
            var first = await poller.PollAsync(await sources.ListAsync(CancellationToken.None), CancellationToken.None);
            Assert.Equal(8, first.NewItems);
            var second = await poller.PollAsync(await sources.ListAsync(CancellationToken.None), CancellationToken.None);
            Assert.Equal(0, second.NewItems);
            Assert.Equal(1, second.NotModified);
            Assert.Equal(8, (await articles.SummarizeAsync(null, CancellationToken.None)).Articles);
        }

        var (reopened, reopenedOwner) = await dir.OpenSourcesAsync();
        await using var closeReopened = reopenedOwner;
        var saved = await reopened.ListAsync(CancellationToken.None);
        Assert.All(saved, s => Assert.True(s.NextPoll > DateTimeOffset.UtcNow.AddMinutes(4)));
        Assert.Equal("\"v1\"", saved.Single(s => s.Url.EndsWith("/etag", StringComparison.Ordinal)).ETag);
    }

    [Fact]
    public async Task A_permanent_redirect_moves_the_source()
    {
        await using var server = await FaultyFeedServer.StartAsync();
        var dir = TestPaths.TempDir("poller-moved");
        await using var services = FetchServices.Build(Options);
        var fetcher = new FeedFetcher(services.GetRequiredService<IHttpClientFactory>(), Options);
        await using var articles = SqliteStore.OpenFolder(dir);
        await using var sources = SourceStore.OpenFolder(dir);
        await sources.AddAsync(server.Url("moved").AbsoluteUri, null, DateTimeOffset.UtcNow, CancellationToken.None);
        var poller = new FeedPoller(fetcher, new FeedParser(), articles, sources, new PollScheduler(new PollPolicy(), new Random(1)), TimeProvider.System);
        var summary = await poller.PollAsync(await sources.ListAsync(CancellationToken.None), CancellationToken.None);
        Assert.Equal(1, summary.Moved);
        Assert.Equal(server.Url("etag").AbsoluteUri, Assert.Single(await sources.ListAsync(CancellationToken.None)).Url);
    }

    [Fact]
    public async Task Failures_are_recorded_with_their_kind()
    {
        await using var server = await FaultyFeedServer.StartAsync();
        var dir = TestPaths.TempDir("poller-failures");
        await using var services = FetchServices.Build(Options);
        var fetcher = new FeedFetcher(services.GetRequiredService<IHttpClientFactory>(), Options);
        await using var articles = SqliteStore.OpenFolder(dir);
        await using var sources = SourceStore.OpenFolder(dir);
        await sources.AddAsync(server.Url("html").AbsoluteUri, null, DateTimeOffset.UtcNow, CancellationToken.None);
        await sources.AddAsync(server.Url("busy").AbsoluteUri, null, DateTimeOffset.UtcNow, CancellationToken.None);
        var poller = new FeedPoller(fetcher, new FeedParser(), articles, sources, new PollScheduler(new PollPolicy(), new Random(1)), TimeProvider.System);
        var summary = await poller.PollAsync(await sources.ListAsync(CancellationToken.None), CancellationToken.None);
        Assert.Equal(1, summary.Failures[FetchFailureKind.NotAFeed]);
        Assert.Equal(1, summary.Failures[FetchFailureKind.HttpStatus]);
        var busy = (await sources.ListAsync(CancellationToken.None)).Single(s => s.Url.EndsWith("/busy", StringComparison.Ordinal));
        Assert.Equal(FetchFailureKind.HttpStatus, busy.LastFailure);
        Assert.True(busy.NextPoll >= DateTimeOffset.UtcNow.AddSeconds(100), "Retry-After: 120 must hold the next attempt back");
        Assert.Contains("not-a-feed 1", summary.OneLine(), StringComparison.Ordinal);
    }
}

public sealed class PollSchedulerTests
{
    private static readonly PollPolicy Policy = new() { Min = TimeSpan.FromMinutes(5), Max = TimeSpan.FromHours(24), Jitter = 0.1 };
    private static readonly FeedSource Source = new() { Url = "http://x.test/f", Interval = TimeSpan.FromHours(1) };
    private static readonly DateTimeOffset Now = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly FetchResult Ok = new() { Outcome = FetchOutcome.Fetched, RequestedUrl = new Uri("http://x.test/f") };

    [Fact]
    public void Busy_feeds_are_polled_at_their_publishing_rate()
    {
        var times = Enumerable.Range(0, 10).Select(i => Now.AddMinutes(-20 * i)).ToList();
        var (_, interval) = new PollScheduler(Policy, new Random(1)).Schedule(Source, Ok, 3, times, null, Now);
        Assert.Equal(TimeSpan.FromMinutes(20), interval);
    }

    [Fact]
    public void Quiet_feeds_back_off_but_stay_bounded()
    {
        var scheduler = new PollScheduler(Policy, new Random(1));
        var source = Source;
        for (var i = 0; i < 30; i++)
        {
            var (_, interval) = scheduler.Schedule(source, Ok with { Outcome = FetchOutcome.NotModified }, 0, [], null, Now);
            source = source with { Interval = interval };
        }

        Assert.Equal(Policy.Max, source.Interval);
    }

    [Fact]
    public void Failures_back_off_exponentially_and_honour_retry_after()
    {
        var scheduler = new PollScheduler(Policy, new Random(1));
        var failed = FetchResult.Fail(new Uri("http://x.test/f"), FetchFailureKind.Timeout, "slow");
        var (_, first) = scheduler.Schedule(Source, failed, 0, [], null, Now);
        var (_, third) = scheduler.Schedule(Source with { Failures = 2 }, failed, 0, [], null, Now);
        Assert.Equal(TimeSpan.FromHours(1), first);
        Assert.Equal(TimeSpan.FromHours(4), third);
        var (_, retry) = scheduler.Schedule(Source, failed with { RetryAfter = TimeSpan.FromHours(6) }, 0, [], null, Now);
        Assert.Equal(TimeSpan.FromHours(6), retry);
    }

    [Fact]
    public void Feed_ttl_and_cache_lifetime_are_floors()
    {
        var scheduler = new PollScheduler(Policy, new Random(1));
        var times = Enumerable.Range(0, 10).Select(i => Now.AddMinutes(-10 * i)).ToList();
        Assert.Equal(TimeSpan.FromMinutes(90), scheduler.Schedule(Source, Ok, 3, times, 90, Now).Interval);
        Assert.Equal(TimeSpan.FromHours(2), scheduler.Schedule(Source, Ok with { CacheFor = TimeSpan.FromHours(2) }, 3, times, null, Now).Interval);
    }

    [Fact]
    public void Next_poll_is_jittered_within_ten_percent()
    {
        var scheduler = new PollScheduler(Policy, new Random(7));
        var nexts = Enumerable.Range(0, 50).Select(_ => scheduler.Schedule(Source, Ok with { Outcome = FetchOutcome.NotModified }, 0, [], null, Now)).ToList();
        Assert.All(nexts, n => Assert.InRange(n.Next - Now, n.Interval * 0.9, n.Interval * 1.1));
        Assert.True(nexts.Select(n => n.Next).Distinct().Count() > 40);
    }
}

public sealed class FetchCrashSafetyTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Killing_the_fetcher_at_any_moment_loses_and_doubles_nothing()
    {
        const int feeds = 60, items = 20;
        await using var server = await FaultyFeedServer.StartAsync(feeds, items);
        var dir = TestPaths.TempDir("fetch-kill");
        await using (var sources = SourceStore.OpenFolder(dir))
        {
            for (var i = 0; i < feeds; i++)
            {
                await sources.AddAsync(server.Url("gen/" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)).AbsoluteUri, null, DateTimeOffset.UtcNow, CancellationToken.None);
            }
        }

        var random = new Random(42);
        string[] args = ["fetch", "--once", "--all", "--allow-private", "--host-delay-ms", "0", "--parallel", "4"];
        for (var round = 0; round < 5; round++)
        {
            using var p = CliHarness.Start(dir, args);
            await Task.Delay(random.Next(300, 1500));
            if (!p.HasExited)
            {
                p.Kill(entireProcessTree: true);
            }

            await p.WaitForExitAsync();
        }

        var watch = System.Diagnostics.Stopwatch.StartNew();
        var final = await CliHarness.RunAsync(dir, args);
        output.WriteLine($"fetch after five kills: {watch.Elapsed.TotalSeconds:0.00} s");
        Assert.True(final.ExitCode == 0, final.Stderr);
        Assert.Contains("60 sources", final.Stdout, StringComparison.Ordinal);
        var again = await CliHarness.RunAsync(dir, args);
        Assert.Contains("0 new items", again.Stdout, StringComparison.Ordinal);

        await using var store = SqliteStore.OpenFolder(dir);
        Assert.Equal(feeds * items, (await store.SummarizeAsync(null, CancellationToken.None)).Articles);
    }

    [Fact]
    public async Task A_fetch_that_brings_nothing_new_changes_no_content()
    {
        await using var server = await FaultyFeedServer.StartAsync(3, 5);
        var dir = TestPaths.TempDir("fetch-nothing-new");
        await using (var sources = SourceStore.OpenFolder(dir))
        {
            for (var i = 0; i < 3; i++)
            {
                await sources.AddAsync(server.Url("gen/" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)).AbsoluteUri, null, DateTimeOffset.UtcNow, CancellationToken.None);
            }
        }

        string[] args = ["fetch", "--once", "--all", "--allow-private", "--host-delay-ms", "0"];
        Assert.Contains("15 new items", (await CliHarness.RunAsync(dir, args)).Stdout, StringComparison.Ordinal);
        long before;
        await using (var store = SqliteStore.OpenFolder(dir))
        {
            before = await store.ContentVersionAsync(CancellationToken.None);
            Assert.Empty(await store.ListUnannotatedAsync(CancellationToken.None).ToListAsync());
        }

        var again = await CliHarness.RunAsync(dir, args);
        Assert.Contains("0 new items", again.Stdout, StringComparison.Ordinal);
        await using (var store = SqliteStore.OpenFolder(dir))
        {
            Assert.Equal(before, await store.ContentVersionAsync(CancellationToken.None));
        }
    }

    [Fact]
    public async Task Cli_verbs_add_import_fetch_and_list_sources()
    {
        await using var server = await FaultyFeedServer.StartAsync(2, 3);
        var dir = TestPaths.TempDir("fetch-cli");
        var opml = Path.Combine(dir, "list.opml");
        await File.WriteAllTextAsync(opml, Opml.Write("t", [new OpmlFeed(server.Url("gen/0").AbsoluteUri, "Gen zero", "News", null), new OpmlFeed(server.Url("busy").AbsoluteUri, "Busy", null, null)]));
        Assert.Contains("2 added", (await CliHarness.RunAsync(dir, "import-opml", opml)).Stdout, StringComparison.Ordinal);
        Assert.Contains("added source 3", (await CliHarness.RunAsync(dir, "add-feed", server.Url("gen/1").AbsoluteUri)).Stdout, StringComparison.Ordinal);
        var refused = await CliHarness.RunAsync(dir, "fetch", "--once", "--host-delay-ms", "0");
        Assert.Contains("3 failures (private-address 3)", refused.Stdout, StringComparison.Ordinal);
        var fetched = await CliHarness.RunAsync(dir, "fetch", "--once", "--all", "--allow-private", "--host-delay-ms", "0");
        Assert.Contains("3 sources: 6 new items", fetched.Stdout, StringComparison.Ordinal);
        var listed = await CliHarness.RunAsync(dir, "sources");
        Assert.Contains("the server answered with an error — HTTP 429", listed.Stdout, StringComparison.Ordinal);
        Assert.Contains("ok, 3 items so far", listed.Stdout, StringComparison.Ordinal);
        var bad = await CliHarness.RunAsync(dir, "add-feed", "ftp://nope");
        Assert.Equal(2, bad.ExitCode);
        Assert.Equal("herald: ftp://nope: not an http(s) address", bad.Stderr.Trim());
    }
}

public sealed class FullTextTests
{
    /// <summary>A small real extractor for the test pages: title element and paragraph text.</summary>
    private sealed class ParagraphExtractor : IPageExtractor
    {
        public Herald.Model.Article? Extract(byte[] html, string? contentType, Uri url)
        {
            var text = System.Text.Encoding.UTF8.GetString(html);
            var start = text.IndexOf("<title>", StringComparison.Ordinal) + 7;
            var title = text[start..text.IndexOf("</title>", StringComparison.Ordinal)];
            var body = HtmlText.ToPlainText(text[text.IndexOf("<article>", StringComparison.Ordinal)..]);
            return new Herald.Model.Article { Id = "page", Url = url.AbsoluteUri, Title = title, Text = body };
        }
    }

    /// <summary>Stops the process (here: cancels the cycle) on the first page it extracts.</summary>
    private sealed class KillingExtractor(CancellationTokenSource kill) : IPageExtractor
    {
        public Herald.Model.Article? Extract(byte[] html, string? contentType, Uri url)
        {
            kill.Cancel();
            kill.Token.ThrowIfCancellationRequested();
            return null;
        }
    }

    [Fact]
    public async Task Items_stored_by_a_killed_cycle_get_their_full_text_in_the_next()
    {
        await using var server = await FaultyFeedServer.StartAsync();
        var dir = TestPaths.TempDir("poller-fulltext-resume");
        var options = new FetchOptions { AllowPrivateAddresses = true, MinHostDelay = TimeSpan.Zero };
        await using var services = FetchServices.Build(options);
        var fetcher = new FeedFetcher(services.GetRequiredService<IHttpClientFactory>(), options);
        await using var articles = SqliteStore.OpenFolder(dir);
        await using var sources = SourceStore.OpenFolder(dir);
        await sources.AddAsync(server.Url("summaries").AbsoluteUri, null, DateTimeOffset.UtcNow, CancellationToken.None);
        using var kill = new CancellationTokenSource();
        var killed = new FeedPoller(fetcher, new FeedParser(), articles, sources, new PollScheduler(new PollPolicy(), new Random(1)), TimeProvider.System)
        {
            FullText = new FullTextFetcher(fetcher, new KillingExtractor(kill)),
        };
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await killed.PollAsync(await sources.ListAsync(CancellationToken.None), kill.Token));
        Assert.Equal(3, (await sources.ListFullTextPendingAsync(10, CancellationToken.None)).Count);
        Assert.All(await articles.ExportAsync(null, CancellationToken.None).ToListAsync(), a => Assert.DoesNotContain("Paragraph 11", a.Text, StringComparison.Ordinal));

        // The next cycle finds no new items in the feed, yet finishes the pages the killed one left.
        var next = new FeedPoller(fetcher, new FeedParser(), articles, sources, new PollScheduler(new PollPolicy(), new Random(1)), TimeProvider.System)
        {
            FullText = new FullTextFetcher(fetcher, new ParagraphExtractor()),
        };
        var summary = await next.PollAsync(await sources.ListAsync(CancellationToken.None), CancellationToken.None);
        Assert.Equal(0, summary.NewItems);
        Assert.Empty(await sources.ListFullTextPendingAsync(10, CancellationToken.None));
        var stored = await articles.ExportAsync(null, CancellationToken.None).ToListAsync();
        Assert.Equal(3, stored.Count);
        Assert.All(stored, a => Assert.Contains("Paragraph 11 of story", a.Text, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Summary_only_items_get_the_linked_page_text_under_the_same_id()
    {
        await using var server = await FaultyFeedServer.StartAsync();
        var dir = TestPaths.TempDir("poller-fulltext");
        var options = new FetchOptions { AllowPrivateAddresses = true, MinHostDelay = TimeSpan.Zero };
        await using var services = FetchServices.Build(options);
        var fetcher = new FeedFetcher(services.GetRequiredService<IHttpClientFactory>(), options);
        await using var articles = SqliteStore.OpenFolder(dir);
        await using var sources = SourceStore.OpenFolder(dir);
        await sources.AddAsync(server.Url("summaries").AbsoluteUri, null, DateTimeOffset.UtcNow, CancellationToken.None);
        var poller = new FeedPoller(fetcher, new FeedParser(), articles, sources, new PollScheduler(new PollPolicy(), new Random(1)), TimeProvider.System)
        {
            FullText = new FullTextFetcher(fetcher, new ParagraphExtractor()),
        };
        var summary = await poller.PollAsync(await sources.ListAsync(CancellationToken.None), CancellationToken.None);
        Assert.Equal(3, summary.NewItems);
        var stored = await articles.ExportAsync(null, CancellationToken.None).ToListAsync();
        Assert.Equal(3, stored.Count);
        Assert.All(stored, a =>
        {
            Assert.StartsWith("Full story", a.Title, StringComparison.Ordinal);
            Assert.Contains("Paragraph 11 of story", a.Text, StringComparison.Ordinal);
            Assert.Equal("Summaries", a.Outlet);
        });
    }
}

/// <summary>
/// The one test that compares two timings. It runs in a collection of its own that xUnit runs after the parallel
/// tests and alone, so the two cycles it compares see the same quiet machine rather than whatever other tests load it
/// with at that moment.
/// </summary>
[Collection(SerialTimingCollection.Name)]
public sealed class FetchAfterKillTimingTests(ITestOutputHelper output)
{
    /// <summary>
    /// Issue 18: a fetch after a kill must cost no more than a clean one. The clean cycle and the post-kill cycle run
    /// over the same 60 feeds (1,200 summary-only items whose pages are on the test server) in the same test run;
    /// the kill lands halfway through the work a clean cycle does.
    /// </summary>
    [Fact]
    public async Task A_fetch_after_a_kill_takes_no_longer_than_twice_a_clean_fetch()
    {
        const int feeds = 60, items = 20;
        await using var server = await FaultyFeedServer.StartAsync(feeds, items);
        string[] args = ["fetch", "--once", "--all", "--allow-private", "--host-delay-ms", "0", "--parallel", "4"];
        async Task<string> Prepare(string name)
        {
            var dir = TestPaths.TempDir(name);
            await using var sources = SourceStore.OpenFolder(dir);
            for (var i = 0; i < feeds; i++)
            {
                await sources.AddAsync(server.Url("gen/" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)).AbsoluteUri, null, DateTimeOffset.UtcNow, CancellationToken.None);
            }

            return dir;
        }

        var cleanDir = await Prepare("fetch-clean");
        var killedDir = await Prepare("fetch-killed");
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var clean = await CliHarness.RunAsync(cleanDir, args);
        var cleanTime = watch.Elapsed;
        Assert.True(clean.ExitCode == 0, clean.Stderr);
        Assert.Contains("1200 new items", clean.Stdout, StringComparison.Ordinal);

        using (var p = CliHarness.Start(killedDir, args))
        {
            await Task.Delay(cleanTime / 2);
            if (!p.HasExited)
            {
                p.Kill(entireProcessTree: true);
            }

            await p.WaitForExitAsync();
        }

        watch.Restart();
        var after = await CliHarness.RunAsync(killedDir, args);
        var afterTime = watch.Elapsed;
        Assert.True(after.ExitCode == 0, after.Stderr);
        output.WriteLine($"clean fetch {cleanTime.TotalSeconds:0.00} s, fetch after a kill {afterTime.TotalSeconds:0.00} s");
        Assert.True(afterTime <= 2 * cleanTime, $"the fetch after a kill took {afterTime.TotalSeconds:0.0} s, a clean fetch {cleanTime.TotalSeconds:0.0} s");

        // Nothing the killed process left half-done is lost: every item is stored once, with its page's full text.
        foreach (var dir in new[] { cleanDir, killedDir })
        {
            await using var store = SqliteStore.OpenFolder(dir);
            var stored = await store.ExportAsync(null, CancellationToken.None).ToListAsync();
            Assert.Equal(feeds * items, stored.Count);
            Assert.All(stored, a => Assert.Contains("Paragraph 6 of the story", a.Text, StringComparison.Ordinal));
            Assert.Empty(await store.ListUnannotatedAsync(CancellationToken.None).ToListAsync());
        }
    }
}

/// <summary>Tests that compare timings measured in the same run; never run beside other tests.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SerialTimingCollection
{
    public const string Name = "serial timing";
}
