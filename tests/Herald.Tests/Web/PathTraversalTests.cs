namespace Herald.Tests.Web;

/// <summary>
/// Path traversal through the web's routes: every route that takes a name or an id (GDELT files, the stylesheet,
/// topics and their feeds, stories, articles, reader streams), asked for the store file, its data folder's keys or a
/// system file by every spelling of "..": never a file's bytes, only a clear not-found (or bad-request) answer.
/// The only files the web serves by name are the GDELT exports, checked against the names the writer gives them.
/// </summary>
public sealed class PathTraversalTests(WebHost host) : IClassFixture<WebHost>
{
    public static TheoryData<string> Paths()
    {
        var data = new TheoryData<string>();
        string[] targets = ["herald.db", "../herald.db", "../../herald.db", "../../../../../../etc/passwd", "keys/api-token", "/etc/passwd"];
        foreach (var prefix in new[] { "/gdelt/", "/static/", "/topics/", "/stories/", "/articles/", "/api/articles/", "/api/stories/", "/api/topics/", "/api/greader/reader/atom/" })
        {
            foreach (var t in targets)
            {
                data.Add(prefix + t);
                data.Add(prefix + t.Replace("/", "%2F", StringComparison.Ordinal));
                data.Add(prefix + t.Replace("..", "%2e%2e", StringComparison.Ordinal).Replace("/", "%2f", StringComparison.Ordinal));
                data.Add(prefix + t.Replace("..", "..%c0%af", StringComparison.Ordinal));
                data.Add(prefix + t.Replace("/", "\\", StringComparison.Ordinal));
            }
        }

        data.Add("/topics/..%2f..%2fherald.db/rss");
        data.Add("/topics/Iraq/..%2f..%2f..%2fherald.db");
        data.Add("/search/..%2f..%2fherald.db?q=Iraq");
        return data;
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task No_spelling_of_dot_dot_reaches_a_file(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(host.BaseAddress, path));
        using var response = await host.Client.SendAsync(request);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var text = System.Text.Encoding.UTF8.GetString(bytes);
        Assert.DoesNotContain("SQLite format 3", text, StringComparison.Ordinal);
        Assert.DoesNotContain("root:x:0:0", text, StringComparison.Ordinal);
        Assert.True((int)response.StatusCode is 400 or 401 or 404 or 301 or 302 or 308, $"{path}: {(int)response.StatusCode}");
    }
}
