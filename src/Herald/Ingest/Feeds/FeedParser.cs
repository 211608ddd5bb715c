using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace Herald.Ingest.Feeds;

/// <summary>
/// Parses RSS 0.9x/1.0/2.0, Atom 0.3/1.0, CDF and JSON Feed into one <see cref="ParsedFeed"/>. Never
/// throws on bad input: a document that breaks XML rules is re-read leniently and marked not well formed.
/// Thread-safe and stateless; create once and reuse.
/// </summary>
public sealed class FeedParser
{
    internal const string AtomNs = "http://www.w3.org/2005/Atom";
    internal const string Atom03Ns = "http://purl.org/atom/ns#";
    internal const string XhtmlNs = "http://www.w3.org/1999/xhtml";
    private const string RdfNs = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
    private const string Rss090Ns = "http://my.netscape.com/rdf/simple/0.9/";
    private const string Rss10Ns = "http://purl.org/rss/1.0/";
    private static readonly XNamespace XmlNs = XNamespace.Xml;

    /// <summary>Namespace URIs mapped to the prefix this parser uses for them, whatever the feed calls them.</summary>
    private static readonly Dictionary<string, string> Prefixes = new(StringComparer.OrdinalIgnoreCase)
    {
        [""] = "", [AtomNs] = "", [Atom03Ns] = "", [Rss090Ns] = "", [Rss10Ns] = "",
        ["http://backend.userland.com/rss2"] = "", ["http://blogs.law.harvard.edu/tech/rss"] = "",
        ["http://purl.org/rss/2.0/"] = "", ["http://purl.org/net/rss1.1#"] = "",
        ["http://purl.org/dc/elements/1.1/"] = "dc", ["http://purl.org/dc/terms/"] = "dcterms",
        ["http://purl.org/rss/1.0/modules/content/"] = "content", [XhtmlNs] = "xhtml", [RdfNs] = "rdf",
        ["http://webns.net/mvcb/"] = "admin", ["http://purl.org/rss/1.0/modules/syndication/"] = "sy",
        ["http://www.itunes.com/dtds/podcast-1.0.dtd"] = "itunes", ["http://search.yahoo.com/mrss/"] = "media",
        ["http://search.yahoo.com/mrss"] = "media", ["http://www.w3.org/2005/Atom/"] = "",
        ["http://purl.org/atom/ns#draft-ietf-atompub-format-08"] = "",
    };

    public ParsedFeed Parse(ReadOnlySpan<byte> bytes, string? contentType = null, Uri? documentUri = null)
    {
        var trimmed = SkipWhitespace(bytes);
        if (trimmed.Length > 0 && trimmed[0] == (byte)'{')
        {
            return JsonFeedParser.Parse(bytes, documentUri);
        }

        var decoded = FeedDecoder.Decode(bytes, contentType);
        var result = ParseText(decoded.Text, documentUri) with { Encoding = decoded.Encoding };
        if (decoded.Problem is not null)
        {
            result = result with { WellFormed = false, Problem = result.Problem ?? decoded.Problem };
        }

        return result;
    }

    public ParsedFeed ParseText(string text, Uri? documentUri = null)
    {
        string? problem = null;
        XDocument? doc = null;
        try
        {
            doc = Load(FeedDecoder.FixEntities(text, escapeBareAmpersands: false));
        }
        catch (XmlException e)
        {
            problem = $"not well-formed XML: {e.Message}";
        }

        if (doc is null)
        {
            try
            {
                doc = Load(FeedDecoder.FixEntities(text, escapeBareAmpersands: true));
            }
            catch (XmlException)
            {
                try
                {
                    doc = LenientXml.Load(text);
                }
                catch (XmlException e)
                {
                    // Something no tree could hold even leniently: report it as the document's problem.
                    return new ParsedFeed { WellFormed = false, Problem = problem ?? $"unreadable XML: {e.Message}" };
                }
            }
        }

        if (doc?.Root is null)
        {
            return new ParsedFeed { WellFormed = false, Problem = problem ?? "empty document" };
        }

        ExtraDefault = null;
        var netscape = text.AsSpan(0, Math.Min(text.Length, 4096)).Contains("Netscape Communications//DTD RSS 0.91", StringComparison.OrdinalIgnoreCase);
        var result = new Reader(documentUri, netscape).Read(doc.Root);
        return problem is null ? result : result with { WellFormed = false, Problem = problem };
    }

