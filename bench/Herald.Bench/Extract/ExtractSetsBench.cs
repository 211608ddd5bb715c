using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Herald.Extract;

namespace Herald.Bench.Extract;

/// <summary>
/// `extract-sets`: body F1, exact titles and dates on both extraction development sets, each split into two fixed
/// halves so a change tuned on one half is checked on the other.
/// <para>
/// The split rule (written down so anyone can redo it): a page's half is the low bit of the first byte of the SHA-256
/// of its name as UTF-8 (the folder name under readability-testpages/pages, the id in scrapinghub's
/// ground-truth.json); 0 is half A (the tuning half), 1 is half B (the unseen half). Extraction work is tuned only
/// on readability-testpages half A; half B is the figure that counts as unseen.
/// </para>
/// Options: --misses A|B|all prints each page of that half whose title, date or body falls short (use A only when
/// tuning; --below F sets the body F1 a page must fall under to be listed, default 0.9), --set readability|scrapinghub
/// limits the run to one set.
/// </summary>
internal static class ExtractSetsBench
{
    private static readonly HashSet<string> Blocks = new(StringComparer.OrdinalIgnoreCase)
    {
        "p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "blockquote", "td", "th", "tr", "br",
        "figcaption", "dd", "dt", "section", "article", "table", "ul", "ol",
    };

    private sealed record Page(string Id, byte[] Html, string? Url, string Body, string? Title, string? Published);

    private sealed record Result(string Id, string Body, string? Title, DateTimeOffset? Published, bool DateOnly, bool Refused);

    /// <summary>The half a page name falls in: 'A' (tuning) or 'B' (unseen).</summary>
    internal static char Half(string name) => (SHA256.HashData(Encoding.UTF8.GetBytes(name))[0] & 1) == 0 ? 'A' : 'B';

    public static Task<int> RunAsync(string[] args)
    {
        string? misses = null;
        string? only = null;
        var below = 0.9;
        string? dump = null;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--misses" && i + 1 < args.Length)
            {
                misses = args[++i];
            }
            else if (args[i] == "--dump" && i + 1 < args.Length)
            {
                dump = args[++i];
            }
            else if (args[i] == "--below" && i + 1 < args.Length)
            {
                below = double.Parse(args[++i], CultureInfo.InvariantCulture);
            }
            else if (args[i] == "--set" && i + 1 < args.Length)
            {
                only = args[++i];
            }
        }

        var root = ExtractBench.RepoRoot();
        var data = Path.Combine(root, "..", "shared", "data", "extraction");
        var readability = Path.Combine(data, "readability-testpages", "pages");
        var scrapinghub = Path.Combine(data, "scrapinghub");
        if (!Directory.Exists(readability) || !File.Exists(Path.Combine(scrapinghub, "ground-truth.json")))
        {
            Console.Error.WriteLine($"extract-sets bench: {data} is missing readability-testpages/pages or scrapinghub/ground-truth.json");
            return Task.FromResult(2);
        }

        var extractor = new ArticleExtractor();
        if (only is null or "readability")
        {
            var pages = LoadReadability(readability);
            var results = pages.Select(p => Run(extractor, p)).ToList();
            Dump(dump, pages, results);
            Report("readability-testpages", pages, results, withMetadata: true, misses, below);
        }

        if (only is null or "scrapinghub")
        {
            var pages = LoadScrapinghub(scrapinghub);
            var results = pages.Select(p => Run(extractor, p)).ToList();
            Report("scrapinghub", pages, results, withMetadata: false, misses, below);
        }

