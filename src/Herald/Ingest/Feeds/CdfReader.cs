using System.Xml.Linq;

namespace Herald.Ingest.Feeds;

/// <summary>Microsoft's Channel Definition Format: upper-case elements, links and dates in attributes.</summary>
internal static class CdfReader
{
    public static ParsedFeed Read(XElement root, Uri? documentUri)
    {
        var baseUri = Resolve(documentUri, Attr(root, "base")) ?? documentUri;
        return new ParsedFeed
        {
            Format = FeedFormat.Cdf,
            Channel = new FeedChannel
            {
                Title = Text(root, "title", baseUri),
                Subtitle = Text(root, "abstract", baseUri),
                Link = Resolve(baseUri, Attr(root, "href"))?.AbsoluteUri,
                Links = Resolve(baseUri, Attr(root, "href")) is { } l ? [new FeedLink(l.AbsoluteUri, "alternate", "text/html", null, null, null)] : [],
                Updated = Attr(root, "lastmod") is { } d ? FeedDateParser.Parse(d) : null,
            },
            Items = root.Elements().Where(e => e.Name.LocalName.Equals("item", StringComparison.OrdinalIgnoreCase)).Select(item =>
            {
                var link = Resolve(baseUri, Attr(item, "href"))?.AbsoluteUri;
                return new FeedItem
                {
                    Title = Text(item, "title", baseUri),
                    Summary = Text(item, "abstract", baseUri),
                    Link = link,
                    Links = link is null ? [] : [new FeedLink(link, "alternate", "text/html", null, null, null)],
                    Updated = Attr(item, "lastmod") is { } d ? FeedDateParser.Parse(d) : null,
                };
            }).ToList(),
        };
    }

    private static FeedText? Text(XElement e, string name, Uri? baseUri)
    {
        var child = e.Elements().FirstOrDefault(c => c.Name.LocalName.Equals(name, StringComparison.OrdinalIgnoreCase));
        return child is null ? null : new FeedText(child.Value.Trim(), "text/plain", null, baseUri?.AbsoluteUri);
    }

    private static string? Attr(XElement e, string name) =>
        e.Attributes().FirstOrDefault(a => a.Name.LocalName.Equals(name, StringComparison.OrdinalIgnoreCase))?.Value;

    private static Uri? Resolve(Uri? baseUri, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (Uri.TryCreate(value, UriKind.Absolute, out var abs) && !abs.IsFile)
        {
            return abs;
        }

        return baseUri is not null && Uri.TryCreate(baseUri, value, out var rel) ? rel : null;
    }
}
