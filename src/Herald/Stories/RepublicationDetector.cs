using System.Globalization;
using System.Text.RegularExpressions;
using Herald.Model;

namespace Herald.Stories;

/// <summary>
/// Flags stale republications: an article listed today whose text shows it was written much earlier. The clues
/// are the ones a reader uses: fully written dates ("March 17, 2017"), officeholders' titles, which pin a time
/// span ("Secretary of State Rex Tillerson" is 2017–2018), and a month and day without a year ("on March 17"),
/// placed inside that span, moved on by "last month" when the text says so.
/// </summary>
public static partial class RepublicationDetector
{
    /// <summary>How much older than its listing an article must be to count as republished.</summary>
    public static readonly TimeSpan Staleness = TimeSpan.FromDays(180);

    /// <summary>Officeholders with a title, and the span in which the title was current. Hand-written; extend freely.</summary>
    private static readonly (string Phrase, DateOnly From, DateOnly To)[] Officeholders =
    [
        ("Secretary of State Rex Tillerson", new(2017, 2, 1), new(2018, 3, 31)),
        ("Secretary of State Mike Pompeo", new(2018, 4, 26), new(2021, 1, 20)),
        ("Secretary of State John Kerry", new(2013, 2, 1), new(2017, 1, 20)),
        ("Secretary of State Hillary Clinton", new(2009, 1, 21), new(2013, 2, 1)),
        ("Secretary of State Condoleezza Rice", new(2005, 1, 26), new(2009, 1, 20)),
        ("Secretary of State Antony Blinken", new(2021, 1, 26), new(2025, 1, 20)),
        ("Secretary of State Marco Rubio", new(2025, 1, 21), new(2100, 1, 1)),
        ("Defense Secretary Jim Mattis", new(2017, 1, 20), new(2019, 1, 1)),
        ("Defense Secretary James Mattis", new(2017, 1, 20), new(2019, 1, 1)),
        ("Defense Secretary Ash Carter", new(2015, 2, 17), new(2017, 1, 20)),
        ("Defense Secretary Lloyd Austin", new(2021, 1, 22), new(2025, 1, 20)),
        ("President Barack Obama", new(2009, 1, 20), new(2017, 1, 20)),
        ("President Obama", new(2009, 1, 20), new(2017, 1, 20)),
        ("President Joe Biden", new(2021, 1, 20), new(2025, 1, 20)),
        ("President Biden", new(2021, 1, 20), new(2025, 1, 20)),
        ("President George W. Bush", new(2001, 1, 20), new(2009, 1, 20)),
        ("Prime Minister Theresa May", new(2016, 7, 13), new(2019, 7, 24)),
        ("Prime Minister David Cameron", new(2010, 5, 11), new(2016, 7, 13)),
        ("Prime Minister Boris Johnson", new(2019, 7, 24), new(2022, 9, 6)),
        ("Prime Minister Rishi Sunak", new(2022, 10, 25), new(2024, 7, 5)),
        ("Prime Minister Haider al-Abadi", new(2014, 9, 8), new(2018, 10, 25)),
        ("Prime Minister Nouri al-Maliki", new(2006, 5, 20), new(2014, 9, 8)),
        ("Chancellor Angela Merkel", new(2005, 11, 22), new(2021, 12, 8)),
        ("Secretary-General Ban Ki-moon", new(2007, 1, 1), new(2016, 12, 31)),
    ];

