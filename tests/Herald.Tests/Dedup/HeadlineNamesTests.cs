using Herald.Text.Headlines;

namespace Herald.Tests.Dedup;

public sealed class HeadlineNamesTests
{
    [Fact]
    public void Different_subjects_of_one_phrase_conflict()
    {
        var uk = HeadlineNames.Of("Has the UK really learned the lessons of Iraq? Don't count on it");
        var harsanyi = HeadlineNames.Of("David Harsanyi: Trump learned the lessons of Iraq");
        Assert.True(HeadlineNames.Conflict(uk, harsanyi));
    }

    [Fact]
    public void A_headline_naming_less_than_another_does_not_conflict()
    {
        var full = HeadlineNames.Of("World Bank approves over $1bn for projects in Iraq, Syria and Lebanon");
        var short_ = HeadlineNames.Of("World Bank approves recovery funding");
        Assert.False(HeadlineNames.Conflict(full, short_));
        Assert.False(HeadlineNames.Conflict(HeadlineNames.Of("Trump learned the lessons of Iraq"), HeadlineNames.Of("David Harsanyi: Trump learned the lessons of Iraq")));
    }

    [Fact]
    public void Title_case_headlines_are_not_judged()
    {
        Assert.Null(HeadlineNames.Of("Turkey to Increase Tigris and Euphrates Water Flow to Iraq Starting Wednesday"));
    }
}
