using System.IO.Compression;
using System.Text;
using Herald.Extract;
using Herald.Ingest;
using Herald.Ingest.Feeds;
using Herald.Ingest.Sitemaps;
using Herald.Ingest.Warc;
using Herald.Model;
using Herald.Query;
using Herald.Text;

namespace Herald.Fuzz;

/// <summary>
/// One fuzz target per parser. Each runs the parser's real entry point over the input and does what the callers
/// of that parser do with the result, so a crash anywhere along that path is found. The documented failure
/// values (an outcome's failure kind, a <c>Problem</c> string) and the documented exception
/// (<see cref="HeraldException"/>, which every parser throws for input it refuses) are normal; anything else
/// escapes and AFL records it as a crash.
/// </summary>
internal static class Targets
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    // Built on first use, inside the fuzz loop: instrumented code must not run before SharpFuzz has set up the
    // shared coverage map, and a type initializer would run it when the host merely looks a target up.
    private static readonly Lazy<FeedParser> Feeds = new(() => new FeedParser());
    private static readonly Lazy<ArticleExtractor> Extractor = new(() => new ArticleExtractor());

    /// <summary>Every target by the name `tools/fuzz` and the corpus builder know it.</summary>
    public static readonly IReadOnlyDictionary<string, Action<byte[]>> All = new Dictionary<string, Action<byte[]>>(StringComparer.Ordinal)
    {
        ["rss"] = Feed,
        ["atom"] = Feed,
        ["rdf"] = Feed,
        ["json-feed"] = Feed,
        ["opml"] = OpmlList,
        ["sitemap"] = SitemapFile,
        ["warc"] = WarcFile,
        ["seed-page"] = SeedPageFile,
        ["html"] = HtmlPage,
        ["query"] = Query,
        ["jsonl"] = JsonlRecords,
    };

    /// <summary>
    /// A saved or fetched feed, as <c>FeedFileImporter</c> and <c>FeedPoller</c> read it: parse (which never
    /// throws), then map every item to an article. The four feed targets share this path and differ in seeds.
    /// </summary>
    private static void Feed(byte[] input)
    {
        var feed = Feeds.Value.Parse(input, null, new Uri("https://example.org/feed"));
        foreach (var item in feed.Items)
        {
            FeedArticleMapper.Map(item, feed, "fuzz", Now);
        }
    }

    /// <summary>An OPML subscription list as `herald import-opml` reads it; refusal is a <see cref="HeraldException"/>.</summary>
    private static void OpmlList(byte[] input)
    {
        try
        {
            var feeds = Opml.Parse(Encoding.UTF8.GetString(input), "fuzz.opml");
            Opml.Write("fuzz", feeds);
        }
        catch (HeraldException)
        {
        }
    }

    /// <summary>A sitemap or sitemap index (plain, gzip or plain-text); never throws, problems are a value.</summary>
    private static void SitemapFile(byte[] input)
    {
        var map = SitemapParser.Parse(input, maxBytes: 4 * 1024 * 1024);
        _ = map.Entries.Count;
        SitemapParser.FromRobots(Encoding.UTF8.GetString(input));
    }

    /// <summary>
    /// A WARC file, gzip-compressed or not as <see cref="WarcReader.Open"/> detects it; a damaged file ends the
    /// sequence with <see cref="WarcReader.Problem"/> set, never with an exception.
    /// </summary>
    private static void WarcFile(byte[] input)
    {
        Stream stream = new MemoryStream(input, writable: false);
        if (input.Length >= 2 && input[0] == 0x1f && input[1] == 0x8b)
        {
            stream = new GZipStream(stream, CompressionMode.Decompress);
        }

        var reader = new WarcReader(new BufferedStream(stream, 1 << 16), maxRecordBytes: 4 * 1024 * 1024);
        foreach (var response in reader.Responses())
        {
            _ = response.ContentType;
            _ = Uri.TryCreate(response.TargetUri, UriKind.Absolute, out _);
        }
    }

    /// <summary>A page in the seed's text format, read and turned into articles as `herald ingest` does.</summary>
    private static void SeedPageFile(byte[] input)
    {
        try
        {
            var page = new SeedPageReader(OutletRegistry.CreateDefault()).Read(input, "fuzz.txt");
            foreach (var article in SeedPageArticles.ToArticles(page, Now))
            {
                _ = article.Id;
            }
        }
        catch (HeraldException)
        {
        }
    }

    /// <summary>
    /// An HTML page through decoding and extraction. A first line <c>charset=NAME</c> is taken as the HTTP
    /// Content-Type charset, so the fuzzer also explores the HTTP-versus-meta-versus-detected decision.
    /// </summary>
    private static void HtmlPage(byte[] input)
    {
        ReadOnlySpan<byte> bytes = input;
        string? httpCharset = null;
        if (bytes.StartsWith("charset="u8))
        {
            var end = bytes.IndexOf((byte)'\n');
            if (end > 0)
            {
                httpCharset = Encoding.Latin1.GetString(bytes[8..end]);
                bytes = bytes[(end + 1)..];
            }
        }

        var outcome = Extractor.Value.Extract(bytes, "fuzz", "https://example.org/news/2025/06/01/story.html", httpCharset);
        if (outcome.Succeeded != (outcome.Failure is null))
        {
            throw new InvalidOperationException("an outcome must carry either an article or a failure kind");
        }
    }

    /// <summary>A topic query as `topic add` and search parse it; a refused query is a <see cref="HeraldException"/>.</summary>
    private static void Query(byte[] input)
    {
        try
        {
            var query = TopicQuery.Parse(Encoding.UTF8.GetString(input));
            _ = query.ToString();
        }
        catch (HeraldException)
        {
        }
    }

    /// <summary>
    /// JSONL article records as <c>JsonlImporter</c> reads them: one record per line, a bad line is a
    /// <see cref="HeraldException"/> that is reported and skipped, and the outlet is normalised.
    /// </summary>
    private static void JsonlRecords(byte[] input)
    {
        var outlets = OutletRegistry.CreateDefault();
        using var reader = new StreamReader(new MemoryStream(input), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        var lineNo = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNo++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            try
            {
                var a = ArticleJson.Parse(line, $"fuzz.jsonl:{lineNo}");
                _ = outlets.Normalize(a.Outlet) ?? outlets.FromUrl(a.Url);
                ArticleJson.Serialize(a);
            }
            catch (HeraldException)
            {
            }
        }
    }
}
