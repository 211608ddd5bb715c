using System.Globalization;
using System.Net;
using System.Xml.Linq;
using Herald.Model;
using Herald.Topics;

namespace Herald.Tests.Web;

/// <summary>Outgoing feeds that readers poll: the same topic gives the same bytes, so a second poll gets 304.</summary>
public sealed class FeedPollingTests(WebHost host) : IClassFixture<WebHost>
{
    [Theory]
    [InlineData("rss")]
    [InlineData("atom")]
    [InlineData("json")]
    public async Task A_reader_polling_twice_gets_304_the_second_time(string format)
    {
        var first = await host.Client.GetAsync($"/topics/Iraq/{format}");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var tag = first.Headers.ETag;
        Assert.NotNull(tag);
        await Task.Delay(1100); // a second later: a feed stamped with the time of the request would differ now

        using var again = new HttpRequestMessage(HttpMethod.Get, $"/topics/Iraq/{format}");
        again.Headers.IfNoneMatch.Add(tag);
        var second = await host.Client.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
    }

    [Fact]
    public async Task Last_build_date_and_updated_are_the_newest_items_time()
    {
        var rss = XDocument.Parse(await host.Client.GetStringAsync("/topics/Iraq/rss"));
        var channel = rss.Root!.Element("channel")!;
        var built = DateTimeOffset.Parse(channel.Element("lastBuildDate")!.Value, CultureInfo.InvariantCulture);
        var newestItem = channel.Elements("item").Select(i => i.Element("pubDate")).OfType<XElement>()
            .Select(d => DateTimeOffset.Parse(d.Value, CultureInfo.InvariantCulture)).Max();
        Assert.True(built >= newestItem, $"lastBuildDate {built} is not before the newest item {newestItem}");

        XNamespace a = "http://www.w3.org/2005/Atom";
        var atom = XDocument.Parse(await host.Client.GetStringAsync("/topics/Iraq/atom"));
        Assert.Equal(built, DateTimeOffset.Parse(atom.Root!.Element(a + "updated")!.Value, CultureInfo.InvariantCulture));
    }

    [Fact]
    public void The_feed_does_not_depend_on_when_it_is_written()
    {
        var item = new Article
        {
            Id = "a1", Url = "https://example.com/a1", Title = "Dam repairs begin", Outlet = "Example",
            Published = new DateTimeOffset(2025, 7, 9, 8, 0, 0, TimeSpan.Zero), FirstSeen = new DateTimeOffset(2025, 7, 10, 6, 30, 0, TimeSpan.Zero),
        };
        var morning = new TopicPage("Dams", "dam", item, [], [], new DateTimeOffset(2026, 1, 1, 8, 0, 0, TimeSpan.Zero));
        var evening = morning with { Generated = new DateTimeOffset(2026, 1, 1, 20, 0, 0, TimeSpan.Zero) };
        Assert.Equal(TopicFeedWriter.Rss(morning, "http://h/"), TopicFeedWriter.Rss(evening, "http://h/"));
        Assert.Equal(TopicFeedWriter.Atom(morning, "http://h/"), TopicFeedWriter.Atom(evening, "http://h/"));
        Assert.Equal(item.FirstSeen, TopicFeedWriter.Updated(morning));
        Assert.Contains("<lastBuildDate>Thu, 10 Jul 2025 06:30:00 GMT</lastBuildDate>", TopicFeedWriter.Rss(morning, "http://h/"), StringComparison.Ordinal);
    }
}
