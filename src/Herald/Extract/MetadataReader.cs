using System.Text.Json;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;

namespace Herald.Extract;

/// <summary>Everything a page says about itself, before the body is looked at.</summary>
internal sealed record PageMetadata
{
    public string Title { get; init; } = "";
    public IReadOnlyList<string> Authors { get; init; } = [];
    public DateTimeOffset? Published { get; init; }
    public bool DateOnly { get; init; }
    public DateEvidence DateEvidence { get; init; }
    public string? Outlet { get; init; }
    public string? CanonicalUrl { get; init; }
    public string? Language { get; init; }
    public string? Image { get; init; }
    public string? JsonLdBody { get; init; }
    public string? JsonLdType { get; init; }
    public string? OgType { get; init; }
}

/// <summary>
/// Reads metadata in order of reliability: JSON-LD (what sites give search engines), OpenGraph and article
/// meta tags, then the visible page (&lt;title&gt;, &lt;h1&gt;, &lt;time&gt;, bylines) and finally the URL.
/// </summary>
internal static class MetadataReader
{
    private static readonly HashSet<string> ArticleTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        "NewsArticle", "Article", "ReportageNewsArticle", "AnalysisNewsArticle", "OpinionNewsArticle", "BlogPosting",
        "BackgroundNewsArticle", "ReviewNewsArticle", "Report", "LiveBlogPosting", "TechArticle", "ScholarlyArticle",
        "SocialMediaPosting", "AskPublicNewsArticle", "SatiricalArticle", "Review", "MedicalWebPage", "MedicalScholarlyArticle",
    };

    public static PageMetadata Read(IHtmlDocument doc, string? url)
    {
        var scan = PageScan.Of(doc);
        var meta = MetaTags(scan.Metas);
        var ld = new JsonLdFacts();
        foreach (var script in scan.JsonLd)
        {
            ReadJsonLd(script.TextContent, ld);
        }

        string? M(params string[] keys)
        {
            foreach (var k in keys)
            {
                if (meta.TryGetValue(k, out var v) && !string.IsNullOrWhiteSpace(v))
                {
                    return v.Trim();
                }
            }

            return null;
        }

        var outlet = SiteName(M("og:site_name", "application-name", "al:android:app_name", "al:iphone:app_name", "twitter:app:name:iphone"))
            ?? SiteName(ld.Publisher);
        // "CTVNews" beside a publisher called "CTV News": the spaced form is the name people read.
        if (outlet is not null && SiteName(ld.Publisher) is { } publisher && !outlet.Contains(' ', StringComparison.Ordinal)
            && publisher.Replace(" ", "", StringComparison.Ordinal).Equals(outlet, StringComparison.OrdinalIgnoreCase))
        {
            outlet = publisher;
        }

        var h1 = scan.H1;
        var docTitle = Clean(doc.Title) ?? scan.Title;
        var ldTitle = Clean(ld.Headline);
        // Wikipedia-style JSON-LD: "headline" is a description, "name" the title the page shows.
        if (ldTitle is not null && Clean(ld.Name) is { } ldName && ldName != ldTitle && docTitle is not null
            && docTitle.Contains(ldName, StringComparison.Ordinal) && !docTitle.Contains(ldTitle, StringComparison.Ordinal))
        {
            ldTitle = ldName;
        }

        // A "name" that is the publisher's own name is no headline.
        if (ldTitle is not null && ((outlet is not null && ldTitle.Equals(outlet, StringComparison.OrdinalIgnoreCase))
            || (Clean(ld.Publisher) is { } pubName && ldTitle.Equals(pubName, StringComparison.OrdinalIgnoreCase))))
        {
            ldTitle = null;
        }

        var rawTitle = ldTitle ?? Clean(M("og:title", "twitter:title", "sailthru.title", "parsely-title", "dc.title", "dc:title", "dcterms.title", "dcterms:title", "title"))
            ?? docTitle ?? h1 ?? "";
        rawTitle = Untruncated(rawTitle, Clean(M("og:title", "twitter:title")), h1, docTitle);
        string? suffix;
        string title;
        if (h1 is { Length: >= 15 } && docTitle is not null && docTitle.Contains(h1, StringComparison.Ordinal)
            && (outlet is null || !h1.Equals(outlet, StringComparison.OrdinalIgnoreCase)))
        {
            // The headline the page shows agrees with its <title>: that is the headline, whatever og:title says.
            title = h1;
            StripSiteSuffix(docTitle, outlet, h1, out suffix);
        }
        else
        {
            title = StripSiteSuffix(rawTitle, outlet, h1, out suffix);
        }

        outlet ??= SiteName(suffix) ?? SiteFromHost(url);

        var canonical = AbsoluteUrl(scan.Canonical, url)
            ?? AbsoluteUrl(M("og:url"), url) ?? url;

        var language = Lang(doc.DocumentElement.GetAttribute("lang")) ?? Lang(doc.DocumentElement.GetAttribute("xml:lang"))
            ?? Lang(M("content-language", "dc.language", "language")) ?? Lang(ld.Language) ?? Lang(M("og:locale"));

        var image = AbsoluteUrl(ld.Image, url) ?? AbsoluteUrl(M("og:image", "og:image:url", "og:image:secure_url", "twitter:image", "twitter:image:src"), url);

        var (published, dateOnly, evidence) = FindDate(scan, ld, M, meta, url, canonical);

        var authors = AuthorNames.Clean(ld.Authors, outlet);
        if (authors.Count == 0)
        {
            var fromMeta = new List<string>();
            foreach (var key in new[] { "author", "article:author", "byl", "parsely-author", "sailthru.author", "dc.creator", "dcterms.creator", "twitter:creator:name" })
            {
                if (meta.TryGetValue(key, out var v) && !string.IsNullOrWhiteSpace(v))
                {
                    fromMeta.Add(v);
                }
            }

            authors = AuthorNames.Clean(fromMeta, outlet);
        }

        if (authors.Count == 0)
        {
            authors = AuthorNames.Clean(BylineTexts(scan), outlet);
        }

        return new PageMetadata
        {
            Title = title,
            Authors = authors,
            Published = published,
            DateOnly = dateOnly,
            DateEvidence = evidence,
            Outlet = outlet,
            CanonicalUrl = canonical,
            Language = language,
            Image = image,
            JsonLdBody = ld.ArticleBody,
            JsonLdType = ld.Type,
            OgType = M("og:type"),
        };
    }

    private static readonly string[] DateKeys =
    [
        "article:published_time", "article:published", "og:published_time", "published_time", "article.published",
        "datepublished", "publishdate", "publish-date", "pubdate", "publication_date", "date.available", "dc.date.issued",
        "dcterms.created", "dcterms.issued", "dc.date", "sailthru.date", "parsely-pub-date", "date", "og:pubdate",
        "cxenseparse:recs:publishtime", "article_date_original", "original-publish-date", "release_date",
        // Less common spellings of the same field, seen across CMSs, scholarly and regional sites.
        "publish_date", "published_date", "date_published", "published-date", "article:post_date", "article:published_date",
        "dc.date.created", "dc.date.publication", "dcterms.date", "citation_publication_date", "citation_date",
        "rnews:datepublished", "originalpublicationdate", "displaydate", "og:regdate", "bt:pubdate", "pdate", "ptime",
        "shareaholic:article_published_time", "mediator_published_time", "item-publish-date", "twt-published-at",
    ];

    /// <summary>
    /// Finds the publication time, then gives a UTC value the page's own offset when another source states the same
    /// moment in local time ("2019-11-19T04:58Z" beside "2019-11-18 20:58"): the day a reader saw is the local one.
    /// </summary>
    private static (DateTimeOffset?, bool, DateEvidence) FindDate(PageScan scan, JsonLdFacts ld, Func<string[], string?> m,
        Dictionary<string, string> meta, string? url, string? canonical)
    {
        var found = FindDateRaw(scan, ld, m, url, canonical);
        if (found.Item1 is not { Offset.Ticks: 0 } utc || found.Item2 || found.Item3 is DateEvidence.Url or DateEvidence.Dateline)
        {
            return found;
        }

        var candidates = DateKeys.Select(k => meta.GetValueOrDefault(k))
            .Concat(scan.Times.Select(t => t.GetAttribute("datetime")))
            .Concat(scan.DatePublished.Select(e => e.GetAttribute("content") ?? e.GetAttribute("datetime")));
        foreach (var raw in candidates)
        {
            if (raw is null || DateFinder.ParseMachine(raw) is not { DateOnly: false } c)
            {
                continue;
            }

            if (c.Value.Offset != TimeSpan.Zero && Math.Abs((c.Value - utc).TotalMinutes) < 2)
            {
                return (c.Value, false, found.Item3);
            }

            // Written without an offset: read as UTC it differs from the moment by the page's offset.
            var shift = c.Value.UtcDateTime - utc.UtcDateTime;
            if (c.Value.Offset == TimeSpan.Zero && !HasOffset(raw) && shift != TimeSpan.Zero && Math.Abs(shift.TotalHours) <= 14
                && Math.Abs(shift.TotalMinutes % 15) < 1)
            {
                var offset = TimeSpan.FromMinutes(Math.Round(shift.TotalMinutes / 15) * 15);
                return (utc.ToOffset(offset), false, found.Item3);
            }
        }

        return found;
    }

    private static bool HasOffset(string raw)
    {
        var t = raw.Trim();
        if (t.EndsWith('Z') || t.EndsWith("GMT", StringComparison.OrdinalIgnoreCase) || t.EndsWith("UTC", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        // "+05:30", "-0500" after the time part.
        var timeAt = t.IndexOfAny(['T', ' ']);
        return timeAt > 0 && t.AsSpan(timeAt).IndexOfAny('+', '-') > 0;
    }

    private static (DateTimeOffset?, bool, DateEvidence) FindDateRaw(PageScan scan, JsonLdFacts ld, Func<string[], string?> m, string? url, string? canonical)
    {
        if (DateFinder.ParseMachine(ld.DatePublished) is { } a)
        {
            return (a.Value, a.DateOnly, DateEvidence.JsonLd);
        }

        if (DateFinder.ParseMachine(m(DateKeys)) is { } b)
        {
            return (b.Value, b.DateOnly, DateEvidence.MetaTag);
        }

        foreach (var el in scan.DatePublished)
        {
            var raw = el.GetAttribute("content") ?? el.GetAttribute("datetime") ?? el.TextContent;
            if (DateFinder.ParseMachine(raw) is { } c)
            {
                return (c.Value, c.DateOnly, DateEvidence.MetaTag);
            }
        }

        // A <time> marked as the publication first, then the first that is not marked as an update (blogs print
        // "Updated …" above "Posted …"), then any.
        for (var pass = 0; pass < 3; pass++)
        {
            foreach (var el in scan.Times)
            {
                var kind = TimeKind(el);
                if ((pass == 0 && kind <= 0) || (pass == 1 && kind < 0))
                {
                    continue;
                }

                var raw = el.GetAttribute("datetime");
                if (raw is not null && DateFinder.ParseMachine(raw) is { } t)
                {
                    return (t.Value, t.DateOnly, DateEvidence.TimeElement);
                }
            }
        }

        if ((DateFinder.FromUrl(url) ?? DateFinder.FromUrl(canonical)) is { } u)
        {
            return (u, true, DateEvidence.Url);
        }

        foreach (var el in scan.DateBoxes)
        {
            var text = el.TextContent;
            if (text.Length is > 5 and < 120 && DateFinder.ParseHuman(text) is { } h)
            {
                return (h.Value, h.DateOnly, DateEvidence.Dateline);
            }
        }

        // Last, the dateline that sits under most headlines ("Von … publiziert am 30. Juli 2018").
        if (scan.H1Element is { } h1 && Dateline(h1) is { } d)
        {
            return (d.Value, d.DateOnly, DateEvidence.Dateline);
        }

        return (null, false, DateEvidence.None);
    }

    /// <summary>1 for a &lt;time&gt; that says it is the publication, -1 for one that says it is an update, else 0.</summary>
    private static int TimeKind(IElement time)
    {
        if (time.HasAttribute("pubdate"))
        {
            return 1;
        }

        // WordPress marks an unchanged post "entry-date published updated": the publication mark wins.
        var own = time.GetAttribute("class") + " " + time.GetAttribute("itemprop");
        var name = (own.Trim().Length > 0 ? own : time.ParentElement?.GetAttribute("class") ?? "").ToLowerInvariant();
        if (name.Contains("publish", StringComparison.Ordinal) || name.Contains("posted", StringComparison.Ordinal)
            || name.Contains("created", StringComparison.Ordinal) || name.Contains("entry-date", StringComparison.Ordinal))
        {
            return 1;
        }

        return name.Contains("updat", StringComparison.Ordinal) || name.Contains("modif", StringComparison.Ordinal) ? -1 : 0;
    }

    private static (DateTimeOffset Value, bool DateOnly)? Dateline(IElement h1)
    {
        // The headline's box, or its parent when the box holds the headline alone.
        var box = h1.ParentElement;
        if (box is not null && box.TextContent.Trim().Length <= h1.TextContent.Trim().Length + 5)
        {
            box = box.ParentElement;
        }

        if (box is null)
        {
            return null;
        }

        var text = box.TextContent;
        var headline = h1.TextContent;
        var at = text.IndexOf(headline, StringComparison.Ordinal);
        if (at < 0)
        {
            return DateFinder.ParseHuman(text[..Math.Min(400, text.Length)]);
        }

        // Datelines sit just under the headline, sometimes just above it.
        var after = at + headline.Length;
        var below = text.AsSpan(after, Math.Min(300, text.Length - after)).ToString();
        var above = text.AsSpan(Math.Max(0, at - 200), Math.Min(200, at)).ToString();
        return DateFinder.ParseHuman(below) ?? DateFinder.ParseHuman(above);
    }

    private static IEnumerable<string> BylineTexts(PageScan scan)
    {
        foreach (var el in scan.Bylines)
        {
            var text = el.TextContent;
            if (text.Length is > 2 and < 200)
            {
                yield return text;
                yield break;
            }
        }
    }

    private static Dictionary<string, string> MetaTags(List<IElement> metas)
    {
        var map = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var el in metas)
        {
            var key = el.GetAttribute("property") ?? el.GetAttribute("name") ?? el.GetAttribute("itemprop") ?? el.GetAttribute("http-equiv");
            var content = el.GetAttribute("content");
            if (key is null || content is null)
            {
                continue;
            }

            // RDFa lets one tag carry several properties: property="dc:title og:title".
            foreach (var one in key.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
            {
                if (map.TryGetValue(one, out var existing))
                {
                    // Several article:author tags are several authors; other keys keep their first value.
                    if (one.Equals("article:author", StringComparison.OrdinalIgnoreCase) || one.Equals("author", StringComparison.OrdinalIgnoreCase))
                    {
                        map[one] = existing + "\u001F" + content;
                    }

                    continue;
                }

                map[one] = content;
            }
        }

        return map;
    }

    /// <summary>
    /// A headline cut short for search engines or cards ("The council votes to close the…", or cut mid-word at a
    /// length limit) gives way to a fuller field that begins with the same words.
    /// </summary>
    internal static string Untruncated(string title, params string?[] fuller)
    {
        var t = title.AsSpan().TrimEnd();
        var ellipsis = t.EndsWith("…", StringComparison.Ordinal) || t.EndsWith("...", StringComparison.Ordinal);
        var stem = ellipsis ? t.TrimEnd("….").TrimEnd().ToString() : t.ToString();
        if (stem.Length < 15)
        {
            return title;
        }

        foreach (var f in fuller)
        {
            if (f is null || f.Length <= stem.Length || !f.StartsWith(stem, StringComparison.Ordinal))
            {
                continue;
            }

            // Without an ellipsis only a cut inside a word gives the shortening away: "Headline | Site" is whole.
            if (ellipsis || (char.IsLetterOrDigit(stem[^1]) && char.IsLetterOrDigit(f[stem.Length])))
            {
                return f;
            }
        }

        return title;
    }

    /// <summary>"Headline | Outlet" → "Headline"; the removed part is returned when it names the outlet.</summary>
    internal static string StripSiteSuffix(string title, string? outlet, string? h1, out string? suffix)
    {
        suffix = null;
        if (h1 is { Length: > 10 } && title.StartsWith(h1, StringComparison.Ordinal) && title.Length > h1.Length)
        {
            var rest = title[h1.Length..].Trim();
            if (rest.Length > 0 && rest[0] is '|' or '-' or '–' or '—' or ':' or '·' or '»')
            {
                suffix = Clean(rest.TrimStart('|', '-', '–', '—', ':', '·', '»'));
                return h1;
            }
        }

        string[] separators = [" | ", " - ", " – ", " — ", " :: ", " · ", " » ", " « "];
        foreach (var sep in separators)
        {
            var at = title.LastIndexOf(sep, StringComparison.Ordinal);
            if (at <= 0)
            {
                continue;
            }

            var head = title[..at].Trim();
            var tail = title[(at + sep.Length)..].Trim();
            var tailIsOutlet = outlet is not null && (tail.Contains(outlet, StringComparison.OrdinalIgnoreCase) || outlet.Contains(tail, StringComparison.OrdinalIgnoreCase));
            if (tailIsOutlet || (tail.Length <= 30 && head.Length >= 2 * tail.Length && CountWords(tail) <= 4))
            {
                suffix = tail;
                // Titles such as "Headline - Section | Outlet": strip again.
                return StripSiteSuffix(head, outlet, null, out _);
            }

            // "Outlet | Headline"
            var headIsOutlet = outlet is not null && head.Equals(outlet, StringComparison.OrdinalIgnoreCase);
            if (headIsOutlet)
            {
                suffix = head;
                return tail;
            }
        }

        return title;
    }

    /// <summary>"Autoracing | F1 | Indy" → "Autoracing": site names often carry a slogan or section list.</summary>
    private static string? SiteName(string? raw)
    {
        var s = Clean(raw);
        if (s is null)
        {
            return null;
        }

        foreach (var sep in new[] { " | ", " - ", " – ", " — ", ": " })
        {
            var at = s.IndexOf(sep, StringComparison.Ordinal);
            if (at > 1)
            {
                s = s[..at].Trim();
            }
        }

        return s.StartsWith('@') ? null : s;
    }

    /// <summary>The registrable name of the host, capitalised ("blog.ascom.com" → "Ascom"), when nothing names the outlet.</summary>
    private static string? SiteFromHost(string? url)
    {
        if (url is null || !Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return null;
        }

        var labels = uri.Host.Split('.');
        if (labels.Length < 2)
        {
            return null;
        }

        var index = labels.Length - 2;
        // "bbc.co.uk", "folha.com.br": a short second-level label under a country code is not the name.
        if (labels.Length >= 3 && labels[^1].Length == 2 && labels[^2].Length <= 3)
        {
            index = labels.Length - 3;
        }

        var name = labels[index];
        return name.Length < 2 ? null : char.ToUpperInvariant(name[0]) + name[1..];
    }

    private static int CountWords(string s) => s.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;

    internal static string? Clean(string? s)
    {
        if (string.IsNullOrWhiteSpace(s))
        {
            return null;
        }

        var t = System.Net.WebUtility.HtmlDecode(s);
        t = string.Join(' ', t.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return t.Length == 0 ? null : t;
    }

    private static string? Lang(string? s)
    {
        if (string.IsNullOrWhiteSpace(s))
        {
            return null;
        }

        var t = s.Trim().Replace('_', '-');
        var dash = t.IndexOf('-', StringComparison.Ordinal);
        var primary = (dash > 0 ? t[..dash] : t).ToLowerInvariant();
        return primary.Length is 2 or 3 && primary.All(char.IsAsciiLetterLower) ? primary : null;
    }

    private static string? AbsoluteUrl(string? href, string? baseUrl)
    {
        if (string.IsNullOrWhiteSpace(href))
        {
            return null;
        }

        href = href.Trim();
        if (Uri.TryCreate(href, UriKind.Absolute, out var abs) && (abs.Scheme == Uri.UriSchemeHttp || abs.Scheme == Uri.UriSchemeHttps))
        {
            return abs.ToString();
        }

        if (href.StartsWith("//", StringComparison.Ordinal))
        {
            return "https:" + href;
        }

        if (baseUrl is not null && Uri.TryCreate(baseUrl, UriKind.Absolute, out var b) && Uri.TryCreate(b, href, out var rel))
        {
            return rel.ToString();
        }

        return null;
    }

    /// <summary>The elements metadata comes from, gathered in one walk of the document instead of a query per field.</summary>
    private sealed class PageScan
    {
        public List<IElement> Metas { get; } = [];
        public List<IElement> JsonLd { get; } = [];
        public List<IElement> DatePublished { get; } = [];
        public List<IElement> Times { get; } = [];
        public List<IElement> Bylines { get; } = [];
        public List<IElement> DateBoxes { get; } = [];
        public string? Canonical { get; set; }
        public string? H1 { get; set; }
        public IElement? H1Element { get; set; }

        /// <summary>The first &lt;title&gt; with text outside SVG: some pages open with an empty one.</summary>
        public string? Title { get; set; }

        public static PageScan Of(IHtmlDocument doc)
        {
            var scan = new PageScan();
            // Iterative pre-order walk over elements only; cheaper than a query per field and never recursive.
            var stack = new Stack<IElement>();
            if (doc.DocumentElement is { } rootElement)
            {
                stack.Push(rootElement);
            }

            while (stack.Count > 0)
            {
                var el = stack.Pop();
                for (var c = el.LastElementChild; c is not null; c = c.PreviousElementSibling)
                {
                    stack.Push(c);
                }

                switch (el.LocalName)
                {
                    case "meta":
                        scan.Metas.Add(el);
                        continue;
                    case "script":
                        if (el.GetAttribute("type") is { } type && type.Contains("ld+json", StringComparison.OrdinalIgnoreCase))
                        {
                            scan.JsonLd.Add(el);
                        }

                        continue;
                    case "link":
                        if (scan.Canonical is null && el.GetAttribute("rel") is { } rel && rel.Equals("canonical", StringComparison.OrdinalIgnoreCase))
                        {
                            scan.Canonical = el.GetAttribute("href");
                        }

                        continue;
                    case "style" or "noscript" or "svg" or "path":
                        continue;
                    case "title":
                        scan.Title ??= Clean(el.TextContent);
                        continue;
                    case "h1":
                        if (scan.H1Element is null)
                        {
                            scan.H1Element = el;
                            scan.H1 = Clean(el.TextContent);
                        }

                        break;
                    case "time":
                        scan.Times.Add(el);
                        scan.DateBoxes.Add(el);
                        break;
                    default:
                        break;
                }

                string? className = null;
                string? id = null;
                foreach (var attr in el.Attributes)
                {
                    switch (attr.LocalName)
                    {
                        case "class":
                            className = attr.Value;
                            break;
                        case "id":
                            id = attr.Value;
                            break;
                        case "itemprop":
                            if (attr.Value == "datePublished")
                            {
                                scan.DatePublished.Add(el);
                            }
                            else if (attr.Value == "author")
                            {
                                scan.Bylines.Add(el);
                            }

                            break;
                        case "rel":
                            if (attr.Value == "author")
                            {
                                scan.Bylines.Add(el);
                            }

                            break;
                        default:
                            break;
                    }
                }

                if (className is not null)
                {
                    if (className.Contains("byline", StringComparison.OrdinalIgnoreCase) || className.Contains("author-name", StringComparison.OrdinalIgnoreCase)
                        || className.Contains("authorName", StringComparison.Ordinal))
                    {
                        scan.Bylines.Add(el);
                    }

                    if (el.LocalName != "time" && (className.Contains("date", StringComparison.OrdinalIgnoreCase) || className.Contains("time", StringComparison.OrdinalIgnoreCase)
                        || className.Contains("publish", StringComparison.OrdinalIgnoreCase)))
                    {
                        scan.DateBoxes.Add(el);
                    }
                }
                else if (id is not null && id.Contains("date", StringComparison.OrdinalIgnoreCase) && el.LocalName != "time")
                {
                    scan.DateBoxes.Add(el);
                }
            }

            return scan;
        }
    }

    private sealed class JsonLdFacts
    {
        public string? Type;
        public string? Headline;
        public string? Name;
        public string? DatePublished;
        public string? Publisher;
        public string? ArticleBody;
        public string? Image;
        public string? Language;
        public List<string> Authors = [];
        public bool Found;
    }

    private static void ReadJsonLd(string json, JsonLdFacts facts)
    {
        if (json.Length > 2_000_000)
        {
            return;
        }

        json = StripCData(json);
        var options = new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip, MaxDepth = 64 };
        try
        {
            using var doc = JsonDocument.Parse(json, options);
            Visit(doc.RootElement, facts, 0);
        }
        catch (JsonException)
        {
            // Raw line breaks inside strings are the commonest fault (article bodies pasted in); outside strings
            // they are whitespace anyway, so blanking every control character repairs without changing meaning.
            try
            {
                var repaired = string.Create(json.Length, json, static (span, src) =>
                {
                    for (var i = 0; i < src.Length; i++)
                    {
                        span[i] = src[i] < ' ' ? ' ' : src[i];
                    }
                });
                using var doc = JsonDocument.Parse(repaired, options);
                Visit(doc.RootElement, facts, 0);
            }
            catch (JsonException)
            {
                // Still broken (unescaped quotes in a headline): the meta tags still count.
            }
        }
    }

    /// <summary>"&lt;![CDATA[ {...} ]]&gt;" (and the "//&lt;![CDATA[" form) around a JSON-LD block → the JSON inside.</summary>
    internal static string StripCData(string json)
    {
        var t = json.AsSpan().Trim();
        if (t.StartsWith("//", StringComparison.Ordinal) && t.Length > 2 && t[2..].TrimStart().StartsWith("<![CDATA[", StringComparison.Ordinal))
        {
            t = t[2..].TrimStart();
        }

        if (!t.StartsWith("<![CDATA[", StringComparison.Ordinal))
        {
            return json;
        }

        t = t["<![CDATA[".Length..].TrimEnd();
        if (t.EndsWith("]]>", StringComparison.Ordinal))
        {
            t = t[..^3].TrimEnd();
            if (t.EndsWith("//", StringComparison.Ordinal))
            {
                t = t[..^2];
            }
        }

        return t.ToString();
    }

    private static void Visit(JsonElement e, JsonLdFacts facts, int depth)
    {
        if (depth > 8 || facts.Found)
        {
            return;
        }

        if (e.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in e.EnumerateArray())
            {
                Visit(item, facts, depth + 1);
            }

            return;
        }

        if (e.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        if (e.TryGetProperty("@graph", out var graph))
        {
            Visit(graph, facts, depth + 1);
        }

        if (!IsArticleType(e))
        {
            if (e.TryGetProperty("mainEntity", out var main))
            {
                Visit(main, facts, depth + 1);
            }

            return;
        }

        facts.Found = true;
        facts.Type = TypeName(e);
        facts.Headline = Str(e, "headline") ?? Str(e, "name");
        facts.Name = Str(e, "name");
        facts.DatePublished = Str(e, "datePublished") ?? Str(e, "dateCreated");
        facts.ArticleBody = Str(e, "articleBody");
        facts.Language = Str(e, "inLanguage");
        if (e.TryGetProperty("publisher", out var pub))
        {
            facts.Publisher = pub.ValueKind == JsonValueKind.String ? pub.GetString() : NameOf(pub);
        }

        if (e.TryGetProperty("image", out var img))
        {
            facts.Image = UrlOf(img);
        }

        if (e.TryGetProperty("author", out var author))
        {
            AddNames(author, facts.Authors);
        }

        if (facts.Authors.Count == 0 && e.TryGetProperty("creator", out var creator))
        {
            AddNames(creator, facts.Authors);
        }
    }

    private static bool IsArticleType(JsonElement e)
    {
        if (!e.TryGetProperty("@type", out var t))
        {
            return false;
        }

        if (t.ValueKind == JsonValueKind.String)
        {
            return ArticleTypes.Contains(t.GetString() ?? "");
        }

        if (t.ValueKind == JsonValueKind.Array)
        {
            foreach (var x in t.EnumerateArray())
            {
                if (x.ValueKind == JsonValueKind.String && ArticleTypes.Contains(x.GetString() ?? ""))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static string? TypeName(JsonElement e) =>
        e.TryGetProperty("@type", out var t) ? (t.ValueKind == JsonValueKind.String ? t.GetString() : t.ValueKind == JsonValueKind.Array && t.GetArrayLength() > 0 ? t[0].ToString() : null) : null;

    private static void AddNames(JsonElement e, List<string> names)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.String when e.GetString() is { } s:
                names.Add(s);
                break;
            case JsonValueKind.Array:
                foreach (var x in e.EnumerateArray())
                {
                    AddNames(x, names);
                }

                break;
            case JsonValueKind.Object when NameOf(e) is { } n:
                names.Add(n);
                break;
            default:
                break;
        }
    }

    private static string? NameOf(JsonElement e) => e.ValueKind == JsonValueKind.Object ? Str(e, "name") : null;

    private static string? UrlOf(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => e.GetString(),
        JsonValueKind.Object => Str(e, "url") ?? Str(e, "contentUrl"),
        JsonValueKind.Array => e.GetArrayLength() > 0 ? UrlOf(e[0]) : null,
        _ => null,
    };

    private static string? Str(JsonElement e, string name)
    {
        if (!e.TryGetProperty(name, out var v))
        {
            return null;
        }

        return v.ValueKind switch
        {
            JsonValueKind.String => v.GetString(),
            JsonValueKind.Array when v.GetArrayLength() > 0 && v[0].ValueKind == JsonValueKind.String => v[0].GetString(),
            _ => null,
        };
    }
}
