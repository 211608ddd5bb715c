using System.Globalization;
using System.IO.Compression;
using System.Security;
using System.Text;
using System.Text.Json;
using Herald.Ingest.Feeds;
using Herald.Model;

namespace Herald.Fuzz;

/// <summary>
/// Builds a target's seed corpus at run time from the shared datasets (<c>../shared/data</c>), never from files
/// kept in the repository: the feed parser's test suite for feeds, the extraction sets for HTML, WARC, sitemaps,
/// JSONL and queries, the seed page for seed pages. Seeds are small (AFL mutates small inputs far faster) and few
/// (a few dozen per target); the choice is deterministic, so two runs start from the same corpus.
/// </summary>
internal sealed class Corpus(string data, string seedDir, string output)
{
    /// <summary>Seeds above this size are cut (HTML) or left out (feeds): AFL's speed falls with input size.</summary>
    private const int MaxSeedBytes = 48 * 1024;

    private const int PerTarget = 40;

    private int _written;

    public int Build(string target)
    {
        Directory.CreateDirectory(output);
        switch (target)
        {
            case "rss": FeedSeeds(t => t.Contains("<rss", StringComparison.Ordinal)); break;
            case "atom": FeedSeeds(t => t.Contains("<feed", StringComparison.Ordinal)); break;
            case "rdf": FeedSeeds(t => t.Contains("rdf:RDF", StringComparison.Ordinal) || t.Contains("<channel rdf:", StringComparison.Ordinal)); break;
            case "json-feed": JsonFeedSeeds(); break;
            case "opml": OpmlSeeds(); break;
            case "sitemap": SitemapSeeds(); break;
            case "warc": WarcSeeds(); break;
            case "seed-page": SeedPageSeeds(); break;
            case "html": HtmlSeeds(); break;
            case "query": QuerySeeds(); break;
            case "jsonl": JsonlSeeds(); break;
            default: throw new ArgumentException($"unknown target {target}");
        }

        return _written;
    }

    private void Write(byte[] bytes)
    {
        File.WriteAllBytes(Path.Combine(output, $"seed{_written++:000}"), bytes);
    }

    private void Write(string text) => Write(Encoding.UTF8.GetBytes(text));

    private string FeedSuite => Path.Combine(data, "feeds", "feedparser");

