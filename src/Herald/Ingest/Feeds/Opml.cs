using System.Xml;
using System.Xml.Linq;
using Herald.Model;

namespace Herald.Ingest.Feeds;

/// <summary>One feed listed in an OPML subscription list.</summary>
public sealed record OpmlFeed(string Url, string? Title, string? Category, string? HtmlUrl);

/// <summary>OPML 1.0/2.0 subscription lists: nested outlines become categories; export writes OPML 2.0.</summary>
public static class Opml
{
    public static IReadOnlyList<OpmlFeed> Parse(string xml, string inputName)
    {
        XDocument doc;
        try
        {
            doc = XDocument.Parse(xml);
        }
        catch (XmlException e)
        {
            throw new HeraldException(inputName, $"not valid OPML (line {e.LineNumber}: {e.Message.Split('.')[0]})");
        }

        if (doc.Root?.Name.LocalName != "opml" || doc.Root.Element("body") is not { } body)
        {
            throw new HeraldException(inputName, "not an OPML document (no <opml><body>)");
        }

        var feeds = new List<OpmlFeed>();
        Walk(body, null, feeds);
        return feeds;
    }

    private static void Walk(XElement parent, string? category, List<OpmlFeed> feeds)
    {
        foreach (var outline in parent.Elements("outline"))
        {
            var url = Attr(outline, "xmlUrl");
            var title = Attr(outline, "title") ?? Attr(outline, "text");
            if (title == url)
            {
                // Writers (Herald included) repeat the address as text when the feed has no name.
                title = null;
            }
            if (url is not null)
            {
                feeds.Add(new OpmlFeed(url.Trim(), title, category, Attr(outline, "htmlUrl")));
            }

            if (outline.HasElements)
            {
                Walk(outline, title ?? category, feeds);
            }
        }
    }

    private static string? Attr(XElement e, string name) =>
        e.Attributes().FirstOrDefault(a => a.Name.LocalName.Equals(name, StringComparison.OrdinalIgnoreCase))?.Value is { Length: > 0 } v ? v : null;

    public static string Write(string title, IEnumerable<OpmlFeed> feeds)
    {
        var body = new XElement("body");
        foreach (var group in feeds.GroupBy(f => f.Category))
        {
            var items = group.Select(f => new XElement("outline",
                new XAttribute("type", "rss"),
                new XAttribute("text", f.Title ?? f.Url),
                f.Title is null ? null : new XAttribute("title", f.Title),
                new XAttribute("xmlUrl", f.Url),
                f.HtmlUrl is null ? null : new XAttribute("htmlUrl", f.HtmlUrl)));
            if (group.Key is null)
            {
                body.Add(items);
            }
            else
            {
                body.Add(new XElement("outline", new XAttribute("text", group.Key), items));
            }
        }

        var doc = new XDocument(new XDeclaration("1.0", "utf-8", null),
            new XElement("opml", new XAttribute("version", "2.0"), new XElement("head", new XElement("title", title)), body));
        return doc.Declaration + "\n" + doc.Root;
    }
}
