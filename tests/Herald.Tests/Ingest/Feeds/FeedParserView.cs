using Herald.Ingest.Feeds;

namespace Herald.Tests.Ingest.Feeds;

/// <summary>
/// Presents a <see cref="ParsedFeed"/> under the key names of Python's feedparser (feed, entries,
/// title_detail, author_detail, tags, enclosures, *_parsed time tuples…) so the Universal Feed Parser
/// suite's expectations can be checked against Herald's own model.
/// </summary>
internal static class FeedParserView
{
    /// <summary>The feedparser keys Herald's model carries; an expectation about anything else does not apply.</summary>
    public static readonly HashSet<string> SupportedKeys = new(StringComparer.Ordinal)
    {
        "title", "title_detail", "subtitle", "subtitle_detail", "tagline", "tagline_detail", "description",
        "description_detail", "info", "info_detail", "rights", "rights_detail", "copyright", "copyright_detail",
        "link", "links", "id", "guid", "guidislink", "updated", "updated_parsed", "modified", "modified_parsed",
        "date", "date_parsed", "published", "published_parsed", "issued", "issued_parsed", "created", "created_parsed",
        "author", "author_detail", "authors", "contributors", "publisher", "publisher_detail", "generator",
        "generator_detail", "language", "tags", "category", "summary", "summary_detail", "content", "enclosures",
        "comments", "source", "ttl", "icon",
        "value", "type", "base", "src", "href", "url", "rel", "length", "hreflang", "name", "email", "term", "scheme",
        "label", "version",
    };

    public static readonly HashSet<string> SupportedNames = new(StringComparer.Ordinal)
    {
        "bozo", "encoding", "feed", "entries", "channel", "items", "len", "ord", "version",
    };

    public static Func<string, object?> Names(ParsedFeed parsed)
    {
        var feed = Channel(parsed.Channel);
        var entries = parsed.Items.Select(Entry).Cast<object?>().ToList();
        return name => name switch
        {
            "bozo" => !parsed.WellFormed,
            "encoding" => parsed.Encoding,
            "version" => parsed.Format switch
            {
                FeedFormat.Rss090 => "rss090",
                FeedFormat.Rss091 => "rss091u",
                FeedFormat.Rss091Netscape => "rss091n",
                FeedFormat.Rss092 => "rss092",
                FeedFormat.Rss093 => "rss093",
                FeedFormat.Rss094 => "rss094",
                FeedFormat.Rss20 => "rss20",
                FeedFormat.Rss => "rss",
                FeedFormat.Rss10 => "rss10",
                FeedFormat.Atom03 => "atom03",
                FeedFormat.Atom10 => "atom10",
                FeedFormat.Cdf => "cdf",
                FeedFormat.JsonFeed => "json1",
                _ => "",
            },
            "feed" or "channel" => feed,
            "entries" or "items" => entries,
            _ => throw new PyEvalException($"name {name} is not projected"),
        };
    }

    private static PyDict Channel(FeedChannel c)
    {
        var d = new Dictionary<string, object?>(StringComparer.Ordinal);
        Text(d, "title", c.Title);
        Text(d, "subtitle", c.Subtitle);
        Text(d, "info", c.Info);
        Text(d, "rights", c.Rights);
        if (c.Link is not null)
        {
            d["link"] = c.Link;
        }

        if (c.Links.Count > 0)
        {
            d["links"] = c.Links.Select(Link).Cast<object?>().ToList();
        }

        if (c.Links.FirstOrDefault(l => l.Rel == "self") is { } self && c.Links.Count == 1 && c.Title is not null && c.Id is null)
        {
            // An RSS <source url="…"> carries its address as the source's href.
            d["href"] = self.Href;
        }

        if (c.Id is not null)
        {
            d["id"] = c.Id;
        }

        Date(d, "updated", c.Updated);
        Date(d, "published", c.Published);
        People(d, c.Authors, c.Contributors, c.Publisher);
        if (c.Generator is { } g)
        {
            d["generator"] = g.Name;
            var gd = new Dictionary<string, object?>(StringComparer.Ordinal) { ["name"] = g.Name };
            if (g.Uri is not null)
            {
                gd["href"] = g.Uri;
            }

            if (g.Version is not null)
            {
                gd["version"] = g.Version;
            }

            d["generator_detail"] = new PyDict(gd, Aliases);
        }

        if (c.Language is not null)
        {
            d["language"] = c.Language;
        }

        Tags(d, c.Categories);
        if (c.TtlMinutes is { } ttl)
        {
            d["ttl"] = ttl.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (c.Icon is not null)
        {
            d["icon"] = c.Icon;
        }

        return new PyDict(d, Aliases);
    }

    private static PyDict Entry(FeedItem e)
    {
        var d = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (e.Id is not null)
        {
            d["id"] = e.Id;
            d["guidislink"] = e.IdIsLink;
        }

        Text(d, "title", e.Title);
        Text(d, "summary", e.Summary);
        Text(d, "rights", e.Rights);
        if (e.Content.Count > 0)
        {
            d["content"] = e.Content.Select(TextDetail).Cast<object?>().ToList();
        }

        if (e.Link is not null)
        {
            d["link"] = e.Link;
        }

        if (e.Links.Count > 0)
        {
            d["links"] = e.Links.Select(Link).Cast<object?>().ToList();
        }

        Date(d, "published", e.Published);
        Date(d, "updated", e.Updated);
        Date(d, "created", e.Created);
        People(d, e.Authors, e.Contributors, e.Publisher);
        Tags(d, e.Categories);
        if (e.Enclosures.Count > 0)
        {
            d["enclosures"] = e.Enclosures.Select(x =>
            {
                var ed = new Dictionary<string, object?>(StringComparer.Ordinal) { ["href"] = x.Url };
                if (x.Type is not null)
                {
                    ed["type"] = x.Type;
                }

                if (x.Length is not null)
                {
                    ed["length"] = x.Length;
                }

                return (object?)new PyDict(ed, Aliases);
            }).ToList();
        }

        if (e.Language is not null)
        {
            d["language"] = e.Language;
        }

        if (e.Comments is not null)
        {
            d["comments"] = e.Comments;
        }

        if (e.Source is not null)
        {
            d["source"] = Channel(e.Source);
        }

        return new PyDict(d, Aliases);
    }

    private static void People(Dictionary<string, object?> d, IReadOnlyList<FeedPerson> authors, IReadOnlyList<FeedPerson> contributors, FeedPerson? publisher)
    {
        if (authors.Count > 0)
        {
            d["author"] = authors[0].Display;
            d["author_detail"] = Person(authors[0]);
            d["authors"] = authors.Select(Person).Cast<object?>().ToList();
        }

        if (contributors.Count > 0)
        {
            d["contributors"] = contributors.Select(Person).Cast<object?>().ToList();
        }

        if (publisher is not null)
        {
            d["publisher"] = publisher.Display;
            d["publisher_detail"] = Person(publisher);
        }
    }

    private static PyDict Person(FeedPerson p)
    {
        var d = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (p.Name is not null)
        {
            d["name"] = p.Name;
        }

        if (p.Email is not null)
        {
            d["email"] = p.Email;
        }

        if (p.Uri is not null)
        {
            d["href"] = p.Uri;
        }

        return new PyDict(d, Aliases);
    }

    private static void Tags(Dictionary<string, object?> d, IReadOnlyList<FeedCategory> categories)
    {
        if (categories.Count == 0)
        {
            return;
        }

        d["tags"] = categories.Select(c => (object?)new PyDict(new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["term"] = c.Term,
            ["scheme"] = c.Scheme,
            ["label"] = c.Label,
        }, Aliases)).ToList();
    }

