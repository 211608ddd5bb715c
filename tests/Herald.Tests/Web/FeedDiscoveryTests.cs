using System.Net;
using AngleSharp.Html.Parser;

namespace Herald.Tests.Web;

/// <summary>Pages that have a feed announce it with &lt;link rel="alternate"&gt; in their head, and every announced
/// address serves that feed.</summary>
public sealed class FeedDiscoveryTests(WebHost host) : IClassFixture<WebHost>
{
    [Theory]
    [InlineData("/topics/Iraq")]
    [InlineData("/search?q=Mosul")]
    public async Task A_page_with_a_feed_announces_RSS_Atom_and_JSON_Feed_that_each_answer(string path)
    {
        var html = await host.Client.GetStringAsync(path);
        var doc = new HtmlParser().ParseDocument(html);
        var links = doc.Head!.QuerySelectorAll("link[rel=alternate]").ToList();
        Assert.Equal(["application/rss+xml", "application/atom+xml", "application/feed+json"], links.Select(l => l.GetAttribute("type")));
        foreach (var link in links)
        {
            Assert.False(string.IsNullOrEmpty(link.GetAttribute("title")));
            var response = await host.Client.GetAsync(link.GetAttribute("href"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(link.GetAttribute("type"), response.Content.Headers.ContentType?.MediaType);
            var body = await response.Content.ReadAsStringAsync();
            Assert.Contains("Mosul", body, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_page_without_a_feed_announces_none()
    {
        var doc = new HtmlParser().ParseDocument(await host.Client.GetStringAsync("/stories"));
        Assert.Empty(doc.Head!.QuerySelectorAll("link[rel=alternate]"));
    }
}
