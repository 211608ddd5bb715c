using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Xml;
using Herald.Model;
using Herald.Pipeline;

namespace Herald.Web.GReader;

/// <summary>
/// Items as Google Reader clients read them: JSON for stream/contents and items/contents, Atom (with Google's
/// <c>category</c> states, as FeedHQ served them) for reader/atom. An item's content is its body as paragraphs and,
/// when other outlets carried copies of it, a last paragraph "Also reported by: A, B".
/// </summary>
internal static class GReaderOutput
{
    private const string ReaderScheme = "http://www.google.com/reader/";

    public static string ContentHtml(ReaderItem item)
    {
        var sb = new StringBuilder();
        foreach (var p in item.Article.Paragraphs)
        {
            sb.Append("<p>").Append(WebUtility.HtmlEncode(Clean(p))).Append("</p>\n");
        }

        if (sb.Length == 0)
        {
            // A headline-only item says so, rather than showing an empty article.
            sb.Append("<p>").Append(WebUtility.HtmlEncode(Clean(Topics.TopicFeedWriter.Summary(item.Article)))).Append("</p>\n");
        }

        if (AlsoReportedBy(item) is { } also)
        {
            sb.Append("<p>").Append(WebUtility.HtmlEncode(also)).Append("</p>\n");
        }

        return sb.ToString();
    }

    public static string? AlsoReportedBy(ReaderItem item) =>
        item.AlsoReportedBy.Count == 0 ? null : "Also reported by: " + string.Join(", ", item.AlsoReportedBy);

    /// <summary>The headline as the web pages show it, without a rubric such as "News - " (items carry it as a category).</summary>
    public static string Title(Article a) => Clean(a.Title);

    public static string? Link(Article a) =>
        a.Url is { } u && Uri.TryCreate(u, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? uri.AbsoluteUri
            : null;

    /// <summary>Where an item came from: the stream asked for when it is a feed or topic, else the outlet's site.</summary>
    private static (string Id, string Title, string? HtmlUrl) Origin(ReaderItem item, ResolvedStream stream)
    {
        if (stream.Stream.Kind is ReaderStreamKind.Feed or ReaderStreamKind.Topic)
        {
            return (stream.Id, stream.Title, stream.HtmlUrl);
        }

        var site = Link(item.Article) is { } link ? new Uri(link).GetLeftPart(UriPartial.Authority) + "/" : null;
        return (site is null ? "feed/herald:" + (item.Article.Outlet ?? "unknown") : "feed/" + site, item.Article.Outlet ?? site ?? "Herald", site);
    }

    private static IEnumerable<string> Categories(ReaderItem item, ResolvedStream stream)
    {
        yield return GReaderIds.ReadingList;
        if (item.Read)
        {
            yield return GReaderIds.Read;
        }

        if (item.Starred)
        {
            yield return GReaderIds.Starred;
        }

        if (stream.Stream.Kind == ReaderStreamKind.Topic)
        {
            yield return GReaderIds.LabelId(stream.Title);
        }

        foreach (var tag in item.Tags)
        {
            yield return GReaderIds.LabelId(tag);
        }
    }

    public static void WriteItem(Utf8JsonWriter w, ReaderItem item, ResolvedStream stream)
    {
        var a = item.Article;
        var published = a.Published ?? item.Timestamp;
        w.WriteStartObject();
        w.WriteString("id", GReaderIds.LongItemId(item.Id));
        w.WriteString("crawlTimeMsec", item.Timestamp.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture));
        w.WriteString("timestampUsec", (item.Timestamp.ToUnixTimeMilliseconds() * 1000).ToString(CultureInfo.InvariantCulture));
        w.WriteNumber("published", published.ToUnixTimeSeconds());
        w.WriteNumber("updated", published.ToUnixTimeSeconds());
        w.WriteString("title", Title(a));
        if (Link(a) is { } link)
        {
            w.WriteStartArray("canonical");
            w.WriteStartObject();
            w.WriteString("href", link);
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteStartArray("alternate");
            w.WriteStartObject();
            w.WriteString("href", link);
            w.WriteString("type", "text/html");
            w.WriteEndObject();
            w.WriteEndArray();
        }

        w.WriteStartArray("categories");
        foreach (var c in Categories(item, stream))
        {
            w.WriteStringValue(c);
        }

        w.WriteEndArray();
        var (originId, originTitle, originUrl) = Origin(item, stream);
        w.WriteStartObject("origin");
        w.WriteString("streamId", originId);
        w.WriteString("title", originTitle);
        if (originUrl is not null)
        {
            w.WriteString("htmlUrl", originUrl);
        }

        w.WriteEndObject();
        w.WriteStartObject("summary");
        w.WriteString("direction", "ltr");
        w.WriteString("content", ContentHtml(item));
        w.WriteEndObject();
        w.WriteString("author", a.Authors.Count > 0 ? string.Join(", ", a.Authors) : a.Outlet ?? "");
        w.WriteEndObject();
    }