    private static XDocument Load(string xml)
    {
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Ignore,
            XmlResolver = null,
            CheckCharacters = false,
            MaxCharactersFromEntities = 1 << 20,
        };
        var names = new NameTable();
        var context = new XmlParserContext(names, new KnownPrefixes(names), null, XmlSpace.None);
        using var reader = XmlReader.Create(new StringReader(xml), settings, context);
        return XDocument.Load(reader, LoadOptions.PreserveWhitespace);
    }

    private static ReadOnlySpan<byte> SkipWhitespace(ReadOnlySpan<byte> b)
    {
        var i = 0;
        if (b.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            i = 3;
        }

        while (i < b.Length && b[i] is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t')
        {
            i++;
        }

        return b[i..];
    }

    /// <summary>Prefixes feeds often use without declaring; declaring them up front saves the document.</summary>
    private sealed class KnownPrefixes : XmlNamespaceManager
    {
        public KnownPrefixes(XmlNameTable names)
            : base(names)
        {
            AddNamespace("dc", "http://purl.org/dc/elements/1.1/");
            AddNamespace("content", "http://purl.org/rss/1.0/modules/content/");
            AddNamespace("media", "http://search.yahoo.com/mrss/");
            AddNamespace("itunes", "http://www.itunes.com/dtds/podcast-1.0.dtd");
            AddNamespace("atom", AtomNs);
            AddNamespace("rdf", RdfNs);
            AddNamespace("dcterms", "http://purl.org/dc/terms/");
            AddNamespace("sy", "http://purl.org/rss/1.0/modules/syndication/");
        }
    }

    /// <summary>One pass over one document; holds the document URL for relative references.</summary>
    private sealed class Reader(Uri? documentUri, bool netscapeDtd)
    {
        private FeedFormat _format;

        private bool IsAtom => _format is FeedFormat.Atom03 or FeedFormat.Atom10;

        public ParsedFeed Read(XElement root)
        {
            var name = Key(root);
            if (name.EndsWith(":feed", StringComparison.Ordinal) || name.EndsWith(":rss", StringComparison.Ordinal) || (root.Name.LocalName is "feed" or "rss" && root.Name.NamespaceName.Length > 0 && !Prefixes.ContainsKey(root.Name.NamespaceName)))
            {
                // A feed in a namespace nobody registered: read its vocabulary as the plain format.
                ExtraDefault = root.Name.NamespaceName;
                name = root.Name.LocalName;
            }

            XElement? channel = null;
            IEnumerable<XElement> items = [];
            switch (name)
            {
                case "rss":
                    var version = (string?)root.Attribute("version") ?? "";
                    _format = version.Trim() switch
                    {
                        "0.91" => netscapeDtd ? FeedFormat.Rss091Netscape : FeedFormat.Rss091,
                        "0.92" => FeedFormat.Rss092,
                        "0.93" => FeedFormat.Rss093,
                        "0.94" => FeedFormat.Rss094,
                        "0.90" => FeedFormat.Rss090,
                        var v when v.StartsWith("2.", StringComparison.Ordinal) => FeedFormat.Rss20,
                        _ => FeedFormat.Rss,
                    };
                    channel = Child(root, "channel") ?? root;
                    items = Children(channel, "item").Concat(channel == root ? [] : Children(root, "item"));
                    break;
                case "rdf:RDF":
                    _format = root.GetDefaultNamespace().NamespaceName == Rss090Ns || root.Elements().Any(e => e.Name.NamespaceName == Rss090Ns) ? FeedFormat.Rss090 : FeedFormat.Rss10;
                    channel = Child(root, "channel") ?? root;
                    items = Children(root, "item").Concat(Children(channel, "item"));
                    break;
                case "feed":
                    _format = root.Name.NamespaceName == AtomNs ? FeedFormat.Atom10 : FeedFormat.Atom03;
                    channel = root;
                    items = Children(root, "entry");
                    break;
                default:
                    if (root.Name.LocalName.Equals("channel", StringComparison.OrdinalIgnoreCase))
                    {
                        return CdfReader.Read(root, documentUri);
                    }

                    return new ParsedFeed { WellFormed = true, Problem = $"the document is <{root.Name.LocalName}>, not a feed" };
            }

            return new ParsedFeed
            {
                Format = _format,
                Channel = ReadChannel(channel, isSource: false),
                Items = items.Select(ReadItem).ToList(),
            };
        }

        private FeedChannel ReadChannel(XElement e, bool isSource)
        {
            FeedText? title = null, subtitle = null, info = null, rights = null;
            string? link = null, id = null, language = null, image = null, icon = null;
            FeedDate? updated = null, published = null;
            FeedPerson? publisher = null;
            FeedGenerator? generator = null;
            int? ttl = null;
            var links = new List<FeedLink>();
            var authors = new List<FeedPerson>();
            var contributors = new List<FeedPerson>();
            var categories = new List<FeedCategory>();
            foreach (var c in e.Elements())
            {
                switch (Key(c))
                {
                    case "title" or "dc:title":
                        title ??= Text(c, IsAtom ? "text/plain" : "text/plain");
                        break;
                    case "subtitle" or "tagline" or "description" or "dc:description" or "itunes:subtitle":
                        subtitle ??= Text(c, IsAtom ? "text/plain" : "text/html");
                        break;
                    case "info":
                        info ??= Text(c, "text/plain");
                        break;
                    case "rights" or "copyright" or "dc:rights" or "dcterms:rights":
                        rights ??= Text(c, IsAtom ? "text/plain" : "text/plain");
                        break;
                    case "link":
                        ReadLink(c, links, ref link);
                        break;
                    case "id" or "guid":
                        id ??= Value(c).StartsWith('/') ? ResolveUrl(Value(c), c) : Value(c);
                        break;
                    case "updated" or "modified" or "lastBuildDate" or "dc:date" or "dcterms:modified":
                        updated = FeedDateParser.Parse(Value(c));
                        break;
                    case "published" or "issued" or "pubDate" or "dcterms:issued":
                        published = FeedDateParser.Parse(Value(c));
                        break;
                    case "author" or "managingEditor" or "dc:creator" or "dc:author" or "itunes:author":
                        authors.Add(Person(c));
                        break;
                    case "contributor" or "dc:contributor":
                        contributors.Add(Person(c));
                        break;
                    case "webMaster" or "dc:publisher":
                        publisher ??= Person(c);
                        break;
                    case "generator":
                        generator ??= new FeedGenerator(Value(c), Resolve((string?)c.Attribute("uri") ?? (string?)c.Attribute("url"), c), (string?)c.Attribute("version"));
                        break;
                    case "admin:generatorAgent":
                        generator ??= new FeedGenerator("", Resolve((string?)c.Attribute(XName.Get("resource", RdfNs)), c), null);
                        break;
                    case "language" or "dc:language":
                        language ??= Value(c).Replace('_', '-');
                        break;
                    case "category" or "dc:subject":
                        if (Category(c) is { } cat)
                        {
                            categories.Add(cat);
                        }

                        break;
                    case "image":
                        image ??= Resolve(Child(c, "url") is { } u ? Value(u) : (string?)c.Attribute(XName.Get("resource", RdfNs)), c);
                        break;
                    case "logo":
                        image ??= ResolveUrl(Value(c), c);
                        break;
                    case "icon":
                        icon ??= ResolveUrl(Value(c), c);
                        break;
                    case "sy:updatePeriod":
                        var periodMinutes = Value(c).ToLowerInvariant() switch
                        {
                            "hourly" => 60, "daily" => 1440, "weekly" => 10080, "monthly" => 43200, "yearly" => 525600, _ => 0,
                        };
                        var frequency = Child(e, "sy:updateFrequency") is { } f && int.TryParse(Value(f), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var n) && n > 0 ? n : 1;
                        ttl ??= periodMinutes > 0 ? Math.Max(1, periodMinutes / frequency) : null;
                        break;
                    case "ttl":
                        ttl ??= int.TryParse(Value(c), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var t) && t > 0 ? t : null;
                        break;
                    default:
                        break;
                }
            }

            _ = isSource;
            language ??= Lang(e);
            if (authors.Count == 0 && publisher is null && !isSource && e.Parent is not null && e.Parent != e.Document?.Root)
            {
                // Nothing to inherit: only Atom sources look upwards, handled by the caller.
            }

            return new FeedChannel
            {
                Title = title, Subtitle = subtitle, Info = info, Rights = rights, Link = link ?? links.FirstOrDefault(l => l.Rel == "alternate")?.Href,
                Links = links, Id = id, Updated = updated, Published = published, Authors = authors,
                Contributors = contributors, Publisher = publisher, Generator = generator, Language = language,
                Categories = categories, Image = image, Icon = icon, TtlMinutes = ttl,
            };
        }

        private FeedItem ReadItem(XElement e)
        {
            FeedText? title = null, summary = null, rights = null;
            string? id = null, link = null, comments = null, language = null;
            var idIsLink = false;
            FeedDate? published = null, updated = null, created = null;
            FeedPerson? publisher = null;
            FeedChannel? source = null;
            var links = new List<FeedLink>();
            var content = new List<FeedText>();
            var authors = new List<FeedPerson>();
            var contributors = new List<FeedPerson>();
            var categories = new List<FeedCategory>();
            var enclosures = new List<FeedEnclosure>();
            foreach (var c in e.Elements())
            {
                switch (Key(c))
                {
                    case "title" or "dc:title":
                        title ??= Text(c, "text/plain");
                        break;
                    case "summary" or "description" or "dc:description" or "abstract":
                        summary ??= Text(c, IsAtom ? "text/plain" : "text/html");
                        break;
                    case "content" when IsAtom:
                        content.Add(Text(c, "text/plain"));
                        break;
                    case "content:encoded" or "fullitem":
                        content.Add(Text(c, "text/html"));
                        break;
                    case "xhtml:body" or "body":
                        content.Add(new FeedText(Sanitize(InnerXml(c), c), "application/xhtml+xml", Lang(c), Base(c)?.AbsoluteUri));
                        break;
                    case "rights" or "copyright" or "dc:rights":
                        rights ??= Text(c, "text/plain");
                        break;
                    case "link":
                        ReadLink(c, links, ref link);
                        if (links.Count > 0 && links[^1] is { Rel: "enclosure" } el && (string?)c.Attribute("rel") == "enclosure")
                        {
                            enclosures.Add(new FeedEnclosure(el.Href, el.Type, el.Length));
                        }

                        break;
                    case "enclosure":
                        if (Resolve((string?)c.Attribute("url") ?? (string?)c.Attribute("href"), c) is { Length: > 0 } url)
                        {
                            enclosures.Add(new FeedEnclosure(url, (string?)c.Attribute("type"), (string?)c.Attribute("length")));
                            links.Add(new FeedLink(url, "enclosure", (string?)c.Attribute("type"), null, (string?)c.Attribute("length"), null));
                        }

                        break;
                    case "language" or "dc:language":
                        language ??= Value(c);
                        break;
                    case "id" or "guid":
                        if (id is null)
                        {
                            id = Value(c);
                            if (id.StartsWith('/'))
                            {
                                id = ResolveUrl(id, c);
                            }

                            var permalink = (string?)c.Attribute("isPermaLink");
                            if (Key(c) == "guid" && !string.Equals(permalink, "false", StringComparison.OrdinalIgnoreCase)
                                && (id.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || id.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || permalink is not null))
                            {
                                idIsLink = true;
                            }

                        }

                        break;
                    case "published" or "issued" or "pubDate" or "dcterms:issued":
                        published = FeedDateParser.Parse(Value(c));
                        break;
                    case "updated" or "modified" or "dc:date" or "dcterms:modified":
                        updated = FeedDateParser.Parse(Value(c));
                        break;
                    case "created" or "dcterms:created":
                        created = FeedDateParser.Parse(Value(c));
                        break;
                    case "author" or "dc:creator" or "dc:author" or "itunes:author":
                        authors.Add(Person(c));
                        break;
                    case "contributor" or "dc:contributor":
                        contributors.Add(Person(c));
                        break;
                    case "dc:publisher":
                        publisher ??= Person(c);
                        break;
                    case "category" or "dc:subject":
                        if (Category(c) is { } cat)
                        {
                            categories.Add(cat);
                        }

                        break;
                    case "comments":
                        comments ??= ResolveUrl(Value(c), c);
                        break;
                    case "source":
                        source ??= IsAtom
                            ? ReadChannel(c, isSource: true)
                            : new FeedChannel
                            {
                                Title = new FeedText(Value(c), "text/plain", Lang(c), Base(c)?.AbsoluteUri),
                                Links = Resolve((string?)c.Attribute("url"), c) is { Length: > 0 } su ? [new FeedLink(su, "self", null, null, null, null)] : [],
                            };
                        break;
                    default:
                        break;
                }
            }

            if (link is null && idIsLink && id is not null)
            {
                link = id;
            }

            link ??= links.FirstOrDefault(l => l.Rel == "alternate")?.Href;
            if (e.Attribute(XName.Get("about", RdfNs)) is { } about && id is null)
            {
                id = ResolveUrl(about.Value, e);
            }

            if (summary is null && content.Count > 0)
            {
                summary = content[0];
            }

            return new FeedItem
            {
                Id = id, IdIsLink = idIsLink, Title = title, Link = link, Links = links, Summary = summary, Content = content,
                Published = published, Updated = updated, Created = created, Authors = authors, Contributors = contributors,
                Publisher = publisher, Categories = categories, Enclosures = enclosures, Comments = comments, Rights = rights,
                Source = source, Language = language ?? Lang(e),
            };
        }

        private void ReadLink(XElement c, List<FeedLink> links, ref string? link)
        {
            var href = (string?)c.Attribute("href");
            if (href is null && c.Name.NamespaceName != AtomNs && c.Name.NamespaceName != Atom03Ns)
            {
                var value = Value(c);
                if (value.Length == 0)
                {
                    return;
                }

                var resolved = ResolveUrl(value, c);
                link ??= resolved;
                links.Add(new FeedLink(resolved, "alternate", "text/html", null, null, null));
                return;
            }

            href ??= Value(c);
            if (href.Length == 0)
            {
                return;
            }

            var rel = (string?)c.Attribute("rel") ?? "alternate";
            var url = ResolveUrl(href, c);
            var linkType = (string?)c.Attribute("type") ?? (rel == "self" ? "application/atom+xml" : rel == "alternate" ? "text/html" : null);
            links.Add(new FeedLink(url, rel, linkType, (string?)c.Attribute("title"), (string?)c.Attribute("length"), (string?)c.Attribute("hreflang")));
            if (rel == "alternate" && link is null)
            {
                var type = (string?)c.Attribute("type");
                if (type is null || type.Contains("html", StringComparison.OrdinalIgnoreCase))
                {
                    link = url;
                }
            }
        }

        private FeedPerson Person(XElement c)
        {
            if (c.HasElements)
            {
                string? Field(params string[] names) =>
                    c.Elements().FirstOrDefault(x => names.Contains(x.Name.LocalName)) is { } f ? Value(f) : null;
                var uri = Field("uri", "url", "homepage");
                return new FeedPerson(Field("name"), Field("email"), uri is null ? null : ResolveUrl(uri, c));
            }

            return ParsePersonText(Value(c));
        }

        /// <summary>Splits RSS author text such as "jo@example.com (Jo Smith)" or "Jo Smith &lt;jo@example.com&gt;".</summary>
        internal static FeedPerson ParsePersonText(string text)
        {
            var raw = text.Trim();
            var at = raw.IndexOf('@', StringComparison.Ordinal);
            if (at < 0)
            {
                return new FeedPerson(raw, null, null) { Raw = raw };
            }

            var start = at;
            while (start > 0 && !char.IsWhiteSpace(raw[start - 1]) && raw[start - 1] is not ('(' or '<' or ':'))
            {
                start--;
            }

            var end = at;
            while (end < raw.Length && !char.IsWhiteSpace(raw[end]) && raw[end] is not (')' or '>'))
            {
                end++;
            }

            var email = raw[start..end];
            if (email.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase))
            {
                email = email[7..];
            }

            var name = (raw[..start] + raw[end..]).Replace("()", "", StringComparison.Ordinal).Replace("<>", "", StringComparison.Ordinal)
                .Replace("mailto:", "", StringComparison.OrdinalIgnoreCase).Trim().Trim('(', ')', '<', '>').Trim();
            return new FeedPerson(name.Length == 0 ? null : name, email, null) { Raw = raw };
        }

        private static FeedCategory? Category(XElement c)
        {
            var term = (string?)c.Attribute("term") ?? Value(c);
            if (term.Length == 0)
            {
                return null;
            }

            return new FeedCategory(term, (string?)c.Attribute("scheme") ?? (string?)c.Attribute("domain"), (string?)c.Attribute("label"));
        }

        /// <summary>Reads a text construct, honouring Atom 1.0 types, Atom 0.3 modes and RSS's guesswork.</summary>
        private FeedText Text(XElement c, string defaultType)
        {
            var typeAttr = ((string?)c.Attribute("type"))?.Trim().ToLowerInvariant();
            var mode = ((string?)c.Attribute("mode"))?.Trim().ToLowerInvariant();
            var type = typeAttr switch
            {
                null or "" => defaultType,
                "text" => "text/plain",
                "html" => "text/html",
                "xhtml" => "application/xhtml+xml",
                _ => typeAttr,
            };
            if (_format != FeedFormat.Atom10 && !IsAtom && typeAttr is not null && c.Name.NamespaceName != AtomNs)
            {
                // RSS elements have no type attribute of their own; an author-supplied one is noise.
                type = defaultType;
            }

            var baseUri = Base(c);
            var src = (string?)c.Attribute("src");
            string value;
            if (type == "application/xhtml+xml" || mode == "xml" || (c.HasElements && (type != "text/html" || !IsAtom)))
            {
                var container = c;
                if (_format == FeedFormat.Atom10 && c.Elements().Count() == 1 && c.Elements().First() is { } div && div.Name.LocalName == "div"
                    && div.Name.NamespaceName == XhtmlNs && !c.Nodes().OfType<XText>().Any(t => !string.IsNullOrWhiteSpace(t.Value)))
                {
                    container = div;
                }

                value = InnerXml(container);
                if (type is "text/plain")
                {
                    type = "application/xhtml+xml";
                }
            }
            else if (mode == "base64" || (_format == FeedFormat.Atom10 && typeAttr is not null && IsBase64Type(type)))
            {
                try
                {
                    value = Encoding.UTF8.GetString(Convert.FromBase64String(Value(c)));
                    if (mode != "base64")
                    {
                        type = "text/plain";
                    }
                }
                catch (FormatException)
                {
                    value = Value(c);
                }
            }
            else
            {
                value = FeedDecoder.Demoronise(c.Value);
            }

            value = value.Trim();
            if (type == "text/plain" && !IsAtom && LooksLikeHtml(value))
            {
                type = "text/html";
            }

            if (type is "text/html" or "application/xhtml+xml" || type.EndsWith("+xml", StringComparison.Ordinal) && type.Contains("html", StringComparison.Ordinal))
            {
                value = HtmlSanitizer.Sanitize(value, baseUri).Trim();
            }

            return new FeedText(value, type, Lang(c), baseUri?.AbsoluteUri)
            {
                Source = src is null ? null : ResolveUrl(src, c),
            };
        }

        /// <summary>Atom 1.0 (RFC 4287 §4.1.3.3): a type that is neither text nor XML means base64 content.</summary>
        private static bool IsBase64Type(string type) =>
            !type.StartsWith("text/", StringComparison.Ordinal) && !type.EndsWith("/xml", StringComparison.Ordinal)
            && !type.EndsWith("+xml", StringComparison.Ordinal) && type.Contains('/', StringComparison.Ordinal);

        private string Sanitize(string html, XElement c) => HtmlSanitizer.Sanitize(html, Base(c)).Trim();

        /// <summary>HTML needs a closing tag or an entity to be told from prose, and every tag must be harmless.</summary>
        private static bool LooksLikeHtml(string s)
        {
            var closing = s.Contains("</", StringComparison.Ordinal);
            var entity = System.Text.RegularExpressions.Regex.IsMatch(s, @"&#?\w+;");
            if (!closing && !entity)
            {
                return false;
            }

            foreach (System.Text.RegularExpressions.Match m in System.Text.RegularExpressions.Regex.Matches(s, @"</?(\w+)"))
            {
                if (!HtmlSanitizer.IsAllowedElement(m.Groups[1].Value.ToLowerInvariant()))
                {
                    return false;
                }
            }

            foreach (System.Text.RegularExpressions.Match m in System.Text.RegularExpressions.Regex.Matches(s, @"&(\w+);"))
            {
                if (System.Net.WebUtility.HtmlDecode(m.Value) == m.Value)
                {
                    return false;
                }
            }

            return true;
        }

        private static string InnerXml(XElement e)
        {
            var sb = new StringBuilder();
            foreach (var n in e.Nodes())
            {
                WriteNode(sb, n);
            }

            return sb.ToString();
        }

        private static void WriteNode(StringBuilder sb, XNode n)
        {
            switch (n)
            {
                case XCData cdata:
                    sb.Append(Escape(cdata.Value));
                    break;
                case XText text:
                    sb.Append(Escape(text.Value));
                    break;
                case XElement el:
                    sb.Append('<').Append(el.Name.LocalName);
                    foreach (var a in el.Attributes().Where(a => !a.IsNamespaceDeclaration))
                    {
                        var name = a.Name.Namespace == XNamespace.Xml ? "xml:" + a.Name.LocalName : a.Name.LocalName;
                        sb.Append(' ').Append(name).Append("=\"").Append(Escape(a.Value).Replace("\"", "&quot;", StringComparison.Ordinal)).Append('"');
                    }

                    sb.Append('>');
                    foreach (var child in el.Nodes())
                    {
                        WriteNode(sb, child);
                    }

                    sb.Append("</").Append(el.Name.LocalName).Append('>');
                    break;
                default:
                    break;
            }
        }

        private static string Escape(string s) =>
            s.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);

        private static string Value(XElement c) => FeedDecoder.Demoronise(c.Value).Trim();

        private string ResolveUrl(string value, XElement c) => Resolve(value, c) ?? value;

        private string? Resolve(string? value, XElement c)
        {
            if (value is null)
            {
                return null;
            }

            var trimmed = value.Trim();
            if (trimmed.Length == 0)
            {
                return trimmed;
            }

            return HtmlSanitizer.ResolveUrl(trimmed, Base(c)) ?? "";
        }

        /// <summary>The base URI in scope at <paramref name="e"/>: xml:base attributes resolved outward-in.</summary>
        private Uri? Base(XElement e)
        {
            var chain = new List<string>();
            for (var x = e; x is not null; x = x.Parent)
            {
                if (x.Attribute(XmlNs + "base") is { } b)
                {
                    chain.Add(b.Value.Trim());
                }
            }

            var current = documentUri;
            for (var i = chain.Count - 1; i >= 0; i--)
            {
                if (Uri.TryCreate(chain[i], UriKind.Absolute, out var abs) && !abs.IsFile)
                {
                    current = abs;
                }
                else if (current is not null && Uri.TryCreate(current, chain[i], out var rel))
                {
                    current = rel;
                }
            }

            return current;
        }

        private static string? Lang(XElement e)
        {
            for (var x = e; x is not null; x = x.Parent)
            {
                if (x.Attribute(XmlNs + "lang") is { } l)
                {
                    return l.Value.Length == 0 ? null : l.Value.Replace('_', '-');
                }
            }

            return null;
        }

        private static XElement? Child(XElement e, string key) => e.Elements().FirstOrDefault(c => Key(c) == key);

        private static IEnumerable<XElement> Children(XElement e, string key) => e.Elements().Where(c => Key(c) == key);
    }

    [ThreadStatic]
    private static string? ExtraDefault;

    /// <summary>The element's name with its namespace replaced by this parser's canonical prefix.</summary>
    internal static string Key(XElement e)
    {
        var ns = e.Name.NamespaceName;
        if (ns == ExtraDefault)
        {
            return e.Name.LocalName;
        }

        if (!Prefixes.TryGetValue(ns, out var prefix))
        {
            prefix = e.GetPrefixOfNamespace(e.Name.Namespace) ?? "unknown";
        }

        return prefix.Length == 0 ? e.Name.LocalName : prefix + ":" + e.Name.LocalName;
    }
}
