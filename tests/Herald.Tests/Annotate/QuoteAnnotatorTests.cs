using Herald.Annotate;
using Herald.Annotate.Quotes;

namespace Herald.Tests.Annotate;

public sealed class QuoteAnnotatorTests
{
    private static IReadOnlyList<Herald.Model.QuoteMention> Quotes(string text) =>
        new QuoteAnnotator().Annotate(text, new CapitalisedNameFinder().Recognize(text));

    [Fact]
    public void Resolves_he_after_a_direct_quote_to_the_person_named_before()
    {
        var q = Quotes("Defense Minister Anna Berg visited the base on Monday.\n\u201CWe will not leave,\u201D she said.");
        var quote = Assert.Single(q);
        Assert.Equal("\u201CWe will not leave,\u201D", quote.Text);
        Assert.Equal("Anna Berg", quote.Speaker);
        Assert.Equal("said", quote.Cue);
    }

    [Fact]
    public void Reads_indirect_speech_after_the_cue()
    {
        var text = "Col. Joseph Scrocca said the coalition had observed the tactic on video.";
        var quote = Assert.Single(Quotes(text));
        Assert.Equal("the coalition had observed the tactic on video.", quote.Text);
        Assert.Equal("Joseph Scrocca", quote.Speaker);
        Assert.Equal("Col. Joseph Scrocca", text[quote.SpeakerStart!.Value..quote.SpeakerEnd!.Value]);
    }

    [Fact]
    public void Keeps_a_multi_paragraph_quote_in_one_piece()
    {
        var text = "Mayor Lena Ortiz told reporters: \"The first paragraph goes on.\n\"The second one ends here,\" she added.";
        var quote = Assert.Single(Quotes(text), x => x.Text.Contains("first paragraph", StringComparison.Ordinal));
        Assert.Contains("The second one ends here", quote.Text, StringComparison.Ordinal);
        Assert.Equal("Lena Ortiz", quote.Speaker);
    }

    [Fact]
    public void Resolves_the_official_to_the_earlier_description()
    {
        var text = "The strike hit a house, a defense official told CNN.\nThe official said they are looking at other factors in the deaths.";
        var quotes = Quotes(text);
        Assert.Equal(2, quotes.Count);
        Assert.All(quotes, q => Assert.Equal("a defense official", q.Speaker));
    }

    [Fact]
    public void Reads_according_to_and_doubled_apostrophe_quotes()
    {
        var quotes = Quotes("According to one senior official, the talks have stalled for weeks.\n''This was not the plan,'' Mr. Rhodes said.");
        Assert.Contains(quotes, q => q.Cue == "according to" && q.Speaker == "one senior official" && q.Text.StartsWith("the talks", StringComparison.Ordinal));
        Assert.Contains(quotes, q => q.Text == "''This was not the plan,''" && q.Speaker == "Rhodes");
    }

    [Fact]
    public void Ignores_quoted_handles_and_numbers()
    {
        Assert.Empty(Quotes("The tweet \"672176019122458624\" came from \"@edhenry\" on Monday."));
    }

    [Fact]
    public void Reads_british_single_quotes_but_not_apostrophes()
    {
        var quote = Assert.Single(Quotes("Prime Minister Jane Holt arrived in Leeds.\n\u2018We don\u2019t give up on the north,\u2019 she said."));
        Assert.Equal("\u2018We don\u2019t give up on the north,\u2019", quote.Text);
        Assert.Equal("Jane Holt", quote.Speaker);
    }
}
