using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace Herald.Ingest.Feeds;

/// <summary>JSON Feed 1.0 and 1.1 (<c>author</c> and <c>authors</c>, <c>content_html</c>/<c>content_text</c>).</summary>
internal static class JsonFeedParser
{
    public static ParsedFeed Parse(ReadOnlySpan<byte> bytes, Uri? documentUri)
    {
        // The JSON reader checks structure, not the UTF-8 inside strings: an invalid sequence would only throw
        // when a value is read. JSON is UTF-8 by definition, so invalid bytes become U+FFFD up front, as a
        // decoder would make them (found by fuzzing).
        var utf8 = Utf8.IsValid(bytes) ? bytes.ToArray() : Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(bytes));
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(utf8, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException e)
        {
            return new ParsedFeed { WellFormed = false, Problem = $"not valid JSON: {e.Message}" };
        }

        using (doc)
        {
            try
            {
                return Read(doc.RootElement, documentUri);
            }
            catch (InvalidOperationException)
            {
                // The JSON reader accepts an escaped unpaired surrogate ("\ud83c") and throws only when text is
                // unescaped, as in a property name it compares (found by fuzzing); values read as absent in Text().
                return new ParsedFeed { WellFormed = false, Problem = "not valid JSON: a property name with an unpaired surrogate escape" };
            }
        }
    }

    private static ParsedFeed Read(JsonElement root, Uri? documentUri)
    {
        if (root.ValueKind != JsonValueKind.Object || !Str(root, "version").StartsWith("https://jsonfeed.org/version/", StringComparison.Ordinal))
        {
            return new ParsedFeed { Problem = "JSON, but not a JSON Feed (no jsonfeed.org version)" };
        }

        var home = Str(root, "home_page_url");
        var channel = new FeedChannel
        {
            Title = Plain(Str(root, "title")),
            Subtitle = Plain(Str(root, "description")),
            Link = home.Length > 0 ? home : null,
            Links = Links(home, Str(root, "feed_url")),
            Authors = Authors(root),
            Image = NullIfEmpty(Str(root, "icon")),
            Icon = NullIfEmpty(Str(root, "favicon")),
            Language = NullIfEmpty(Str(root, "language")),
        };
        var items = new List<FeedItem>();
        if (root.TryGetProperty("items", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (var it in list.EnumerateArray())
            {
                if (it.ValueKind != JsonValueKind.Object)
                {
                    continue;
                }

                var url = Resolve(Str(it, "url"), documentUri);
                var html = Str(it, "content_html");
                var text = Str(it, "content_text");
                var content = new List<FeedText>();
                if (html.Length > 0)
                {
                    content.Add(new FeedText(HtmlSanitizer.Sanitize(html, Uri.TryCreate(url, UriKind.Absolute, out var itemUri) ? itemUri : documentUri).Trim(), "text/html", null, url));
                }

                if (text.Length > 0)
                {
                    content.Add(new FeedText(text, "text/plain", null, url));
                }

                var summary = Str(it, "summary");
                items.Add(new FeedItem
                {
                    Id = it.TryGetProperty("id", out var id) ? (id.ValueKind == JsonValueKind.String ? Text(id) : id.ToString()) : url,
                    Title = Plain(Str(it, "title")),
                    Link = url,
                    Links = Links(url ?? "", ""),
                    Summary = summary.Length > 0 ? Plain(summary) : content.FirstOrDefault(),
                    Content = content,
                    Published = Date(Str(it, "date_published")),
                    Updated = Date(Str(it, "date_modified")),
                    Authors = Authors(it),
                    Categories = it.TryGetProperty("tags", out var tags) && tags.ValueKind == JsonValueKind.Array
                        ? tags.EnumerateArray().Where(t => t.ValueKind == JsonValueKind.String).Select(Text).Where(t => t.Length > 0).Select(t => new FeedCategory(t, null, null)).ToList()
                        : [],
                    Enclosures = it.TryGetProperty("attachments", out var att) && att.ValueKind == JsonValueKind.Array
                        ? att.EnumerateArray().Where(a => Str(a, "url").Length > 0)
                            .Select(a => new FeedEnclosure(Str(a, "url"), NullIfEmpty(Str(a, "mime_type")), a.TryGetProperty("size_in_bytes", out var s) ? (s.ValueKind == JsonValueKind.String ? Text(s) : s.ToString()) : null)).ToList()
                        : [],
                    Language = NullIfEmpty(Str(it, "language")),
                });
            }
        }

        return new ParsedFeed { Format = FeedFormat.JsonFeed, Channel = channel, Items = items };
    }

    private static IReadOnlyList<FeedPerson> Authors(JsonElement e)
    {
        var people = new List<FeedPerson>();
        if (e.TryGetProperty("authors", out var many) && many.ValueKind == JsonValueKind.Array)
        {
            people.AddRange(many.EnumerateArray().Where(a => a.ValueKind == JsonValueKind.Object).Select(Person));
        }
        else if (e.TryGetProperty("author", out var one) && one.ValueKind == JsonValueKind.Object)
        {
            people.Add(Person(one));
        }

        return people;
    }

    private static FeedPerson Person(JsonElement a) => new(NullIfEmpty(Str(a, "name")), null, NullIfEmpty(Str(a, "url")));

    private static IReadOnlyList<FeedLink> Links(string home, string self)
    {
        var links = new List<FeedLink>();
        if (home.Length > 0)
        {
            links.Add(new FeedLink(home, "alternate", "text/html", null, null, null));
        }

        if (self.Length > 0)
        {
            links.Add(new FeedLink(self, "self", "application/feed+json", null, null, null));
        }

        return links;
    }

    private static FeedDate? Date(string s) => s.Length == 0 ? null : FeedDateParser.Parse(s);

    private static FeedText? Plain(string s) => s.Length == 0 ? null : new FeedText(s, "text/plain", null, null);

    private static string? NullIfEmpty(string s) => s.Length == 0 ? null : s;

    private static string? Resolve(string url, Uri? baseUri) =>
        url.Length == 0 ? null : HtmlSanitizer.ResolveUrl(url, baseUri);

    /// <summary>A string member of an object; "" when absent, not a string, or <paramref name="e"/> is no object
    /// (an attachment given as a bare string threw, found by fuzzing).</summary>
    private static string Str(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? Text(v) : "";

    /// <summary>
    /// A string value, or "" (absent) when it cannot be text: the reader accepts an escaped unpaired surrogate
    /// ("\udff3") and only throws when the value is read (found by fuzzing).
    /// </summary>
    private static string Text(JsonElement v)
    {
        try
        {
            return v.GetString() ?? "";
        }
        catch (InvalidOperationException)
        {
            return "";
        }
    }
}
