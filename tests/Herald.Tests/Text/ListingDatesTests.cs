using Herald.Text;

namespace Herald.Tests.Text;

public sealed class ListingDatesTests
{
    [Theory]
    [InlineData("July 8th, 2025", 2025, 7, 8)]
    [InlineData("June 1st, 2025", 2025, 6, 1)]
    [InlineData("Jul 2, 2025", 2025, 7, 2)]
    [InlineData("22nd March 2017", 2017, 3, 22)]
    [InlineData("Sept 11, 2001", 2001, 9, 11)]
    [InlineData("2025-06-29", 2025, 6, 29)]
    public void Parses_listing_dates_culture_invariantly(string text, int y, int m, int d)
    {
        Assert.True(ListingDates.TryParse(text, out var date));
        Assert.Equal(new DateOnly(y, m, d), date);
    }

    [Theory]
    [InlineData("February 30th, 2025")]
    [InlineData("Juli 8th, 2025")]
    [InlineData("July 8xx, 2025")]
    [InlineData("")]
    public void Refuses_what_is_not_a_date(string text) => Assert.False(ListingDates.TryParse(text, out _));

    [Theory]
    [InlineData(1, "1st")]
    [InlineData(2, "2nd")]
    [InlineData(3, "3rd")]
    [InlineData(11, "11th")]
    [InlineData(12, "12th")]
    [InlineData(13, "13th")]
    [InlineData(21, "21st")]
    [InlineData(22, "22nd")]
    [InlineData(31, "31st")]
    public void Writes_ordinal_days_as_the_seed_does(int day, string expected) =>
        Assert.EndsWith(expected, ListingDates.Format(new DateOnly(2025, 1, day)).Split(' ')[1].TrimEnd(','));
}
