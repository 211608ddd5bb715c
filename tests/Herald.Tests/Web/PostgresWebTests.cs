using System.Net;
using Herald.Ingest;
using Herald.Pipeline;
using Herald.Query;
using Herald.Tests.Storage;
using Herald.Text;
using Herald.Web;

namespace Herald.Tests.Web;

/// <summary>
/// `herald serve` on a PostgreSQL store: the pages that read through the store interfaces render its articles, and
/// the routes that need the SQLite file answer 501 with a one-line reason instead of failing inside.
/// </summary>
public sealed class PostgresWebTests
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    [SkippableFact]
    public async Task Search_and_topic_pages_render_the_seed_pages_articles_and_sqlite_only_routes_say_why()
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

        foreach (var (method, path) in new[] { ("GET", "/api/greader/reader/api/0/token"), ("POST", "/api/greader/accounts/ClientLogin"), ("GET", "/api/fever?api"), ("POST", "/api/rules/preview"), ("GET", "/sources"), ("GET", "/healthz"), ("GET", "/gdelt/lastupdate.txt") })
        {
            var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.NotImplemented, $"{method} {path}: {(int)response.StatusCode} {body[..Math.Min(300, body.Length)]}");
            Assert.Contains("This Herald serves a PostgreSQL store;", WebUtility.HtmlDecode(body), StringComparison.Ordinal);
        }

        await app.StopAsync();
    }
}
