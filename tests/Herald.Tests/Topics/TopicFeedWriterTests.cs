using System.ServiceModel.Syndication;
using System.Text.Json;
using System.Xml;
using Herald.Ingest;
using Herald.Storage.Sqlite;
using Herald.Text;
using Herald.Topics;

namespace Herald.Tests.Topics;

/// <summary>Outgoing feeds are read back with a real parser (System.ServiceModel.Syndication) and checked item by item.</summary>
public sealed class TopicFeedWriterTests
{
    private static async Task<TopicPage> SeedTopicAsync()
    {
        var store = SqliteStore.OpenFolder(TestPaths.TempDir("feeds"));
        await new FileIngestor(store, [new SeedPageImporter(OutletRegistry.CreateDefault(), TimeProvider.System)])
            .IngestAsync([TestPaths.SampleSeedPage], CancellationToken.None);
        var page = await new TopicPageBuilder(store, TimeProvider.System).BuildAsync("Iraq", "Iraq", 500, CancellationToken.None);
        await store.DisposeAsync();
        return page;
    }

    private static SyndicationFeed Load(string xml)
    {
        using var reader = XmlReader.Create(new StringReader(xml));
        return SyndicationFeed.Load(reader);
    }

    [Fact]
    public async Task Rss_reads_back_with_every_article()
    {
        var page = await SeedTopicAsync();
        var feed = Load(TopicFeedWriter.Rss(page, "http://127.0.0.1:5080"));
        var items = feed.Items.ToList();
        Assert.Equal(81, items.Count);
        Assert.Equal("Russia condemns US over ‘absurd’ response to Mosul civilian deaths", items[0].Title.Text);
        Assert.Equal("Iraq Aims to Export Surplus Oil Products After Refinery Upgrades", items[1].Title.Text);
        Assert.Equal(new DateTimeOffset(2025, 7, 8, 0, 0, 0, TimeSpan.Zero), items[1].PublishDate);
        Assert.Equal("http://127.0.0.1:5080/articles/" + page.Related[0].Id, items[1].Links[0].Uri.AbsoluteUri);
    }

    [Fact]
    public async Task Atom_reads_back_with_ids_dates_and_sources()
    {
        var page = await SeedTopicAsync();
        var feed = Load(TopicFeedWriter.Atom(page, "http://127.0.0.1:5080"));
        var items = feed.Items.ToList();
        Assert.Equal(81, items.Count);
        Assert.All(items, i => Assert.StartsWith("urn:herald:article:", i.Id, StringComparison.Ordinal));
        Assert.Equal(items.Count, items.Select(i => i.Id).Distinct().Count());
        // The rubric is the entry's category, as the web pages show it apart from the headline.
        var gates = items.Single(i => i.Title.Text.Contains("Gates Vows", StringComparison.Ordinal));
        Assert.Equal("Gates Vows to Focus on Iraq, Troop Welfare if Confirmed", gates.Title.Text);
        Assert.Equal("News", Assert.Single(gates.Categories).Name);
        Assert.DoesNotContain(items, i => i.Title.Text.StartsWith("News - ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Headline_only_items_get_a_description_naming_the_outlet_and_date()
    {
        var page = await SeedTopicAsync();
        var rss = Load(TopicFeedWriter.Rss(page, "http://127.0.0.1:5080")).Items.ToList();
        Assert.All(rss, i => Assert.False(string.IsNullOrWhiteSpace(i.Summary?.Text), i.Title.Text + ": no description"));
        var oil = rss.Single(i => i.Title.Text == "Iraq Aims to Export Surplus Oil Products After Refinery Upgrades");
        Assert.Equal("Headline only from Bloomberg, 8 July 2025. Herald keeps no text of this article; the link leads to it.", oil.Summary.Text);

        // The lead has a body: its description is its first paragraph, not the headline-only line.
        Assert.DoesNotContain("Headline only", rss[0].Summary.Text, StringComparison.Ordinal);
        var atom = Load(TopicFeedWriter.Atom(page, "http://127.0.0.1:5080")).Items.ToList();
        Assert.All(atom, i => Assert.False(string.IsNullOrWhiteSpace(i.Summary?.Text)));
    }

    [Fact]
    public async Task Json_feed_has_the_required_fields_of_version_1_1()
    {
        var page = await SeedTopicAsync();
        using var doc = JsonDocument.Parse(TopicFeedWriter.JsonFeed(page, "http://127.0.0.1:5080"));
        var root = doc.RootElement;
        Assert.Equal("https://jsonfeed.org/version/1.1", root.GetProperty("version").GetString());
        Assert.Equal("Herald: Iraq", root.GetProperty("title").GetString());
        var items = root.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(81, items.Count);
        Assert.All(items, i =>
        {
            Assert.False(string.IsNullOrEmpty(i.GetProperty("id").GetString()));
            Assert.False(string.IsNullOrEmpty(i.GetProperty("content_text").GetString()));
        });
        Assert.Equal("2025-07-08T00:00:00Z", items[1].GetProperty("date_published").GetString());
    }
}
