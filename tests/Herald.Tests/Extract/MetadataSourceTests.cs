using System.Text;
using Herald.Extract;

namespace Herald.Tests.Extract;

/// <summary>Title and date sources written the ways real pages write them (seen on readability-testpages half A).</summary>
public sealed class MetadataSourceTests
{
    private const string Prose =
        "<p>The council met on Tuesday evening to discuss the new budget, which sets aside money for roads, schools and the library.</p>"
        + "<p>Members argued for three hours about the size of the road fund before agreeing to a compromise that pleased nobody entirely.</p>"
        + "<p>The mayor said the plan would be reviewed again in the spring, when the figures for the winter repairs are known.</p>";

    private static Herald.Model.Article Extract(string head, string body = "")
    {
        var html = $"<!DOCTYPE html><html><head>{head}</head><body>{body}<article>{Prose}</article></body></html>";
        var outcome = new ArticleExtractor().Extract(Encoding.UTF8.GetBytes(html), "t");
        Assert.NotNull(outcome.Article);
        return outcome.Article!;
    }

    [Fact]
    public void Json_ld_wrapped_in_cdata_is_read()
    {
        // Medium and Wikipedia wrap their JSON-LD in <![CDATA[ ... ]]>; its datePublished differs from the meta tag here.
        var a = Extract(
            """
            <script type="application/ld+json"><![CDATA[
            {"@context":"http:\u002F\u002Fschema.org","@type":"NewsArticle","headline":"Samantha and The Great Big Lie","datePublished":"2015-10-15T02:19:15.607Z"}
            ]]></script>
            <meta property="article:published_time" content="2015-12-11T14:28:34.438Z">
            """);
        Assert.Equal(new DateTimeOffset(2015, 10, 15, 2, 19, 15, 607, TimeSpan.Zero), a.Published);
        Assert.Equal("Samantha and The Great Big Lie", a.Title);
    }

    [Theory]
    [InlineData("<![CDATA[ {\"a\":1} ]]>", "{\"a\":1}")]
    [InlineData("//<![CDATA[\n{\"a\":1}\n//]]>", "{\"a\":1}")]
    [InlineData("{\"a\":1}", "{\"a\":1}")]
    public void Cdata_wrappers_are_stripped(string raw, string json) =>
        Assert.Equal(json, MetadataReader.StripCData(raw).Trim());

    [Fact]
    public void An_empty_first_title_element_does_not_hide_the_real_one()
    {
        // Atlas Obscura: an empty <title> first, the page's own title later; og:title is an older headline.
        var a = Extract(
            """
            <title></title>
            <title> The Deck of Cards That Made Tarot A Global Phenomenon - Atlas Obscura </title>
            <meta property="og:title" content="If You Can Picture A Tarot Card, It's Because of These 3 People">
            """,
            "<h1>The Deck of Cards That Made Tarot A Global Phenomenon</h1>");
        Assert.Equal("The Deck of Cards That Made Tarot A Global Phenomenon", a.Title);
    }

    [Fact]
    public void A_meta_tag_with_several_properties_counts_for_each()
    {
        var a = Extract("""<title>Title Element</title><meta property="x:title dc:title" content="My title">""");
        Assert.Equal("My title", a.Title);
    }

    [Fact]
    public void A_json_ld_headline_that_is_a_description_gives_way_to_its_name()
    {
        // Wikipedia: "headline" describes the subject, "name" is the title shown.
        var a = Extract(
            """
            <title>New Zealand - Wikipedia</title>
            <script type="application/ld+json">{"@context":"https://schema.org","@type":"Article","name":"New Zealand","headline":"constitutional monarchy in Oceania","datePublished":"2001-10-29T01:59:14Z"}</script>
            """);
        Assert.Equal("New Zealand", a.Title);
        Assert.Equal(new DateTimeOffset(2001, 10, 29, 1, 59, 14, TimeSpan.Zero), a.Published);
    }

    [Fact]
    public void A_json_ld_name_that_is_the_publisher_is_no_headline()
    {
        var a = Extract(
            """
            <title>West Ham hrozí gigantům, okouzlil i Linekera - Aktuálně.cz</title>
            <meta property="og:title" content="West Ham hrozí gigantům, okouzlil i Linekera | Aktuálně.cz">
            <script type="application/ld+json">{"@type":"NewsArticle","name":"Aktu\u00e1ln\u011b.cz","publisher":{"@type":"Organization","name":"Aktu\u00e1ln\u011b.cz"}}</script>
            """);
        Assert.Equal("West Ham hrozí gigantům, okouzlil i Linekera", a.Title);
    }

