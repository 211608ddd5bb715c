using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Herald.Pipeline;
using Herald.Query;
using Herald.Storage.Sqlite;

namespace Herald.Tests.Web;

/// <summary>/api/rules on the real app: changes need the token, preview matches search, rerun acts once, bad input
/// is a 400 naming the problem.</summary>
public sealed class RuleApiTests : IAsyncLifetime
{
    private readonly WebHost _host = new();

    public Task InitializeAsync() => _host.InitializeAsync();

    public Task DisposeAsync() => _host.DisposeAsync();

    private HttpClient Authorized()
    {
        var client = _host.NewClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", WebHost.Token);
        return client;
    }

    [Fact]
    public async Task Changes_need_the_token()
    {
        var client = _host.NewClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsJsonAsync("/api/rules", new { action = "drop", query = "Mosul" })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsync("/api/rules/1/rerun", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.DeleteAsync("/api/rules/1")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/rules")).StatusCode);
    }

    [Fact]
    public async Task Preview_add_rerun_list_and_remove_a_rule()
    {
        int mosul;
        await using (var store = SqliteStore.OpenFolder(_host.DataDirectory))
        {
            mosul = (await store.SearchAsync(TopicQuery.Parse("Mosul"), new SearchOptions(Limit: 1), CancellationToken.None)).Total;
        }

        Assert.True(mosul > 0);
        var client = Authorized();
        var preview = await (await client.PostAsJsonAsync("/api/rules/preview", new { action = "drop", query = "Mosul" })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(mosul, preview.GetProperty("count").GetInt32());
        Assert.Equal(Math.Min(10, mosul), preview.GetProperty("first").GetArrayLength());

        var created = await client.PostAsJsonAsync("/api/rules", new { action = "drop", query = "Mosul" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var rule = await created.Content.ReadFromJsonAsync<JsonElement>();
        var id = rule.GetProperty("id").GetInt64();
        Assert.Equal("drop", rule.GetProperty("action").GetString());
        Assert.Equal($"/api/rules/{id}", created.Headers.Location?.OriginalString);

        var run = await (await client.PostAsync($"/api/rules/{id}/rerun", null)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(mosul, run.GetProperty("dropped").GetInt32());
        var again = await (await client.PostAsync($"/api/rules/{id}/rerun", null)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(0, again.GetProperty("dropped").GetInt32());

        var list = await client.GetFromJsonAsync<JsonElement>("/api/rules");
        var item = Assert.Single(list.EnumerateArray());
        Assert.Equal(mosul, item.GetProperty("articles").GetInt32());

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/rules/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync($"/api/rules/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync($"/api/rules/{id}/rerun", null)).StatusCode);
        Assert.Equal(0, (await client.GetFromJsonAsync<JsonElement>("/api/rules")).GetArrayLength());
    }

    [Theory]
    [InlineData("""{"action":"frob","query":"oil"}""", "not a rule action")]
    [InlineData("""{"action":"tag","query":"oil"}""", "a tag rule needs")]
    [InlineData("""{"action":"drop","query":"oil","tag":"x"}""", "only tag rules take a tag")]
    [InlineData("""{"action":"drop","query":"(oil"}""", "oil")]
    [InlineData("""{"action":"drop","query":"oil","feeds":["https://feeds.example.org/none.xml"]}""", "not a followed feed")]
    [InlineData("""{"query":"oil"}""", "Send JSON with action")]
    public async Task Bad_rules_are_refused_with_the_problem(string body, string problem)
    {
        var client = Authorized();
        foreach (var path in new[] { "/api/rules", "/api/rules/preview" })
        {
            var r = await client.PostAsync(path, new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
            Assert.Contains(problem, await r.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Equal(0, (await client.GetFromJsonAsync<JsonElement>("/api/rules")).GetArrayLength());
    }
}
