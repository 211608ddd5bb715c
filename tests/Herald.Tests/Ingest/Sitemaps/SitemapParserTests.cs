using System.IO.Compression;
using System.Text;
using Herald.Ingest.Sitemaps;

namespace Herald.Tests.Ingest.Sitemaps;

public sealed class SitemapParserTests
{
    private const string News = """
        <?xml version="1.0" encoding="UTF-8"?>
        <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
          <url>
            <loc>https://news.example.test/2025/07/08/iraq-oil.html</loc>
            <lastmod>2025-07-08T10:00:00+03:00</lastmod>
            <news:news>
              <news:publication><news:name>Example News</news:name><news:language>en</news:language></news:publication>
              <news:publication_date>2025-07-08T09:30:00+03:00</news:publication_date>
              <news:title>Iraq aims to export surplus oil products</news:title>
              <news:keywords>Iraq, oil, refineries</news:keywords>
            </news:news>
          </url>
          <url><loc>https://news.example.test/about</loc><changefreq>monthly</changefreq><priority>0.3</priority></url>
        </urlset>
        """;

    [Fact]
    public void Reads_news_sitemap_fields()
    {
        var map = SitemapParser.Parse(Encoding.UTF8.GetBytes(News));
        Assert.False(map.IsIndex);
        Assert.Equal(2, map.Entries.Count);
        var news = map.Entries[0].News!;
        Assert.Equal("Example News", news.PublicationName);
        Assert.Equal("Iraq aims to export surplus oil products", news.Title);
        Assert.Equal(["Iraq", "oil", "refineries"], news.Keywords);
        Assert.Equal(new DateTimeOffset(2025, 7, 8, 6, 30, 0, TimeSpan.Zero), news.PublicationDate!.Value);
        Assert.Equal(0.3, map.Entries[1].Priority);
    }

    [Fact]
    public void Reads_gzipped_sitemap_indexes()
    {
        var xml = """<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>https://e.test/s1.xml.gz</loc></sitemap></sitemapindex>""";
        using var m = new MemoryStream();
        using (var gz = new GZipStream(m, CompressionLevel.Fastest, leaveOpen: true))
        {
            gz.Write(Encoding.UTF8.GetBytes(xml));
        }

        var map = SitemapParser.Parse(m.ToArray());
        Assert.True(map.IsIndex);
        Assert.Equal("https://e.test/s1.xml.gz", Assert.Single(map.Entries).Url);
    }

    [Fact]
    public void Reads_text_sitemaps_and_robots_announcements()
    {
        Assert.Equal(2, SitemapParser.Parse("https://e.test/a\nhttps://e.test/b\n"u8).Entries.Count);
        Assert.Equal(["https://e.test/news.xml"], SitemapParser.FromRobots("User-agent: *\nSitemap: https://e.test/news.xml\n"));
    }

    [Fact]
    public void Broken_xml_is_reported_not_thrown() =>
        Assert.NotNull(SitemapParser.Parse("<urlset><url><loc>x</url>"u8).Problem);
}
