using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Herald.Tests.Storage;

namespace Herald.Tests.Web;

/// <summary>The sources page's add-feed and import-OPML forms on the SQLite store, on their own app so the sources table starts absent.</summary>
public sealed class SourceFormsTests() : SourceFormsCases(TestStores.Sqlite);

/// <summary>The same forms on a host that serves a PostgreSQL store (its own sources table).</summary>
public sealed class PostgresSourceFormsTests() : SourceFormsCases(TestStores.Postgres);

/// <summary>The forms' cases, each on a fresh host serving a store of <c>kind</c>.</summary>
public abstract class SourceFormsCases(string kind) : IAsyncLifetime
{
    private const string OpmlList = """
        <?xml version="1.0" encoding="UTF-8"?>
        <opml version="2.0"><head><title>Subscriptions</title></head><body>
          <outline text="World"><outline type="rss" text="Example World" xmlUrl="https://world.example.com/rss.xml"/>
          <outline type="rss" text="Example Tech" xmlUrl="https://tech.example.com/atom"/></outline>
          <outline type="rss" text="Not web" xmlUrl="ftp://files.example.com/feed"/>
        </body></opml>
        """;

    private readonly WebHost _host = new() { StoreKind = kind };

    public Task InitializeAsync() => _host.InitializeAsync();

    public Task DisposeAsync() => _host.DisposeAsync();

    [SkippableFact]
    public async Task Add_feed_form_follows_a_feed_once()
    {
        Skip.If(_host.Unavailable is not null, _host.Unavailable);
        var client = _host.NewClient();
        var token = await WebHost.FormTokenAsync(client, "/sources");
        Assert.False(string.IsNullOrEmpty(token));

        var added = await PostFeedAsync(client, token, "https://news.example.com/feed.xml", "Example News");
        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        var html = await added.Content.ReadAsStringAsync();
        Assert.Contains("Added source 1: https://news.example.com/feed.xml", html, StringComparison.Ordinal);
        Assert.Contains("Example News", html, StringComparison.Ordinal);

        var again = await (await PostFeedAsync(client, token, "https://news.example.com/feed.xml", "")).Content.ReadAsStringAsync();
        Assert.Contains("Already following https://news.example.com/feed.xml", again, StringComparison.Ordinal);

        var sources = await client.GetFromJsonAsync<JsonElement>("/api/sources");
        Assert.True(sources.GetProperty("available").GetBoolean());
    }

    [SkippableFact]
    public async Task Add_feed_form_refuses_a_non_web_address_with_a_message()
    {
        Skip.If(_host.Unavailable is not null, _host.Unavailable);
        var client = _host.NewClient();
        var token = await WebHost.FormTokenAsync(client, "/sources");
        var response = await PostFeedAsync(client, token, "javascript:alert(1)", "");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("not an http(s) address", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Forms_without_the_antiforgery_token_change_nothing()
    {
        Skip.If(_host.Unavailable is not null, _host.Unavailable);
        var client = _host.NewClient();
        await client.GetStringAsync("/sources");
        var feed = await client.PostAsync("/sources/feeds", new FormUrlEncodedContent(new Dictionary<string, string> { ["url"] = "https://forged.example.com/rss" }));
        Assert.Equal(HttpStatusCode.BadRequest, feed.StatusCode);
        var opml = await client.PostAsync("/sources/opml", OpmlForm(null, OpmlList));
        Assert.Equal(HttpStatusCode.BadRequest, opml.StatusCode);
        Assert.DoesNotContain("forged.example.com", await client.GetStringAsync("/sources"), StringComparison.Ordinal);
        Assert.DoesNotContain("world.example.com", await client.GetStringAsync("/sources"), StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Import_opml_form_adds_web_feeds_and_skips_others()
    {
        Skip.If(_host.Unavailable is not null, _host.Unavailable);
        var client = _host.NewClient();
        var token = await WebHost.FormTokenAsync(client, "/sources");
        var response = await client.PostAsync("/sources/opml", OpmlForm(token, OpmlList));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("subs.opml: 3 feeds listed, 2 added, 0 already followed, 1 skipped", html, StringComparison.Ordinal);
        Assert.Contains("https://world.example.com/rss.xml", html, StringComparison.Ordinal);
        Assert.Contains("https://tech.example.com/atom", html, StringComparison.Ordinal);

        var again = await (await client.PostAsync("/sources/opml", OpmlForm(token, OpmlList))).Content.ReadAsStringAsync();
        Assert.Contains("0 added, 2 already followed", again, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Import_opml_form_reports_a_broken_file()
    {
        Skip.If(_host.Unavailable is not null, _host.Unavailable);
        var client = _host.NewClient();
        var token = await WebHost.FormTokenAsync(client, "/sources");
        var response = await client.PostAsync("/sources/opml", OpmlForm(token, "<opml><body><outline"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("subs.opml", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static Task<HttpResponseMessage> PostFeedAsync(HttpClient client, string token, string url, string title) =>
        client.PostAsync("/sources/feeds", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["url"] = url,
            ["title"] = title,
            ["__RequestVerificationToken"] = token,
        }));

    private static MultipartFormDataContent OpmlForm(string? token, string opml)
    {
        var form = new MultipartFormDataContent();
        if (token is not null)
        {
            form.Add(new StringContent(token), "__RequestVerificationToken");
        }

        form.Add(new ByteArrayContent(Encoding.UTF8.GetBytes(opml)), "opml", "subs.opml");
        return form;
    }
}
