using System.Globalization;

namespace Herald.Ingest.Feeds;

/// <summary>
/// Reads the dates feeds actually carry: RFC 822/1123 (with missing weekdays, two-digit years, missing
/// seconds, named and military zones, "GMT+2", full month names, stray dots and commas), RFC 3339 /
/// W3C-DTF (reduced precision, ordinal days, compact forms, space instead of 'T', fractions), asctime and
/// SQL-style timestamps. Times without a zone are taken as UTC and flagged.
/// </summary>
public static class FeedDateParser
{
    private static readonly string[] Months =
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

    private static readonly Dictionary<string, int> ZoneMinutes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["UT"] = 0, ["UTC"] = 0, ["GMT"] = 0, ["Z"] = 0, ["WET"] = 0, ["BST"] = 60, ["CET"] = 60, ["CEST"] = 120,
        ["EET"] = 120, ["EEST"] = 180, ["MSK"] = 180, ["IST"] = 330, ["JST"] = 540, ["KST"] = 540, ["HKT"] = 480,
        ["SGT"] = 480, ["AEST"] = 600, ["AEDT"] = 660, ["NZST"] = 720, ["NZDT"] = 780,
        ["EST"] = -300, ["EDT"] = -240, ["CST"] = -360, ["CDT"] = -300, ["MST"] = -420, ["MDT"] = -360,
        ["PST"] = -480, ["PDT"] = -420, ["AKST"] = -540, ["AKDT"] = -480, ["HST"] = -600,
        // RFC 822 military zones; RFC 1123 notes their signs were historically reversed, so only Z is trusted
        // and the rest are read as the RFC wrote them.
        ["A"] = -60, ["M"] = -720, ["N"] = 60, ["Y"] = 720,
    };

    /// <summary>Parses <paramref name="text"/>; the value is null when nothing date-like was found.</summary>
    public static FeedDate Parse(string text)
    {
        var raw = text.Trim();
        if (raw.Length == 0)
        {
            return new FeedDate(text, null, FeedDateFlags.None);
        }

        if (TryIso(raw, out var value, out var flags) || TryRfc822(raw, out value, out flags))
        {
            return new FeedDate(text, value, flags);
        }

        return new FeedDate(text, null, FeedDateFlags.None);
    }

    /// <summary>
    /// Corrects what must not be trusted: a time more than a few minutes ahead of <paramref name="now"/>
    /// is clamped to it and flagged <see cref="FeedDateFlags.Future"/>.
    /// </summary>
    public static FeedDate Correct(FeedDate date, DateTimeOffset now)
    {
        if (date.Value is { } v && v > now.AddMinutes(10))
        {
            return date with { Value = now, Flags = date.Flags | FeedDateFlags.Future };
        }

        return date;
    }

    private static bool TryIso(string s, out DateTimeOffset value, out FeedDateFlags flags)
    {
        value = default;
        flags = FeedDateFlags.None;
        var p = 0;
        if (!Digits(s, ref p, 4, out var year))
        {
            return false;
        }

        int month = 1, day = 1;
        var dateOnly = true;
        var hasDash = p < s.Length && s[p] == '-';
        if (hasDash)
        {
            p++;
        }

        if (hasDash && p + 3 <= s.Length && AllDigits(s, p, 3) && (p + 3 == s.Length || !char.IsDigit(s[p + 3])))
        {
            // Ordinal date: YYYY-DDD.
            Digits(s, ref p, 3, out var ordinal);
            if (ordinal < 1 || ordinal > (DateTime.IsLeapYear(Math.Max(1, year)) ? 366 : 365) || year < 1)
            {
                return false;
            }

            var d = new DateTime(year, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddDays(ordinal - 1);
            month = d.Month;
            day = d.Day;
        }
        else if (p < s.Length && char.IsDigit(s[p]))
        {
            if (!Digits(s, ref p, 2, out month))
            {
                return false;
            }

            if (hasDash && p < s.Length && s[p] == '-')
            {
                p++;
            }

            if (p < s.Length && char.IsDigit(s[p]) && !Digits(s, ref p, 2, out day))
            {
                return false;
            }
        }
        else if (p != s.Length)
        {
            return false;
        }

        int hour = 0, minute = 0, second = 0;
        double fraction = 0;
        int? offset = null;
        if (p < s.Length && (s[p] is 'T' or 't' or ' '))
        {
            p++;
            if (!Digits(s, ref p, 2, out hour))
            {
                return false;
            }

            dateOnly = false;
            if (p < s.Length && s[p] == ':')
            {
                p++;
            }

            if (p < s.Length && char.IsDigit(s[p]))
            {
                Digits(s, ref p, 2, out minute);
                if (p < s.Length && s[p] == ':')
                {
                    p++;
                }

                if (p < s.Length && char.IsDigit(s[p]))
                {
                    Digits(s, ref p, 2, out second);
                }

                if (p < s.Length && (s[p] is '.' or ','))
                {
                    var start = ++p;
                    while (p < s.Length && char.IsDigit(s[p]))
                    {
                        p++;
                    }

                    if (p > start)
                    {
                        fraction = double.Parse("0." + s[start..p], CultureInfo.InvariantCulture);
                    }
                }
            }

            while (p < s.Length && s[p] == ' ')
            {
                p++;
            }

            if (p < s.Length)
            {
                if (s[p] is 'Z' or 'z')
                {
                    offset = 0;
                    p++;
                }
                else if (s[p] is '+' or '-')
                {
                    var sign = s[p] == '-' ? -1 : 1;
                    p++;
                    if (!Digits(s, ref p, 2, out var oh))
                    {
                        return false;
                    }

                    var om = 0;
                    if (p < s.Length && s[p] == ':')
                    {
                        p++;
                    }

                    if (p < s.Length && char.IsDigit(s[p]))
                    {
                        Digits(s, ref p, 2, out om);
                    }

                    offset = sign * ((oh * 60) + om);
                }
                else if (ZoneMinutes.TryGetValue(s[p..].Trim(), out var named))
                {
                    offset = named;
                    p = s.Length;
                }
            }
        }

        if (p != s.Length)
        {
            return false;
        }

        if (offset is null)
        {
            flags |= dateOnly ? FeedDateFlags.DateOnly : FeedDateFlags.NoZone;
        }

        return Build(year, month, day, hour, minute, second, fraction, offset ?? 0, out value);
    }

    private static bool TryRfc822(string s, out DateTimeOffset value, out FeedDateFlags flags)
    {
        value = default;
        flags = FeedDateFlags.None;
        var tokens = s.Replace(",", " ", StringComparison.Ordinal)
            .Split([' ', '\t', '\r', '\n'], StringSplitOptions.RemoveEmptyEntries)
            .ToList();
        if (tokens.Count == 0)
        {
            return false;
        }

        // Drop a weekday name, whatever its spelling ("Thu", "Thursday", "Thu.").
        if (tokens[0].Length >= 3 && char.IsLetter(tokens[0][0]) && MonthIndex(tokens[0]) < 0)
        {
            tokens.RemoveAt(0);
        }

        int day = -1, month = -1, year = -1;
        int hour = 0, minute = 0, second = 0;
        int? offset = null;
        var sawTime = false;
        foreach (var token in tokens)
        {
            var t = token.TrimEnd('.');
            if (t.Contains(':', StringComparison.Ordinal) && !sawTime && char.IsDigit(t[0]))
            {
                var parts = t.Split(':');
                if (parts.Length is < 2 or > 3 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out hour)
                    || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out minute)
                    || (parts.Length == 3 && !int.TryParse(parts[2].Split('.')[0], NumberStyles.None, CultureInfo.InvariantCulture, out second)))
                {
                    return false;
                }

                sawTime = true;
            }
            else if (MonthIndex(t) is var m and >= 0 && month < 0)
            {
                month = m + 1;
            }
            else if (int.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            {
                if (day < 0 && n is >= 1 and <= 31 && t.Length <= 2 && (month >= 0 || year < 0))
                {
                    day = n;
                }
                else if (year < 0)
                {
                    year = t.Length <= 2 ? (n < 50 ? 2000 + n : 1900 + n) : n;
                }
                else
                {
                    return false;
                }
            }
            else if (sawTime && offset is null && TryZone(t, out var z))
            {
                offset = z;
            }
            else if (t is "AM" or "am" or "PM" or "pm" && sawTime)
            {
                if (t is "PM" or "pm" && hour < 12)
                {
                    hour += 12;
                }
                else if (t is "AM" or "am" && hour == 12)
                {
                    hour = 0;
                }
            }
            else
            {
                return false;
            }
        }

        if (day < 0 || month < 0 || year < 0)
        {
            return false;
        }

        if (!sawTime)
        {
            flags |= FeedDateFlags.DateOnly;
        }
        else if (offset is null)
        {
            flags |= FeedDateFlags.NoZone;
        }

        return Build(year, month, day, hour, minute, second, 0, offset ?? 0, out value);
    }

    private static bool TryZone(string t, out int minutes)
    {
        minutes = 0;
        if (ZoneMinutes.TryGetValue(t, out minutes))
        {
            return true;
        }

        var s = t;
        foreach (var prefix in (string[])["GMT", "UTC", "UT"])
        {
            if (s.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && s.Length > prefix.Length)
            {
                s = s[prefix.Length..];
                break;
            }
        }

        if (s.Length < 2 || (s[0] != '+' && s[0] != '-'))
        {
            return false;
        }

        var sign = s[0] == '-' ? -1 : 1;
        var digits = s[1..].Replace(":", "", StringComparison.Ordinal);
        if (!int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
        {
            return false;
        }

        minutes = digits.Length <= 2 ? sign * n * 60 : sign * (((n / 100) * 60) + (n % 100));
        return Math.Abs(minutes) <= 14 * 60;
    }

    private static int MonthIndex(string token)
    {
        if (token.Length < 3)
        {
            return -1;
        }

        var head = token[..3];
        for (var i = 0; i < Months.Length; i++)
        {
            if (string.Equals(head, Months[i], StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }

    private static bool Build(int year, int month, int day, int hour, int minute, int second, double fraction, int offsetMinutes, out DateTimeOffset value)
    {
        value = default;
        if (year is < 1 or > 9999 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)
            || hour > 24 || minute > 59 || second > 60)
        {
            return false;
        }

        if (Math.Abs(offsetMinutes) > 14 * 60 || (year == 9999 && month == 12 && day == 31) || (year == 1 && month == 1 && day == 1))
        {
            // Outside what a DateTimeOffset can hold once the zone is applied; no real feed lives there.
            return false;
        }

        // 24:00 and leap seconds roll over rather than fail.
        var local = new DateTime(year, month, day, 0, 0, 0, DateTimeKind.Unspecified)
            .AddHours(hour).AddMinutes(minute).AddSeconds(second).AddTicks((long)(fraction * TimeSpan.TicksPerSecond));
        value = new DateTimeOffset(local, TimeSpan.FromMinutes(offsetMinutes));
        return true;
    }

    private static bool Digits(string s, ref int p, int count, out int value)
    {
        value = 0;
        if (p + count > s.Length || !AllDigits(s, p, count))
        {
            return false;
        }

        value = int.Parse(s.AsSpan(p, count), NumberStyles.None, CultureInfo.InvariantCulture);
        p += count;
        return true;
    }

    private static bool AllDigits(string s, int p, int count)
    {
        for (var i = p; i < p + count; i++)
        {
            if (!char.IsAsciiDigit(s[i]))
            {
                return false;
            }
        }

        return true;
    }
}
