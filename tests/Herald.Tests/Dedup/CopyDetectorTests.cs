using System.Globalization;
using Herald.Dedup;
using Herald.Evaluation.Dedup;
using Herald.Evaluation.Stories;
using Herald.Ingest;
using Herald.Model;
using Herald.Pipeline;
using Herald.Text;
using Herald.Tests.Stories;
using Xunit.Abstractions;

namespace Herald.Tests.Dedup;

public sealed class CopyDetectorTests(ITestOutputHelper output)
{
    private IReadOnlyList<EcbDocument>? Docs() => SharedData.EcbPlus(output);

    [Fact]
    public void Finds_generated_copies_of_ecb_texts_and_keeps_same_topic_reports_apart()
    {
        if (Docs() is not { } docs)
        {
            return;
        }

        var sources = docs.Where(d => d.Topic <= 12)
            .Select(d => new CopySource(d.Id, d.Topic.ToString(CultureInfo.InvariantCulture), d.Title, d.Text));
        var (articles, sourceOf) = CopyEvaluation.Build(sources, seed: 3);
        var score = CopyEvaluation.Score(new CopyDetector(), articles, sourceOf);
        output.WriteLine(score.ToString());
        Assert.True(score.Precision >= 0.99, score.ToString());
        Assert.True(score.Recall >= 0.95, score.ToString());
    }

    [Fact]
    public void Catches_a_truncated_reprint_under_new_boilerplate_and_a_new_headline()
    {
        if (Docs() is not { } docs)
        {
            return;
        }

        var original = docs.First(d => d.Text.Split("\n\n").Length >= 8);
        var paragraphs = original.Text.Split("\n\n");
        var reprint = "Subscribe to our newsletter for the day's top stories, delivered every morning.\n\n"
            + string.Join("\n\n", paragraphs.Take(paragraphs.Length / 2));
        var detector = new CopyDetector();
        Assert.Null(detector.FindAndAdd(new Article { Id = "a", Title = original.Title, Text = original.Text }));
        var match = detector.FindAndAdd(new Article { Id = "b", Title = "Something else entirely", Text = reprint });
        Assert.NotNull(match);
        Assert.Equal("a", match.OriginalId);
    }

    [Fact]
    public void Matches_exact_copies_by_canonical_url_and_by_normalised_content()
    {
        var detector = new CopyDetector();
        var text = "The World Bank approved more than a billion dollars for projects in Iraq, Syria and Lebanon on Thursday.";
        Assert.Null(detector.FindAndAdd(new Article { Id = "a", Url = "https://www.example.com/wb?utm_source=x", Text = text }));
        Assert.Equal(CopyKind.SameUrl, detector.FindAndAdd(new Article { Id = "b", Url = "https://example.com/wb", Text = "other" })?.Kind);
        var restyled = text.ToUpperInvariant().Replace(" ", "  ", StringComparison.Ordinal);
        var m = detector.FindAndAdd(new Article { Id = "c", Url = "https://other.example/x", Text = restyled });
        Assert.Equal(CopyKind.SameContent, m?.Kind);
        Assert.Equal("a", m?.OriginalId);
    }

    [Fact]
    public void Headline_only_twins_on_the_seed_page_are_copies_and_nothing_else_is()
    {
        var page = new SeedPageReader(OutletRegistry.CreateDefault()).ReadFile(TestPaths.SampleSeedPage);
        var articles = SeedPageArticles.ToArticles(page, new DateTimeOffset(2025, 7, 5, 0, 0, 0, TimeSpan.Zero))
            .OrderBy(a => a.Published ?? a.FirstSeen).ThenBy(a => a.Id, StringComparer.Ordinal).ToList();
        var detector = new CopyDetector();
        var copies = articles.Select(a => (Article: a, Match: detector.FindAndAdd(a))).Where(x => x.Match is not null).ToList();

        // The one item listed twice: The Independent's and MSN's identical "Condi Rice" headline, the same day.
        var copy = Assert.Single(copies);
        Assert.Equal(CopyKind.SameHeadline, copy.Match!.Kind);
        var original = articles.Single(a => a.Id == copy.Match.OriginalId);
        Assert.Equal(copy.Article.Title, original.Title, StringComparer.OrdinalIgnoreCase);
        Assert.StartsWith("Iraq War architect Condi Rice", original.Title, StringComparison.Ordinal);
        Assert.NotEqual(copy.Article.Outlet, original.Outlet);
    }

    [Fact]
    public void A_headline_reused_long_after_or_too_short_to_name_an_item_is_not_a_copy()
    {
        var day = new DateTimeOffset(2025, 6, 1, 0, 0, 0, TimeSpan.Zero);
        Article Item(string id, string title, DateTimeOffset when, string outlet) =>
            new() { Id = id, Url = $"https://{outlet}.example/{id}", Title = title, Text = "", Outlet = outlet, Published = when };

        var detector = new CopyDetector();
        Assert.Null(detector.FindAndAdd(Item("a", "Iraq's parliament passes the new water law", day, "one")));
        // Lost apostrophe, other outlet, two days later: the same item.
        Assert.Equal("a", detector.FindAndAdd(Item("b", "Iraqs Parliament passes the new water law", day.AddDays(2), "two"))?.OriginalId);
        // The same words two months later are a new item; a two-word headline says too little.
        Assert.Null(detector.FindAndAdd(Item("c", "Iraq's parliament passes the new water law", day.AddDays(60), "three")));
        Assert.Null(detector.FindAndAdd(Item("d", "Live updates", day, "one")));
        Assert.Null(detector.FindAndAdd(Item("e", "Live updates", day, "two")));
    }
}
