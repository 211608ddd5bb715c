using Herald.Annotate.Amounts;
using Herald.Annotate.Dates;
using Herald.Annotate.Tone;

namespace Herald.Tests.Annotate;

public sealed class AmountDateToneTests
{
    [Theory]
    [InlineData("The fund lent $930 million to the city.", "$930 million", 930e6, "USD")]
    [InlineData("Output fell to 80,000 bpd last week.", "80,000 bpd", 80000, "bpd")]
    [InlineData("There were more than 100 civilian deaths in Mosul.", "more than 100 civilian deaths", 100, "civilian deaths")]
    [InlineData("Dozens of protesters gathered.", "Dozens of protesters", 24, "protesters")]
    [InlineData("Turnout was 62.5% in the north.", "62.5%", 62.5, "percent")]
    public void Normalises_a_number_and_what_it_counts(string text, string span, double value, string obj)
    {
        var m = Assert.Single(new AmountAnnotator().Annotate(text));
        Assert.Equal(span, m.Text);
        Assert.Equal(value, m.Value, 6);
        Assert.Equal(obj, m.Object);
    }

    [Fact]
    public void Leaves_years_and_days_of_the_month_to_dates()
    {
        Assert.Empty(new AmountAnnotator().Annotate("In 2015 the strike on March 17 changed things."));
    }

    [Fact]
    public void Resolves_relative_dates_against_the_publish_date()
    {
        // Sunday 2 April 2017.
        var published = new DateTimeOffset(2017, 4, 2, 12, 0, 0, TimeSpan.Zero);
        var text = "The ministry spoke Sunday about the strike on March 17, which happened last month. " +
                   "Officials met last week and on Thursday; the campaign began in late 2015, three days ago it resumed.";
        var dates = new DateAnnotator().Annotate(text, published).ToDictionary(d => d.Text, d => d.Value);
        Assert.Equal("2017-04-02", dates["Sunday"]);
        Assert.Equal("2017-03-17", dates["March 17"]);
        Assert.Equal("2017-03", dates["last month"]);
        Assert.Equal("2017-W12", dates["last week"]);
        Assert.Equal("2017-03-30", dates["Thursday"]);
        Assert.Equal("2015", dates["late 2015"]);
        Assert.Equal("2017-03-30", dates["three days ago"]);
    }

    [Fact]
    public void Dates_an_undated_article_from_office_holders_and_weekday_pairs()
    {
        var text = "Secretary of State John Kerry spoke on Tuesday, March 3 about talks planned for March 20.";
        var dates = new DateAnnotator().Annotate(text, published: null);
        // Kerry served 2013-2017; 3 March fell on a Tuesday in 2015 only.
        Assert.Contains(dates, d => d.Text == "March 20" && d.Value == "2015-03-20");
    }

    [Fact]
    public void Leaves_relative_dates_out_when_nothing_dates_the_article()
    {
        Assert.Empty(new DateAnnotator().Annotate("They met on Sunday and again last week.", published: null));
    }

    [Fact]
    public void Scores_tone_as_positive_minus_negative_words_per_hundred()
    {
        var scorer = new ToneScorer();
        var good = scorer.Score("The leaders praised the successful agreement and welcomed the peace.");
        var bad = scorer.Score("The attack killed civilians and the ministry condemned the brutal bombing.");
        Assert.True(good.Tone > 0);
        Assert.True(bad.Tone < 0);
        Assert.Equal(good.Positive - good.Negative, good.Tone, 9);
        Assert.Equal(10, good.WordCount);
    }

    [Fact]
    public void Flips_a_negated_word()
    {
        Assert.True(new ToneScorer().Score("This is not good.").Tone < 0);
    }
}
