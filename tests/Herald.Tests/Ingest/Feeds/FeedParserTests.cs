using System.Text;
using Herald.Ingest.Feeds;

namespace Herald.Tests.Ingest.Feeds;

public sealed class FeedParserTests
{
    private static readonly FeedParser Parser = new();

    private static ParsedFeed Parse(string xml, string? contentType = null) =>
        Parser.Parse(Encoding.UTF8.GetBytes(xml), contentType, new Uri("https://news.example.com/feed.xml"));

    [Fact]
    public void Reads_rss_items_with_relative_links_resolved()
    {
        var feed = Parse("""<rss version="2.0"><channel><title>T</title><item><title>A &amp; B</title><link>/a/1</link><guid isPermaLink="false">x1</guid><pubDate>Tue, 10 Jun 2003 04:00:00 GMT</pubDate></item></channel></rss>""");
        var item = Assert.Single(feed.Items);
        Assert.Equal(FeedFormat.Rss20, feed.Format);
        Assert.Equal("A & B", item.Title!.PlainText);
        Assert.Equal("https://news.example.com/a/1", item.Link);
        Assert.Equal("x1", item.Id);
        Assert.False(item.IdIsLink);
        Assert.Equal(new DateTimeOffset(2003, 6, 10, 4, 0, 0, TimeSpan.Zero), item.Published!.Value);
    }

    [Fact]
    public void Sanitises_script_and_event_handlers_from_descriptions()
    {
        var feed = Parse("""<rss version="2.0"><channel><item><description>&lt;p onclick="x()"&gt;Hi&lt;script&gt;alert(1)&lt;/script&gt;&lt;/p&gt;&lt;a href="javascript:evil()"&gt;l&lt;/a&gt;</description></item></channel></rss>""");
        Assert.Equal("<p>Hi</p><a href=\"\">l</a>", feed.Items[0].Summary!.Value);
    }

    [Fact]
    public void Recovers_items_from_a_broken_document_and_marks_it()
    {
        var feed = Parse("<rss version=\"2.0\"><channel><title>Broken & unescaped</title><item><title>One</title><link>http://x.test/1</link></item><item><title>Two</title>");
        Assert.False(feed.WellFormed);
        Assert.Equal(["One", "Two"], feed.Items.Select(i => i.Title!.Value));
    }

    [Fact]
    public void Reads_json_feed()
    {
        var feed = Parse("""{"version":"https://jsonfeed.org/version/1.1","title":"J","items":[{"id":"1","url":"https://j.test/1","title":"Hello","content_html":"<p>x</p><script>y</script>","date_published":"2024-05-01T10:00:00+02:00","authors":[{"name":"Ann"}]}]}""");
        Assert.Equal(FeedFormat.JsonFeed, feed.Format);
        var item = Assert.Single(feed.Items);
        Assert.Equal("<p>x</p>", item.Content[0].Value);
        Assert.Equal("Ann", item.Authors[0].Name);
        Assert.Equal(new DateTimeOffset(2024, 5, 1, 8, 0, 0, TimeSpan.Zero), item.Published!.Value!.Value.ToUniversalTime());
    }

    [Fact]
    public void Html_page_is_not_a_feed()
    {
        var feed = Parse("<html><head><title>x</title></head><body>hi</body></html>", "text/html");
        Assert.False(feed.IsFeed);
    }

    [Fact]
    public void Reads_ttl_for_scheduling()
    {
        var feed = Parse("<rss version=\"2.0\"><channel><ttl>45</ttl></channel></rss>");
        Assert.Equal(45, feed.Channel.TtlMinutes);
    }
}

