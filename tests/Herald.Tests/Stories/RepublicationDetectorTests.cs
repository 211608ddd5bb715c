using Herald.Composition;

using Herald.Model;
using Herald.Stories;
using Xunit.Abstractions;

namespace Herald.Tests.Stories;

public sealed class RepublicationDetectorTests(ITestOutputHelper output)
{
    /// <summary>The seed's lead: a 2017 CNN story listed among July 2025 links.</summary>
    private Article? SeedLead()
    {
        var seed = SharedData.Directory("seed/000_4ddfc6bcc6cd5d23.txt", output);
        if (seed is null)
        {
            return null;
        }

        var lines = File.ReadLines(seed).TakeWhile(l => !l.StartsWith("View post:", StringComparison.Ordinal)).ToList();
        return new Article
        {
            Id = "lead",
            Title = lines[0],
            Text = string.Join("\n\n", lines.Skip(1)),
            Published = new DateTimeOffset(2025, 7, 8, 0, 0, 0, TimeSpan.Zero),
        };
    }

    [Fact]
    public void Flags_the_seeds_2017_cnn_story_listed_in_2025()
    {
        if (SeedLead() is not { } lead)
        {
            return;
        }

        var estimate = RepublicationDetector.Estimate(lead);
        Assert.NotNull(estimate);
        output.WriteLine(estimate.Value.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        // Tillerson was Secretary of State from 2017 to 2018; "March 17" plus "last month" puts it in April 2017.
        Assert.Equal(new DateTimeOffset(2017, 4, 1, 0, 0, 0, TimeSpan.Zero), estimate);
        var assignment = StoryClustering.NewClusterer().Assign(lead);
        Assert.Equal(estimate, assignment.Republished);
    }

    [Fact]
    public void Leaves_the_same_story_alone_when_listed_in_its_own_time()
    {
        if (SeedLead() is not { } lead)
        {
            return;
        }

        Assert.Null(RepublicationDetector.Estimate(lead with { Published = new DateTimeOffset(2017, 4, 2, 0, 0, 0, TimeSpan.Zero) }));
    }

    [Fact]
    public void Does_not_flag_a_recent_article_that_mentions_an_old_date_alongside_this_year()
    {
        var a = new Article
        {
            Id = "x",
            Text = "The invasion began on March 20, 2003. On June 28, 2025 veterans gathered to remember it.",
            Published = new DateTimeOffset(2025, 7, 1, 0, 0, 0, TimeSpan.Zero),
        };
        Assert.Null(RepublicationDetector.Estimate(a));
    }

    private static Article Listed(string text, int year, int month, int day) => new()
    {
        Id = "x",
        Text = text,
        Published = new DateTimeOffset(year, month, day, 0, 0, 0, TimeSpan.Zero),
    };

    // Real sentences from two scrapinghub pages listed 2019-11-20 that were wrongly flagged (issue 14).
    [Theory]
    [InlineData("Former President Barack Obama, the most popular Democrat in America, inserted himself into the primary in recent days by warning candidates against moving too far to the left.")]
    [InlineData("Former President Barack Obama, the most popular Democrat in America, inserted himself into the 2020 primary in recent days by warning candidates against moving too far to the left.")]
    [InlineData("Roughly 13,000 US troops remain in Afghanistan, 18 years after Washington invaded the country in the wake of the September 11, 2001 attacks.")]
    [InlineData("The memorial lists everyone who died in the September 11, 2001 attacks.")]
    [InlineData("The rule was written under President Barack Obama and has survived every challenge in the courts.")]
    [InlineData("Then-Secretary of State John Kerry signed the accord, which the current government now wants to leave.")]
    [InlineData("Ten years on, the town marked the anniversary of the March 11, 2011 earthquake with a minute of silence.")]
    public void A_title_of_the_past_or_a_historical_date_is_no_evidence(string sentence) =>
        Assert.Null(RepublicationDetector.Estimate(Listed(sentence, 2019, 11, 20)));

    [Fact]
    public void An_officeholder_named_in_office_still_dates_the_text()
    {
        var a = Listed("President Barack Obama met the Prime Minister at the White House on March 3 to discuss trade.", 2025, 7, 8);
        Assert.Equal(new DateTimeOffset(2009, 3, 3, 0, 0, 0, TimeSpan.Zero), RepublicationDetector.Estimate(a));
    }

    [Fact]
    public void An_originally_published_note_dates_the_text()
    {
        // readability-testpages medium-2, a 2011 blog post listed on Medium in February 2015.
        var a = Listed("Originally published at www.courtneykirchoff.com on November 18, 2011. Sadly this solo post did not stop the abuse of literally.", 2015, 2, 24);
        Assert.Equal(new DateTimeOffset(2011, 11, 18, 0, 0, 0, TimeSpan.Zero), RepublicationDetector.Estimate(a));
    }

    [Fact]
    public async Task Relative_dates_in_a_republished_article_resolve_against_its_original_date()
    {
        if (SeedLead() is not { } lead)
        {
            return;
        }

        var republished = RepublicationDetector.Estimate(lead);
        Assert.NotNull(republished);
        var stage = new Herald.Annotate.AnnotationStage(Herald.Annotate.ArticleAnnotator.CreateDefault());
        var item = await stage.ProcessAsync(new Herald.Pipeline.PipelineItem(lead with { Republished = republished }), CancellationToken.None);
        var lastMonth = Assert.Single(item.Annotations!.Dates, d => d.Text == "last month");
        // Written in April 2017 (listed July 2025): "last month" is March 2017, not June 2025.
        Assert.Equal("2017-03", lastMonth.Value);
    }
}