    private static readonly string[] Months =
        ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];

    /// <summary>The estimated original date when <paramref name="article"/> is a stale republication; otherwise null.</summary>
    public static DateTimeOffset? Estimate(Article article)
    {
        if (article.Published is not { } listed || article.Text.Length == 0)
        {
            return null;
        }

        var text = article.Text;
        var listedDay = DateOnly.FromDateTime(listed.UtcDateTime);
        DateOnly? estimate = null;

        // 1. An officeholder's span, narrowed by every officeholder mentioned.
        DateOnly? from = null, to = null;
        foreach (var (phrase, f, t) in Officeholders)
        {
            if (NamesInOffice(text, phrase))
            {
                from = from is null || f > from ? f : from;
                to = to is null || t < to ? t : to;
            }
        }

        var lastMonth = LastMonth().IsMatch(text);
        if (from is { } lo && to is { } hi && lo <= hi && hi.AddDays(Staleness.Days) < listedDay)
        {
            estimate = lo;
            // A month and day without a year, placed at its first occurrence inside the span.
            foreach (Match m in MonthDay().Matches(text))
            {
                var month = MonthNumber(m.Groups["month"].Value);
                var day = int.Parse(m.Groups["day"].Value, CultureInfo.InvariantCulture);
                for (var year = lo.Year; year <= hi.Year; year++)
                {
                    if (day <= DateTime.DaysInMonth(year, month))
                    {
                        var candidate = new DateOnly(year, month, day);
                        if (candidate >= lo && candidate <= hi)
                        {
                            estimate = candidate;
                            break;
                        }
                    }
                }

                break;
            }

            if (lastMonth && estimate is { } e)
            {
                // "in Mosul last month" after "March 17": the text was written the month after.
                estimate = new DateOnly(e.Year, e.Month, 1).AddMonths(1);
            }
        }

        // 2. Fully written dates: the latest one bounds the writing from below.
        DateOnly? latestFull = null;
        foreach (Match m in FullDate().Matches(text))
        {
            if (IsHistory(text, m))
            {
                continue;
            }

            var month = MonthNumber(m.Groups["month"].Value);
            var day = int.Parse(m.Groups["day"].Value, CultureInfo.InvariantCulture);
            var year = int.Parse(m.Groups["year"].Value, CultureInfo.InvariantCulture);
            if (year is > 1900 and < 2200 && day <= DateTime.DaysInMonth(year, month))
            {
                var d = new DateOnly(year, month, day);
                latestFull = latestFull is null || d > latestFull ? d : latestFull;
            }
        }

        if (latestFull is { } full)
        {
            // A later written date contradicts an older estimate; an estimate alone from dates needs two clues
            // (a full date and no year near the listing) to avoid flagging anniversaries and retrospectives.
            if (estimate is { } e && full > e)
            {
                estimate = full;
            }
            else if (estimate is null && !MentionsYearNear(text, listedDay.Year))
            {
                estimate = full;
            }
        }

        if (estimate is not { } result || result.AddDays(Staleness.Days) >= listedDay)
        {
            return null;
        }

        // A year next to the listing's ("the 2020 primary" in a 2019 article) says the text was written lately,
        // whatever titles and old dates it also names.
        if (MentionsYearNear(text, listedDay.Year))
        {
            return null;
        }

        return new DateTimeOffset(result.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
    }

    /// <summary>
    /// The phrase names someone while in office: not "Former President Barack Obama", "then-Secretary of State John
    /// Kerry", "the late …", "under President Obama", which are how later texts speak of the past.
    /// </summary>
    private static bool NamesInOffice(string text, string phrase)
    {
        for (var at = text.IndexOf(phrase, StringComparison.Ordinal); at >= 0; at = text.IndexOf(phrase, at + phrase.Length, StringComparison.Ordinal))
        {
            var before = text.AsSpan(Math.Max(0, at - 24), at - Math.Max(0, at - 24)).ToString();
            if (!PastTitle().IsMatch(before))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// A written date the text looks back at rather than writes from: an event named by its date ("the September 11,
    /// 2001 attacks"), or a sentence that counts the years since it ("18 years after", "anniversary", "since").
    /// </summary>
    private static bool IsHistory(string text, Match date)
    {
        var after = text.AsSpan(date.Index + date.Length, Math.Min(40, text.Length - date.Index - date.Length)).ToString();
        if (NamedEvent().IsMatch(after))
        {
            return true;
        }

        var start = Math.Max(text.LastIndexOfAny(['.', '!', '?', '\n'], Math.Max(0, date.Index - 1)) + 1, 0);
        var end = text.IndexOfAny(['.', '!', '?', '\n'], date.Index + date.Length);
        var sentence = text[start..(end < 0 ? text.Length : end)];
        return LookingBack().IsMatch(sentence);
    }

    private static bool MentionsYearNear(string text, int year)
    {
        foreach (Match m in Year().Matches(text))
        {
            var y = int.Parse(m.Value, CultureInfo.InvariantCulture);
            if (Math.Abs(y - year) <= 1)
            {
                return true;
            }
        }

        return false;
    }

    private static int MonthNumber(string name)
    {
        var lower = name.ToLowerInvariant();
        for (var i = 0; i < Months.Length; i++)
        {
            if (Months[i].StartsWith(lower[..Math.Min(3, lower.Length)], StringComparison.Ordinal))
            {
                return i + 1;
            }
        }

        return 1;
    }

    [GeneratedRegex(@"\b(?<month>January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.? (?<day>\d{1,2})(?:st|nd|rd|th)?\b(?!,? \d{4})(?! \d)", RegexOptions.CultureInvariant)]
    private static partial Regex MonthDay();

    [GeneratedRegex(@"\b(?<month>January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.? (?<day>\d{1,2})(?:st|nd|rd|th)?,? (?<year>\d{4})\b", RegexOptions.CultureInvariant)]
    private static partial Regex FullDate();

    [GeneratedRegex(@"(?:\b(?:former|ex|then|late|onetime|one-time|erstwhile|under|during|past|predecessor,?)[\s-]+(?:U\.S\.\s+|US\s+|American\s+)?)$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex PastTitle();

    [GeneratedRegex(@"^\W{0,3}(?:\w+\s+)?(?:terror(?:ist)?\s+)?(?:attacks?|bombings?|earthquake|tsunami|massacre|shootings?|disaster|crash|invasion|election|referendum|coup|riots?|hurricane|storm|fire|blast|explosion|tragedy)\b", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex NamedEvent();

    [GeneratedRegex(@"\b(?:anniversary|years? (?:ago|after|since|later|on)|decades?|since|wake of|remember(?:ed|s|ing)?|memorial|commemorat\w*|history|historic)\b", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex LookingBack();

    [GeneratedRegex(@"\blast month\b", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex LastMonth();

    [GeneratedRegex(@"\b(19|20)\d{2}\b", RegexOptions.CultureInvariant)]
    private static partial Regex Year();
}
