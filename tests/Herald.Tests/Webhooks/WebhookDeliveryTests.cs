using Herald.Composition;

using Herald.Model;
using Herald.Pipeline;
using Herald.Publish.Webhooks;
using Herald.Tests.Storage;

namespace Herald.Tests.Webhooks;

/// <summary>
/// Webhooks end to end over a real store (each test runs on SQLite and on PostgreSQL, see the two classes at the end):
/// articles are stored, stories rebuilt by the real clusterer, and the announcements POSTed to a Kestrel receiver on
/// 127.0.0.1 that checks the HMAC signature.
/// </summary>
public abstract class WebhookDeliveryTests : IAsyncLifetime
{
    private const string Secret = "receiver-secret-0123456789";
    private static readonly DateTimeOffset Day = new(2025, 7, 9, 8, 0, 0, TimeSpan.Zero);
    private TestStoreLocation _location = null!;
    private IArticleStore _store = null!;
    private string? _skip;

    /// <summary>Which store the tests run on.</summary>
    protected abstract string Kind { get; }

    private IWebhookStore Hooks => (IWebhookStore)_store;

    /// <summary>Skips the test when its store is not available here (PostgreSQL without HERALD_TEST_POSTGRES).</summary>
    private void Ready() => Skip.If(_skip is not null, _skip);

    private static WebhookDeliveryOptions Fast => new()
    {
        BaseDelay = TimeSpan.FromMilliseconds(40),
        MaxDelay = TimeSpan.FromSeconds(1),
        Timeout = TimeSpan.FromSeconds(5),
        WaitForRetries = TimeSpan.FromSeconds(10),
        AllowPrivateAddresses = true,
    };

    public async Task InitializeAsync()
    {
        _location = TestStores.Create(Kind, "webhooks");
        try
        {
            _store = await _location.OpenAsync();
        }
        catch (SkipException e)
        {
            _skip = e.Message;
            return;
        }

        await _store.SaveTopicAsync(new Topic("Dams", "dam", Day), CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }

        await _location.DisposeAsync();
    }

    [SkippableFact]
    public async Task New_story_is_posted_signed_once_and_old_stories_are_not()
    {
        Ready();
        await StoreStoryAsync("old", "Old dam inspection finds cracks", Day.AddDays(-3), "Inspectors in Montana found cracks in the spillway of a century-old hydroelectric dam during a routine survey.");
        await using var receiver = await WebhookReceiver.StartAsync(Secret);
        var hook = await new WebhookRegistry(_store, Hooks, allowPrivate: true).AddAsync("dams", receiver.Url.AbsoluteUri, Secret, Day, CancellationToken.None);

        await StoreStoryAsync("new", "Engineers warn Mosul Dam needs urgent repairs", Day);
        await StoreStoryAsync("other", "Football club wins the league title", Day, "The club clinched the championship with two matches left after a late goal in the derby.");
        var summary = await Dispatcher(Fast).RunAsync(CancellationToken.None);

        var post = Assert.Single(receiver.Posts);
        Assert.True(post.SignatureValid);
        Assert.Equal("story.new", post.Event);
        Assert.Equal(post.DeliveryId, post.Body.GetProperty("delivery").GetString());
        Assert.Equal("Dams", post.Body.GetProperty("topic").GetString());
        Assert.Equal(hook.Id, post.Body.GetProperty("webhook").GetInt64());
        Assert.Contains("Mosul Dam", post.Body.GetProperty("story").GetProperty("headline").GetString(), StringComparison.Ordinal);
        Assert.Equal(3, post.Body.GetProperty("items").GetArrayLength());
        Assert.Equal(new WebhookRunSummary(1, 1, 0, 0), summary);

        // Re-running (the next ingest) announces nothing again, even after the stories are rebuilt.
        await StoryClustering.NewRebuilder(_store).RebuildAsync(Day.AddDays(-10), CancellationToken.None);
        Assert.Equal(new WebhookRunSummary(0, 0, 0, 0), await Dispatcher(Fast).RunAsync(CancellationToken.None));
        Assert.Single(receiver.Posts);
        Assert.Equal(DeliveryState.Delivered, Assert.Single(await Hooks.ListDeliveriesAsync(hook.Id, 10, CancellationToken.None)).State);
    }

