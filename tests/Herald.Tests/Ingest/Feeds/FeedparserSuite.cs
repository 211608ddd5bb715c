using System.Text;
using System.Text.RegularExpressions;
using Herald.Ingest.Feeds;

namespace Herald.Tests.Ingest.Feeds;

/// <summary>How one suite file fared.</summary>
internal enum CaseOutcome
{
    Passed,
    Failed,
    /// <summary>The expectation reads fields Herald does not model (iTunes, GeoRSS, HTTP headers…).</summary>
    NotApplicable,
    Crashed,
}

internal sealed record SuiteCase(string Folder, string RelativePath, string Expect, CaseOutcome Outcome, string? Detail);

/// <summary>
/// Runs the Universal Feed Parser test files through <see cref="FeedParser"/>: reads each file's
/// header comment (Description, Expect, Header), serves the HTTP Content-Type and Content-Location a test
/// server would have sent, and evaluates the expectation over <see cref="FeedParserView"/>.
/// </summary>
internal static partial class FeedparserSuite
{
    public static IEnumerable<SuiteCase> Run(string root)
    {
        var parser = new FeedParser();
        foreach (var path in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var rel = Path.GetRelativePath(root, path).Replace('\\', '/');
            if (rel == "LICENSE")
            {
                continue;
            }

            var folder = rel.Contains('/', StringComparison.Ordinal)
                ? string.Join('/', rel.Split('/')[..^1])
                : ".";
            var bytes = File.ReadAllBytes(path);
            var header = ReadHeader(bytes);
            if (header.Expect is null)
            {
                // Files without an expectation (the wide-encoding samples) must still parse without crashing.
                yield return Try(parser, bytes, header, rel, folder, "(none)");
                continue;
            }

            yield return Try(parser, bytes, header, rel, folder, header.Expect);
        }
    }

    private static SuiteCase Try(FeedParser parser, byte[] bytes, Header header, string rel, string folder, string expect)
    {
        ParsedFeed parsed;
        try
        {
            var url = new Uri("http://127.0.0.1:8097/tests/" + rel);
            if (header.Headers.TryGetValue("content-location", out var location)
                && HtmlSanitizer.ResolveUrl(location, url) is { } resolved && Uri.TryCreate(resolved, UriKind.Absolute, out var loc))
            {
                url = loc;
            }

            parsed = parser.Parse(bytes, header.Headers.GetValueOrDefault("content-type"), url);
        }
        catch (Exception e)
        {
            return new SuiteCase(folder, rel, expect, CaseOutcome.Crashed, e.GetType().Name + ": " + e.Message);
        }

        if (expect == "(none)")
        {
            return new SuiteCase(folder, rel, expect, CaseOutcome.NotApplicable, "no expectation; parsed without crashing");
        }

        var (names, keys) = PyExpression.References(expect);
        var unknown = names.Where(n => !FeedParserView.SupportedNames.Contains(n))
            .Concat(keys.Where(k => !FeedParserView.SupportedKeys.Contains(k))).ToList();
        if (unknown.Count > 0)
        {
            return new SuiteCase(folder, rel, expect, CaseOutcome.NotApplicable, "reads " + string.Join(", ", unknown));
        }

        try
        {
            var ok = PyExpression.Truthy(PyExpression.Evaluate(expect, FeedParserView.Names(parsed)));
            return new SuiteCase(folder, rel, expect, ok ? CaseOutcome.Passed : CaseOutcome.Failed, ok ? null : Describe(parsed));
        }
        catch (PyEvalException e)
        {
            return new SuiteCase(folder, rel, expect, CaseOutcome.Failed, e.Message + "; " + Describe(parsed));
        }
    }

    private static string Describe(ParsedFeed p)
    {
        var first = p.Items.FirstOrDefault();
        return $"format={p.Format} wellFormed={p.WellFormed} problem={p.Problem} encoding={p.Encoding} feedTitle={p.Channel.Title?.Value} " +
               $"entry0 title={first?.Title?.Value} summary={first?.Summary?.Value} content={first?.Content.FirstOrDefault()?.Value}";
    }

    private sealed record Header(string? Expect, Dictionary<string, string> Headers);

    private static Header ReadHeader(byte[] bytes)
    {
        // The header comment is ASCII; read it from whichever wide encoding the file uses.
        var text = Encoding.Latin1.GetString(bytes.Where(b => b != 0).Take(8192).ToArray());
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        string? expect = null;
        foreach (Match m in HeaderLine().Matches(text))
        {
            var name = m.Groups[1].Value;
            var value = m.Groups[2].Value.Trim();
            if (name == "Expect")
            {
                expect ??= value.EndsWith("-->", StringComparison.Ordinal) ? value[..^3].Trim() : value;
            }
            else if (name == "Header")
            {
                var colon = value.IndexOf(':', StringComparison.Ordinal);
                if (colon > 0)
                {
                    headers[value[..colon].Trim()] = value[(colon + 1)..].Trim();
                }
            }
        }

        if (expect is not null && text.Contains("\"__TEST__\"", StringComparison.Ordinal))
        {
            var cut = expect.IndexOf("-->", StringComparison.Ordinal);
            expect = cut >= 0 ? expect[..cut].Trim() : expect;
        }

        return new Header(expect, headers);
    }

    [GeneratedRegex(@"(Expect|Header|Description):[ \t]*(.*?)(?=\r?\n|Expect:|$)")]
    private static partial Regex HeaderLine();
}
