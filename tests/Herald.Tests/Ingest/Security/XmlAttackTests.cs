using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Herald.Ingest.Feeds;
using Herald.Ingest.Sitemaps;
using Herald.Model;

namespace Herald.Tests.Ingest.Security;

/// <summary>
/// XML attacks on every XML reader of input from strangers — feeds, OPML, sitemaps: an external entity naming a local
/// file (its content must never appear) or a loopback URL (never fetched), and the billion-laughs entity bomb (read
/// quickly with bounded memory, or refused in one line). Each parser either refuses the document or reads it without
/// expanding what it must not.
/// </summary>
public sealed class XmlAttackTests
{
    private const string Secret = "HERALD-XXE-SECRET-7f3a";

    private static string SecretFile()
    {
        var path = Path.Combine(TestPaths.TempDir("xxe"), "secret.txt");
        File.WriteAllText(path, Secret);
        return path;
    }

    private static string Dtd(string root, string entity) => $"<?xml version=\"1.0\"?>\n<!DOCTYPE {root} [\n{entity}\n]>\n";

    private const string Laughs = """
        <!ENTITY lol "lollollollollollollollollollol">
        <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
        <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
        <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
        <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
        <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
        <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
        <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
        <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
        <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
        """;

    public static TheoryData<string> Entities() => new()
    {
        $"<!ENTITY x SYSTEM \"file://{{0}}\">",
        "<!ENTITY x SYSTEM \"http://127.0.0.1:1/xxe\">",
        "<!ENTITY % p SYSTEM \"file://{0}\"> %p; <!ENTITY x \"y\">",
    };

    /// <summary>Runs a parse, with what it returned (as JSON) or the one-line refusal; never longer than a few seconds or much memory.</summary>
    private static string Outcome(Func<object> parse)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        string text;
        try
        {
            text = JsonSerializer.Serialize(parse());
        }
        catch (HeraldException e)
        {
            text = "refused: " + e.Message;
            Assert.DoesNotContain('\n', e.Message);
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < 256L * 1024 * 1024, $"parsing allocated {allocated / (1024 * 1024)} MB");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"parsing took {clock.Elapsed}");
        return text;
    }

    [Theory]
    [MemberData(nameof(Entities))]
    public void A_feed_with_an_external_entity_never_reads_the_file_or_the_address(string entity)
    {
        var e = string.Format(System.Globalization.CultureInfo.InvariantCulture, entity, SecretFile());
        foreach (var xml in new[]
        {
            Dtd("rss", e) + "<rss version=\"2.0\"><channel><title>t &x;</title><item><title>a &x;</title><link>https://a.example/1</link><description>&x;</description></item></channel></rss>",
            Dtd("feed", e) + "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>t &x;</title><entry><title>a &x;</title><id>urn:x</id><link href=\"https://a.example/1\"/><summary>&x;</summary></entry></feed>",
        })
        {
            Assert.DoesNotContain(Secret, Outcome(() => new FeedParser().Parse(Encoding.UTF8.GetBytes(xml))), StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(Entities))]
    public void Opml_and_sitemaps_with_an_external_entity_never_read_the_file_or_the_address(string entity)
    {
        var e = string.Format(System.Globalization.CultureInfo.InvariantCulture, entity, SecretFile());
        var opml = Dtd("opml", e) + "<opml version=\"2.0\"><head><title>&x;</title></head><body><outline text=\"&x;\" xmlUrl=\"https://a.example/feed\"/></body></opml>";
        Assert.DoesNotContain(Secret, Outcome(() => Opml.Parse(opml, "feeds.opml")), StringComparison.Ordinal);
        var sitemap = Dtd("urlset", e) + "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"><url><loc>https://a.example/&x;</loc></url></urlset>";
        Assert.DoesNotContain(Secret, Outcome(() => SitemapParser.Parse(Encoding.UTF8.GetBytes(sitemap))), StringComparison.Ordinal);
    }

    [Fact]
    public void The_billion_laughs_is_refused_or_read_unexpanded_by_every_xml_reader()
    {
        var feed = Dtd("rss", Laughs) + "<rss version=\"2.0\"><channel><title>&lol9;</title><item><title>&lol9;</title><link>https://a.example/1</link></item></channel></rss>";
        var opml = Dtd("opml", Laughs) + "<opml version=\"2.0\"><body><outline text=\"&lol9;\" xmlUrl=\"https://a.example/feed\"/></body></opml>";
        var sitemap = Dtd("urlset", Laughs) + "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"><url><loc>https://a.example/&lol9;</loc></url></urlset>";
        foreach (var outcome in new[]
        {
            Outcome(() => new FeedParser().Parse(Encoding.UTF8.GetBytes(feed))),
            Outcome(() => Opml.Parse(opml, "feeds.opml")),
            Outcome(() => SitemapParser.Parse(Encoding.UTF8.GetBytes(sitemap))),
        })
        {
            // A billion "lol"s are 3 GB; whatever was read holds far less than one million.
            Assert.True(outcome.Length < 1 << 21, $"an entity was expanded into {outcome.Length} characters");
        }
    }
}
