using System.Globalization;
using System.Net;
using System.Text.Json;
using Herald.Pipeline;
using Herald.Tests.Web.GReader;

namespace Herald.Tests.Web.Fever;

/// <summary>Contract tests of the Fever API (/api/fever/?api) against the real server over ReaderHost's store: the
/// sample seed page, three word-for-word carriers of one report, a followed feed and reader accounts.</summary>
public sealed class FeverApiTests(ReaderHost host) : FeverApiCases(host), IClassFixture<ReaderHost>;

/// <summary>The same contract against a host that serves a PostgreSQL store.</summary>
public sealed class PostgresFeverApiTests(PostgresReaderHost host) : FeverApiCases(host), IClassFixture<PostgresReaderHost>;

/// <summary>The cases, against a <see cref="ReaderHost"/> serving either store.</summary>
public abstract class FeverApiCases(ReaderHost host)
{
    private static string Key(string user) => ReaderPasswords.FeverKey(user, ReaderHost.Password);

    private async Task<JsonElement> FeverAsync(string query, string? apiKey, params (string Key, string Value)[] form)
    {
        var fields = form.ToList();
        if (apiKey is not null)
        {
            fields.Add(("api_key", apiKey));
        }

        var response = await host.NewClient().PostAsync("/api/fever/?api" + query,
            new FormUrlEncodedContent(fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value))));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{query}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static List<long> Ids(string joined) =>
        joined.Length == 0 ? [] : joined.Split(',').Select(s => long.Parse(s, CultureInfo.InvariantCulture)).ToList();

    [SkippableFact]
    public async Task Answers_auth_0_to_a_missing_or_wrong_key_and_auth_1_to_md5_of_name_and_password()
    {
        Skip.If(host.Unavailable is not null, host.Unavailable);
        foreach (var key in new[] { null, "", Key("nobody"), ReaderPasswords.FeverKey("fever-a", "wrong password"), new string('f', 32) })
        {
            var json = await FeverAsync("&items", key);
            Assert.Equal(3, json.GetProperty("api_version").GetInt32());
            Assert.Equal(0, json.GetProperty("auth").GetInt32());
            Assert.False(json.TryGetProperty("items", out _));
        }

        var ok = await FeverAsync("", Key("fever-a").ToUpperInvariant());
        Assert.Equal(1, ok.GetProperty("auth").GetInt32());
        Assert.True(ok.GetProperty("last_refreshed_on_time").GetInt64() > 0);
        Assert.Equal(HttpStatusCode.BadRequest, (await host.NewClient().PostAsync("/api/fever/?api=xml", new FormUrlEncodedContent([new("api_key", Key("fever-a"))]))).StatusCode);
    }

    [SkippableFact]
    public async Task Wrong_keys_spend_the_sign_in_budget_that_ClientLogin_shares_and_right_keys_do_not()
    {
        Skip.If(host.Unavailable is not null, host.Unavailable);
        await using var app = Herald.Web.HeraldWebApp.Build(new Herald.Web.WebOptions(host.DataDirectory, 0, ApiToken: WebHost.Token, SignInAttemptsPerMinute: 3, Postgres: host.Postgres));
        await app.StartAsync();
        using var client = new HttpClient { BaseAddress = Herald.Web.HeraldWebApp.BaseAddress(app) };
        Task<HttpResponseMessage> Post(string key) => client.PostAsync("/api/fever/?api", new FormUrlEncodedContent([new("api_key", key)]));
        async Task<int> AuthAsync(string key)
        {
            var r = await Post(key);
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            return JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement.GetProperty("auth").GetInt32();
        }

        // A client sends its key with every request: right keys spend nothing.
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(1, await AuthAsync(Key("fever-a")));
        }

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(0, await AuthAsync(new string((char)('a' + i), 32)));
        }

        // The budget is spent: the next key is refused before it is compared, the right one too, and ClientLogin
        // (the same budget) refuses a right password as well.
        foreach (var key in new[] { new string('d', 32), Key("fever-a") })
        {
            var refused = await Post(key);
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
            Assert.Equal("60", refused.Headers.RetryAfter?.ToString());
        }

        var login = await client.PostAsync("/api/greader/accounts/ClientLogin",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["Email"] = "fever-a", ["Passwd"] = ReaderHost.Password }));
        Assert.Equal(HttpStatusCode.TooManyRequests, login.StatusCode);
        await app.StopAsync();
    }

    [SkippableFact]
    public async Task A_user_added_before_the_Fever_API_gets_a_key_at_the_next_Google_Reader_sign_in()
    {
        Skip.If(host.Unavailable is not null, host.Unavailable);
        Assert.Equal(0, (await FeverAsync("", Key("grace"))).GetProperty("auth").GetInt32());
        await host.SignInAsync("grace");
        Assert.Equal(1, (await FeverAsync("", Key("grace"))).GetProperty("auth").GetInt32());
    }

    [SkippableFact]
    public async Task Topics_and_followed_feeds_are_feeds_in_two_groups_and_every_item_names_a_listed_feed()
    {
        Skip.If(host.Unavailable is not null, host.Unavailable);
        var json = await FeverAsync("&groups&feeds", Key("fever-a"));
        var groups = json.GetProperty("groups").EnumerateArray().ToDictionary(g => g.GetProperty("id").GetInt64(), g => g.GetProperty("title").GetString());
        Assert.Equal("Topics", groups[1]);
        Assert.Equal("Feeds", groups[2]);
        var feeds = json.GetProperty("feeds").EnumerateArray().ToList();
        var iraq = Assert.Single(feeds, f => f.GetProperty("title").GetString() == "Iraq");
        var desk = Assert.Single(feeds, f => f.GetProperty("title").GetString() == "World desk");
        Assert.Equal(ReaderHost.FeedUrl, desk.GetProperty("url").GetString());
        Assert.Single(feeds, f => f.GetProperty("title").GetString() == "Other sources");
        var membership = json.GetProperty("feeds_groups").EnumerateArray()
            .ToDictionary(g => g.GetProperty("group_id").GetInt64(), g => Ids(g.GetProperty("feed_ids").GetString()!));
        Assert.Contains(iraq.GetProperty("id").GetInt64(), membership[1]);
        Assert.Contains(desk.GetProperty("id").GetInt64(), membership[2]);

        // The topic keeps its id across requests (it is derived from the name, not from a position).
        var again = await FeverAsync("&feeds", Key("fever-b"));
        Assert.Equal(iraq.GetProperty("id").GetInt64(), again.GetProperty("feeds").EnumerateArray().Single(f => f.GetProperty("title").GetString() == "Iraq").GetProperty("id").GetInt64());

        var feedIds = feeds.Select(f => f.GetProperty("id").GetInt64()).ToHashSet();
        var items = (await FeverAsync("&items&max_id=0", Key("fever-a"))).GetProperty("items").EnumerateArray().ToList();
        Assert.NotEmpty(items);
        Assert.All(items, i => Assert.Contains(i.GetProperty("feed_id").GetInt64(), feedIds));

        // The water report matches the Iraq topic, which comes before its followed feed.
        var (seqs, _) = await host.StoreFactsAsync();
        var water = (await FeverAsync("&items&with_ids=" + seqs["water-0"], Key("fever-a"))).GetProperty("items")[0];
        Assert.Equal(iraq.GetProperty("id").GetInt64(), water.GetProperty("feed_id").GetInt64());
    }

    [SkippableFact]
    public async Task Since_id_pages_cover_every_original_once_and_copies_collapse_into_their_original()
    {
        Skip.If(host.Unavailable is not null, host.Unavailable);
        var (seqs, originals) = await host.StoreFactsAsync();
        var seen = new List<long>();
        long since = 0;
        int total = -1;
        while (true)
        {
            var json = await FeverAsync($"&items&since_id={since}", Key("fever-a"));
            total = json.GetProperty("total_items").GetInt32();
            var page = json.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt64()).ToList();
            Assert.True(page.Count <= 50);
            if (page.Count == 0)
            {
                break;
            }

            Assert.Equal(page.Order().ToList(), page);
            seen.AddRange(page);
            since = page[^1];
        }

        Assert.Equal(originals.Count, total);
        Assert.Equal(originals.Order().ToList(), seen);
        Assert.DoesNotContain(seqs["water-1"], seen);
        Assert.DoesNotContain(seqs["water-2"], seen);

        // max_id pages back from the newest, and a copy's id asked for by with_ids gives its original.
        var back = (await FeverAsync("&items&max_id=0", Key("fever-a"))).GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt64()).ToList();
        Assert.Equal(originals.OrderDescending().Take(50).ToList(), back);
        var original = (await FeverAsync($"&items&with_ids={seqs["water-2"]}", Key("fever-a"))).GetProperty("items").EnumerateArray().Single();
        Assert.Equal(seqs["water-0"], original.GetProperty("id").GetInt64());
        Assert.Contains("<p>Also reported by: Yahoo, MSN</p>", original.GetProperty("html").GetString(), StringComparison.Ordinal);
        Assert.Equal("https://www.reuters.com/world/iraq-water-plan", original.GetProperty("url").GetString());

        Assert.Equal(HttpStatusCode.BadRequest, (await host.NewClient().PostAsync("/api/fever/?api&items&with_ids=1,x",
            new FormUrlEncodedContent([new("api_key", Key("fever-a"))]))).StatusCode);
    }

    [SkippableFact]
    public async Task Read_and_saved_marks_are_the_users_Google_Reader_state_and_nobody_elses()
    {
        Skip.If(host.Unavailable is not null, host.Unavailable);
        var (seqs, originals) = await host.StoreFactsAsync();
        var unread = Ids((await FeverAsync("&unread_item_ids", Key("fever-b"))).GetProperty("unread_item_ids").GetString()!);
        Assert.Equal(originals.Order().ToList(), unread);

        // Marking a copy marks its original, as the Google Reader API does.
        await FeverAsync("", Key("fever-b"), ("mark", "item"), ("as", "read"), ("id", seqs["water-1"].ToString(CultureInfo.InvariantCulture)));
        await FeverAsync("", Key("fever-b"), ("mark", "item"), ("as", "saved"), ("id", seqs["mosul-0"].ToString(CultureInfo.InvariantCulture)));
        var state = await FeverAsync("&unread_item_ids&saved_item_ids", Key("fever-b"));
        Assert.DoesNotContain(seqs["water-0"], Ids(state.GetProperty("unread_item_ids").GetString()!));
        Assert.Equal([seqs["mosul-0"]], Ids(state.GetProperty("saved_item_ids").GetString()!));
        var item = (await FeverAsync($"&items&with_ids={seqs["water-0"]},{seqs["mosul-0"]}", Key("fever-b"))).GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(1, item[0].GetProperty("is_read").GetInt32());
        Assert.Equal(1, item[1].GetProperty("is_saved").GetInt32());

        // The Google Reader API sees the same state for the same user.
        var (greader, _) = await host.SignInAsync("fever-b");
        var starred = await greader.GetStringAsync("/api/greader/reader/api/0/stream/items/ids?s=user/-/state/com.google/starred&n=100");
        Assert.Contains($"\"{seqs["mosul-0"]}\"", starred, StringComparison.Ordinal);
        var unreadThere = await greader.GetStringAsync("/api/greader/reader/api/0/stream/items/ids?s=user/-/state/com.google/reading-list&xt=user/-/state/com.google/read&n=10000");
        Assert.DoesNotContain($"\"{seqs["water-0"]}\"", unreadThere, StringComparison.Ordinal);

        // Another user's state is untouched, and unread/unsaved undo the marks.
        Assert.Equal(originals.Count, Ids((await FeverAsync("&unread_item_ids", Key("fever-a"))).GetProperty("unread_item_ids").GetString()!).Count);
        await FeverAsync("", Key("fever-b"), ("mark", "item"), ("as", "unread"), ("id", seqs["water-0"].ToString(CultureInfo.InvariantCulture)));
        await FeverAsync("", Key("fever-b"), ("mark", "item"), ("as", "unsaved"), ("id", seqs["mosul-0"].ToString(CultureInfo.InvariantCulture)));
        state = await FeverAsync("&unread_item_ids&saved_item_ids", Key("fever-b"));
        Assert.Equal(originals.Count, Ids(state.GetProperty("unread_item_ids").GetString()!).Count);
        Assert.Equal("", state.GetProperty("saved_item_ids").GetString());
    }

    [SkippableFact]
    public async Task Marking_a_feed_or_group_read_marks_its_items_up_to_before()
    {
        Skip.If(host.Unavailable is not null, host.Unavailable);
        var (seqs, originals) = await host.StoreFactsAsync();
        var feeds = (await FeverAsync("&feeds", Key("fever-c"))).GetProperty("feeds").EnumerateArray().ToList();
        var desk = feeds.Single(f => f.GetProperty("title").GetString() == "World desk").GetProperty("id").GetInt64();

        // "before" earlier than every item marks nothing.
        await FeverAsync("", Key("fever-c"), ("mark", "feed"), ("as", "read"), ("id", desk.ToString(CultureInfo.InvariantCulture)), ("before", "1"));
        Assert.Equal(originals.Count, Ids((await FeverAsync("&unread_item_ids", Key("fever-c"))).GetProperty("unread_item_ids").GetString()!).Count);

        var now = DateTimeOffset.UtcNow.AddMinutes(1).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        await FeverAsync("", Key("fever-c"), ("mark", "feed"), ("as", "read"), ("id", desk.ToString(CultureInfo.InvariantCulture)), ("before", now));
        var unread = Ids((await FeverAsync("&unread_item_ids", Key("fever-c"))).GetProperty("unread_item_ids").GetString()!);
        Assert.DoesNotContain(seqs["mosul-0"], unread);
        Assert.DoesNotContain(seqs["water-0"], unread);
        Assert.Equal(originals.Count - 2, unread.Count);

        // Group 0 (every feed) marks the rest.
        await FeverAsync("", Key("fever-c"), ("mark", "group"), ("as", "read"), ("id", "0"), ("before", now));
        Assert.Equal("", (await FeverAsync("&unread_item_ids", Key("fever-c"))).GetProperty("unread_item_ids").GetString());

        var bad = await host.NewClient().PostAsync("/api/fever/?api", new FormUrlEncodedContent([new("api_key", Key("fever-c")), new("mark", "feed"), new("as", "saved"), new("id", "1")]));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("can only be marked read", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
