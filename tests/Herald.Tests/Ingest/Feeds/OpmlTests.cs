using Herald.Ingest.Feeds;
using Herald.Model;

namespace Herald.Tests.Ingest.Feeds;

public sealed class OpmlTests
{
    [Fact]
    public void Sample_feed_list_parses_into_unique_https_or_http_feeds()
    {
        var path = Path.Combine(TestPaths.RepoRoot, "samples", "feeds.opml");
        var feeds = Opml.Parse(File.ReadAllText(path), path);
        Assert.True(feeds.Count >= 40, $"only {feeds.Count} feeds");
        Assert.All(feeds, f => Assert.True(Uri.TryCreate(f.Url, UriKind.Absolute, out var u) && u.Scheme.StartsWith("http", StringComparison.Ordinal), f.Url));
        Assert.Equal(feeds.Count, feeds.Select(f => f.Url).Distinct(StringComparer.Ordinal).Count());
        Assert.Contains(feeds, f => f.Title == "CNN World" && f.Category == "Outlets on the seed page");
    }

    [Fact]
    public void Export_then_import_round_trips()
    {
        OpmlFeed[] feeds = [new("https://a.test/rss", "A & Co", "News", "https://a.test/"), new("https://b.test/atom", null, null, null)];
        var back = Opml.Parse(Opml.Write("mine", feeds), "x.opml");
        Assert.Equal(feeds, back);
    }

    [Fact]
    public void Rejects_a_file_that_is_not_opml()
    {
        var e = Assert.Throws<HeraldException>(() => Opml.Parse("<rss/>", "list.opml"));
        Assert.Equal("list.opml: not an OPML document (no <opml><body>)", e.Message);
    }
}
