using System.Globalization;
using Herald.Model;

namespace Herald.Annotate.Dates;

/// <summary>
/// Finds date expressions and resolves them to ISO 8601: absolute ("March 17, 2017", "17 March", "late 2015",
/// "2017-03-17") and relative ("Sunday", "last week", "last month", "three days ago", "yesterday"). They resolve against
/// the publish date; when it is unknown, <see cref="DateAnchor.Infer"/> dates the article from its own clues (office
/// holders such as "Secretary of State Rex Tillerson", years mentioned, "last month" next to a month name, weekday and
/// date pairs), and values are only as precise as the clues allow (a weekday against a month-only anchor is "2017-04").
/// Expressions that cannot be resolved are left out rather than guessed.
/// </summary>
public sealed class DateAnnotator
{
    internal static readonly Dictionary<string, int> MonthNames = new(StringComparer.Ordinal)
    {
        ["January"] = 1, ["February"] = 2, ["March"] = 3, ["April"] = 4, ["May"] = 5, ["June"] = 6, ["July"] = 7,
        ["August"] = 8, ["September"] = 9, ["October"] = 10, ["November"] = 11, ["December"] = 12, ["Jan."] = 1, ["Feb."] = 2,
        ["Mar."] = 3, ["Apr."] = 4, ["Jun."] = 6, ["Jul."] = 7, ["Aug."] = 8, ["Sep."] = 9, ["Sept."] = 9, ["Oct."] = 10,
        ["Nov."] = 11, ["Dec."] = 12,
    };

    internal static readonly Dictionary<string, DayOfWeek> Weekdays = new(StringComparer.Ordinal)
    {
        ["Monday"] = DayOfWeek.Monday, ["Tuesday"] = DayOfWeek.Tuesday, ["Wednesday"] = DayOfWeek.Wednesday,
        ["Thursday"] = DayOfWeek.Thursday, ["Friday"] = DayOfWeek.Friday, ["Saturday"] = DayOfWeek.Saturday, ["Sunday"] = DayOfWeek.Sunday,
    };

    private static readonly Dictionary<string, int> Counts = new(StringComparer.OrdinalIgnoreCase)
    {
        ["a"] = 1, ["an"] = 1, ["one"] = 1, ["two"] = 2, ["three"] = 3, ["four"] = 4, ["five"] = 5, ["six"] = 6, ["seven"] = 7,
        ["eight"] = 8, ["nine"] = 9, ["ten"] = 10, ["several"] = 3, ["few"] = 3,
    };

    public IReadOnlyList<DateMention> Annotate(string text, DateTimeOffset? published) =>
        Annotate(TextUnits.Of(text), published, null);

    internal IReadOnlyList<DateMention> Annotate(TextUnits units, DateTimeOffset? published, IReadOnlyList<EntityMention>? entities)
    {
        var anchor = published is { } p ? DateAnchor.FromDay(DateOnly.FromDateTime(p.UtcDateTime)) : DateAnchor.Infer(units);
        var found = new List<DateMention>();
        foreach (var m in Scan(units))
        {
            var value = Resolve(m, anchor);
            if (value is not null)
            {
                found.Add(new DateMention(units.Text[m.Start..m.End], m.Start, m.End, value));
            }
        }

        return found;
    }

    internal enum Kind
    {
        MonthDay,
        MonthYear,
        Year,
        Weekday,
        RelativeDay,
        RelativeUnit,
        Ago,
        Full,
    }

    /// <summary>A date expression before resolution. Offset: -1 last, 0 this, +1 next (or days for RelativeDay).</summary>
    internal readonly record struct RawDate(int Start, int End, Kind Kind, int Year, int Month, int Day, int Offset, string Unit, DayOfWeek Weekday);

