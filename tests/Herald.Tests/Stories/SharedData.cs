using System.Globalization;
using System.Text.RegularExpressions;
using Herald.Evaluation.Stories;
using Herald.Model;
using Xunit.Abstractions;

namespace Herald.Tests.Stories;

/// <summary>Finds ../shared next to the repository; tests that need it return early, saying so, when it is absent.</summary>
internal static partial class SharedData
{
    public static string Root => TestPaths.RepoRoot;

    public static string? Directory(string relative, ITestOutputHelper output)
    {
        var path = Path.GetFullPath(Path.Combine(Root, "..", "shared", relative));
        if (System.IO.Directory.Exists(path) || File.Exists(path))
        {
            return path;
        }

        output.WriteLine($"SKIPPED: {path} is not present (shared data missing)");
        return null;
    }

    private static IReadOnlyList<EcbDocument>? _ecbPlus;

    /// <summary>The ECB+ documents, loaded once for every test that reads them; null (said to the output) when absent.</summary>
    public static IReadOnlyList<EcbDocument>? EcbPlus(ITestOutputHelper output)
    {
        var dir = Directory("data/stories/ecbplus", output);
        return dir is null ? null : _ecbPlus ??= EcbPlusCorpus.Load(dir);
    }

    /// <summary>
    /// The seed page's related posts ("- HEADLINE - OUTLET - DATE [DATE]") as headline-only articles, split simply:
    /// the last " - " before the date separates the outlet. The foundation's seed reader is the real parser.
    /// </summary>
    public static List<Article> SeedRelatedPosts(string seedFile)
    {
        var list = new List<Article>();
        var n = 0;
        foreach (var raw in File.ReadLines(seedFile))
        {
            var m = RelatedLine().Match(raw);
            if (!m.Success)
            {
                continue;
            }

            var rest = m.Groups["rest"].Value;
            var cut = rest.LastIndexOf(" - ", StringComparison.Ordinal);
            var (headline, outlet) = cut > 0 ? (rest[..cut].Trim(), rest[(cut + 3)..].Trim()) : (rest.Trim(), "");
            var date = DateTime.ParseExact(
                $"{m.Groups["month"].Value} {m.Groups["day"].Value} {m.Groups["year"].Value}",
                "MMMM d yyyy", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
            list.Add(new Article
            {
                Id = $"seed{++n}",
                Title = headline,
                Outlet = outlet,
                Published = new DateTimeOffset(date, TimeSpan.Zero),
                DateOnly = true,
            });
        }

        return list;
    }

    [GeneratedRegex(@"^- (?<rest>.*) - (?<month>[A-Z][a-z]+) (?<day>\d{1,2})(?:st|nd|rd|th), (?<year>\d{4}) \[.*\]\s*$")]
    private static partial Regex RelatedLine();
}