    [SkippableFact]
    public async Task A_continuing_story_is_announced_once_however_it_grows()
    {
        Ready();
        await using var receiver = await WebhookReceiver.StartAsync(Secret);
        await new WebhookRegistry(_store, Hooks, allowPrivate: true).AddAsync("Dams", receiver.Url.AbsoluteUri, Secret, Day, CancellationToken.None);
        await StoreStoryAsync("first", "Engineers warn Mosul Dam needs urgent repairs", Day);
        Assert.Equal(1, (await Dispatcher(Fast).RunAsync(CancellationToken.None)).Delivered);
        var story = (await _store.GetAsync("first-0", CancellationToken.None))!.Story;

        // Over the next days more outlets report the same event, each ingest re-clustering its window.
        for (var day = 1; day <= 3; day++)
        {
            var late = new Article
            {
                Id = $"late-{day}", Url = $"https://late{day}.example.org/mosul-dam", Title = "Mosul Dam needs urgent repairs, engineers warn",
                Outlet = $"Late Outlet {day}", Published = Day.AddDays(day), Language = "en",
                Text = "Engineers warn Mosul Dam needs urgent repairs. Iraqi engineers said on Tuesday that grouting the foundation of the Mosul Dam would take months and cost 300 million dollars.",
            };
            await _store.UpsertAsync([late], CancellationToken.None);
            await StoryClustering.NewRebuilder(_store).RebuildAsync(late.Published, CancellationToken.None);
            Assert.Equal(story, (await _store.GetAsync(late.Id, CancellationToken.None))!.Story);
            Assert.Equal(new WebhookRunSummary(0, 0, 0, 0), await Dispatcher(Fast).RunAsync(CancellationToken.None));
        }

        Assert.Single(receiver.Posts);
        Assert.Equal(6, (await _store.GetStoryArticlesAsync(story!, CancellationToken.None)).Count);
    }

    [SkippableFact]
    public async Task Receiver_failing_twice_gets_the_same_delivery_on_the_third_attempt()
    {
        Ready();
        await using var receiver = await WebhookReceiver.StartAsync(Secret);
        receiver.FailFirst = 2;
        var hook = await new WebhookRegistry(_store, Hooks, allowPrivate: true).AddAsync("Dams", receiver.Url.AbsoluteUri, Secret, Day, CancellationToken.None);
        await StoreStoryAsync("new", "Engineers warn Mosul Dam needs urgent repairs", Day);

        var summary = await Dispatcher(Fast).RunAsync(CancellationToken.None);

        Assert.Equal(3, receiver.Requests);
        Assert.Single(receiver.Posts.Select(p => p.DeliveryId).Distinct());
        Assert.All(receiver.Posts, p => Assert.True(p.SignatureValid));
        var delivery = Assert.Single(await Hooks.ListDeliveriesAsync(hook.Id, 10, CancellationToken.None));
        Assert.Equal(DeliveryState.Delivered, delivery.State);
        Assert.Equal(3, delivery.Attempts);
        Assert.Equal(1, summary.Delivered);
    }