    internal static IEnumerable<RawDate> Scan(TextUnits units)
    {
        var tokens = units.Tokens;
        for (var i = 0; i < tokens.Count; i++)
        {
            var t = tokens[i];
            if (!t.IsWord)
            {
                continue;
            }

            var word = CapitalisedNameFinder.Bare(t.Text);
            var prevWord = i > 0 ? tokens[i - 1].Text.ToLowerInvariant() : "";
            // ISO dates: 2017-03-17.
            if (word.Length == 10 && DateOnly.TryParseExact(word, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var iso))
            {
                yield return new RawDate(t.Start, t.End, Kind.Full, iso.Year, iso.Month, iso.Day, 0, "", default);
                continue;
            }

            if (MonthNames.TryGetValue(word, out var month) && !(word == "May" && !NextIsNumber(tokens, i)) && !(word == "March" && !NextIsNumber(tokens, i) && !IsYear(tokens, i + 1, out _) && !prevWord.Equals("in", StringComparison.Ordinal) && !prevWord.Equals("last", StringComparison.Ordinal) && !prevWord.Equals("early", StringComparison.Ordinal) && !prevWord.Equals("late", StringComparison.Ordinal)))
            {
                var start = QualifiedStart(tokens, i);
                if (i + 1 < tokens.Count && int.TryParse(tokens[i + 1].Text.TrimEnd('s', 't', 'h', 'n', 'd', 'r'), NumberStyles.None, CultureInfo.InvariantCulture, out var day) && day is >= 1 and <= 31 && tokens[i + 1].Text.Length <= 4)
                {
                    var end = i + 1;
                    var year = 0;
                    if (end + 2 < tokens.Count && tokens[end + 1].Text == "," && IsYear(tokens, end + 2, out var y1))
                    {
                        year = y1;
                        end += 2;
                    }
                    else if (IsYear(tokens, end + 1, out var y2))
                    {
                        year = y2;
                        end += 1;
                    }

                    var weekdayStart = i >= 2 && tokens[i - 1].Text == "," && Weekdays.ContainsKey(tokens[i - 2].Text) ? tokens[i - 2].Start : tokens[i].Start;
                    yield return new RawDate(Math.Min(start, weekdayStart), tokens[end].End, year > 0 ? Kind.Full : Kind.MonthDay, year, month, day, 0, "", default);
                    i = end;
                    continue;
                }

                if (IsYear(tokens, i + 1, out var y) || (i + 2 < tokens.Count && tokens[i + 1].Text == "," && IsYear(tokens, i + 2, out y)))
                {
                    var end = tokens[i + 1].Text == "," ? i + 2 : i + 1;
                    yield return new RawDate(start, tokens[end].End, Kind.MonthYear, y, month, 0, 0, "", default);
                    i = end;
                    continue;
                }

                if (prevWord is "last" or "next" or "this")
                {
                    yield return new RawDate(tokens[i - 1].Start, t.End, Kind.MonthYear, 0, month, 0, prevWord == "last" ? -1 : prevWord == "next" ? 1 : 0, "month-name", default);
                    continue;
                }

                yield return new RawDate(start, t.End, Kind.MonthYear, 0, month, 0, 0, "month-name", default);
                continue;
            }

            // Day Month [Year]: "17 March 2017".
            if (int.TryParse(word, NumberStyles.None, CultureInfo.InvariantCulture, out var d2) && d2 is >= 1 and <= 31 && i + 1 < tokens.Count &&
                MonthNames.TryGetValue(tokens[i + 1].Text, out var m2))
            {
                var end = i + 1;
                var year = 0;
                if (IsYear(tokens, i + 2, out var y3))
                {
                    year = y3;
                    end = i + 2;
                }

                yield return new RawDate(t.Start, tokens[end].End, year > 0 ? Kind.Full : Kind.MonthDay, year, m2, d2, 0, "", default);
                i = end;
                continue;
            }

            if (Weekdays.TryGetValue(word, out var weekday))
            {
                var offset = prevWord == "last" ? -1 : prevWord == "next" ? 1 : prevWord == "this" ? 0 : -2;
                var start = offset != -2 ? tokens[i - 1].Start : t.Start;
                if (i + 2 < tokens.Count && tokens[i + 1].Text == "," && MonthNames.ContainsKey(tokens[i + 2].Text))
                {
                    continue; // "Sunday, March 19" is read with the month.
                }

                yield return new RawDate(start, t.Start + word.Length, Kind.Weekday, 0, 0, 0, offset, "", weekday);
                continue;
            }

            var lower = word.ToLowerInvariant();
            if (lower is "yesterday" or "today" or "tomorrow")
            {
                yield return new RawDate(t.Start, t.Start + word.Length, Kind.RelativeDay, 0, 0, 0, lower == "yesterday" ? -1 : lower == "today" ? 0 : 1, "day", default);
                continue;
            }

            if (lower is "last" or "next" or "this" or "past" && i + 1 < tokens.Count && tokens[i + 1].Text is "week" or "month" or "year" or "weekend")
            {
                var unit = tokens[i + 1].Text == "weekend" ? "week" : tokens[i + 1].Text;
                var start = i > 0 && tokens[i - 1].Is("earlier") || i > 0 && tokens[i - 1].Is("later") ? tokens[i - 1].Start : t.Start;
                yield return new RawDate(start, tokens[i + 1].End, Kind.RelativeUnit, 0, 0, 0, lower is "last" or "past" ? -1 : lower == "next" ? 1 : 0, unit, default);
                i++;
                continue;
            }

            if (Counts.TryGetValue(lower, out var count) && i + 2 < tokens.Count && tokens[i + 2].Is("ago") &&
                tokens[i + 1].Text.TrimEnd('s') is "day" or "week" or "month" or "year")
            {
                yield return new RawDate(t.Start, tokens[i + 2].End, Kind.Ago, 0, 0, 0, -count, tokens[i + 1].Text.TrimEnd('s'), default);
                i += 2;
                continue;
            }

            if (int.TryParse(lower, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && i + 2 < tokens.Count && tokens[i + 2].Is("ago") &&
                tokens[i + 1].Text.TrimEnd('s') is "day" or "week" or "month" or "year")
            {
                yield return new RawDate(t.Start, tokens[i + 2].End, Kind.Ago, 0, 0, 0, -n, tokens[i + 1].Text.TrimEnd('s'), default);
                i += 2;
                continue;
            }

            if (IsYear(tokens, i, out var year4) && (prevWord is "in" or "since" or "late" or "early" or "mid" or "of" or "until" or "by" or "from" or "through" or "during" ||
                                                     word.StartsWith("mid-", StringComparison.Ordinal)))
            {
                var start = prevWord is "late" or "early" or "mid" ? tokens[i - 1].Start : t.Start;
                yield return new RawDate(start, t.End, Kind.Year, year4, 0, 0, 0, "", default);
            }
        }
    }

    private static int QualifiedStart(IReadOnlyList<Token> tokens, int i) =>
        i > 0 && tokens[i - 1].Text is "late" or "early" or "mid" or "Late" or "Early" ? tokens[i - 1].Start : tokens[i].Start;

    private static bool NextIsNumber(IReadOnlyList<Token> tokens, int i) =>
        i + 1 < tokens.Count && tokens[i + 1].IsWord && char.IsDigit(tokens[i + 1].Text[0]);

    private static bool IsYear(IReadOnlyList<Token> tokens, int i, out int year)
    {
        year = 0;
        if (i >= tokens.Count || !tokens[i].IsWord)
        {
            return false;
        }

        var w = tokens[i].Text;
        if (w.StartsWith("mid-", StringComparison.Ordinal))
        {
            w = w[4..];
        }

        return w.Length == 4 && int.TryParse(w, NumberStyles.None, CultureInfo.InvariantCulture, out year) && year is >= 1900 and <= 2100;
    }

    private static string? Resolve(RawDate m, DateAnchor anchor)
    {
        switch (m.Kind)
        {
            case Kind.Full:
                return new DateOnly(m.Year, m.Month, Math.Min(m.Day, DateTime.DaysInMonth(m.Year, m.Month))).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            case Kind.Year:
                return m.Year.ToString(CultureInfo.InvariantCulture);
            case Kind.MonthYear when m.Year > 0:
                return Month(m.Year, m.Month);
            case Kind.MonthYear:
            {
                // "March" or "last March": the latest such month not after the anchor ("next March": the first after it).
                if (anchor.Year is not { } ay)
                {
                    return null;
                }

                var am = anchor.Month ?? 12;
                var y = m.Offset > 0 ? (m.Month > am ? ay : ay + 1) : (m.Month <= am ? ay : ay - 1);
                if (m.Offset < 0 && m.Month == am)
                {
                    y--;
                }

                return Month(y, m.Month);
            }

            case Kind.MonthDay:
            {
                if (anchor.Year is not { } ay)
                {
                    return null;
                }

                var reference = anchor.Day ?? new DateOnly(ay, anchor.Month ?? 12, DateTime.DaysInMonth(ay, anchor.Month ?? 12));
                var candidate = new DateOnly(reference.Year, m.Month, Math.Min(m.Day, DateTime.DaysInMonth(reference.Year, m.Month)));
                // News looks back; a date more than two months ahead of the anchor is last year's.
                if (candidate.DayNumber - reference.DayNumber > 62)
                {
                    candidate = candidate.AddYears(-1);
                }

                return candidate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            }

            case Kind.Weekday:
            {
                if (anchor.Day is not { } day)
                {
                    return anchor.Year is { } y && anchor.Month is { } mo ? Month(y, mo) : null;
                }

                var delta = ((int)day.DayOfWeek - (int)m.Weekday + 7) % 7;
                var date = m.Offset switch
                {
                    1 => day.AddDays(((int)m.Weekday - (int)day.DayOfWeek + 7) % 7 is 0 ? 7 : ((int)m.Weekday - (int)day.DayOfWeek + 7) % 7),
                    -1 => day.AddDays(-(delta == 0 ? 7 : delta) - (delta < 2 && delta > 0 ? 0 : 0)),
                    _ => day.AddDays(-delta),
                };
                return date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            }

            case Kind.RelativeDay:
                return anchor.Day?.AddDays(m.Offset).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            case Kind.RelativeUnit:
            case Kind.Ago:
                return Shift(anchor, m.Unit, m.Offset);
            default:
                return null;
        }
    }

    private static string? Shift(DateAnchor anchor, string unit, int offset)
    {
        switch (unit)
        {
            case "day":
                return anchor.Day?.AddDays(offset).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            case "week":
                if (anchor.Day is { } d)
                {
                    var w = d.AddDays(7 * offset).ToDateTime(TimeOnly.MinValue);
                    return string.Create(CultureInfo.InvariantCulture, $"{ISOWeek.GetYear(w)}-W{ISOWeek.GetWeekOfYear(w):00}");
                }

                return anchor.Year is { } wy && anchor.Month is { } wm ? Month(wy, wm) : null;
            case "month":
                if (anchor.Year is { } y && anchor.Month is { } mo)
                {
                    var first = new DateOnly(y, mo, 1).AddMonths(offset);
                    return Month(first.Year, first.Month);
                }

                return null;
            case "year":
                return anchor.Year is { } yy ? (yy + offset).ToString(CultureInfo.InvariantCulture) : null;
            default:
                return null;
        }
    }

    private static string Month(int year, int month) => string.Create(CultureInfo.InvariantCulture, $"{year:0000}-{month:00}");
}
