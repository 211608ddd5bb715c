using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Xml;
using Herald.Model;

namespace Herald.Topics;

/// <summary>
/// A topic page as outgoing feeds: RSS 2.0, Atom 1.0 and JSON Feed 1.1. Items link to the original when known,
/// otherwise to the article's page under <c>baseUrl</c>. Text is written as text, never as markup.
/// </summary>
public static class TopicFeedWriter
{
    public static string Rss(TopicPage page, string baseUrl)
    {
        var sb = new StringBuilder();
        using (var w = XmlWriter.Create(new StringWriterUtf8(sb), new XmlWriterSettings { Indent = true }))
        {
            w.WriteStartDocument();
            w.WriteStartElement("rss");
            w.WriteAttributeString("version", "2.0");
            w.WriteAttributeString("xmlns", "atom", null, "http://www.w3.org/2005/Atom");
            w.WriteStartElement("channel");
            w.WriteElementString("title", $"Herald: {page.Name}");
            w.WriteElementString("link", TopicUrl(page, baseUrl));
            w.WriteElementString("description", $"Articles matching {page.Query}");
            w.WriteStartElement("atom", "link", "http://www.w3.org/2005/Atom");
            w.WriteAttributeString("href", TopicUrl(page, baseUrl) + "/rss");
            w.WriteAttributeString("rel", "self");
            w.WriteAttributeString("type", "application/rss+xml");
            w.WriteEndElement();
            w.WriteElementString("lastBuildDate", Updated(page).ToString("r", CultureInfo.InvariantCulture));
            w.WriteElementString("generator", "Herald");
            foreach (var a in Items(page))
            {
                w.WriteStartElement("item");
                w.WriteElementString("title", Headline(a));
                w.WriteElementString("link", Link(a, baseUrl));
                w.WriteStartElement("guid");
                w.WriteAttributeString("isPermaLink", "false");
                w.WriteString("herald:" + a.Id);
                w.WriteEndElement();
                if (When(a) is { } when)
                {
                    w.WriteElementString("pubDate", when.ToString("r", CultureInfo.InvariantCulture));
                }

                if (a.Outlet is not null)
                {
                    w.WriteStartElement("source");
                    w.WriteAttributeString("url", a.Url ?? Link(a, baseUrl));
                    w.WriteString(a.Outlet);
                    w.WriteEndElement();
                }

                if (a.Section is not null)
                {
                    w.WriteElementString("category", a.Section);
                }

                w.WriteElementString("description", Summary(a));

                w.WriteEndElement();
            }

            w.WriteEndElement();
            w.WriteEndElement();
        }

        return sb.ToString();
    }

    public static string Atom(TopicPage page, string baseUrl)
    {
        const string ns = "http://www.w3.org/2005/Atom";
        var sb = new StringBuilder();
        using (var w = XmlWriter.Create(new StringWriterUtf8(sb), new XmlWriterSettings { Indent = true }))
        {
            w.WriteStartDocument();
            w.WriteStartElement("feed", ns);
            w.WriteElementString("title", ns, $"Herald: {page.Name}");
            w.WriteElementString("id", ns, "urn:herald:topic:" + Uri.EscapeDataString(page.Name));
            w.WriteElementString("updated", ns, Rfc3339(Updated(page)));
            w.WriteStartElement("link", ns);
            w.WriteAttributeString("rel", "self");
            w.WriteAttributeString("href", TopicUrl(page, baseUrl) + "/atom");
            w.WriteEndElement();
            w.WriteStartElement("link", ns);
            w.WriteAttributeString("rel", "alternate");
            w.WriteAttributeString("href", TopicUrl(page, baseUrl));
            w.WriteEndElement();
            w.WriteElementString("generator", ns, "Herald");
            foreach (var a in Items(page))
            {
                w.WriteStartElement("entry", ns);
                w.WriteElementString("title", ns, Headline(a));
                w.WriteElementString("id", ns, "urn:herald:article:" + a.Id);
                w.WriteStartElement("link", ns);
                w.WriteAttributeString("rel", "alternate");
                w.WriteAttributeString("href", Link(a, baseUrl));
                w.WriteEndElement();
                var when = When(a) ?? Updated(page);
                w.WriteElementString("updated", ns, Rfc3339(when));
                if (a.Published is { } pub)
                {
                    w.WriteElementString("published", ns, Rfc3339(pub));
                }

                w.WriteStartElement("author", ns);
                w.WriteElementString("name", ns, a.Authors.Count > 0 ? string.Join(", ", a.Authors) : a.Outlet ?? "unknown");
                w.WriteEndElement();
                if (a.Outlet is not null)
                {
                    w.WriteStartElement("source", ns);
                    w.WriteElementString("title", ns, a.Outlet);
                    w.WriteEndElement();
                }

                if (a.Section is not null)
                {
                    w.WriteStartElement("category", ns);
                    w.WriteAttributeString("term", a.Section);
                    w.WriteEndElement();
                }

                w.WriteStartElement("summary", ns);
                w.WriteAttributeString("type", "text");
                w.WriteString(Summary(a));
                w.WriteEndElement();

                w.WriteEndElement();
            }

            w.WriteEndElement();
        }

        return sb.ToString();
    }