    [SkippableFact]
    public async Task Pending_delivery_survives_a_restart_and_is_delivered_by_the_next_run()
    {
        Ready();
        await using var receiver = await WebhookReceiver.StartAsync(Secret);
        receiver.AlwaysFail = true;
        var hook = await new WebhookRegistry(_store, Hooks, allowPrivate: true).AddAsync("Dams", receiver.Url.AbsoluteUri, Secret, Day, CancellationToken.None);
        await StoreStoryAsync("new", "Engineers warn Mosul Dam needs urgent repairs", Day);
        var first = await Dispatcher(Fast with { WaitForRetries = TimeSpan.Zero }).RunAsync(CancellationToken.None);
        Assert.Equal(new WebhookRunSummary(1, 0, 1, 0), first);
        var pending = Assert.Single(await Hooks.ListDeliveriesAsync(hook.Id, 10, CancellationToken.None));
        Assert.Equal("HTTP 500", pending.LastError);

        // A new process: the store is reopened and the receiver has recovered.
        await _store.DisposeAsync();
        _store = await _location.OpenAsync();
        receiver.AlwaysFail = false;
        await Task.Delay(pending.NextAttempt - DateTimeOffset.UtcNow is { } wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero);
        var second = await Dispatcher(Fast).RunAsync(CancellationToken.None);

        Assert.Equal(new WebhookRunSummary(0, 1, 0, 0), second);
        Assert.Equal(2, receiver.Requests);
        Assert.Equal(pending.Id, receiver.Posts.Last().DeliveryId);
    }

    [SkippableFact]
    public async Task A_failing_receiver_gets_one_request_per_pass_not_its_whole_queue()
    {
        Ready();
        await using var receiver = await WebhookReceiver.StartAsync(Secret);
        receiver.AlwaysFail = true;
        var hook = await new WebhookRegistry(_store, Hooks, allowPrivate: true).AddAsync("Dams", receiver.Url.AbsoluteUri, Secret, Day, CancellationToken.None);
        await StoreStoryAsync("new", "Engineers warn Mosul Dam needs urgent repairs", Day);
        await StoreStoryAsync("kakhovka", "Kakhovka dam collapse floods villages", Day.AddDays(1), "Water poured through the breach of the Kakhovka dam on the Dnipro, forcing thousands of residents of Kherson to flee.");

        var summary = await Dispatcher(Fast with { WaitForRetries = TimeSpan.Zero }).RunAsync(CancellationToken.None);

        Assert.Equal(new WebhookRunSummary(2, 0, 2, 0), summary);
        Assert.Equal(1, receiver.Requests);
        var deliveries = await Hooks.ListDeliveriesAsync(hook.Id, 10, CancellationToken.None);
        Assert.Equal([0, 1], deliveries.Select(d => d.Attempts).Order().ToArray());
        Assert.Single(deliveries.Select(d => d.NextAttempt).Distinct());
    }

    [SkippableFact]
    public async Task Delivery_is_given_up_after_the_last_attempt()
    {
        Ready();
        await using var receiver = await WebhookReceiver.StartAsync(Secret);
        receiver.AlwaysFail = true;
        var hook = await new WebhookRegistry(_store, Hooks, allowPrivate: true).AddAsync("Dams", receiver.Url.AbsoluteUri, Secret, Day, CancellationToken.None);
        await StoreStoryAsync("new", "Engineers warn Mosul Dam needs urgent repairs", Day);

        var summary = await Dispatcher(Fast with { MaxAttempts = 3 }).RunAsync(CancellationToken.None);

        Assert.Equal(new WebhookRunSummary(1, 0, 0, 1), summary);
        Assert.Equal(3, receiver.Requests);
        var d = Assert.Single(await Hooks.ListDeliveriesAsync(hook.Id, 10, CancellationToken.None));
        Assert.Equal((DeliveryState.Failed, 3), (d.State, d.Attempts));
    }

    [Fact]
    public void Backoff_doubles_with_jitter_and_stays_under_the_cap()
    {
        var dispatcher = Dispatcher(new WebhookDeliveryOptions { BaseDelay = TimeSpan.FromSeconds(1), MaxDelay = TimeSpan.FromSeconds(10) });
        for (var i = 0; i < 50; i++)
        {
            Assert.InRange(dispatcher.Backoff(1).TotalSeconds, 0.5, 1.0);
            Assert.InRange(dispatcher.Backoff(3).TotalSeconds, 2.0, 4.0);
            Assert.InRange(dispatcher.Backoff(20).TotalSeconds, 5.0, 10.0);
        }

        var spread = Enumerable.Range(0, 50).Select(_ => dispatcher.Backoff(2)).Distinct().Count();
        Assert.True(spread > 10, "jitter should spread retries");
    }

