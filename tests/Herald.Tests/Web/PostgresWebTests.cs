using System.Net;
using System.Net.Http.Json;
using Herald.Ingest;
using Herald.Pipeline;
using Herald.Query;
using Herald.Tests.Storage;
using Herald.Tests.Web.GReader;
using Herald.Text;
using Herald.Web;

namespace Herald.Tests.Web;

/// <summary>
/// `herald serve` on a PostgreSQL store: the pages that read through the store interfaces render its articles, and
/// the reader APIs, the sources page and its forms, GDELT updates and /healthz work from the same store.
/// </summary>
public sealed class PostgresWebTests
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    [SkippableFact]
    public async Task Search_and_topic_pages_render_the_seed_pages_articles_and_every_route_answers_from_postgres()
    {
        await using var location = TestStores.Create(TestStores.Postgres, "web-pg");
        List<string> newest;
        await using (var store = await location.OpenAsync())
        {
            await new FileIngestor(store, [new SeedPageImporter(OutletRegistry.CreateDefault(), TimeProvider.System)])
                .IngestAsync([TestPaths.SampleSeedPage], Ct);
            await store.SaveTopicAsync(new Topic("Iraq", "Iraq", DateTimeOffset.UtcNow), Ct);
            newest = (await store.SearchAsync(TopicQuery.Parse("Iraq"), new SearchOptions(5), Ct)).Hits.Select(h => h.Article.Title).ToList();
        }

        Assert.Equal(5, newest.Count);
        await using var app = HeraldWebApp.Build(new WebOptions(location.Dir, Port: 0, Postgres: location.StoreUrl));
        await app.StartAsync();
        using var client = new HttpClient { BaseAddress = HeraldWebApp.BaseAddress(app) };

        async Task<string> PageAsync(string path)
        {
            var response = await client.GetAsync(path);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {body[..Math.Min(300, body.Length)]}");
            return WebUtility.HtmlDecode(body);
        }

        var search = await PageAsync("/search?q=Iraq&sort=newest");
        var topic = await PageAsync("/topics/Iraq");
        foreach (var title in newest)
        {
            Assert.Contains(title, search, StringComparison.Ordinal);
            Assert.Contains(title, topic, StringComparison.Ordinal);
        }

        Assert.Contains("81", await PageAsync("/"), StringComparison.Ordinal);
        await PageAsync("/stories");
        using (var json = System.Text.Json.JsonDocument.Parse(await PageAsync("/api/search?q=Iraq&sort=newest")))
        {
            static IEnumerable<string> Strings(System.Text.Json.JsonElement e) => e.ValueKind switch
            {
                System.Text.Json.JsonValueKind.String => [e.GetString()!],
                System.Text.Json.JsonValueKind.Object => e.EnumerateObject().SelectMany(p => Strings(p.Value)),
                System.Text.Json.JsonValueKind.Array => e.EnumerateArray().SelectMany(Strings),
                _ => [],
            };

            Assert.Contains(newest[0], Strings(json.RootElement));
        }

        // The rest of what reads through the store interfaces answers too (never a 500).
        foreach (var path in new[] { "/api/topics/Iraq", "/api/sources", "/api/stories", "/topics/Iraq/quotes", "/topics/Iraq/rss", "/topics/Iraq?split=outlet", "/search/csv?q=Iraq", "/api/export?q=Iraq", "/api/attention?q=Iraq&split=country", "/api/webhooks", "/api/rules" })
        {
            var response = await client.GetAsync(path);
            Assert.True((int)response.StatusCode < 500, $"{path}: {(int)response.StatusCode}");
        }

        // What once needed the SQLite file answers from PostgreSQL now: the reader APIs (refusing a stranger as they
        // should), the sources page, GDELT updates (none written yet) and the health check.
        foreach (var (method, path, status) in new[]
        {
            ("GET", "/api/greader/reader/api/0/token", HttpStatusCode.Unauthorized), ("POST", "/api/greader/accounts/ClientLogin", HttpStatusCode.Unauthorized),
            ("POST", "/api/fever?api", HttpStatusCode.OK), ("GET", "/sources", HttpStatusCode.OK), ("GET", "/gdelt/lastupdate.txt", HttpStatusCode.NotFound),
        })
        {
            var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == status, $"{method} {path}: {(int)response.StatusCode} {body[..Math.Min(300, body.Length)]}");
        }

        using (var health = System.Text.Json.JsonDocument.Parse(await PageAsync("/healthz")))
        {
            Assert.Equal("ok", health.RootElement.GetProperty("status").GetString());
            Assert.Equal("postgres", health.RootElement.GetProperty("store").GetString());
            Assert.True(health.RootElement.GetProperty("schema").GetInt32() >= 8);
        }

        // A store that no longer answers (its schema gone) is unhealthy, with the reason.
        await location.ExecuteAsync("ALTER TABLE schema_migrations RENAME TO schema_migrations_gone");
        var down = await client.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
        using (var health = System.Text.Json.JsonDocument.Parse(await down.Content.ReadAsStringAsync()))
        {
            Assert.Equal("unavailable", health.RootElement.GetProperty("status").GetString());
            Assert.Contains("schema_migrations", health.RootElement.GetProperty("reason").GetString(), StringComparison.Ordinal);
        }

        await app.StopAsync();
    }

    private const string Api = "/api/greader/reader/api/0/";

    private static async Task<System.Text.Json.JsonElement> JsonAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {text}");
        return System.Text.Json.JsonDocument.Parse(text).RootElement.Clone();
    }

    private static async Task<List<long>> IdsAsync(HttpClient client, string stream, string extra = "") =>
        (await JsonAsync(client, $"{Api}stream/items/ids?s={Uri.EscapeDataString(stream)}&n=1000{extra}")).GetProperty("itemRefs").EnumerateArray()
            .Select(r => long.Parse(r.GetProperty("id").GetString()!, System.Globalization.CultureInfo.InvariantCulture)).ToList();

    private static async Task PostAsync(HttpClient client, string path, params (string Key, string Value)[] form)
    {
        var response = await client.PostAsync(path, new FormUrlEncodedContent(form.Select(f => new KeyValuePair<string, string>(f.Key, f.Value))));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {text}");
    }

    [SkippableFact]
    public async Task A_Google_Reader_client_signs_in_lists_reads_marks_and_stars_on_a_postgres_host()
    {
        var host = new PostgresReaderHost();
        await host.InitializeAsync();
        try
        {
            Skip.If(host.Unavailable is not null, host.Unavailable);
            var (alice, _) = await host.SignInAsync("alice");
            var (bob, _) = await host.SignInAsync("bob");
            var edit = await alice.GetStringAsync(Api + "token");

            // Subscriptions: the followed feed (from the PostgreSQL store's sources) and the topic.
            var subs = (await JsonAsync(alice, Api + "subscription/list?output=json")).GetProperty("subscriptions").EnumerateArray().ToList();
            Assert.Equal("World desk", Assert.Single(subs, s => s.GetProperty("id").GetString() == "feed/" + ReaderHost.FeedUrl).GetProperty("title").GetString());
            Assert.Single(subs, s => s.GetProperty("title").GetString() == "Iraq");

            // The feed's poll stored a seed article and a copy of the water report: the stream lists the copy's original,
            // which names the outlets that carried it word for word.
            var feed = "feed/" + ReaderHost.FeedUrl;
            var feedIds = await IdsAsync(alice, feed);
            Assert.Equal(2, feedIds.Count);
            var contents = (await JsonAsync(alice, $"{Api}stream/contents/{Uri.EscapeDataString(feed)}?n=10")).GetProperty("items").EnumerateArray().ToList();
            Assert.Equal(2, contents.Count);
            var water = Assert.Single(contents, i => i.GetProperty("summary").GetProperty("content").GetString()!.Contains("Tigris", StringComparison.Ordinal));
            Assert.Contains("Also reported by", water.GetProperty("summary").GetProperty("content").GetString(), StringComparison.Ordinal);

            var reading = await IdsAsync(alice, "user/-/state/com.google/reading-list");
            Assert.True(reading.Count > 50, $"{reading.Count} items in the reading list");
            Assert.Subset(reading.ToHashSet(), feedIds.ToHashSet());

            // Mark one read and star another: alice's streams follow, bob's do not.
            await PostAsync(alice, Api + "edit-tag", ("i", feedIds[0].ToString(System.Globalization.CultureInfo.InvariantCulture)), ("a", "user/-/state/com.google/read"), ("T", edit));
            await PostAsync(alice, Api + "edit-tag", ("i", feedIds[1].ToString(System.Globalization.CultureInfo.InvariantCulture)), ("a", "user/-/state/com.google/starred"), ("T", edit));
            Assert.Equal([feedIds[0]], await IdsAsync(alice, "user/-/state/com.google/read"));
            Assert.Equal([feedIds[1]], await IdsAsync(alice, "user/-/state/com.google/starred"));
            Assert.Equal([feedIds[1]], await IdsAsync(alice, feed, "&xt=user/-/state/com.google/read"));
            Assert.Empty(await IdsAsync(bob, "user/-/state/com.google/starred"));
            Assert.Equal(reading.Count - 1, (await IdsAsync(alice, "user/-/state/com.google/reading-list", "&xt=user/-/state/com.google/read")).Count);

            // Mark the whole feed read; the unread counts agree.
            await PostAsync(alice, Api + "mark-all-as-read", ("s", feed), ("T", edit));
            Assert.Empty(await IdsAsync(alice, feed, "&xt=user/-/state/com.google/read"));
            var counts = (await JsonAsync(alice, Api + "unread-count?output=json")).GetProperty("unreadcounts").EnumerateArray()
                .ToDictionary(c => c.GetProperty("id").GetString()!, c => c.GetProperty("count").GetInt32());
            Assert.Equal(0, counts.GetValueOrDefault(feed));
            Assert.Equal(reading.Count - 2, counts["user/-/state/com.google/reading-list"]);

            // A star rule, previewed and rerun through the REST API, stars its matches for every account.
            var waterId = long.Parse(water.GetProperty("id").GetString()!["tag:google.com,2005:reader/item/".Length..], System.Globalization.NumberStyles.AllowHexSpecifier, System.Globalization.CultureInfo.InvariantCulture);
            var admin = host.NewClient();
            admin.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", WebHost.Token);
            var rule = new { action = "star", query = "Tigris Euphrates" };
            var matches = (await JsonAsync(admin, "/api/search?q=Tigris%20Euphrates")).GetProperty("results").GetProperty("total").GetInt32();
            Assert.True(matches >= 3, $"{matches} matches");
            using (var preview = System.Text.Json.JsonDocument.Parse(await (await admin.PostAsJsonAsync("/api/rules/preview", rule)).Content.ReadAsStringAsync()))
            {
                Assert.Equal(matches, preview.RootElement.GetProperty("count").GetInt32());
            }

            var added = await admin.PostAsJsonAsync("/api/rules", rule);
            Assert.Equal(HttpStatusCode.Created, added.StatusCode);
            var ruleId = System.Text.Json.JsonDocument.Parse(await added.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetInt64();
            var rerun = await admin.PostAsync($"/api/rules/{ruleId}/rerun", null);
            Assert.True(rerun.StatusCode == HttpStatusCode.OK, await rerun.Content.ReadAsStringAsync());
            var starredByRule = await IdsAsync(bob, "user/-/state/com.google/starred");
            Assert.Contains(waterId, starredByRule);
            Assert.Equal(starredByRule.Append(feedIds[1]).Distinct().Order(), (await IdsAsync(alice, "user/-/state/com.google/starred")).Order());

            // Fever clients sign in with their key and read the same items, the rule's star included.
            var fever = await host.NewClient().PostAsync($"/api/fever/?api&items&with_ids={waterId}", new FormUrlEncodedContent(
                [new("api_key", Herald.Pipeline.ReaderPasswords.FeverKey("fever-a", ReaderHost.Password))]));
            using (var json = System.Text.Json.JsonDocument.Parse(await fever.Content.ReadAsStringAsync()))
            {
                Assert.Equal(1, json.RootElement.GetProperty("auth").GetInt32());
                var one = Assert.Single(json.RootElement.GetProperty("items").EnumerateArray());
                Assert.Equal((waterId, 1), (one.GetProperty("id").GetInt64(), one.GetProperty("is_saved").GetInt32()));
            }
        }
        finally
        {
            await host.DisposeAsync();
        }
    }
}
