using System.Globalization;
using System.Net;
using System.Text.Json;

namespace Herald.Tests.Web.GReader;

/// <summary>Contract tests of /api/greader against the real server, one reader account per test that changes state.</summary>
public sealed class GReaderApiTests(ReaderHost host) : GReaderApiCases(host), IClassFixture<ReaderHost>;

/// <summary>The same contract against a host that serves a PostgreSQL store.</summary>
public sealed class PostgresGReaderApiTests(PostgresReaderHost host) : GReaderApiCases(host), IClassFixture<PostgresReaderHost>;

/// <summary>The cases, against a <see cref="ReaderHost"/> serving either store.</summary>
public abstract class GReaderApiCases(ReaderHost host)
{
    private const string Api = "/api/greader/reader/api/0/";
    private const string ReadingList = "user/-/state/com.google/reading-list";
    private const string ReadTag = "user/-/state/com.google/read";
    private const string StarredTag = "user/-/state/com.google/starred";

    private static async Task<JsonElement> JsonAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static async Task<List<long>> IdsAsync(HttpClient client, string stream, string extra = "")
    {
        var json = await JsonAsync(client, $"{Api}stream/items/ids?s={Uri.EscapeDataString(stream)}&n=10000{extra}");
        Assert.False(json.TryGetProperty("continuation", out _));
        return json.GetProperty("itemRefs").EnumerateArray().Select(r => long.Parse(r.GetProperty("id").GetString()!, CultureInfo.InvariantCulture)).ToList();
    }

    private static async Task<string> PostAsync(HttpClient client, string path, params (string Key, string Value)[] form)
    {
        var response = await client.PostAsync(path, new FormUrlEncodedContent(form.Select(f => new KeyValuePair<string, string>(f.Key, f.Value))));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {text}");
        return text;
    }

