using System.Text;
using Herald.Extract;
using Herald.Model;
using Xunit.Abstractions;

namespace Herald.Tests.Extract;

public sealed class BodyExtractionTests(ITestOutputHelper output)
{
    private readonly ArticleExtractor _extractor = new();

    [Fact]
    public void Real_pages_give_their_article_text_and_little_else()
    {
        if (!ExtractTestData.Available(output))
        {
            return;
        }

        // Word-set precision and recall against the human-made bodies, averaged over every fifth page.
        var truth = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(ExtractTestData.Scrapinghub, "ground-truth.json")));
        var ids = truth.RootElement.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).Where((_, i) => i % 5 == 0).ToList();
        double precision = 0, recall = 0;
        foreach (var id in ids)
        {
            var expected = Words(truth.RootElement.GetProperty(id).GetProperty("articleBody").GetString()!);
            var (_, bytes) = ExtractTestData.Page(id);
            var outcome = _extractor.Extract(bytes, id);
            var got = Words(outcome.Article?.Text ?? "");
            var common = got.Intersect(expected).Count();
            precision += got.Count == 0 ? 0 : (double)common / got.Count;
            recall += expected.Count == 0 ? 1 : (double)common / expected.Count;
        }

        precision /= ids.Count;
        recall /= ids.Count;
        output.WriteLine($"{ids.Count} pages: word precision {precision:F3}, recall {recall:F3}");
        Assert.True(precision > 0.93, $"precision {precision:F3}");
        Assert.True(recall > 0.93, $"recall {recall:F3}");
    }

    [Fact]
    public void Drops_navigation_comments_related_links_and_cookie_banners()
    {
        const string html = """
            <html lang="en-GB"><head><title>Flood barrier opens early | The Riverside Post</title>
            <meta property="og:site_name" content="The Riverside Post">
            <link rel="canonical" href="https://post.example/2021/03/04/flood-barrier">
            <script type="application/ld+json">{"@type":"NewsArticle","headline":"Flood barrier opens early","datePublished":"2021-03-04T09:30:00+00:00","author":[{"@type":"Person","name":"Ana Lima"},{"@type":"Person","name":"Tom Reed"}]}</script>
            </head><body>
            <div id="cookie-consent">We use cookies to improve your experience. Accept all cookies to continue browsing.</div>
            <nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>
            <article><h1>Flood barrier opens early</h1><p class="byline">By Ana Lima and Tom Reed</p>
            <p>The new flood barrier on the river opened three weeks ahead of schedule on Thursday, the city council said.</p>
            <p>Engineers tested the gates twice during the storms of February, when water levels rose to a ten-year high.</p>
            <div class="ad-slot">Advertisement</div>
            <h2>What happens next</h2>
            <p>The council will publish a report on the barrier's first season in the autumn, officials said.</p>
            <div class="related-links"><h3>Related</h3><ul><li><a href="/a">Storm hits coast</a></li><li><a href="/b">River levels fall</a></li></ul></div>
            </article>
            <section id="comments"><p>Great news, finally! I have waited years for this barrier to be finished, well done to everybody.</p></section>
            <footer>© The Riverside Post. All rights reserved.</footer>
            </body></html>
            """;
        var outcome = _extractor.Extract(Encoding.UTF8.GetBytes(html), "riverside", "https://post.example/2021/03/04/flood-barrier?utm=1");
        var a = Assert.IsType<Article>(outcome.Article);
        Assert.Equal(
            [
                "The new flood barrier on the river opened three weeks ahead of schedule on Thursday, the city council said.",
                "Engineers tested the gates twice during the storms of February, when water levels rose to a ten-year high.",
                "What happens next",
                "The council will publish a report on the barrier's first season in the autumn, officials said.",
            ],
            a.Paragraphs);
        Assert.Equal("Flood barrier opens early", a.Title);
        Assert.Equal(["Ana Lima", "Tom Reed"], a.Authors);
        Assert.Equal(new DateTimeOffset(2021, 3, 4, 9, 30, 0, TimeSpan.Zero), a.Published);
        Assert.Equal(DateSource.Metadata, a.PublishedSource);
        Assert.Equal(DateEvidence.JsonLd, outcome.DateEvidence);
        Assert.Equal("The Riverside Post", a.Outlet);
        Assert.Equal("https://post.example/2021/03/04/flood-barrier", a.CanonicalUrl);
        Assert.Equal("en", a.Language);
    }

    [Fact]
    public void Keeps_linked_items_of_a_list_whose_other_items_are_prose_but_not_a_list_of_links()
    {
        const string html = """
            <html><head><title>This week in the project</title></head><body>
            <article><h1>This week in the project</h1>
            <p>Here is what changed in the project over the last two weeks, written up by the people who did the work.</p>
            <h2>Highlights</h2>
            <ul>
            <li><a href="/review">Read our year in review!</a></li>
            <li>We have landed a fix that stops an update from starting while another copy of the program is still running.</li>
            <li>Also about to land is support for downloading a new update when an older one is waiting to be installed.</li>
            <li>Start-up is faster on slow disks, because the toolbar is now drawn after the first window appears.</li>
            </ul>
            <p>Thanks to everyone who sent patches this time, and see you in two weeks for the next round of news.</p>
            <h3>More stories</h3>
            <ul><li><a href="/a">The project in numbers: a look at the downloads of the year</a></li>
            <li><a href="/b">How we test the updater on every platform we ship to</a></li>
            <li><a href="/c">Meet the volunteers who translate the program into forty languages</a></li>
            <li><a href="/d">A short history of the toolbar and the people who drew it</a></li></ul>
            </article></body></html>
            """;
        var a = _extractor.Extract(Encoding.UTF8.GetBytes(html), "notes").Article!;
        Assert.Contains("Read our year in review!", a.Paragraphs);
        Assert.DoesNotContain(a.Paragraphs, p => p.Contains("The project in numbers", StringComparison.Ordinal));
    }

    [Fact]
    public void A_data_table_of_prose_cells_does_not_take_the_article_box_from_the_text_around_it()
    {
        var rows = string.Concat(Enumerable.Range(1, 12).Select(i =>
            $"<tr><td><a href=\"/f{i}\">Film number {i}</a></td><td>{1990 + i}</td>"
            + $"<td>A person relives the same day over and over, number {i}, until they learn what the loop wants of them.</td></tr>"));
        var html = "<html><head><title>Films with time loops</title></head><body><div id=\"content\"><h1>Films with time loops</h1>"
            + "<p>This list gives films in which characters live through the same stretch of time again and again, keeping their memories.</p>"
            + "<p>Films where time travel is only a passing device are listed elsewhere, as are television series and novels.</p>"
            + "<h2>Films</h2><table><tbody><tr><th>Film</th><th>Year</th><th>Description</th></tr>" + rows + "</tbody></table>"
            + "<p>The list is kept up to date by the editors, who add films as they are released in cinemas or online.</p>"
            + "</div></body></html>";
        var a = _extractor.Extract(Encoding.UTF8.GetBytes(html), "films").Article!;
        Assert.Contains(a.Paragraphs, p => p.StartsWith("This list gives films", StringComparison.Ordinal));
        Assert.Contains(a.Paragraphs, p => p.StartsWith("A person relives the same day over and over, number 7", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("https://news.example/2019/11/18/some-story/", "2019-11-18")]
    [InlineData("https://news.example/world/20200229-leap-day.html", "2020-02-29")]
    [InlineData("https://news.example/2019/nov/18/politics", "2019-11-18")]
    public void Falls_back_to_the_date_in_the_url(string url, string day)
    {
        var html = "<html><body><article>" + string.Concat(Enumerable.Repeat("<p>A plain paragraph of an article that says nothing about when it was written, at some length.</p>", 3)) + "</article></body></html>";
        var outcome = _extractor.Extract(Encoding.UTF8.GetBytes(html), "u", url);
        Assert.Equal(day, outcome.Article!.Published!.Value.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(DateSource.Url, outcome.Article.PublishedSource);
        Assert.Equal(DateEvidence.Url, outcome.DateEvidence);
    }

    [Theory]
    [InlineData("By Jane Doe | Reuters", "Reuters", new[] { "Jane Doe" })]
    [InlineData("Amy Kuperinsky | NJ Advance Media for NJ.com", "nj", new[] { "Amy Kuperinsky" })]
    [InlineData("By ROBERT BURNS, AP National Security Writer", null, new[] { "Robert Burns" })]
    [InlineData("Staff", null, new string[0])]
    [InlineData("https://www.facebook.com/CNBC", null, new string[0])]
    public void Author_fields_become_names_only(string raw, string? outlet, string[] names) =>
        Assert.Equal(names, AuthorNames.Clean([raw], outlet));

    private static HashSet<string> Words(string text)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        var sb = new StringBuilder();
        foreach (var ch in text + " ")
        {
            if (char.IsLetterOrDigit(ch))
            {
                sb.Append(ch);
            }
            else if (sb.Length > 0)
            {
                set.Add(sb.ToString());
                sb.Clear();
            }
        }

        return set;
    }
}
