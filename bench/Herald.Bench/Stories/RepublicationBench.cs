using System.Globalization;
using System.Text.Json;
using Herald.Extract;
using Herald.Stories;

namespace Herald.Bench.Stories;

/// <summary>
/// `republication`: how many of the 181 scrapinghub pages (current news, each listed on its own date) the
/// republication detector flags as stale. Every page there is fresh, so every flag is a false alarm; the seed's
/// relisted 2017 CNN lead (listed 2025-07-08) is printed beside it and must stay flagged.
/// Options: --list prints each flagged page with its listing date and estimate.
/// </summary>
internal static class RepublicationBench
{
    public static Task<int> RunAsync(string[] args)
    {
        var list = args.Contains("--list");
        var root = Extract.ExtractBench.RepoRoot();
        var data = Path.Combine(root, "..", "shared", "data", "extraction", "scrapinghub");
        var truthPath = Path.Combine(data, "ground-truth.json");
        if (!File.Exists(truthPath))
        {
            Console.Error.WriteLine($"republication bench: {truthPath} is missing; nothing to measure");
            return Task.FromResult(2);
        }

        using var truth = JsonDocument.Parse(File.ReadAllText(truthPath));
        var extractor = new ArticleExtractor();
        int pages = 0, dated = 0, flagged = 0;
        foreach (var p in truth.RootElement.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal))
        {
            var file = Path.Combine(data, "html", p.Name + ".html.gz");
            if (!File.Exists(file))
            {
                continue;
            }

            pages++;
            var url = p.Value.TryGetProperty("url", out var u) ? u.GetString() : null;
            var article = extractor.Extract(Herald.Bench.Extract.ExtractBench.Gunzip(file), p.Name, url).Article;
            if (article?.Published is not { } listed)
            {
                continue;
            }

            dated++;
            if (RepublicationDetector.Estimate(article) is { } estimate)
            {
                flagged++;
                if (list)
                {
                    Console.WriteLine($"  flagged {p.Name[..12]} listed {listed:yyyy-MM-dd} estimated {estimate:yyyy-MM-dd}  \"{article.Title}\"");
                }
            }
        }

        Console.WriteLine($"Republication on scrapinghub: {flagged} of {pages} pages flagged ({dated} with a date to compare; all are fresh, so every flag is wrong)");

        // A check set the detector was not tuned on: the readability-testpages pages that carry a date.
        var testPages = Path.Combine(root, "..", "shared", "data", "extraction", "readability-testpages", "pages");
        if (Directory.Exists(testPages))
        {
            int tPages = 0, tDated = 0, tFlagged = 0;
            foreach (var dir in Directory.EnumerateDirectories(testPages).Order(StringComparer.Ordinal))
            {
                tPages++;
                var article = extractor.Extract(Herald.Bench.Extract.ExtractBench.Gunzip(Path.Combine(dir, "source.html.gz")), Path.GetFileName(dir)).Article;
                if (article?.Published is not { } listed)
                {
                    continue;
                }

                tDated++;
                if (RepublicationDetector.Estimate(article) is { } estimate)
                {
                    tFlagged++;
                    if (list)
                    {
                        Console.WriteLine($"  flagged {Path.GetFileName(dir)} listed {listed:yyyy-MM-dd} estimated {estimate:yyyy-MM-dd}  \"{article.Title}\"");
                    }
                }
            }

            Console.WriteLine($"Republication on readability-testpages (not tuned on): {tFlagged} of {tPages} pages flagged ({tDated} with a date; read each flag with --list: medium-2 says it was \"originally published\" in 2011)");
        }

        var seed = Path.Combine(root, "..", "shared", "seed", "000_4ddfc6bcc6cd5d23.txt");
        if (File.Exists(seed))
        {
            var lines = File.ReadLines(seed).TakeWhile(l => !l.StartsWith("View post:", StringComparison.Ordinal)).ToList();
            var lead = new Herald.Model.Article
            {
                Id = "seed-lead",
                Title = lines[0],
                Text = string.Join("\n\n", lines.Skip(1)),
                Published = new DateTimeOffset(2025, 7, 8, 0, 0, 0, TimeSpan.Zero),
            };
            var e = RepublicationDetector.Estimate(lead);
            Console.WriteLine($"Seed lead (2017 CNN story listed 2025-07-08): {(e is { } d ? "flagged, estimated " + d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "NOT flagged")}");
        }

        return Task.FromResult(0);
    }
}