    [SkippableTheory]
    [InlineData("ftp://example.com/hook", "not an http(s) address")]
    [InlineData("http://127.0.0.1:9/hook", "loopback or private")]
    [InlineData("http://localhost/hook", "loopback or private")]
    [InlineData("http://169.254.169.254/latest", "loopback or private")]
    [InlineData("https://user:pw@example.com/hook", "user name or password")]
    [InlineData("ntfy://example.com/", "names no ntfy topic")]
    [InlineData("ntfy://127.0.0.1/alerts", "loopback or private")]
    [InlineData("https://example.com/hook#digest=0h", "digest=Nh with N from 1 to 168")]
    [InlineData("https://example.com/hook#digest=200h", "digest=Nh with N from 1 to 168")]
    [InlineData("https://example.com/hook#every=6h", "digest=Nh with N from 1 to 168")]
    public async Task Registration_refuses_unsafe_targets(string url, string problem)
    {
        Ready();
        var e = await Assert.ThrowsAsync<HeraldException>(() =>
            new WebhookRegistry(_store, Hooks, allowPrivate: false).AddAsync("Dams", url, Secret, Day, CancellationToken.None));
        Assert.Contains(problem, e.Message, StringComparison.Ordinal);
        Assert.Empty(await Hooks.ListWebhooksAsync(CancellationToken.None));
    }

    [SkippableFact]
    public async Task Registration_needs_an_existing_topic_and_a_long_enough_secret()
    {
        Ready();
        var registry = new WebhookRegistry(_store, Hooks, allowPrivate: false);
        var missing = await Assert.ThrowsAsync<HeraldException>(() => registry.AddAsync("Nope", "https://example.com/h", Secret, Day, CancellationToken.None));
        Assert.Contains("does not exist", missing.Message, StringComparison.Ordinal);
        var weak = await Assert.ThrowsAsync<HeraldException>(() => registry.AddAsync("Dams", "https://example.com/h", "short", Day, CancellationToken.None));
        Assert.Contains("too short", weak.Message, StringComparison.Ordinal);
        var generated = await registry.AddAsync("Dams", "https://example.com/h", null, Day, CancellationToken.None);
        Assert.Equal(64, generated.Secret.Length);
    }

    private WebhookDispatcher Dispatcher(WebhookDeliveryOptions options, TimeProvider? clock = null) =>
        new(_store, Hooks, WebhookDispatcher.CreateClient(options), options, clock ?? TimeProvider.System, new Random());

    [SkippableFact]
    public async Task An_ntfy_alert_posts_plain_text_with_title_tags_and_click_once_per_story()
    {
        Ready();
        await using var ntfy = await NtfyReceiver.StartAsync();
        await new WebhookRegistry(_store, Hooks, allowPrivate: true).AddAsync("Dams", ntfy.Target("herald-dams"), null, Day, CancellationToken.None);
        await StoreStoryAsync("ntfy", "Engineers warn Mosul Dam needs urgent repairs", Day);
        Assert.Equal(new WebhookRunSummary(1, 1, 0, 0), await Dispatcher(Fast).RunAsync(CancellationToken.None));

        var post = Assert.Single(ntfy.Posts);
        Assert.Equal("herald-dams", post.Topic);
        Assert.StartsWith("text/plain", post.ContentType, StringComparison.Ordinal);
        Assert.Equal("Herald: Dams", post.Title);
        Assert.Equal("newspaper", post.Tags);
        Assert.Equal("https://news0.example.com/ntfy", post.Click);
        Assert.Equal("", post.Authorization);
        Assert.StartsWith("Engineers warn Mosul Dam needs urgent repairs\n3 articles from 3 outlets: ", post.Body, StringComparison.Ordinal);
        var outlets = post.Body.Split(": ", 2)[1].Split(", ");
        Assert.Equal(["Al Jazeera", "BBC News", "Reuters"], outlets.Order(StringComparer.Ordinal));

        // The story grows; it was announced, so nothing is sent again.
        await StoreStoryAsync("ntfy", "Engineers warn Mosul Dam needs urgent repairs", Day.AddHours(1));
        Assert.Equal(new WebhookRunSummary(0, 0, 0, 0), await Dispatcher(Fast).RunAsync(CancellationToken.None));
        Assert.Single(ntfy.Posts);
    }