        return Task.FromResult(0);
    }

    private static Result Run(ArticleExtractor extractor, Page page)
    {
        var outcome = extractor.Extract(page.Html, page.Id, page.Url);
        var a = outcome.Article;
        return new Result(page.Id, a?.Text ?? "", a?.Title, a?.Published, a?.DateOnly ?? false, a is null);
    }

    private static void Report(string set, List<Page> pages, List<Result> results, bool withMetadata, string? misses, double below)
    {
        Console.WriteLine($"{set}: {pages.Count} pages (half A = tuning, half B = unseen; split by SHA-256 of the page name)");
        foreach (var (label, filter) in new (string, Func<Page, bool>)[]
                 {
                     ("half A", p => Half(p.Id) == 'A'),
                     ("half B", p => Half(p.Id) == 'B'),
                     ("all", _ => true),
                 })
        {
            var chosen = pages.Where(filter).ToList();
            var truth = chosen.ToDictionary(p => p.Id, p => p.Body, StringComparer.Ordinal);
            var predicted = results.Where(r => truth.ContainsKey(r.Id)).ToDictionary(r => r.Id, r => r.Body, StringComparer.Ordinal);
            var s = ShingleScore.Score(truth, predicted);
            var refused = results.Count(r => truth.ContainsKey(r.Id) && r.Refused);
            var line = $"  {label,-7} {chosen.Count,3} pages  body F1 {s.F1:F3} (P {s.Precision:F3} R {s.Recall:F3}, {refused} refused)";
            if (withMetadata)
            {
                var byId = results.ToDictionary(r => r.Id, StringComparer.Ordinal);
                var titled = chosen.Where(p => !string.IsNullOrWhiteSpace(p.Title)).ToList();
                var titles = titled.Count(p => TitleMatches(p.Title!, byId[p.Id].Title));
                var headlines = titled.Count(p => HeadlineMatches(p.Title!, byId[p.Id].Title));
                var dated = chosen.Where(p => ParseExpectedDate(p.Published) is not null).ToList();
                var dates = dated.Count(p => DateMatches(ParseExpectedDate(p.Published)!.Value, byId[p.Id].Published));
                line += $"  titles {titles}/{titled.Count} ({Share(titles, titled.Count)}), headline {headlines} ({Share(headlines, titled.Count)})  dates {dates}/{dated.Count} ({Share(dates, dated.Count)})";
            }

            Console.WriteLine(line);
        }

        if (misses is null)
        {
            return;
        }

        foreach (var (page, result) in pages.Zip(results))
        {
            if (!misses.Equals("all", StringComparison.OrdinalIgnoreCase) && Half(page.Id).ToString() != misses.ToUpperInvariant())
            {
                continue;
            }

            var body = ShingleScore.Score(
                new Dictionary<string, string> { [page.Id] = page.Body },
                new Dictionary<string, string> { [page.Id] = result.Body });
            var notes = new List<string>();
            if (body.F1 < below)
            {
                notes.Add($"body F1 {body.F1:F2} P {body.Precision:F2} R {body.Recall:F2}");
            }

            if (withMetadata && !string.IsNullOrWhiteSpace(page.Title) && !TitleMatches(page.Title, result.Title))
            {
                notes.Add($"title \"{result.Title}\" expected \"{page.Title}\"");
            }

            if (withMetadata && ParseExpectedDate(page.Published) is { } when && !DateMatches(when, result.Published))
            {
                notes.Add($"date {result.Published?.ToString("o", CultureInfo.InvariantCulture) ?? "none"} expected {page.Published}");
            }

            if (notes.Count > 0)
            {
                Console.WriteLine($"    {page.Id} [{Half(page.Id)}]: {string.Join("; ", notes)}");
            }
        }
    }

    /// <summary>--dump ID: writes the expected and the extracted body of one page to the temp folder, to diff.</summary>
    private static void Dump(string? id, List<Page> pages, List<Result> results)
    {
        var i = id is null ? -1 : pages.FindIndex(p => p.Id == id);
        if (i < 0)
        {
            return;
        }

        var dir = Path.GetTempPath();
        File.WriteAllText(Path.Combine(dir, $"herald-{id}.expected.txt"), pages[i].Body);
        File.WriteAllText(Path.Combine(dir, $"herald-{id}.got.txt"), results[i].Body);
        Console.WriteLine($"  wrote {Path.Combine(dir, $"herald-{id}.expected.txt")} and .got.txt");
    }

    private static string Share(int n, int d) => d == 0 ? "n/a" : (n / (double)d).ToString("P1", CultureInfo.InvariantCulture);

    /// <summary>Exact after collapsing whitespace (the page's own title, not a near miss).</summary>
    internal static bool TitleMatches(string expected, string? got) =>
        got is not null && Collapse(expected) == Collapse(got);

    /// <summary>
    /// Exact, or the expected title is Herald's plus a site segment Herald strips by design: "Headline | eHow",
    /// "Headline – Firefox Nightly News", "Headline [LWN.net]", "eHow | Headline" (Readability keeps og:title whole).
    /// </summary>
    internal static bool HeadlineMatches(string expected, string? got)
    {
        if (TitleMatches(expected, got))
        {
            return true;
        }

        if (string.IsNullOrWhiteSpace(got))
        {
            return false;
        }

        var e = Collapse(expected);
        var g = Collapse(got);
        const string Marks = "|-–—·:»«[(（/";
        if (e.StartsWith(g, StringComparison.Ordinal))
        {
            var rest = e[g.Length..].TrimStart();
            return rest.Length is > 0 and <= 40 && Marks.Contains(rest[0]);
        }

        if (e.EndsWith(g, StringComparison.Ordinal))
        {
            var rest = e[..^g.Length].TrimEnd();
            return rest.Length is > 0 and <= 40 && Marks.Contains(rest[^1]);
        }

        return false;
    }

    private static string Collapse(string s) => string.Join(' ', s.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    /// <summary>
    /// Right when the calendar day agrees in the expected value's own offset (its UTC day when it states none): a date
    /// is what the figure asks for, and pages that state a time differ by minutes between their own fields.
    /// </summary>
    internal static bool DateMatches(DateTimeOffset expected, DateTimeOffset? got) =>
        got is { } g && g.ToOffset(expected.Offset).Date == expected.Date;

    internal static DateTimeOffset? ParseExpectedDate(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var v = value.Trim();
        string[] formats =
        [
            "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd'T'HH:mmK", "yyyy-MM-dd'T'HH:mm",
            "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd", "yyyy-MM-dd HH:mm:ss.FFFFFF", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd'T'HH:mm:sszzz",
            "yyyy-MM-dd'T'HH:mm:sszz", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz",
        ];
        // "+0100" offsets without the colon are common in pages.
        if (v.Length > 5 && (v[^5] == '+' || v[^5] == '-') && v[^4..].All(char.IsAsciiDigit))
        {
            v = v[..^2] + ":" + v[^2..];
        }

        if (DateTimeOffset.TryParseExact(v, formats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var d)
            || DateTimeOffset.TryParse(v, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out d))
        {
            return d;
        }

        return null;
    }

    private static List<Page> LoadReadability(string dir)
    {
        var parser = new HtmlParser();
        var pages = new List<Page>();
        foreach (var d in Directory.EnumerateDirectories(dir).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(d);
            var expected = Encoding.UTF8.GetString(ExtractBench.Gunzip(Path.Combine(d, "expected.html.gz")));
            using var doc = parser.ParseDocument(expected);
            var body = BlockText(doc);
            string? title = null, published = null, url = null;
            var metaPath = Path.Combine(d, "expected-metadata.json");
            if (File.Exists(metaPath))
            {
                using var meta = JsonDocument.Parse(File.ReadAllText(metaPath));
                title = Str(meta.RootElement, "title");
                published = Str(meta.RootElement, "publishedTime");
            }

            pages.Add(new Page(name, ExtractBench.Gunzip(Path.Combine(d, "source.html.gz")), url, body, title, published));
        }

        return pages;
    }

    private static List<Page> LoadScrapinghub(string dir)
    {
        using var truth = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "ground-truth.json")));
        var pages = new List<Page>();
        foreach (var p in truth.RootElement.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal))
        {
            var file = Path.Combine(dir, "html", p.Name + ".html.gz");
            if (!File.Exists(file))
            {
                continue;
            }

            pages.Add(new Page(p.Name, ExtractBench.Gunzip(file), Str(p.Value, "url"), Str(p.Value, "articleBody") ?? "", null, null));
        }

        return pages;
    }

    private static string? Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    /// <summary>The truth text as readability_truth.py makes it: one paragraph per block element, spaces collapsed.</summary>
    private static string BlockText(IDocument doc)
    {
        var parts = new List<string>();
        var cur = new StringBuilder();
        void Flush()
        {
            var s = Collapse(cur.ToString());
            if (s.Length > 0)
            {
                parts.Add(s);
            }

            cur.Clear();
        }

        void Walk(INode node)
        {
            foreach (var child in node.ChildNodes)
            {
                switch (child)
                {
                    case IElement el:
                        var block = Blocks.Contains(el.LocalName);
                        if (block)
                        {
                            Flush();
                        }

                        if (el.LocalName is not ("script" or "style"))
                        {
                            Walk(el);
                        }

                        if (block)
                        {
                            Flush();
                        }

                        break;
                    case IText t:
                        cur.Append(t.Data);
                        break;
                }
            }
        }

        Walk(doc.Body ?? (INode)doc);
        Flush();
        return string.Join("\n\n", parts);
    }
}