public sealed class FeedDateParserTests
{
    [Theory]
    [InlineData("Thu, 01 Jan 2004 19:48:21 GMT", "2004-01-01T19:48:21+00:00")]
    [InlineData("01 Jan 2004 19:48:21 GMT", "2004-01-01T19:48:21+00:00")]
    [InlineData("Thu, 1 Jan 04 19:48 EST", "2004-01-02T00:48:00+00:00")]
    [InlineData("Thursday, 01 January 2004 19:48:21 +0100", "2004-01-01T18:48:21+00:00")]
    [InlineData("Thu, 01 Jan 2004 19:48:21 GMT+2", "2004-01-01T17:48:21+00:00")]
    [InlineData("Thu,01 Jan 2004 19:48:21 -05:00", "2004-01-02T00:48:21+00:00")]
    [InlineData("2003-12-31T10:14:55Z", "2003-12-31T10:14:55+00:00")]
    [InlineData("2003-12-31T10:14:55.123-08:00", "2003-12-31T18:14:55+00:00")]
    [InlineData("2003-12-31 10:14:55+0530", "2003-12-31T04:44:55+00:00")]
    [InlineData("20031231T101455Z", "2003-12-31T10:14:55+00:00")]
    [InlineData("2003-365", "2003-12-31T00:00:00+00:00")]
    public void Reads_rfc822_and_rfc3339_with_real_world_deviations(string text, string expected)
    {
        var parsed = FeedDateParser.Parse(text);
        Assert.NotNull(parsed.Value);
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), parsed.Value!.Value.ToUniversalTime().AddTicks(-(parsed.Value.Value.Ticks % TimeSpan.TicksPerSecond)));
    }

    [Fact]
    public void Flags_times_without_a_zone()
    {
        var parsed = FeedDateParser.Parse("2003-12-31T10:14:55");
        Assert.True(parsed.Flags.HasFlag(FeedDateFlags.NoZone));
        Assert.Equal(TimeSpan.Zero, parsed.Value!.Value.Offset);
    }

    [Fact]
    public void Clamps_and_flags_future_times()
    {
        var now = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var corrected = FeedDateParser.Correct(FeedDateParser.Parse("2030-01-01T00:00:00Z"), now);
        Assert.Equal(now, corrected.Value);
        Assert.True(corrected.Flags.HasFlag(FeedDateFlags.Future));
    }

    [Theory]
    [InlineData("yesterday")]
    [InlineData("2003-13-45T99:00:00Z")]
    [InlineData("")]
    public void Returns_no_value_for_nonsense(string text) => Assert.Null(FeedDateParser.Parse(text).Value);
}

public sealed class ItemIdentityTests
{
    private static FeedItem Item(string? guid, string link, string title, string body) => new()
    {
        Id = guid,
        Link = link,
        Title = new FeedText(title, "text/plain", null, null),
        Summary = new FeedText(body, "text/html", null, null),
    };

    [Fact]
    public void A_changed_guid_still_matches_by_canonical_url()
    {
        var a = ItemIdentity.Of(Item("g1", "https://e.test/s/1?utm_source=rss", "T", "B")).Keys("src");
        var b = ItemIdentity.Of(Item("g2", "https://e.test/s/1", "T", "B")).Keys("src");
        Assert.Contains(a, b.Contains);
    }

    [Fact]
    public void A_republished_item_at_a_new_address_matches_by_content_hash()
    {
        var a = ItemIdentity.Of(Item("g1", "https://e.test/s/1", "Quake hits", "<p>Many  hurt.</p>")).Keys("src");
        var b = ItemIdentity.Of(Item("g9", "https://e.test/s/1-updated", "Quake hits", "<p>Many hurt.</p>")).Keys("src");
        Assert.Contains(a, b.Contains);
    }

    [Fact]
    public void Different_stories_share_no_key()
    {
        var a = ItemIdentity.Of(Item("g1", "https://e.test/s/1", "One", "x")).Keys("src");
        var b = ItemIdentity.Of(Item("g2", "https://e.test/s/2", "Two", "y")).Keys("src");
        Assert.DoesNotContain(a, b.Contains);
    }
}

public sealed class HtmlSanitizerTests
{
    [Theory]
    [InlineData("<a href=\"java\tscript:alert(1)\">x</a>", "<a href=\"\">x</a>")]
    [InlineData("<a href=\"&#106;avascript:alert(1)\">x</a>", "<a href=\"\">x</a>")]
    [InlineData("<img src=\"/i.png\" onerror=\"x()\">", "<img src=\"https://e.test/i.png\" />")]
    [InlineData("<p style=\"color: red; background: url(x.png)\">t</p>", "<p style=\"color: red;\">t</p>")]
    [InlineData("<iframe src=\"https://evil.test\">inner</iframe>ok", "innerok")]
    [InlineData("a<style>p{}</style>b<script>x</script>c", "abc")]
    public void Removes_script_vectors_and_keeps_reading_matter(string html, string expected) =>
        Assert.Equal(expected, HtmlSanitizer.Sanitize(html, new Uri("https://e.test/story")));
}

public sealed class SyndicationModuleTests
{
    [Fact]
    public void Reads_the_syndication_module_update_period_as_ttl()
    {
        var xml = """<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:sy="http://purl.org/rss/1.0/modules/syndication/"><channel><title>t</title><sy:updatePeriod>hourly</sy:updatePeriod><sy:updateFrequency>2</sy:updateFrequency></channel></rdf:RDF>""";
        Assert.Equal(30, new FeedParser().ParseText(xml).Channel.TtlMinutes);
    }
}
