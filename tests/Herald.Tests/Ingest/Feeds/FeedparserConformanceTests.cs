using System.Globalization;
using Xunit.Abstractions;

namespace Herald.Tests.Ingest.Feeds;

/// <summary>
/// The Universal Feed Parser suite (../shared/data/feeds/feedparser) as one data-driven check.
/// Run with <c>--logger "console;verbosity=detailed"</c> to see the per-folder table.
/// </summary>
public sealed class FeedparserConformanceTests(ITestOutputHelper output)
{
    [Fact]
    public void Passes_at_least_95_percent_of_applicable_wellformed_cases_and_never_crashes()
    {
        if (!Directory.Exists(TestPaths.Data("feeds", "feedparser")))
        {
            output.WriteLine($"SKIPPED: {TestPaths.Data("feeds", "feedparser")} is absent");
            return;
        }

        var cases = FeedparserSuite.Run(TestPaths.Data("feeds", "feedparser")).ToList();
        output.WriteLine($"{"folder",-28} {"files",6} {"applic.",8} {"passed",7} {"failed",7} {"n/a",5} {"crash",6}");
        foreach (var g in cases.GroupBy(c => c.Folder).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{g.Key,-28} {g.Count(),6} {g.Count(c => c.Outcome is CaseOutcome.Passed or CaseOutcome.Failed),8} {g.Count(c => c.Outcome == CaseOutcome.Passed),7} {g.Count(c => c.Outcome == CaseOutcome.Failed),7} {g.Count(c => c.Outcome == CaseOutcome.NotApplicable),5} {g.Count(c => c.Outcome == CaseOutcome.Crashed),6}"));
        }

        var wellformed = cases.Where(c => !c.RelativePath.StartsWith("illformed/", StringComparison.Ordinal)).ToList();
        var applicable = wellformed.Count(c => c.Outcome is CaseOutcome.Passed or CaseOutcome.Failed);
        var passed = wellformed.Count(c => c.Outcome == CaseOutcome.Passed);
        var rate = applicable == 0 ? 0 : (double)passed / applicable;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"well-formed: {passed}/{applicable} applicable passed ({rate:P1}); {wellformed.Count(c => c.Outcome == CaseOutcome.NotApplicable)} not applicable"));
        foreach (var reason in cases.Where(c => c.Outcome == CaseOutcome.NotApplicable).GroupBy(c => c.Detail).OrderByDescending(g => g.Count()).Take(15))
        {
            output.WriteLine($"  n/a x{reason.Count()}: {reason.Key}");
        }

        foreach (var failure in cases.Where(c => c.Outcome is CaseOutcome.Failed or CaseOutcome.Crashed))
        {
            output.WriteLine($"{failure.Outcome} {failure.RelativePath}: {failure.Expect} -- {failure.Detail}");
        }

        Assert.DoesNotContain(cases, c => c.Outcome == CaseOutcome.Crashed);
        Assert.True(rate >= 0.95, string.Create(CultureInfo.InvariantCulture, $"only {rate:P1} of applicable well-formed cases pass"));
    }
}
