using Herald.Annotate;

namespace Herald.Tests.Annotate;

/// <summary>The acceptance examples on the seed's lead article, which carries no publish date.</summary>
public sealed class SeedArticleTests
{
    private static readonly Lazy<(string Text, Herald.Model.ArticleAnnotations A)?> Annotated = new(() =>
    {
        var text = SharedData.SeedLead();
        return text is null ? null : (text, ArticleAnnotator.CreateDefault().Annotate(text, published: null));
    });

    [Fact]
    public void Quotes_Scrocca_and_Shumari_with_their_names_as_speakers()
    {
        if (Annotated.Value is not { } seed)
        {
            return;
        }

        var scrocca = seed.A.Quotes.Where(q => q.Speaker == "Joseph Scrocca").ToList();
        Assert.Contains(scrocca, q => q.Text.Contains("ISIS is smuggling civilians", StringComparison.Ordinal));
        Assert.Contains(scrocca, q => q.Text.StartsWith("the coalition had observed", StringComparison.Ordinal) && q.Cue == "said");
        Assert.Contains(scrocca, q => q.Text.Contains("a coalition strike contributed", StringComparison.Ordinal));
        var shumari = Assert.Single(seed.A.Quotes, q => q.Speaker == "Mohammad Shumari");
        Assert.StartsWith("141 bodies had been removed", shumari.Text, StringComparison.Ordinal);
        // Offsets point into the text.
        Assert.All(seed.A.Quotes, q => Assert.Equal(q.Text, seed.Text[q.Start..q.End]));
    }

    [Fact]
    public void Counts_141_bodies()
    {
        if (Annotated.Value is not { } seed)
        {
            return;
        }

        var bodies = Assert.Single(seed.A.Amounts, m => m.Text == "141 bodies");
        Assert.Equal(141, bodies.Value);
        Assert.Equal("bodies", bodies.Object);
        Assert.Contains(seed.A.Amounts, m => m.Text == "more than 100 civilian deaths" && m.Value == 100);
    }

    [Fact]
    public void Resolves_March_17_to_2017_from_the_articles_own_clues()
    {
        if (Annotated.Value is not { } seed)
        {
            return;
        }

        var march = seed.A.Dates.Where(d => d.Text == "March 17").ToList();
        Assert.NotEmpty(march);
        Assert.All(march, d => Assert.Equal("2017-03-17", d.Value));
        Assert.Contains(seed.A.Dates, d => d.Text == "late 2015" && d.Value == "2015");
        Assert.Contains(seed.A.Dates, d => d.Text == "last month" && d.Value == "2017-03");
    }

    [Fact]
    public void Codes_Russia_criticising_the_United_States()
    {
        if (Annotated.Value is not { } seed)
        {
            return;
        }

        Assert.Contains(seed.A.Events, e => e.Source.StartsWith("RUS", StringComparison.Ordinal) &&
                                            e.Target.StartsWith("USA", StringComparison.Ordinal) &&
                                            e.Code.StartsWith("11", StringComparison.Ordinal) && e.QuadClass == 3 && e.Goldstein < 0);
    }

    [Fact]
    public void Finds_the_people_and_a_negative_tone()
    {
        if (Annotated.Value is not { } seed)
        {
            return;
        }

        Assert.Contains(seed.A.Entities, e => e.Name == "Joseph Scrocca" && e.Type == Herald.Model.EntityType.Person);
        Assert.Contains(seed.A.Entities, e => e.Name == "Mohammad Shumari" && e.Type == Herald.Model.EntityType.Person);
        Assert.Contains(seed.A.Places, p => p.Text == "Iraq" && p.CountryCode == "IQ");
        Assert.True(seed.A.Tone!.Tone < 0, "a condemnation of civilian deaths reads negative");
    }
}
