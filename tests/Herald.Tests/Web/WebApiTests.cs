using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Herald.Tests.Web;

public sealed class WebApiTests(WebHost host) : IClassFixture<WebHost>
{
    private async Task<(HttpStatusCode Status, JsonElement Json)> GetJsonAsync(string path)
    {
        var response = await host.Client.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonDocument.Parse(text).RootElement.Clone());
    }

    [Fact]
    public async Task Lists_topics_stories_and_articles_in_pages()
    {
        var (_, topics) = await GetJsonAsync("/api/topics");
        Assert.Contains(topics.GetProperty("items").EnumerateArray(), t => t.GetProperty("name").GetString() == "Iraq");

        var (_, articles) = await GetJsonAsync("/api/topics/Iraq/articles?size=10&page=2");
        Assert.Equal(10, articles.GetProperty("items").GetArrayLength());
        Assert.Equal(2, articles.GetProperty("page").GetInt32());
        Assert.Equal(3, articles.GetProperty("next").GetInt32());
        Assert.True(articles.GetProperty("total").GetInt32() > 80);

        // Ingest clusters the seed page too (the World Bank story has four outlets), so the Mosul Dam story is one of the first.
        var (_, stories) = await GetJsonAsync("/api/stories?size=5");
        var items = stories.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(5, items.Count);
        var mosul = Assert.Single(items, s => s.GetProperty("id").GetString() == WebHost.StoryId);
        Assert.Equal(3, mosul.GetProperty("articleCount").GetInt32());
    }

    [Fact]
    public async Task Story_and_article_answers_carry_articles_and_annotations()
    {
        var (_, story) = await GetJsonAsync("/api/stories/" + WebHost.StoryId);
        Assert.Equal(3, story.GetProperty("articles").GetArrayLength());
        Assert.Equal(["Al Jazeera", "BBC News", "Reuters"], story.GetProperty("outlets").EnumerateArray().Select(o => o.GetString()));
        var ann = story.GetProperty("annotations");
        Assert.True(ann.GetProperty("annotatedArticles").GetInt32() >= 1);
        Assert.Contains(ann.GetProperty("places").EnumerateArray(), p => p.GetProperty("name").GetString() == "Mosul");
        Assert.Contains(ann.GetProperty("quotes").EnumerateArray(), q => q.GetProperty("speaker").GetString() == "Nadhir al-Ansari");

        var (_, article) = await GetJsonAsync("/api/articles/mosul-1");
        Assert.Equal("Al Jazeera", article.GetProperty("article").GetProperty("outlet").GetString());
        Assert.Equal("Nadhir al-Ansari", article.GetProperty("annotations").GetProperty("quotes")[0].GetProperty("speaker").GetString());
    }

    [Fact]
    public async Task Search_answers_hits_with_marked_snippets_and_facets()
    {
        var (status, search) = await GetJsonAsync("/api/search?q=%22Mosul+Dam%22&facets=true&sort=newest");
        Assert.Equal(HttpStatusCode.OK, status);
        var results = search.GetProperty("results");
        Assert.Equal(3, results.GetProperty("total").GetInt32());
        Assert.Equal("mosul-2", results.GetProperty("items")[0].GetProperty("article").GetProperty("id").GetString());
        Assert.Contains("[Mosul", results.GetProperty("items")[0].GetProperty("snippet").GetString(), StringComparison.Ordinal);
        Assert.Equal(3, search.GetProperty("facets").GetProperty("outlets").GetArrayLength());
        Assert.Equal("en", search.GetProperty("facets").GetProperty("languages")[0].GetProperty("value").GetString());
    }

    [Fact]
    public async Task Answers_304_when_the_etag_still_matches()
    {
        var first = await host.Client.GetAsync("/api/topics/Iraq");
        var tag = first.Headers.ETag;
        Assert.NotNull(tag);
        using var again = new HttpRequestMessage(HttpMethod.Get, "/api/topics/Iraq");
        again.Headers.IfNoneMatch.Add(tag);
        var second = await host.Client.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
        Assert.Empty(await second.Content.ReadAsByteArrayAsync());

        using var stale = new HttpRequestMessage(HttpMethod.Get, "/api/topics/Iraq");
        stale.Headers.IfNoneMatch.Add(new EntityTagHeaderValue("\"0000\""));
        Assert.Equal(HttpStatusCode.OK, (await host.Client.SendAsync(stale)).StatusCode);
    }

    [Theory]
    [InlineData("/api/search?q=Iraq+OR", 400, "OR needs a term")]
    [InlineData("/api/search?q=", 400, "Give a query")]
    [InlineData("/api/search?q=nosuchfield:x", 400, "unknown field")]
    [InlineData("/api/search?q=Iraq&size=1000", 400, "from 1 to 100")]
    [InlineData("/api/search?q=Iraq&page=abc", 400, "whole number")]
    [InlineData("/api/search?q=Iraq&page=100000", 400, "deeper than")]
    [InlineData("/api/topics/Nowhere", 404, "no topic")]
    [InlineData("/api/stories/nope", 404, "no story")]
    [InlineData("/api/articles/nope", 404, "no article")]
    [InlineData("/api/unknown", 404, "openapi.json")]
    public async Task Bad_input_gets_a_problem_document_with_the_right_status(string path, int status, string detail)
    {
        var response = await host.Client.GetAsync(path);
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Contains(detail, json.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Changing_topics_needs_the_bearer_token()
    {
        var body = JsonContent.Create(new { name = "Kurdistan", query = "Kurdistan OR Erbil" });
        var anonymous = await host.Client.PostAsync("/api/topics", body);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);

        using var wrong = new HttpRequestMessage(HttpMethod.Post, "/api/topics") { Content = JsonContent.Create(new { name = "Kurdistan", query = "Erbil" }) };
        wrong.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "not-the-token-at-all");
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.Client.SendAsync(wrong)).StatusCode);

        using var create = new HttpRequestMessage(HttpMethod.Post, "/api/topics") { Content = JsonContent.Create(new { name = "Kurdistan", query = "Kurdistan OR Erbil" }) };
        create.Headers.Authorization = new AuthenticationHeaderValue("Bearer", WebHost.Token);
        Assert.Equal(HttpStatusCode.Created, (await host.Client.SendAsync(create)).StatusCode);

        using var bad = new HttpRequestMessage(HttpMethod.Put, "/api/topics/Kurdistan") { Content = JsonContent.Create(new { query = "(Erbil" }) };
        bad.Headers.Authorization = new AuthenticationHeaderValue("Bearer", WebHost.Token);
        Assert.Equal(HttpStatusCode.BadRequest, (await host.Client.SendAsync(bad)).StatusCode);

        using var delete = new HttpRequestMessage(HttpMethod.Delete, "/api/topics/Kurdistan");
        delete.Headers.Authorization = new AuthenticationHeaderValue("Bearer", WebHost.Token);
        Assert.Equal(HttpStatusCode.NoContent, (await host.Client.SendAsync(delete)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await host.Client.GetAsync("/api/topics/Kurdistan")).StatusCode);
    }

    [Fact]
    public async Task Publishes_an_openapi_document_describing_every_endpoint()
    {
        var (status, doc) = await GetJsonAsync("/openapi.json");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.StartsWith("3.", doc.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        var paths = doc.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        foreach (var expected in new[] { "/api/topics", "/api/topics/{name}", "/api/stories", "/api/stories/{id}", "/api/articles/{id}", "/api/search", "/api/sources" })
        {
            Assert.Contains(expected, paths);
        }

        Assert.DoesNotContain("/search", paths);
    }

    [Fact]
    public async Task Sources_say_plainly_when_there_are_none_yet()
    {
        var (status, sources) = await GetJsonAsync("/api/sources");
        Assert.Equal(HttpStatusCode.OK, status);
        if (!sources.GetProperty("available").GetBoolean())
        {
            Assert.Contains("no sources table", sources.GetProperty("note").GetString(), StringComparison.Ordinal);
        }
    }
}
