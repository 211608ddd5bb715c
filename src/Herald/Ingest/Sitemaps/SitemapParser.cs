using System.IO.Compression;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using Herald.Ingest.Feeds;

namespace Herald.Ingest.Sitemaps;

/// <summary>Google News sitemap fields (news:news), the part news sites fill in for fresh articles.</summary>
public sealed record NewsEntry(string? PublicationName, string? Language, FeedDate? PublicationDate, string? Title, IReadOnlyList<string> Keywords);

public sealed record SitemapEntry(string Url, FeedDate? LastModified, string? ChangeFrequency, double? Priority, NewsEntry? News);

/// <summary>A sitemap (page URLs) or a sitemap index (URLs of further sitemaps).</summary>
public sealed record Sitemap(bool IsIndex, IReadOnlyList<SitemapEntry> Entries, string? Problem);

/// <summary>
/// Reads sitemaps.org XML sitemaps and indexes, Google News sitemaps, gzip-compressed sitemaps and
/// plain-text sitemaps (one URL per line). Never throws on bad input; decompression is capped.
/// </summary>
public static class SitemapParser
{
    private const string NewsNs = "http://www.google.com/schemas/sitemap-news/0.9";

    public static Sitemap Parse(ReadOnlySpan<byte> bytes, long maxBytes = 50 * 1024 * 1024)
    {
        byte[] data = bytes.ToArray();
        if (data.Length > 2 && data[0] == 0x1f && data[1] == 0x8b)
        {
            using var gz = new GZipStream(new MemoryStream(data), CompressionMode.Decompress);
            using var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            try
            {
                while ((read = gz.Read(chunk)) > 0)
                {
                    if (buffer.Length + read > maxBytes)
                    {
                        return new Sitemap(false, [], $"larger than {maxBytes} bytes once decompressed");
                    }

                    buffer.Write(chunk, 0, read);
                }
            }
            catch (InvalidDataException e)
            {
                return new Sitemap(false, [], $"corrupt gzip data: {e.Message}");
            }

            data = buffer.ToArray();
        }

        var text = FeedDecoder.Decode(data, null).Text.TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        if (!text.StartsWith('<'))
        {
            var urls = text.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || l.StartsWith("https://", StringComparison.OrdinalIgnoreCase));
            return new Sitemap(false, urls.Select(u => new SitemapEntry(u, null, null, null, null)).ToList(), null);
        }

        XDocument doc;
        try
        {
            doc = XDocument.Parse(FeedDecoder.FixEntities(text, escapeBareAmpersands: true));
        }
        catch (XmlException e)
        {
            return new Sitemap(false, [], $"not well-formed XML: {e.Message}");
        }

        var root = doc.Root!;
        var isIndex = root.Name.LocalName == "sitemapindex";
        var entries = new List<SitemapEntry>();
        foreach (var e in root.Elements().Where(e => e.Name.LocalName is "url" or "sitemap"))
        {
            var loc = Child(e, "loc")?.Value.Trim();
            if (string.IsNullOrEmpty(loc))
            {
                continue;
            }

            var lastmod = Child(e, "lastmod")?.Value;
            var priority = Child(e, "priority")?.Value;
            NewsEntry? news = null;
            if (e.Element(XName.Get("news", NewsNs)) is { } n)
            {
                var publication = n.Element(XName.Get("publication", NewsNs));
                var date = n.Element(XName.Get("publication_date", NewsNs))?.Value;
                news = new NewsEntry(
                    publication?.Element(XName.Get("name", NewsNs))?.Value.Trim(),
                    publication?.Element(XName.Get("language", NewsNs))?.Value.Trim(),
                    date is null ? null : FeedDateParser.Parse(date),
                    n.Element(XName.Get("title", NewsNs))?.Value.Trim(),
                    (n.Element(XName.Get("keywords", NewsNs))?.Value ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            }

            entries.Add(new SitemapEntry(
                loc,
                lastmod is null ? null : FeedDateParser.Parse(lastmod),
                Child(e, "changefreq")?.Value.Trim(),
                double.TryParse(priority, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var p) ? p : null,
                news));
        }

        return new Sitemap(isIndex, entries, root.Name.LocalName is "urlset" or "sitemapindex" ? null : $"unexpected root <{root.Name.LocalName}>");
    }

    private static XElement? Child(XElement e, string local) => e.Elements().FirstOrDefault(c => c.Name.LocalName == local);

    /// <summary>The sitemap URLs a robots.txt announces with "Sitemap:" lines.</summary>
    public static IReadOnlyList<string> FromRobots(string robotsTxt) =>
        robotsTxt.Split('\n')
            .Select(l => l.Trim())
            .Where(l => l.StartsWith("sitemap:", StringComparison.OrdinalIgnoreCase))
            .Select(l => l[8..].Trim())
            .Where(u => u.Length > 0)
            .ToList();

    internal static string Utf8(ReadOnlySpan<byte> b) => Encoding.UTF8.GetString(b);
}
