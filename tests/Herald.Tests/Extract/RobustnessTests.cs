using System.Text;
using FsCheck;
using FsCheck.Xunit;
using Herald.Extract;
using Xunit.Abstractions;

namespace Herald.Tests.Extract;

/// <summary>Hostile and broken input ends in a failure kind, never an exception or boilerplate passed off as an article.</summary>
public sealed class RobustnessTests(ITestOutputHelper output)
{
    private readonly ArticleExtractor _extractor = new();

    [Fact]
    public void Empty_input_is_empty()
    {
        Assert.Equal(ExtractionFailureKind.Empty, _extractor.Extract([], "x").Failure);
        Assert.Equal(ExtractionFailureKind.Empty, _extractor.Extract("   \n\t "u8, "x").Failure);
    }

    [Theory]
    [InlineData(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 13, 10, 26, 10, 0, 0, 0, 13 })]
    [InlineData(new byte[] { (byte)'%', (byte)'P', (byte)'D', (byte)'F', (byte)'-', (byte)'1', (byte)'.', (byte)'4' })]
    [InlineData(new byte[] { 0x1F, 0x8B, 8, 0, 0, 0, 0, 0 })]
    [InlineData(new byte[] { (byte)'<', (byte)'p', (byte)'>', 0, 1, 2, 3, 0, 0, 5 })]
    public void Binary_input_is_binary(byte[] bytes) =>
        Assert.Equal(ExtractionFailureKind.Binary, _extractor.Extract(bytes, "x").Failure);

    [Fact]
    public void Random_bytes_are_refused_as_binary()
    {
        var bytes = new byte[64 * 1024];
        new Random(7).NextBytes(bytes);
        Assert.Equal(ExtractionFailureKind.Binary, _extractor.Extract(bytes, "x").Failure);
    }

    [Fact]
    public void A_50_megabyte_page_is_too_large()
    {
        var unit = "<p>A sentence that repeats, again and again, to make a very large page.</p>\n"u8.ToArray();
        var bytes = new byte[50 * 1024 * 1024];
        for (var i = 0; i + unit.Length <= bytes.Length; i += unit.Length)
        {
            unit.CopyTo(bytes, i);
        }

        var outcome = _extractor.Extract(bytes, "big");
        Assert.Equal(ExtractionFailureKind.TooLarge, outcome.Failure);
        Assert.Contains("MB", outcome.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void One_hundred_thousand_nested_elements_are_too_deep()
    {
        var sb = new StringBuilder("<html><body>");
        sb.Insert(sb.Length, "<div>", 100_000).Append("<p>deep text</p>").Insert(sb.Length, "</div>", 100_000).Append("</body></html>");
        var outcome = _extractor.Extract(Encoding.UTF8.GetBytes(sb.ToString()), "deep");
        Assert.Equal(ExtractionFailureKind.TooDeep, outcome.Failure);
    }

    [Fact]
    public void Nesting_within_the_limit_still_extracts()
    {
        var paragraph = "<p>This paragraph is deep inside the page, but real pages do nest this far, and the article must still come out of it.</p>";
        var html = "<html><body>" + string.Concat(Enumerable.Repeat("<div>", 400)) + string.Concat(Enumerable.Repeat(paragraph, 4))
            + string.Concat(Enumerable.Repeat("</div>", 400)) + "</body></html>";
        var outcome = _extractor.Extract(Encoding.UTF8.GetBytes(html), "deep-ok");
        Assert.True(outcome.Succeeded, outcome.Reason);
        Assert.Equal(4, outcome.Article!.Paragraphs.Count());
    }

    [Fact]
    public void A_script_only_page_has_no_content()
    {
        var html = "<html><head><script>var a = '" + new string('x', 5000) + "';</script></head><body><script>document.write('<p>hello</p>')</script><noscript>Enable JavaScript</noscript></body></html>";
        Assert.Equal(ExtractionFailureKind.NoContent, _extractor.Extract(Encoding.UTF8.GetBytes(html), "js").Failure);
    }

    [Fact]
    public void A_home_page_of_headlines_is_not_an_article()
    {
        var sb = new StringBuilder("<html><head><title>Daily Planet — News</title><meta property=\"og:type\" content=\"website\"></head><body><nav><a href=/>Home</a><a href=/world>World</a></nav><main>");
        for (var i = 0; i < 60; i++)
        {
            sb.Append("<div class=\"teaser\"><h3><a href=\"/story/").Append(i).Append("\">Council votes on budget plan number ").Append(i)
              .Append(" as protests continue</a></h3><span>2 hours ago</span></div>");
        }

        sb.Append("</main><footer>© Daily Planet</footer></body></html>");
        var outcome = _extractor.Extract(Encoding.UTF8.GetBytes(sb.ToString()), "home");
        Assert.Equal(ExtractionFailureKind.NotAnArticle, outcome.Failure);
    }

    [Fact]
    public void A_gallery_of_captions_is_not_passed_off_as_an_article()
    {
        var sb = new StringBuilder("<html><body><h1>In pictures: the week</h1>");
        for (var i = 0; i < 30; i++)
        {
            sb.Append("<figure><img src=\"/p").Append(i).Append(".jpg\"><figcaption>Photo ").Append(i).Append(": crowds gather. (Getty Images)</figcaption></figure>");
        }

        sb.Append("</body></html>");
        var outcome = _extractor.Extract(Encoding.UTF8.GetBytes(sb.ToString()), "gallery");
        Assert.False(outcome.Succeeded);
        Assert.True(outcome.Failure is ExtractionFailureKind.NoContent or ExtractionFailureKind.NotAnArticle, outcome.Failure.ToString());
    }

    [Fact]
    public void A_paywall_stub_has_no_content()
    {
        const string html = """
            <html><head><meta property="og:type" content="article"></head><body>
            <article><h1>Markets rally as rates fall</h1><p>Stocks rose on Tuesday.</p>
            <div class="paywall-prompt"><p>Subscribe to continue reading.</p><a href="/subscribe">Subscribe now</a></div></article>
            </body></html>
            """;
        Assert.Equal(ExtractionFailureKind.NoContent, _extractor.Extract(Encoding.UTF8.GetBytes(html), "stub").Failure);
    }

    [Fact]
    public void A_truncated_real_page_still_yields_an_outcome()
    {
        if (!ExtractTestData.Available(output))
        {
            return;
        }

        var (id, bytes) = ExtractTestData.Page("06ee193d");
        foreach (var fraction in new[] { 0.1, 0.5, 0.75 })
        {
            var cut = bytes.AsSpan(0, (int)(bytes.Length * fraction));
            var outcome = _extractor.Extract(cut, id);
            output.WriteLine($"{fraction:P0}: {(outcome.Succeeded ? $"{outcome.Article!.Text.Length} chars" : outcome.Failure.ToString())}");
            Assert.True(outcome.Succeeded || outcome.Failure is not null);
        }
    }

    [Property(MaxTest = 300)]
    public void Any_bytes_give_an_outcome_and_never_throw(byte[] bytes)
    {
        var outcome = _extractor.Extract(bytes, "fuzz");
        Assert.True(outcome.Succeeded ^ outcome.Failure is not null);
    }

    [Property(MaxTest = 300)]
    public void Any_markup_soup_gives_an_outcome_and_never_throws(NonNull<string>[] fragments)
    {
        string[] tags = ["<p>", "</p>", "<div class=\"comments\">", "</div>", "<a href=x>", "</a>", "<script>", "</script>", "<br>", "<table><tr><td>", "<!--", "-->", "<meta charset=\"shift_jis\">", "&amp;", "&#xD800;", "<h1>"];
        var sb = new StringBuilder();
        for (var i = 0; i < fragments.Length; i++)
        {
            sb.Append(tags[i % tags.Length]).Append(fragments[i].Get);
        }

        var outcome = _extractor.Extract(Encoding.UTF8.GetBytes(sb.ToString()), "soup");
        Assert.True(outcome.Succeeded ^ outcome.Failure is not null);
        if (outcome.Article is { } a)
        {
            Assert.False(string.IsNullOrWhiteSpace(a.Text));
        }
    }
}