    /// <summary>Every n-th of the suite's small files that match, so the seeds span its folders, not one.</summary>
    private List<string> FeedFiles(Func<string, bool> match)
    {
        var files = Directory.EnumerateFiles(FeedSuite, "*.xml", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .Where(f => new FileInfo(f).Length <= MaxSeedBytes && match(File.ReadAllText(f)))
            .ToList();
        var step = Math.Max(1, files.Count / PerTarget);
        return [.. files.Where((_, i) => i % step == 0).Take(PerTarget)];
    }

    private void FeedSeeds(Func<string, bool> match)
    {
        foreach (var f in FeedFiles(match))
        {
            Write(File.ReadAllBytes(f));
        }
    }

    /// <summary>The suite's JSON Feed, plus RSS and Atom feeds of the suite re-written as JSON Feed 1.1.</summary>
    private void JsonFeedSeeds()
    {
        foreach (var f in Directory.EnumerateFiles(Path.Combine(FeedSuite, "json"), "*.json"))
        {
            Write(File.ReadAllBytes(f));
        }

        var parser = new FeedParser();
        foreach (var f in FeedFiles(t => t.Contains("<item", StringComparison.Ordinal) || t.Contains("<entry", StringComparison.Ordinal)))
        {
            var feed = parser.Parse(File.ReadAllBytes(f));
            if (feed.Items.Count == 0)
            {
                continue;
            }

            using var buffer = new MemoryStream();
            using (var w = new Utf8JsonWriter(buffer))
            {
                w.WriteStartObject();
                w.WriteString("version", "https://jsonfeed.org/version/1.1");
                w.WriteString("title", feed.Channel.Title?.Value ?? "");
                w.WriteString("home_page_url", feed.Channel.Link);
                w.WriteStartArray("items");
                foreach (var item in feed.Items)
                {
                    w.WriteStartObject();
                    w.WriteString("id", item.Id ?? item.Link ?? "");
                    w.WriteString("url", item.Link);
                    w.WriteString("title", item.Title?.Value);
                    if (item.Content.FirstOrDefault() is { } c)
                    {
                        w.WriteString(c.IsHtml ? "content_html" : "content_text", c.Value);
                    }

                    w.WriteString("summary", item.Summary?.Value);
                    w.WriteString("date_published", item.Published?.Raw);
                    w.WriteStartArray("authors");
                    foreach (var a in item.Authors)
                    {
                        w.WriteStartObject();
                        w.WriteString("name", a.Name);
                        w.WriteString("url", a.Uri);
                        w.WriteEndObject();
                    }

                    w.WriteEndArray();
                    w.WriteStartArray("tags");
                    foreach (var t in item.Categories)
                    {
                        w.WriteStringValue(t.Term);
                    }

                    w.WriteEndArray();
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }

            Write(buffer.ToArray());
        }
    }

    /// <summary>Subscription lists written by Herald's OPML writer from the suite's feeds, with and without categories.</summary>
    private void OpmlSeeds()
    {
        var parser = new FeedParser();
        var feeds = FeedFiles(t => t.Contains("<link", StringComparison.Ordinal))
            .Select(f => (File: f, Feed: parser.Parse(File.ReadAllBytes(f))))
            .Select(x => new OpmlFeed("https://example.org/" + Path.GetFileName(x.File), x.Feed.Channel.Title?.Value, Path.GetFileName(Path.GetDirectoryName(x.File)), x.Feed.Channel.Link))
            .ToList();
        for (var n = 1; n <= feeds.Count; n += 2)
        {
            var text = Opml.Write($"list {n}", feeds.Take(n));
            if (n % 3 == 0)
            {
                // OPML 1.0 as older readers write it: nested outlines for categories, text instead of title.
                text = text.Replace("version=\"2.0\"", "version=\"1.0\"", StringComparison.Ordinal).Replace(" title=", " text=", StringComparison.Ordinal);
            }

            Write(text);
        }
    }

    /// <summary>The extraction sets' article URLs as sitemaps: plain, Google News, an index, plain text, gzip.</summary>
    private void SitemapSeeds()
    {
        var urls = GroundTruth().Select(r => r.Url).ToList();
        for (var i = 0; i + 5 <= urls.Count && _written < PerTarget; i += 5)
        {
            var part = urls.Skip(i).Take(5).ToList();
            var xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
            switch (_written % 5)
            {
                case 0:
                    xml.Append("<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
                    foreach (var u in part)
                    {
                        xml.Append(CultureInfo.InvariantCulture, $"<url><loc>{SecurityElement.Escape(u)}</loc><lastmod>2025-06-0{1 + (u.Length % 9)}</lastmod><changefreq>daily</changefreq><priority>0.{u.Length % 10}</priority></url>\n");
                    }

                    xml.Append("</urlset>\n");
                    Write(xml.ToString());
                    break;
                case 1:
                    xml.Append("<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:news=\"http://www.google.com/schemas/sitemap-news/0.9\">\n");
                    foreach (var u in part)
                    {
                        xml.Append(CultureInfo.InvariantCulture, $"<url><loc>{SecurityElement.Escape(u)}</loc><news:news><news:publication><news:name>{SecurityElement.Escape(new Uri(u).Host)}</news:name><news:language>en</news:language></news:publication><news:publication_date>2025-06-01T10:{u.Length % 60:00}:00+02:00</news:publication_date><news:title>{SecurityElement.Escape(u[(u.LastIndexOf('/') + 1)..])}</news:title><news:keywords>Iraq, oil</news:keywords></news:news></url>\n");
                    }

                    xml.Append("</urlset>\n");
                    Write(xml.ToString());
                    break;
                case 2:
                    xml.Append("<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
                    foreach (var u in part)
                    {
                        xml.Append(CultureInfo.InvariantCulture, $"<sitemap><loc>{SecurityElement.Escape(new Uri(u).GetLeftPart(UriPartial.Authority))}/sitemap-{u.Length}.xml</loc><lastmod>2025-06-01</lastmod></sitemap>\n");
                    }

                    xml.Append("</sitemapindex>\n");
                    Write(xml.ToString());
                    break;
                case 3:
                    Write(string.Join('\n', part) + "\n");
                    break;
                default:
                    var plain = Encoding.UTF8.GetBytes($"<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"><url><loc>{SecurityElement.Escape(part[0])}</loc></url></urlset>");
                    Write(Gzip(plain));
                    break;
            }
        }
    }

    /// <summary>
    /// Small pages of the extraction sets wrapped as WARC 1.0 files the way crawlers write them: warcinfo, request
    /// and response records; some responses chunked or gzip-encoded, some files gzip per record.
    /// </summary>
    private void WarcSeeds()
    {
        var pages = SmallPages(8 * 1024).ToList();
        var urls = GroundTruth().Select(r => r.Url).ToList();
        for (var i = 0; i < pages.Count && _written < PerTarget; i++)
        {
            var url = urls.Count > 0 ? urls[i % urls.Count] : $"https://example.org/page{i}.html";
            var body = pages[i];
            var headers = "Content-Type: text/html; charset=utf-8\r\n";
            if (i % 3 == 1)
            {
                body = [.. Encoding.ASCII.GetBytes($"{body.Length:x}\r\n"), .. body, .. "\r\n0\r\n\r\n"u8];
                headers += "Transfer-Encoding: chunked\r\n";
            }
            else if (i % 3 == 2)
            {
                body = Gzip(body);
                headers += "Content-Encoding: gzip\r\n";
            }

            var http = (byte[])[.. Encoding.ASCII.GetBytes($"HTTP/1.1 {(i % 7 == 6 ? 404 : 200)} OK\r\n{headers}Content-Length: {body.Length}\r\n\r\n"), .. body];
            var records = new List<byte[]>
            {
                Record("warcinfo", null, "application/warc-fields", "software: Herald fuzz corpus\r\nformat: WARC File Format 1.0\r\n"u8.ToArray()),
                Record("request", url, "application/http; msgtype=request", Encoding.ASCII.GetBytes($"GET {new Uri(url).PathAndQuery} HTTP/1.1\r\nHost: {new Uri(url).Host}\r\n\r\n")),
                Record("response", url, "application/http; msgtype=response", http),
            };
            Write(i % 4 == 3 ? [.. records.SelectMany(Gzip)] : [.. records.SelectMany(r => r)]);
        }
    }

    private static byte[] Record(string type, string? uri, string contentType, byte[] block)
    {
        var head = new StringBuilder("WARC/1.0\r\n");
        head.Append(CultureInfo.InvariantCulture, $"WARC-Type: {type}\r\n");
        if (uri is not null)
        {
            head.Append(CultureInfo.InvariantCulture, $"WARC-Target-URI: {uri}\r\n");
        }

        head.Append(CultureInfo.InvariantCulture, $"WARC-Date: 2025-06-01T12:00:00Z\r\nWARC-Record-ID: <urn:uuid:00000000-0000-4000-8000-{(uint)(type.GetHashCode(StringComparison.Ordinal) ^ block.Length):x12}>\r\nContent-Type: {contentType}\r\nContent-Length: {block.Length}\r\n\r\n");
        return [.. Encoding.ASCII.GetBytes(head.ToString()), .. block, .. "\r\n\r\n"u8];
    }

    /// <summary>The seed page whole, cut after its lead, with some related posts, and with damaged related lines.</summary>
    private void SeedPageSeeds()
    {
        foreach (var file in Directory.EnumerateFiles(seedDir, "*.txt").Order(StringComparer.Ordinal))
        {
            var lines = File.ReadAllLines(file);
            var viewPost = Array.FindIndex(lines, l => l.StartsWith("View post:", StringComparison.Ordinal));
            Write(File.ReadAllBytes(file));
            if (viewPost < 0)
            {
                continue;
            }

            var related = lines.Skip(viewPost + 2).ToList();
            foreach (var keep in new[] { 0, 1, 2, 5, 10, 20 })
            {
                Write(string.Join('\n', lines.Take(Math.Min(viewPost, 4 + keep)).Concat(lines.Skip(viewPost).Take(2)).Concat(related.Take(keep))));
            }

            // Related posts alone, and with their dates or outlets torn off: the parse from the right must cope.
            Write(string.Join('\n', related.Take(15)));
            Write(string.Join('\n', related.Take(15).Select(l => l.Contains('[') ? l[..l.LastIndexOf('[')] : l)));
            Write(string.Join('\n', related.Take(15).Select(l => l.Replace(" - ", " | ", StringComparison.Ordinal))));
            Write(string.Join("\r\n", lines.Take(viewPost + 8)));
        }
    }

    /// <summary>The smallest pages of both extraction sets; some carry a <c>charset=</c> line for the HTTP charset.</summary>
    private void HtmlSeeds()
    {
        string[] charsets = ["utf-8", "windows-1252", "iso-8859-1", "shift_jis", "koi8-r", "gb2312", "bogus"];
        var i = 0;
        foreach (var page in SmallPages(MaxSeedBytes).Take(PerTarget))
        {
            Write(i % 4 == 3 ? [.. Encoding.ASCII.GetBytes($"charset={charsets[i / 4 % charsets.Length]}\n"), .. page] : page);
            i++;
        }
    }

    /// <summary>Queries over the words of the ground-truth articles in every shape the language has.</summary>
    private void QuerySeeds()
    {
        var words = GroundTruth()
            .SelectMany(r => r.Body.Split([' ', '\n', '.', ',', '"', '(', ')', ':'], StringSplitOptions.RemoveEmptyEntries))
            .Where(w => w.Length > 3 && w.All(char.IsLetter))
            .Distinct(StringComparer.Ordinal)
            .Take(200)
            .ToList();
        string W(int k) => words[k % words.Count];
        string[] shapes =
        [
            "{0}", "{0} {1}", "\"{0} {1}\"", "{0} AND {1}", "{0} OR {1}", "{0} -{1}", "{0} NOT {1}", "({0} OR {1}) AND {2}",
            "{0} AND ({1} OR \"{2} {3}\") -{4} after:2025-06-01", "outlet:{0} {1}", "lang:en {0}", "section:News {0} before:2024-12-31",
            "story:42 {0}", "NOT ({0} OR {1}) {2}", "(({0}))", "{0} OR {1} OR {2} AND {3}",
        ];
        for (var k = 0; k < PerTarget && words.Count > 0; k++)
        {
            var shape = shapes[k % shapes.Length];
            Write(string.Format(CultureInfo.InvariantCulture, shape, W(5 * k), W(5 * k + 1), W(5 * k + 2), W(5 * k + 3), W(5 * k + 4)));
        }
    }

    /// <summary>Ground-truth articles as JSONL records of Herald's contract, one to five per file.</summary>
    private void JsonlSeeds()
    {
        var records = GroundTruth().Take(100).Select((r, i) => ArticleJson.Serialize(new Article
        {
            Id = r.Id,
            Url = r.Url,
            Title = r.Body.Split('\n')[0] is var t && t.Length > 80 ? t[..80] : t,
            Text = r.Body.Length > 2000 ? r.Body[..2000] : r.Body,
            Outlet = new Uri(r.Url).Host,
            Language = "en",
            Authors = i % 2 == 0 ? ["Jane Doe"] : [],
            Published = i % 3 == 0 ? null : new DateTimeOffset(2025, 6, 1 + (i % 28), 8, 0, 0, TimeSpan.FromHours(i % 5)),
            DateOnly = i % 3 == 1,
        })).ToList();
        for (var i = 0; i < records.Count && _written < PerTarget; i += 1 + (i % 5))
        {
            Write(string.Join('\n', records.Skip(i).Take(1 + (i % 5))) + "\n");
        }
    }

    private sealed record Truth(string Id, string Url, string Body);

    private List<Truth> GroundTruth()
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(data, "extraction", "scrapinghub", "ground-truth.json")));
        return [.. doc.RootElement.EnumerateObject()
            .Select(p => new Truth(p.Name, p.Value.GetProperty("url").GetString() ?? "", p.Value.GetProperty("articleBody").GetString() ?? ""))
            .Where(t => Uri.TryCreate(t.Url, UriKind.Absolute, out _))
            .OrderBy(t => t.Id, StringComparer.Ordinal)];
    }

    /// <summary>Both extraction sets' pages, smallest first, cut to <paramref name="max"/> bytes.</summary>
    private IEnumerable<byte[]> SmallPages(int max)
    {
        var files = Directory.EnumerateFiles(Path.Combine(data, "extraction", "readability-testpages", "pages"), "source.html.gz", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(Path.Combine(data, "extraction", "scrapinghub", "html"), "*.html.gz"))
            .Select(f => (File: f, Size: new FileInfo(f).Length))
            .OrderBy(x => x.Size)
            .ThenBy(x => x.File, StringComparer.Ordinal);
        foreach (var (file, _) in files)
        {
            using var gz = new GZipStream(File.OpenRead(file), CompressionMode.Decompress);
            var buffer = new byte[max];
            yield return buffer[..gz.ReadAtLeast(buffer, max, throwOnEndOfStream: false)];
        }
    }

    private static byte[] Gzip(byte[] bytes)
    {
        using var buffer = new MemoryStream();
        using (var gz = new GZipStream(buffer, CompressionLevel.Fastest))
        {
            gz.Write(bytes);
        }

        return buffer.ToArray();
    }
}