    [Fact]
    public void A_link_named_like_furniture_inside_a_sentence_keeps_its_words()
    {
        // nytimes-1: place names are links with class "meta-loc"; "meta" alone names page furniture.
        var html = "<html><head><title>Sudan</title></head><body><article>"
            + "<p>LONDON — After nearly 20 years of hostile relations, the American government plans to reverse its position on "
            + "<a href=\"/topics/sudan\" class=\"meta-loc\">Sudan</a> and lift trade sanctions, officials said late Thursday.</p>"
            + Prose + "<div class=\"meta\"><a href=\"/share\">Share this</a></div></article></body></html>";
        var a = new ArticleExtractor().Extract(Encoding.UTF8.GetBytes(html), "t").Article!;
        Assert.Contains("its position on Sudan and lift trade sanctions", a.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Share this", a.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("发布时间：2019年3月5日 10:20", "2019-03-05")]
    [InlineData("2021年 11月 1日", "2021-11-01")]
    [InlineData("Veröffentlicht am 05.03.2019, 14:00 Uhr", "2019-03-05")]
    [InlineData("입력 2019. 3. 5. 오전 9:00", "2019-03-05")]
    [InlineData("Updated 2019/03/05", "2019-03-05")]
    [InlineData("Publicado 25/03/2019", "2019-03-25")]
    [InlineData("Posted 3/25/2019", "2019-03-25")]
    public void Dates_written_in_digits_are_read(string text, string day)
    {
        var found = DateFinder.ParseHuman(text);
        Assert.NotNull(found);
        Assert.Equal(day, found.Value.Value.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("기사입력 2019년 3월 5일 09:00", "2019-03-05")]
    [InlineData("Опубликовано 5 марта 2019, 10:20", "2019-03-05")]
    [InlineData("Publikacja: 12 października 2020", "2020-10-12")]
    [InlineData("Publicerad 3 augusti 2021", "2021-08-03")]
    [InlineData("Yayınlanma: 14 Kasım 2022", "2022-11-14")]
    public void Datelines_in_more_languages_are_read(string text, string day)
    {
        var found = DateFinder.ParseHuman(text);
        Assert.NotNull(found);
        Assert.Equal(day, found.Value.Value.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("<meta name=\"publish_date\" content=\"2020-06-01\">")]
    [InlineData("<meta name=\"citation_publication_date\" content=\"2020/06/01\">")]
    [InlineData("<meta name=\"dcterms.date\" content=\"2020-06-01T08:00:00Z\">")]
    [InlineData("<meta name=\"pdate\" content=\"20200601\">")]
    public void Less_common_publication_meta_names_are_read(string meta)
    {
        var a = Extract(meta);
        Assert.Equal("2020-06-01", a.Published?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void A_time_marked_as_the_update_gives_way_to_the_one_marked_as_the_publication()
    {
        // Blog themes print "Updated …" before "Posted …"; taking the first <time> would take the update.
        var a = Extract("<title>Budget</title>",
            """<p class="meta">Updated <time class="updated" datetime="2021-09-30T10:00:00Z">30 Sep</time>, posted <time class="entry-date published" datetime="2021-02-03T10:00:00Z">3 Feb</time></p>""");
        Assert.Equal("2021-02-03", a.Published?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void A_time_marked_as_an_update_is_passed_over_for_an_unmarked_one()
    {
        var a = Extract("<title>Budget</title>",
            """<p><time class="modified" datetime="2021-09-30T10:00:00Z">30 Sep</time> <time datetime="2021-02-03T10:00:00Z">3 Feb</time></p>""");
        Assert.Equal("2021-02-03", a.Published?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("The council votes to close the old library on the…")]
    [InlineData("The council votes to close the old library on the...")]
    [InlineData("The council votes to close the old library on the hi")]
    public void A_json_ld_headline_cut_short_gives_way_to_the_full_one(string cut)
    {
        var a = Extract(
            $$"""
            <script type="application/ld+json">{"@type":"NewsArticle","headline":"{{cut}}"}</script>
            <meta property="og:title" content="The council votes to close the old library on the high street">
            <title>The council votes to close the old library on the high street | Town Crier</title>
            """);
        Assert.Equal("The council votes to close the old library on the high street", a.Title);
    }

    [Fact]
    public void A_whole_headline_is_not_mistaken_for_a_cut_one()
    {
        var a = Extract(
            """
            <script type="application/ld+json">{"@type":"NewsArticle","headline":"The council votes to close the old library"}</script>
            <meta property="og:title" content="The council votes to close the old library: what happens next">
            """);
        Assert.Equal("The council votes to close the old library", a.Title);
    }

    [Theory]
    [InlineData("Posted 3/4/2019")] // day or month: no way to tell
    [InlineData("version 1.2.3 of 2019")]
    [InlineData("call 2019-13-45")]
    [InlineData("ISBN 978-3-16")]
    public void Digits_that_are_no_date_or_are_ambiguous_are_left_alone(string text) =>
        Assert.Null(DateFinder.ParseHuman(text));
}