    /// <summary>A stream as an Atom feed; each entry carries Google's state categories ("read" or "fresh", "starred").</summary>
    public static string Atom(ResolvedStream stream, IReadOnlyList<ReaderItem> items, long? continuation, DateTimeOffset now)
    {
        const string ns = "http://www.w3.org/2005/Atom";
        const string gr = "http://www.google.com/schemas/reader/atom/";
        var sb = new StringBuilder();
        using (var w = XmlWriter.Create(new Utf8StringWriter(sb), new XmlWriterSettings { Indent = true }))
        {
            w.WriteStartDocument();
            w.WriteStartElement("feed", ns);
            w.WriteAttributeString("xmlns", "gr", null, gr);
            w.WriteElementString("id", ns, "tag:google.com,2005:reader/" + stream.Id);
            w.WriteElementString("title", ns, Clean(stream.Title));
            w.WriteElementString("updated", ns, Rfc3339(items.Count > 0 ? items.Max(i => i.Timestamp) : now));
            if (continuation is { } c)
            {
                w.WriteElementString("continuation", gr, c.ToString(CultureInfo.InvariantCulture));
            }

            foreach (var item in items)
            {
                var a = item.Article;
                w.WriteStartElement("entry", ns);
                w.WriteAttributeString("crawl-timestamp-msec", gr, item.Timestamp.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture));
                w.WriteElementString("id", ns, GReaderIds.LongItemId(item.Id));
                foreach (var category in Categories(item, stream).Append(item.Read ? null : "user/-/state/com.google/fresh"))
                {
                    if (category is null)
                    {
                        continue;
                    }

                    w.WriteStartElement("category", ns);
                    w.WriteAttributeString("term", category);
                    w.WriteAttributeString("scheme", ReaderScheme);
                    w.WriteAttributeString("label", category[(category.LastIndexOf('/') + 1)..]);
                    w.WriteEndElement();
                }

                w.WriteStartElement("title", ns);
                w.WriteAttributeString("type", "text");
                w.WriteString(Title(a));
                w.WriteEndElement();
                var published = a.Published ?? item.Timestamp;
                w.WriteElementString("published", ns, Rfc3339(published));
                w.WriteElementString("updated", ns, Rfc3339(published));
                if (Link(a) is { } link)
                {
                    w.WriteStartElement("link", ns);
                    w.WriteAttributeString("rel", "alternate");
                    w.WriteAttributeString("href", link);
                    w.WriteAttributeString("type", "text/html");
                    w.WriteEndElement();
                }

                w.WriteStartElement("content", ns);
                w.WriteAttributeString("type", "html");
                w.WriteString(ContentHtml(item));
                w.WriteEndElement();
                w.WriteStartElement("author", ns);
                w.WriteElementString("name", ns, Clean(a.Authors.Count > 0 ? string.Join(", ", a.Authors) : a.Outlet ?? "unknown"));
                w.WriteEndElement();
                w.WriteEndElement();
            }

            w.WriteEndElement();
        }

        return sb.ToString();
    }

    private static string Rfc3339(DateTimeOffset t) => t.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>Drops characters XML cannot carry (scraped text holds stray control characters now and then).</summary>
    private static string Clean(string s)
    {
        foreach (var ch in s)
        {
            if (!XmlConvert.IsXmlChar(ch) && !char.IsSurrogate(ch))
            {
                return new string(s.Where(c => XmlConvert.IsXmlChar(c) || char.IsSurrogate(c)).ToArray());
            }
        }

        return s;
    }

    private sealed class Utf8StringWriter(StringBuilder sb) : StringWriter(sb, CultureInfo.InvariantCulture)
    {
        public override Encoding Encoding => new UTF8Encoding(false);
    }
}
