using Herald.Evaluation.Stories;
using Herald.Model;
using Herald.Stories;
using Xunit.Abstractions;

namespace Herald.Tests.Stories;

public sealed class DateConflictTests(ITestOutputHelper output)
{
    private IReadOnlyList<EcbDocument>? Docs() => SharedData.EcbPlus(output);

    [Fact]
    public void Reads_weekdays_and_years_from_the_opening_only()
    {
        var article = new Article
        {
            Id = "a",
            Title = "Obama overturns Bush endangered species rule",
            Text = "Obama overturns Bush endangered species rule\n\nWASHINGTON, April 28, 2009 — President Obama on Tuesday "
                + "overturned a rule issued on a Thursday. " + new string('x', 400) + " On Friday, 1973 was recalled.",
        };

        var keys = StoryDates.Keys(article, 300);
        Assert.Equal([2009UL, 2UL, 4UL], keys);
        Assert.True(StoryDates.IsYear(2009));
        Assert.False(StoryDates.IsYear(4));
    }

    [Fact]
    public void Ignores_words_that_only_look_like_days_or_years()
    {
        var article = new Article { Id = "b", Title = "Holiday sales", Text = "Holiday sales rose 12345 units, 3000 more; someday soon." };
        Assert.Empty(StoryDates.Keys(article, 300));
    }

    [Theory]
    // Floors below the measured gains (topic 9: 0.803 to 0.895; topic 27: 0.679 to 0.867, three orders).
    [InlineData(9, 0.07)] // Bush's endangered-species rule (issued on a Thursday) and Obama's reversal of it (2009)
    [InlineData(27, 0.15)] // Microsoft's IE zero-day patch of a Wednesday, and the one of September 2013
    public void Splits_two_events_of_one_kind_that_happened_on_different_dates(int topicId, double gain)
    {
        if (Docs() is not { } docs)
        {
            return;
        }

        var topic = docs.Where(d => d.Topic == topicId).ToList();
        var gold = topic.ToDictionary(d => d.Id, d => d.Subtopic, StringComparer.Ordinal);
        double without = 0, with = 0;
        foreach (var seed in new[] { 1, 2, 3 })
        {
            var order = EcbPlusCorpus.Shuffled(topic, seed);
            without += BCubed.Score(StoryEvaluation.Cluster(order, new StoryClustererOptions { DateConflictPenalty = 0 }), gold).F1 / 3;
            with += BCubed.Score(StoryEvaluation.Cluster(order, new StoryClustererOptions()), gold).F1 / 3;
        }

        output.WriteLine($"topic {topicId}: F1 without dates {without:0.000}, with {with:0.000}");
        Assert.True(with >= without + gain, $"{without:0.000} -> {with:0.000}");
    }
}
