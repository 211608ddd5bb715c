using System.Globalization;

namespace Herald.Text;

/// <summary>
/// Listing dates as aggregator pages write them ("July 8th, 2025", "Jul 8, 2025", "8 July 2025"),
/// parsed and written culture-invariantly.
/// </summary>
public static class ListingDates
{
    private static readonly string[] MonthNames =
    [
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
    ];

    public static bool TryParse(ReadOnlySpan<char> text, out DateOnly date)
    {
        date = default;
        Span<Range> parts = stackalloc Range[5];
        var s = text.Trim();
        var n = s.SplitAny(parts, " ,", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (n != 3)
        {
            return DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);
        }

        ReadOnlySpan<char> a = s[parts[0]], b = s[parts[1]], c = s[parts[2]];
        int month, day;
        if ((month = MonthOf(a)) > 0)
        {
            day = DayOf(b);
        }
        else if ((month = MonthOf(b)) > 0)
        {
            day = DayOf(a);
        }
        else
        {
            return false;
        }

        if (day <= 0 || !int.TryParse(c, NumberStyles.None, CultureInfo.InvariantCulture, out var year) ||
            year is < 1000 or > 9999 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }

        date = new DateOnly(year, month, day);
        return true;
    }

    /// <summary>"July 8th, 2025": the seed's own form.</summary>
    public static string Format(DateOnly date) =>
        string.Create(CultureInfo.InvariantCulture, $"{MonthNames[date.Month - 1]} {date.Day}{Ordinal(date.Day)}, {date.Year}");

    public static string Ordinal(int day) => (day % 100) switch
    {
        11 or 12 or 13 => "th",
        _ => (day % 10) switch
        {
            1 => "st",
            2 => "nd",
            3 => "rd",
            _ => "th",
        },
    };

    private static int MonthOf(ReadOnlySpan<char> word)
    {
        word = word.TrimEnd('.');
        if (word.Length < 3)
        {
            return 0;
        }

        for (var i = 0; i < MonthNames.Length; i++)
        {
            var name = MonthNames[i].AsSpan();
            if (word.Length <= name.Length && name.StartsWith(word, StringComparison.OrdinalIgnoreCase) &&
                (word.Length == 3 || word.Length == name.Length || (i == 8 && word.Length == 4)))
            {
                return i + 1;
            }
        }

        return 0;
    }

    private static int DayOf(ReadOnlySpan<char> word)
    {
        var end = 0;
        while (end < word.Length && char.IsAsciiDigit(word[end]))
        {
            end++;
        }

        if (end is 0 or > 2)
        {
            return 0;
        }

        var suffix = word[end..];
        if (suffix.Length != 0 && !(suffix.Length == 2 && suffix is "st" or "nd" or "rd" or "th" or "ST" or "ND" or "RD" or "TH"))
        {
            return 0;
        }

        return int.Parse(word[..end], NumberStyles.None, CultureInfo.InvariantCulture);
    }
}