    [SkippableFact]
    public async Task An_ntfy_alert_with_an_access_token_sends_it_as_bearer_and_one_without_is_refused_by_a_protected_topic()
    {
        Ready();
        const string token = "tk_0123456789abcdefghijklmnopqrs";
        await using var ntfy = await NtfyReceiver.StartAsync(requiredToken: token);
        var registry = new WebhookRegistry(_store, Hooks, allowPrivate: true);
        var withToken = await registry.AddAsync("Dams", ntfy.Target("herald-private"), null, token, Day, CancellationToken.None);
        var without = await registry.AddAsync("Dams", ntfy.Target("herald-open"), null, Day, CancellationToken.None);
        // The token is stored as the alert's secret (never listed), marked as a token.
        Assert.Equal(AlertTarget.BearerPrefix + token, (await Hooks.GetWebhookAsync(withToken.Id, CancellationToken.None))!.Secret);
        await StoreStoryAsync("ntfy", "Engineers warn Mosul Dam needs urgent repairs", Day);

        await Dispatcher(Fast with { WaitForRetries = TimeSpan.Zero }).RunAsync(CancellationToken.None);
        var post = Assert.Single(ntfy.Posts);
        Assert.Equal("herald-private", post.Topic);
        Assert.Equal("Bearer " + token, post.Authorization);
        Assert.Equal(DeliveryState.Delivered, Assert.Single(await Hooks.ListDeliveriesAsync(withToken.Id, 10, CancellationToken.None)).State);
        // The alert without a token sent none (its random secret is not a token) and the protected topic refused it.
        Assert.Equal(1, ntfy.Refused);
        var refused = Assert.Single(await Hooks.ListDeliveriesAsync(without.Id, 10, CancellationToken.None));
        Assert.Equal((DeliveryState.Pending, "HTTP 401"), (refused.State, refused.LastError));

        // A token only goes with ntfy targets, and only as one header line.
        var webhook = await Assert.ThrowsAsync<HeraldException>(() => registry.AddAsync("Dams", "https://example.com/hook", null, token, Day, CancellationToken.None));
        Assert.Contains("only ntfy targets", webhook.Message, StringComparison.Ordinal);
        var spaced = await Assert.ThrowsAsync<HeraldException>(() => registry.AddAsync("Dams", ntfy.Target("x"), null, "tk_a b\r\nX-Evil: 1", Day, CancellationToken.None));
        Assert.Contains("printable ASCII characters without spaces", spaced.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task A_digest_waits_for_its_slot_then_sends_every_new_story_in_one_signed_post()
    {
        Ready();
        await using var receiver = await WebhookReceiver.StartAsync(Secret);
        var clock = new TestClock(Day.AddHours(1));
        var hook = await new WebhookRegistry(_store, Hooks, allowPrivate: true).AddAsync("Dams", receiver.Url.AbsoluteUri + "#digest=6h", Secret, Day, CancellationToken.None);
        await StoreStoryAsync("first", "Engineers warn Mosul Dam needs urgent repairs", Day);
        await StoreStoryAsync("second", "Three Gorges Dam releases water after record rains", Day, "Operators of the Three Gorges Dam opened spillway gates on Wednesday as floodwater from record rains reached the reservoir.");

        // Before the slot (6 hours after the alert was added) both stories wait.
        Assert.Equal(new WebhookRunSummary(2, 0, 2, 0), await Dispatcher(Fast, clock).RunAsync(CancellationToken.None));
        Assert.Empty(receiver.Posts);

        clock.Now = Day.AddHours(6).AddMinutes(1);
        Assert.Equal(new WebhookRunSummary(0, 2, 0, 0), await Dispatcher(Fast, clock).RunAsync(CancellationToken.None));
        var post = Assert.Single(receiver.Posts);
        Assert.True(post.SignatureValid);
        Assert.Equal("stories.digest", post.Event);
        Assert.Equal(hook.Id, post.Body.GetProperty("webhook").GetInt64());
        var headlines = post.Body.GetProperty("stories").EnumerateArray().Select(s => s.GetProperty("story").GetProperty("headline").GetString()!).ToList();
        Assert.Equal(2, headlines.Count);
        Assert.Contains(headlines, h => h.Contains("Mosul Dam", StringComparison.Ordinal));
        Assert.Contains(headlines, h => h.Contains("Three Gorges", StringComparison.Ordinal));

        // Each story once: the next digest has nothing to send.
        clock.Now = Day.AddHours(12).AddMinutes(1);
        Assert.Equal(new WebhookRunSummary(0, 0, 0, 0), await Dispatcher(Fast, clock).RunAsync(CancellationToken.None));
        Assert.Single(receiver.Posts);
    }

    [Fact]
    public void Ntfy_titles_outside_ASCII_are_sent_as_RFC_2047_words_and_line_breaks_are_folded()
    {
        var encoded = NtfyMessage.HeaderValue("Herald: Staudämme\r\nX-Injected: 1");
        Assert.StartsWith("=?UTF-8?B?", encoded, StringComparison.Ordinal);
        Assert.Equal("Herald: Staudämme X-Injected: 1", System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(encoded["=?UTF-8?B?".Length..^2])));
        Assert.Equal("Herald: Dams", NtfyMessage.HeaderValue("Herald: Dams"));
        Assert.Equal(new DateTimeOffset(2025, 7, 9, 14, 0, 0, TimeSpan.Zero), AlertTarget.Parse("ntfys://ntfy.example.org/t#digest=6h").DueAt(Day.AddHours(-6), Day.AddHours(1)));
        Assert.Equal("https://ntfy.example.org/t", AlertTarget.Parse("ntfys://ntfy.example.org/t#digest=6h").PostUrl.AbsoluteUri);
    }

    /// <summary>A clock the test moves by hand (timers still run in real time).</summary>
    private sealed class TestClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    /// <summary>Three outlets report the same event; the real clusterer groups them into one story.</summary>
    private async Task StoreStoryAsync(string key, string title, DateTimeOffset when, string? body = null)
    {
        string[] outlets = ["Reuters", "Al Jazeera", "BBC News"];
        body = $"{title}. " + (body ?? "Iraqi engineers said on Tuesday that grouting the foundation of the Mosul Dam would take months and cost 300 million dollars.");
        var batch = outlets.Select((o, i) => new Article
        {
            Id = $"{key}-{i}",
            Url = $"https://news{i}.example.com/{key}",
            Title = title,
            Outlet = o,
            Published = when.AddHours(i),
            Language = "en",
            Text = body,
        }).ToList();
        await _store.UpsertAsync(batch, CancellationToken.None);
        await StoryClustering.NewRebuilder(_store).RebuildAsync(when.AddDays(-1), CancellationToken.None);
    }
}

/// <summary>The webhook tests on the embedded SQLite store.</summary>
public sealed class SqliteWebhookDeliveryTests : WebhookDeliveryTests
{
    protected override string Kind => TestStores.Sqlite;
}

/// <summary>The webhook tests on PostgreSQL (a fresh schema per test).</summary>
public sealed class PostgresWebhookDeliveryTests : WebhookDeliveryTests
{
    protected override string Kind => TestStores.Postgres;
}
