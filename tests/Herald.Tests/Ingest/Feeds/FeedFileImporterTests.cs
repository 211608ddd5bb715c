using Herald.Ingest.Feeds;
using Herald.Model;

namespace Herald.Tests.Ingest.Feeds;

public sealed class FeedFileImporterTests
{
    [Fact]
    public async Task Saved_feed_files_become_articles()
    {
        var path = TestPaths.Data("feeds", "feedparser", "wellformed", "rss", "item_title.xml");
        if (!File.Exists(path))
        {
            return;
        }

        var importer = new FeedFileImporter(TimeProvider.System);
        Assert.True(importer.CanRead(path));
        var articles = new List<Article>();
        await foreach (var a in importer.ReadAsync(path, _ => { }, CancellationToken.None))
        {
            articles.Add(a);
        }

        Assert.Equal("Item 1 title", Assert.Single(articles).Title);
    }

    [Fact]
    public async Task A_file_that_is_not_a_feed_is_a_one_line_error()
    {
        var path = Path.Combine(TestPaths.TempDir("feedfile"), "page.xml");
        await File.WriteAllTextAsync(path, "<html><body>hello</body></html>");
        var importer = new FeedFileImporter(TimeProvider.System);
        var e = await Assert.ThrowsAsync<HeraldException>(async () =>
        {
            await foreach (var _ in importer.ReadAsync(path, _ => { }, CancellationToken.None))
            {
            }
        });
        Assert.Equal(path + ": the document is <html>, not a feed", e.Message);
    }
}