    [SkippableFact]
    public async Task Refuses_requests_without_a_token_or_with_a_wrong_one_and_wrong_passwords()
    {
        Skip.If(host.Unavailable is not null, host.Unavailable);
        var anonymous = host.NewClient();
        foreach (var path in new[] { "user-info", "subscription/list", "tag/list", "unread-count", "token", $"stream/items/ids?s={ReadingList}", "stream/contents/" + Uri.EscapeDataString(ReadingList) })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(Api + path)).StatusCode);
        }

        var forged = host.NewClient();
        forged.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "GoogleLogin auth=alice/0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
        Assert.Equal(HttpStatusCode.Unauthorized, (await forged.GetAsync(Api + "user-info")).StatusCode);
        var edit = await forged.PostAsync(Api + "edit-tag", new FormUrlEncodedContent(new Dictionary<string, string> { ["i"] = "1", ["a"] = ReadTag }));
        Assert.Equal(HttpStatusCode.Unauthorized, edit.StatusCode);

        foreach (var (user, password) in new[] { ("alice", "wrong password"), ("nobody", ReaderHost.Password), ("alice", "") })
        {
            var login = await anonymous.PostAsync("/api/greader/accounts/ClientLogin",
                new FormUrlEncodedContent(new Dictionary<string, string> { ["Email"] = user, ["Passwd"] = password }));
            Assert.Equal(HttpStatusCode.Unauthorized, login.StatusCode);
            Assert.Contains("BadAuthentication", await login.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    [SkippableFact]
    public async Task ClientLogin_gives_a_token_that_signs_the_user_in_even_through_a_doubled_slash()
    {
        Skip.If(host.Unavailable is not null, host.Unavailable);
        var login = await host.NewClient().GetAsync($"/api/greader//accounts/ClientLogin?Email=bob&Passwd={Uri.EscapeDataString(ReaderHost.Password)}");
        var body = await login.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.Matches("(?m)^SID=.+$", body);
        var token = body.Split('\n').Single(l => l.StartsWith("Auth=", StringComparison.Ordinal))[5..];

        var client = host.NewClient();
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "GoogleLogin auth=" + token);
        var info = await JsonAsync(client, Api + "user-info");
        Assert.Equal("bob", info.GetProperty("userName").GetString());
        var t = await client.GetStringAsync(Api + "token");
        Assert.Equal(57, t.Length);
    }

    [SkippableFact]
    public async Task Subscriptions_are_the_followed_feeds_and_the_topics_and_topics_are_labels()
    {
        Skip.If(host.Unavailable is not null, host.Unavailable);
        var (client, _) = await host.SignInAsync("alice");
        var subs = (await JsonAsync(client, Api + "subscription/list?output=json")).GetProperty("subscriptions").EnumerateArray().ToList();
        var feed = Assert.Single(subs, s => s.GetProperty("id").GetString() == "feed/" + ReaderHost.FeedUrl);
        Assert.Equal("World desk", feed.GetProperty("title").GetString());
        var topic = Assert.Single(subs, s => s.GetProperty("title").GetString() == "Iraq");
        Assert.Equal("feed/" + host.BaseAddress.AbsoluteUri.TrimEnd('/') + "/topics/Iraq/atom", topic.GetProperty("id").GetString());
        Assert.Equal("user/-/label/Iraq", topic.GetProperty("categories")[0].GetProperty("id").GetString());

        var tags = (await JsonAsync(client, Api + "tag/list?output=json")).GetProperty("tags").EnumerateArray().Select(t => t.GetProperty("id").GetString()).ToList();
        Assert.Contains(StarredTag, tags);
        Assert.Contains("user/-/label/Iraq", tags);

        // The topic as a label and as its subscription is one stream.
        Assert.Equal(await IdsAsync(client, "user/-/label/Iraq"), await IdsAsync(client, topic.GetProperty("id").GetString()!));
        var origin = (await JsonAsync(client, $"{Api}stream/contents/{Uri.EscapeDataString("user/-/label/Iraq")}?n=1")).GetProperty("items")[0].GetProperty("origin");
        Assert.Equal("user/-/label/Iraq", origin.GetProperty("streamId").GetString());
        Assert.Equal(host.BaseAddress.AbsoluteUri.TrimEnd('/') + "/topics/Iraq", origin.GetProperty("htmlUrl").GetString());
        var missing = await client.GetAsync($"{Api}stream/items/ids?s={Uri.EscapeDataString("user/-/label/No such topic")}");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [SkippableFact]
    public async Task Continuation_pages_cover_each_stream_exactly_once_in_both_orders()
    {
        Skip.If(host.Unavailable is not null, host.Unavailable);
        var (client, _) = await host.SignInAsync("alice");
        var (_, originals) = await host.StoreFactsAsync();
        foreach (var stream in new[] { ReadingList, "user/-/label/Iraq" })
        {
            var all = await IdsAsync(client, stream);
            foreach (var order in new[] { "", "&r=o" })
            {
                var paged = new List<long>();
                string? continuation = null;
                var pages = 0;
                do
                {
                    var json = await JsonAsync(client, $"{Api}stream/items/ids?s={Uri.EscapeDataString(stream)}&n=7{order}" + (continuation is null ? "" : "&c=" + continuation));
                    var refs = json.GetProperty("itemRefs").EnumerateArray().Select(r => long.Parse(r.GetProperty("id").GetString()!, CultureInfo.InvariantCulture)).ToList();
                    Assert.InRange(refs.Count, 1, 7);
                    paged.AddRange(refs);
                    continuation = json.TryGetProperty("continuation", out var c) ? c.GetString() : null;
                    pages++;
                }
                while (continuation is not null);

                Assert.Equal(paged.Count, paged.Distinct().Count());
                Assert.Equal(all.Order(), paged.Order());
                Assert.Equal((all.Count + 6) / 7, pages);
                Assert.Equal(order.Length == 0 ? paged.OrderDescending() : paged.Order(), paged);
            }
        }

        Assert.Equal(originals.Count, (await IdsAsync(client, ReadingList)).Count);

        // stream/contents pages the same way, with full items.
        var first = await JsonAsync(client, $"{Api}stream/contents/{Uri.EscapeDataString(ReadingList)}?n=5");
        var second = await JsonAsync(client, $"{Api}stream/contents/{Uri.EscapeDataString(ReadingList)}?n=5&c={first.GetProperty("continuation").GetString()}");
        var ids = first.GetProperty("items").EnumerateArray().Concat(second.GetProperty("items").EnumerateArray()).Select(i => i.GetProperty("id").GetString()).ToList();
        Assert.Equal(10, ids.Distinct().Count());
        Assert.All(ids, id => Assert.StartsWith("tag:google.com,2005:reader/item/", id, StringComparison.Ordinal));
    }

    [SkippableFact]
    public async Task Copies_are_collapsed_into_their_original_which_names_the_other_outlets()
    {
        Skip.If(host.Unavailable is not null, host.Unavailable);
        var (client, _) = await host.SignInAsync("alice");
        var (seqs, _) = await host.StoreFactsAsync();
        var original = seqs["water-0"];
        var topic = await IdsAsync(client, "user/-/label/Iraq");
        Assert.Contains(original, topic);
        Assert.DoesNotContain(seqs["water-1"], topic);
        Assert.DoesNotContain(seqs["water-2"], topic);
        Assert.DoesNotContain(seqs["water-1"], await IdsAsync(client, ReadingList));

        // Asking for a copy by id gives its original, once.
        var contents = await client.PostAsync(Api + "stream/items/contents", new FormUrlEncodedContent(
        [
            new("i", original.ToString(CultureInfo.InvariantCulture)),
            new("i", "tag:google.com,2005:reader/item/" + seqs["water-2"].ToString("x16", CultureInfo.InvariantCulture)),
        ]));
        var items = JsonDocument.Parse(await contents.Content.ReadAsStringAsync()).RootElement.GetProperty("items").EnumerateArray().ToList();
        var item = Assert.Single(items);
        Assert.Equal("tag:google.com,2005:reader/item/" + original.ToString("x16", CultureInfo.InvariantCulture), item.GetProperty("id").GetString());
        var html = item.GetProperty("summary").GetProperty("content").GetString()!;
        Assert.EndsWith("<p>Also reported by: Yahoo, MSN</p>\n", html, StringComparison.Ordinal);
        Assert.Equal("https://www.reuters.com/world/iraq-water-plan", item.GetProperty("alternate")[0].GetProperty("href").GetString());
        Assert.Contains("Tigris and Euphrates", html, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Read_state_belongs_to_each_user()
    {
        Skip.If(host.Unavailable is not null, host.Unavailable);
        var (carol, carolToken) = await host.SignInAsync("carol");
        var (dave, _) = await host.SignInAsync("dave");
        var unread = await IdsAsync(carol, "user/-/label/Iraq", "&xt=" + ReadTag);
        var (short1, long2) = (unread[0], unread[1]);
        var t = await carol.GetStringAsync(Api + "token");
        Assert.Equal("OK", await PostAsync(carol, Api + "edit-tag", ("i", short1.ToString(CultureInfo.InvariantCulture)), ("a", ReadTag), ("T", t)));
        Assert.Equal("OK", await PostAsync(carol, Api + "edit-tag", ("i", "tag:google.com,2005:reader/item/" + long2.ToString("x16", CultureInfo.InvariantCulture)), ("a", "user/1/state/com.google/read"), ("T", t)));

        var carolUnread = await IdsAsync(carol, "user/-/label/Iraq", "&xt=" + ReadTag);
        Assert.Equal(unread.Except([short1, long2]), carolUnread);
        Assert.Equal(unread, await IdsAsync(dave, "user/-/label/Iraq", "&xt=" + ReadTag));
        Assert.Contains(short1, await IdsAsync(carol, ReadTag));
        Assert.Empty(await IdsAsync(dave, ReadTag));

        int Count(JsonElement counts, string id) => counts.GetProperty("unreadcounts").EnumerateArray().Single(c => c.GetProperty("id").GetString() == id).GetProperty("count").GetInt32();
        var carolCounts = await JsonAsync(carol, Api + "unread-count?output=json");
        var daveCounts = await JsonAsync(dave, Api + "unread-count?output=json");
        Assert.Equal(Count(daveCounts, "user/-/label/Iraq") - 2, Count(carolCounts, "user/-/label/Iraq"));
        Assert.Equal(Count(daveCounts, ReadingList) - 2, Count(carolCounts, ReadingList));

        // Contents say so, and removing the tag (or adding kept-unread) makes the item unread again.
        var item = (await JsonAsync(carol, $"{Api}stream/contents/{Uri.EscapeDataString("user/-/label/Iraq")}?n=1000")).GetProperty("items").EnumerateArray()
            .Single(i => i.GetProperty("id").GetString()!.EndsWith(short1.ToString("x16", CultureInfo.InvariantCulture), StringComparison.Ordinal));
        Assert.Contains(ReadTag, item.GetProperty("categories").EnumerateArray().Select(c => c.GetString()));
        await PostAsync(carol, Api + "edit-tag", ("i", short1.ToString(CultureInfo.InvariantCulture)), ("r", ReadTag), ("T", t));
        await PostAsync(carol, Api + "edit-tag", ("i", long2.ToString(CultureInfo.InvariantCulture)), ("a", "user/-/state/com.google/kept-unread"));
        Assert.Equal(unread, await IdsAsync(carol, "user/-/label/Iraq", "&xt=" + ReadTag));
        Assert.NotEmpty(carolToken);
    }

    [SkippableFact]
    public async Task Starred_items_form_a_stream_per_user()
    {
        Skip.If(host.Unavailable is not null, host.Unavailable);
        var (erin, _) = await host.SignInAsync("erin");
        var (dave, _) = await host.SignInAsync("dave");
        var (seqs, _) = await host.StoreFactsAsync();
        // Starring a copy stars its original.
        await PostAsync(erin, Api + "edit-tag", ("i", seqs["water-1"].ToString(CultureInfo.InvariantCulture)), ("a", StarredTag));
        Assert.Equal([seqs["water-0"]], await IdsAsync(erin, StarredTag));
        Assert.Empty(await IdsAsync(dave, StarredTag));
        var contents = await JsonAsync(erin, $"{Api}stream/contents/{Uri.EscapeDataString(StarredTag)}");
        Assert.Contains(StarredTag, contents.GetProperty("items")[0].GetProperty("categories").EnumerateArray().Select(c => c.GetString()));
        await PostAsync(erin, Api + "edit-tag", ("i", seqs["water-0"].ToString(CultureInfo.InvariantCulture)), ("r", StarredTag));
        Assert.Empty(await IdsAsync(erin, StarredTag));
    }

    [SkippableFact]
    public async Task Mark_all_as_read_marks_a_stream_up_to_its_timestamp()
    {
        Skip.If(host.Unavailable is not null, host.Unavailable);
        var (frank, _) = await host.SignInAsync("frank");
        var before = await IdsAsync(frank, "user/-/label/Iraq", "&xt=" + ReadTag);
        Assert.NotEmpty(before);
        // A timestamp before everything marks nothing; a later one marks the whole topic and nothing else.
        await PostAsync(frank, Api + "mark-all-as-read", ("s", "user/-/label/Iraq"), ("ts", "1000000"));
        Assert.Equal(before, await IdsAsync(frank, "user/-/label/Iraq", "&xt=" + ReadTag));
        var usec = (DateTimeOffset.UtcNow.AddMinutes(1).ToUnixTimeMilliseconds() * 1000).ToString(CultureInfo.InvariantCulture);
        await PostAsync(frank, Api + "mark-all-as-read", ("s", "user/-/label/Iraq"), ("ts", usec));
        Assert.Empty(await IdsAsync(frank, "user/-/label/Iraq", "&xt=" + ReadTag));
        var everything = await IdsAsync(frank, ReadingList);
        Assert.Equal(everything.Except(before).Order(), (await IdsAsync(frank, ReadingList, "&xt=" + ReadTag)).Order());
    }

    [SkippableFact]
    public async Task Edits_with_a_wrong_T_token_or_a_bad_item_id_are_refused()
    {
        Skip.If(host.Unavailable is not null, host.Unavailable);
        var (bob, _) = await host.SignInAsync("bob");
        var wrong = await bob.PostAsync(Api + "edit-tag", new FormUrlEncodedContent(new Dictionary<string, string> { ["i"] = "1", ["a"] = ReadTag, ["T"] = "not-the-token" }));
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.True(wrong.Headers.Contains("X-Reader-Google-Bad-Token"));
        var bad = await bob.PostAsync(Api + "edit-tag", new FormUrlEncodedContent(new Dictionary<string, string> { ["i"] = "tag:google.com,2005:reader/item/zz", ["a"] = ReadTag }));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var label = await bob.PostAsync(Api + "edit-tag", new FormUrlEncodedContent(new Dictionary<string, string> { ["i"] = "1", ["a"] = "user/-/label/Iraq" }));
        Assert.Equal(HttpStatusCode.BadRequest, label.StatusCode);
        Assert.Empty(await IdsAsync(bob, ReadTag));
        var n = await bob.GetAsync($"{Api}stream/items/ids?s={ReadingList}&n=lots");
        Assert.Equal(HttpStatusCode.BadRequest, n.StatusCode);
    }

    [SkippableFact]
    public async Task A_feed_stream_lists_what_its_polls_stored_with_copies_collapsed()
    {
        Skip.If(host.Unavailable is not null, host.Unavailable);
        var (alice, _) = await host.SignInAsync("alice");
        var (seqs, _) = await host.StoreFactsAsync();
        var ids = await IdsAsync(alice, "feed/" + ReaderHost.FeedUrl);
        // The feed brought mosul-0 and a copy (water-1), which stands for its original water-0.
        Assert.Equal(new[] { seqs["mosul-0"], seqs["water-0"] }.Order(), ids.Order());
        var contents = await JsonAsync(alice, $"{Api}stream/contents/{Uri.EscapeDataString("feed/" + ReaderHost.FeedUrl)}");
        Assert.All(contents.GetProperty("items").EnumerateArray(), i => Assert.Equal("feed/" + ReaderHost.FeedUrl, i.GetProperty("origin").GetProperty("streamId").GetString()));
    }

    [SkippableFact]
    public async Task Time_bounds_select_items_by_when_Herald_first_saw_them()
    {
        Skip.If(host.Unavailable is not null, host.Unavailable);
        var (alice, _) = await host.SignInAsync("alice");
        var all = await IdsAsync(alice, ReadingList);
        var future = DateTimeOffset.UtcNow.AddDays(1).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        Assert.Empty(await IdsAsync(alice, ReadingList, "&ot=" + future));
        Assert.Equal(all, await IdsAsync(alice, ReadingList, "&nt=" + future));
        Assert.Empty(await IdsAsync(alice, ReadingList, "&nt=1000"));
    }

    [SkippableFact]
    public async Task Quickadd_and_subscription_edit_follow_and_rename_feeds_but_never_unfollow()
    {
        Skip.If(host.Unavailable is not null, host.Unavailable);
        var (bob, _) = await host.SignInAsync("bob");
        var added = JsonDocument.Parse(await PostAsync(bob, Api + "subscription/quickadd", ("quickadd", "https://news.example.net/rss"))).RootElement;
        Assert.Equal("feed/https://news.example.net/rss", added.GetProperty("streamId").GetString());
        Assert.Equal("OK", await PostAsync(bob, Api + "subscription/edit", ("ac", "subscribe"), ("s", "feed/https://other.example.net/atom.xml"), ("t", "Other")));
        Assert.Equal("OK", await PostAsync(bob, Api + "subscription/edit", ("ac", "edit"), ("s", "feed/https://news.example.net/rss"), ("t", "Renamed")));
        var subs = (await JsonAsync(bob, Api + "subscription/list")).GetProperty("subscriptions").EnumerateArray().ToList();
        Assert.Contains(subs, s => s.GetProperty("id").GetString() == "feed/https://news.example.net/rss" && s.GetProperty("title").GetString() == "Renamed");
        Assert.Contains(subs, s => s.GetProperty("id").GetString() == "feed/https://other.example.net/atom.xml" && s.GetProperty("title").GetString() == "Other");

        var unsubscribe = await bob.PostAsync(Api + "subscription/edit", new FormUrlEncodedContent(new Dictionary<string, string> { ["ac"] = "unsubscribe", ["s"] = "feed/https://news.example.net/rss" }));
        Assert.Equal(HttpStatusCode.BadRequest, unsubscribe.StatusCode);
        var notHttp = await bob.PostAsync(Api + "subscription/quickadd", new FormUrlEncodedContent(new Dictionary<string, string> { ["quickadd"] = "file:///etc/passwd" }));
        Assert.Equal(HttpStatusCode.BadRequest, notHttp.StatusCode);
    }

    [SkippableFact]
    public async Task Atom_form_of_a_stream_marks_each_entry_read_or_fresh()
    {
        Skip.If(host.Unavailable is not null, host.Unavailable);
        var (alice, _) = await host.SignInAsync("alice");
        var xml = await alice.GetStringAsync("/api/greader/reader/atom/" + Uri.EscapeDataString("user/-/label/Iraq") + "?n=3");
        var doc = System.Xml.Linq.XDocument.Parse(xml);
        System.Xml.Linq.XNamespace atom = "http://www.w3.org/2005/Atom";
        var entries = doc.Root!.Elements(atom + "entry").ToList();
        Assert.Equal(3, entries.Count);
        Assert.All(entries, e => Assert.Contains(e.Elements(atom + "category"), c => (string?)c.Attribute("label") is "fresh" or "read"));
    }
}
