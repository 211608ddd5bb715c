using Herald.Model;
using Herald.Query;

namespace Herald.Tests.Topics;

public sealed class TopicQueryTests
{
    [Fact]
    public void Parses_words_phrases_and_boolean_operators()
    {
        var q = TopicQuery.Parse("Iraq AND (oil OR \"water crisis\") NOT Iran");
        var and = Assert.IsType<AndNode>(q.Match);
        Assert.Equal(3, and.Items.Count);
        Assert.Equal(new TermNode("iraq", true), and.Items[0]);
        var or = Assert.IsType<OrNode>(and.Items[1]);
        Assert.Equal(["water", "crisis"], Assert.IsType<PhraseNode>(or.Items[1]).Words);
        Assert.IsType<NotNode>(and.Items[2]);
    }

    [Fact]
    public void Pulls_field_filters_out_of_the_text_query()
    {
        var q = TopicQuery.Parse("Iraq outlet:\"ABC News\" after:2025-06-28 -Iran");
        Assert.Equal(2, q.Filters.Count);
        Assert.Equal(new FilterNode(FilterField.Outlet, "ABC News"), q.Filters[0]);
        Assert.Equal(new DateOnly(2025, 6, 28), q.Filters[1].Date);
    }

    [Fact]
    public void A_country_filter_takes_a_two_letter_code_in_any_case()
    {
        Assert.Equal(new FilterNode(FilterField.Country, "IQ"), TopicQuery.Parse("Mosul country:iq").Filters.Single());
        Assert.Equal(new FilterNode(FilterField.Country, "US"), TopicQuery.Parse("country:\"Us\"").Filters.Single());
        var e = Assert.Throws<HeraldException>(() => TopicQuery.Parse("Iraq country:IRQ"));
        Assert.Equal("query \"Iraq country:IRQ\": has a bad country \"IRQ\" in country: (use a two-letter ISO 3166 code, such as IQ)", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Theory]
    [InlineData("(Iraq", "unclosed \"(\"")]
    [InlineData("Iraq)", "unmatched \")\"")]
    [InlineData("Iraq OR", "OR needs a term")]
    [InlineData("\"Iraq", "unclosed quote")]
    [InlineData("NOT Iraq", "at least one word")]
    [InlineData("color:red Iraq", "unknown field")]
    [InlineData("Iraq after:yesterday", "bad date")]
    [InlineData("Iraq country:Iraq", "bad country \"Iraq\" in country: (use a two-letter ISO 3166 code, such as IQ)")]
    [InlineData("Iraq country:I1", "bad country")]
    [InlineData("Iraq country:\"I Q\"", "bad country")]
    [InlineData("Iraq OR outlet:CNN", "only be combined with AND")]
    [InlineData("   ", "is empty")]
    public void Bad_syntax_gives_a_clear_message_naming_the_query(string text, string problem)
    {
        var e = Assert.Throws<HeraldException>(() => TopicQuery.Parse(text));
        Assert.StartsWith($"query \"{text}\"", e.Message);
        Assert.Contains(problem, e.Message, StringComparison.Ordinal);
    }
}
