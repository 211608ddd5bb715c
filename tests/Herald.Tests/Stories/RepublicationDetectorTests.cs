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
}