    private static PyDict Link(FeedLink l)
    {
        var d = new Dictionary<string, object?>(StringComparer.Ordinal) { ["rel"] = l.Rel, ["href"] = l.Href };
        if (l.Type is not null)
        {
            d["type"] = l.Type;
        }

        if (l.Title is not null)
        {
            d["title"] = l.Title;
        }

        if (l.Length is not null)
        {
            d["length"] = l.Length;
        }

        if (l.HrefLang is not null)
        {
            d["hreflang"] = l.HrefLang;
        }

        return new PyDict(d, Aliases);
    }

    private static void Text(Dictionary<string, object?> d, string key, FeedText? text)
    {
        if (text is null)
        {
            return;
        }

        d[key] = text.Value;
        d[key + "_detail"] = TextDetail(text);
    }

    private static PyDict TextDetail(FeedText t)
    {
        var d = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["type"] = t.Type,
            ["language"] = t.Language,
            ["base"] = t.Base ?? "",
            ["value"] = t.Value,
        };
        if (t.Source is not null)
        {
            d["src"] = t.Source;
        }

        return new PyDict(d, Aliases);
    }

    private static void Date(Dictionary<string, object?> d, string key, FeedDate? date)
    {
        if (date is null)
        {
            return;
        }

        d[key] = date.Raw.Trim();
        if (date.Value is { } v)
        {
            var u = v.UtcDateTime;
            d[key + "_parsed"] = new PyTuple([
                (long)u.Year, (long)u.Month, (long)u.Day, (long)u.Hour, (long)u.Minute, (long)u.Second,
                (long)(((int)u.DayOfWeek + 6) % 7), (long)u.DayOfYear, 0L,
            ]);
        }
    }

    /// <summary>feedparser's key aliases (description → summary or subtitle, guid → id, url → href…).</summary>
    private static (bool, object?) Aliases(PyDict dict, string key)
    {
        var v = dict.Values;
        string[] candidates = key switch
        {
            "description" => ["summary", "subtitle"],
            "description_detail" => ["summary_detail", "subtitle_detail"],
            "guid" => ["id"],
            "date" or "modified" => ["updated", "published"],
            "date_parsed" or "modified_parsed" => ["updated_parsed", "published_parsed"],
            "updated" => ["updated", "published"],
            "updated_parsed" => ["updated_parsed", "published_parsed"],
            "issued" => ["published"],
            "issued_parsed" => ["published_parsed"],
            "copyright" => ["rights"],
            "copyright_detail" => ["rights_detail"],
            "tagline" => ["subtitle"],
            "tagline_detail" => ["subtitle_detail"],
            "url" => ["href"],
            "channel" => ["feed"],
            _ => [],
        };
        foreach (var c in candidates)
        {
            if (v.TryGetValue(c, out var found))
            {
                return (true, found);
            }
        }

        if (key == "category" && v.TryGetValue("tags", out var tags) && tags is List<object?> { Count: > 0 } list && list[0] is PyDict first)
        {
            return (true, first.Values["term"]);
        }

        return (false, null);
    }
}