    public static string JsonFeed(TopicPage page, string baseUrl)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("version", "https://jsonfeed.org/version/1.1");
            w.WriteString("title", $"Herald: {page.Name}");
            w.WriteString("home_page_url", TopicUrl(page, baseUrl));
            w.WriteString("feed_url", TopicUrl(page, baseUrl) + "/json");
            w.WriteString("description", $"Articles matching {page.Query}");
            w.WriteStartArray("items");
            foreach (var a in Items(page))
            {
                w.WriteStartObject();
                w.WriteString("id", "herald:" + a.Id);
                w.WriteString("url", Link(a, baseUrl));
                if (a.Url is not null)
                {
                    w.WriteString("external_url", a.Url);
                }

                w.WriteString("title", Headline(a));
                w.WriteString("content_text", a.Text.Length > 0 ? a.Text : Summary(a));
                w.WriteString("summary", Summary(a));
                if (a.Section is not null)
                {
                    w.WriteStartArray("tags");
                    w.WriteStringValue(a.Section);
                    w.WriteEndArray();
                }

                if (When(a) is { } when)
                {
                    w.WriteString("date_published", Rfc3339(when));
                }

                var authors = a.Authors.Count > 0 ? a.Authors : a.Outlet is null ? [] : [a.Outlet];
                if (authors.Count > 0)
                {
                    w.WriteStartArray("authors");
                    foreach (var name in authors)
                    {
                        w.WriteStartObject();
                        w.WriteString("name", name);
                        w.WriteEndObject();
                    }

                    w.WriteEndArray();
                }

                if (a.Language is not null)
                {
                    w.WriteString("language", a.Language);
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static IEnumerable<Article> Items(TopicPage page) => page.Lead is null ? page.Related : page.Related.Prepend(page.Lead);

    /// <summary>The headline as the web pages show it: a rubric such as "News - " is the item's category, not part
    /// of its title.</summary>
    private static string Headline(Article a) => a.Title;

    /// <summary>
    /// The item's description: its first paragraph (cut at 400 characters), or for a headline-only item (a seed-page
    /// post, a feed item without a body) a line saying who carried the headline and when, so readers that show
    /// descriptions never show an empty one.
    /// </summary>
    public static string Summary(Article a)
    {
        if (a.Paragraphs.FirstOrDefault() is { } first)
        {
            return first.Length <= 400 ? first : first[..400] + "…";
        }

        var sb = new StringBuilder("Headline only");
        if (a.Outlet is not null)
        {
            sb.Append(" from ").Append(a.Outlet);
        }

        if (a.Section is not null)
        {
            sb.Append(" (").Append(a.Section).Append(')');
        }

        if (a.Published is { } p)
        {
            sb.Append(", ").Append(p.UtcDateTime.ToString(a.DateOnly ? "d MMMM yyyy" : "d MMMM yyyy HH:mm 'UTC'", CultureInfo.InvariantCulture));
        }

        return sb.Append(". Herald keeps no text of this article; the link leads to it.").ToString();
    }

    private static DateTimeOffset? When(Article a) => a.Published ?? a.FirstSeen;

    /// <summary>
    /// When the feed last changed: the newest item's publication or first-seen time, whichever is later (a back-dated
    /// item arriving today still moves it). Not the time of the request, so an unchanged topic gives the same feed,
    /// byte for byte, and a reader polling again gets 304 for its ETag. The epoch for a feed with no items.
    /// </summary>
    public static DateTimeOffset Updated(TopicPage page)
    {
        var newest = DateTimeOffset.UnixEpoch;
        foreach (var a in Items(page))
        {
            foreach (var t in new[] { a.Published, a.FirstSeen })
            {
                if (t is { } v && v > newest)
                {
                    newest = v;
                }
            }
        }

        return newest;
    }

    private static string TopicUrl(TopicPage page, string baseUrl) => baseUrl.TrimEnd('/') + "/topics/" + Uri.EscapeDataString(page.Name);

    public static string Link(Article a, string baseUrl) =>
        a.Url is { } u && Uri.TryCreate(u, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? uri.AbsoluteUri
            : baseUrl.TrimEnd('/') + "/articles/" + Uri.EscapeDataString(a.Id);

    private static string Rfc3339(DateTimeOffset t) => t.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>XmlWriter over a StringBuilder declares UTF-16 unless told otherwise; feeds are served as UTF-8.</summary>
    private sealed class StringWriterUtf8(StringBuilder sb) : StringWriter(sb, CultureInfo.InvariantCulture)
    {
        public override Encoding Encoding => new UTF8Encoding(false);
    }
}
