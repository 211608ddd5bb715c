using System.Globalization;
using System.Text.RegularExpressions;

namespace Herald.Extract;

/// <summary>Parses the date formats news pages use in metadata, URLs and datelines.</summary>
internal static partial class DateFinder
{
    private static readonly string[] IsoFormats =
    [
        "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd'T'HH:mmK", "yyyy-MM-dd'T'HH:mm:ss",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd HH:mm:ssK", "yyyy-MM-dd HH:mm:ss",
        "yyyy-MM-dd HH:mm", "yyyy-MM-ddTHH:mm:sszzz", "yyyyMMdd'T'HHmmssK", "yyyyMMddHHmmss", "yyyy-MM-dd HH:mm:ss zzz",
        "yyyy-MM-dd'T'HH:mm:ss zzz", "yyyy/MM/dd HH:mm:ss", "yyyy/MM/dd HH:mm",
    ];

    /// <summary>Full month names in the languages of most news sites, each with its month number; English is also matched by its abbreviations.</summary>
    private static readonly (string Name, int Month)[] ForeignMonths =
    [
        ("januar", 1), ("februar", 2), ("märz", 3), ("maerz", 3), ("april", 4), ("mai", 5), ("juni", 6), ("juli", 7), ("august", 8),
        ("september", 9), ("oktober", 10), ("november", 11), ("dezember", 12),
        ("janvier", 1), ("février", 2), ("fevrier", 2), ("mars", 3), ("avril", 4), ("juin", 6), ("juillet", 7), ("août", 8), ("aout", 8),
        ("septembre", 9), ("octobre", 10), ("novembre", 11), ("décembre", 12), ("decembre", 12),
        ("enero", 1), ("febrero", 2), ("marzo", 3), ("abril", 4), ("mayo", 5), ("junio", 6), ("julio", 7), ("agosto", 8),
        ("septiembre", 9), ("setiembre", 9), ("octubre", 10), ("noviembre", 11), ("diciembre", 12),
        ("janeiro", 1), ("fevereiro", 2), ("março", 3), ("maio", 5), ("junho", 6), ("julho", 7), ("setembro", 9), ("outubro", 10),
        ("novembro", 11), ("dezembro", 12),
        ("gennaio", 1), ("febbraio", 2), ("aprile", 4), ("maggio", 5), ("giugno", 6), ("luglio", 7), ("settembre", 9), ("ottobre", 10),
        ("dicembre", 12),
        ("januari", 1), ("februari", 2), ("maart", 3), ("mei", 5), ("augustus", 8),
        // Swedish, Danish and Norwegian (the rest share their spelling with German, Dutch or French above).
        ("maj", 5), ("augusti", 8), ("desember", 12),
        // Russian in the genitive a date takes ("5 марта 2019"), then the nominative.
        ("января", 1), ("февраля", 2), ("марта", 3), ("апреля", 4), ("мая", 5), ("июня", 6), ("июля", 7), ("августа", 8),
        ("сентября", 9), ("октября", 10), ("ноября", 11), ("декабря", 12),
        ("январь", 1), ("февраль", 2), ("март", 3), ("апрель", 4), ("май", 5), ("июнь", 6), ("июль", 7), ("август", 8),
        ("сентябрь", 9), ("октябрь", 10), ("ноябрь", 11), ("декабрь", 12),
        // Polish, genitive ("5 marca 2019").
        ("stycznia", 1), ("lutego", 2), ("marca", 3), ("kwietnia", 4), ("maja", 5), ("czerwca", 6), ("lipca", 7), ("sierpnia", 8),
        ("września", 9), ("października", 10), ("listopada", 11), ("grudnia", 12),
        // Turkish.
        ("ocak", 1), ("şubat", 2), ("mart", 3), ("nisan", 4), ("mayıs", 5), ("haziran", 6), ("temmuz", 7), ("ağustos", 8),
        ("eylül", 9), ("ekim", 10), ("kasım", 11), ("aralık", 12),
    ];

    private static readonly string[] DateOnlyFormats = ["yyyy-MM-dd", "yyyyMMdd", "yyyy/MM/dd", "yyyy.MM.dd", "dd.MM.yyyy", "d.M.yyyy"];

    private static readonly string[] Months =
    [
        "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
    ];

    /// <summary>Parses a machine-written date (ISO 8601 and its common sloppy variants, RFC 1123).</summary>
    public static (DateTimeOffset Value, bool DateOnly)? ParseMachine(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return null;
        }

        var s = raw.Trim();
        if (s.Length > 64)
        {
            return null;
        }

        if (DateTimeOffset.TryParseExact(s, IsoFormats, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out var dto) && Plausible(dto))
        {
            return (dto, false);
        }

        if (DateTime.TryParseExact(s, DateOnlyFormats, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var d))
        {
            var value = new DateTimeOffset(d, TimeSpan.Zero);
            return Plausible(value) ? (value, true) : null;
        }

        if (DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out dto) && Plausible(dto))
        {
            return (dto, false);
        }

        // Unix seconds or milliseconds.
        if (long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var epoch) && s.Length is 10 or 13)
        {
            var v = s.Length == 10 ? DateTimeOffset.FromUnixTimeSeconds(epoch) : DateTimeOffset.FromUnixTimeMilliseconds(epoch);
            return Plausible(v) ? (v, false) : null;
        }

        return ParseHuman(s);
    }

    /// <summary>Finds /2019/11/19/, /20191119/, -2019-11-19- or /2019/nov/19/ in a URL path.</summary>
    public static DateTimeOffset? FromUrl(string? url)
    {
        if (string.IsNullOrEmpty(url) || !Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return null;
        }

        var path = uri.AbsolutePath.AsSpan();
        for (var i = 0; i + 8 <= path.Length; i++)
        {
            if (i > 0 && char.IsAsciiDigit(path[i - 1]))
            {
                continue;
            }

            if (!IsYear(path, i))
            {
                continue;
            }

            var year = Num(path.Slice(i, 4));
            var j = i + 4;
            if (j < path.Length && path[j] is '/' or '-' or '_' or '.')
            {
                var sep = path[j];
                j++;
                int month;
                var mEnd = j;
                while (mEnd < path.Length && char.IsAsciiLetterOrDigit(path[mEnd]))
                {
                    mEnd++;
                }

                var mSpan = path[j..mEnd];
                if (mSpan.Length is 1 or 2 && IsDigits(mSpan))
                {
                    month = Num(mSpan);
                }
                else if (mSpan.Length >= 3 && MonthFromName(mSpan) is { } named)
                {
                    month = named;
                }
                else
                {
                    continue;
                }

                if (mEnd < path.Length && path[mEnd] == sep)
                {
                    var dStart = mEnd + 1;
                    var dEnd = dStart;
                    while (dEnd < path.Length && char.IsAsciiDigit(path[dEnd]))
                    {
                        dEnd++;
                    }

                    if (dEnd - dStart is 1 or 2 && (dEnd == path.Length || !char.IsAsciiLetter(path[dEnd])))
                    {
                        if (Make(year, month, Num(path[dStart..dEnd])) is { } full)
                        {
                            return full;
                        }
                    }
                }
            }
            else if (i + 8 <= path.Length && IsDigits(path.Slice(i, 8)) && (i + 8 == path.Length || !char.IsAsciiDigit(path[i + 8])))
            {
                if (Make(year, Num(path.Slice(i + 4, 2)), Num(path.Slice(i + 6, 2))) is { } compact)
                {
                    return compact;
                }
            }
        }

        return null;
    }

    /// <summary>
    /// Reads a visible dateline such as "November 19, 2019", "19 November 2019" or "Nov. 19, 2019 5:30 PM" from a short text.
    /// </summary>
    public static (DateTimeOffset Value, bool DateOnly)? ParseHuman(string text)
    {
        var s = text.AsSpan();
        for (var i = 0; i < s.Length; i++)
        {
            if (!char.IsLetter(s[i]) || (i > 0 && char.IsLetter(s[i - 1])))
            {
                continue;
            }

            var wEnd = i;
            while (wEnd < s.Length && char.IsLetter(s[wEnd]))
            {
                wEnd++;
            }

            if (wEnd - i < 3 || MonthFromName(s[i..wEnd]) is not { } month)
            {
                continue;
            }

            // Month Day, Year
            var k = SkipSeparators(s, wEnd);
            if (ReadInt(s, ref k, 2) is { } day)
            {
                k = SkipOrdinal(s, k);
                k = SkipSeparators(s, k);
                if (ReadInt(s, ref k, 4) is { } year && year > 1990 && Make(year, month, day) is { } md)
                {
                    return (md, true);
                }
            }

            // Day Month Year
            var b = i - 1;
            while (b >= 0 && s[b] is ' ' or '.' or ',' or '\u00A0')
            {
                b--;
            }

            // "22 de outubro de 2010", "5 de mayo": a connecting "de" between day and month.
            if (b >= 2 && (s[b] is 'e' or 'E') && (s[b - 1] is 'd' or 'D') && s[b - 2] == ' ')
            {
                b -= 3;
            }

            var dEnd = b + 1;
            while (b >= 0 && char.IsAsciiDigit(s[b]))
            {
                b--;
            }

            if (dEnd - (b + 1) is 1 or 2)
            {
                var dayBefore = Num(s[(b + 1)..dEnd]);
                var k2 = SkipSeparators(s, wEnd);
                if (ReadInt(s, ref k2, 4) is { } y2 && y2 > 1990 && Make(y2, month, dayBefore) is { } dm)
                {
                    return (dm, true);
                }
            }
        }

        return ParseNumeric(text);
    }

    /// <summary>
    /// Dates written in digits, as most languages' date lines write them: "2019年3月5日" (and Korean "2019년 3월 5일"), "2019-03-05", "2019/3/5",
    /// "2019. 3. 5." (year first), "05.03.2019" (day first, the dotted European form), and "d/m/yyyy" or "m/d/yyyy"
    /// only when a part above 12 says which is the day.
    /// </summary>
    internal static (DateTimeOffset Value, bool DateOnly)? ParseNumeric(string text)
    {
        var m = NumericDate().Match(text);
        while (m.Success)
        {
            int year, month, day;
            if (m.Groups["y1"].Success)
            {
                year = int.Parse(m.Groups["y1"].ValueSpan, CultureInfo.InvariantCulture);
                month = int.Parse(m.Groups["m1"].ValueSpan, CultureInfo.InvariantCulture);
                day = int.Parse(m.Groups["d1"].ValueSpan, CultureInfo.InvariantCulture);
            }
            else if (m.Groups["y2"].Success)
            {
                year = int.Parse(m.Groups["y2"].ValueSpan, CultureInfo.InvariantCulture);
                month = int.Parse(m.Groups["m2"].ValueSpan, CultureInfo.InvariantCulture);
                day = int.Parse(m.Groups["d2"].ValueSpan, CultureInfo.InvariantCulture);
            }
            else
            {
                year = int.Parse(m.Groups["y3"].ValueSpan, CultureInfo.InvariantCulture);
                var a = int.Parse(m.Groups["a3"].ValueSpan, CultureInfo.InvariantCulture);
                var b = int.Parse(m.Groups["b3"].ValueSpan, CultureInfo.InvariantCulture);
                var sep = m.Groups["s3"].Value;
                if (sep == ".")
                {
                    (day, month) = (a, b);
                }
                else if (a > 12 && b <= 12)
                {
                    (day, month) = (a, b);
                }
                else if (b > 12 && a <= 12)
                {
                    (day, month) = (b, a);
                }
                else
                {
                    m = m.NextMatch();
                    continue;
                }
            }

            if (Make(year, month, day) is { } value)
            {
                return (value, true);
            }

            m = m.NextMatch();
        }

        return null;
    }

    [GeneratedRegex(@"(?<![\d.])(?:(?<y1>(?:19|20)\d{2})\s*[年년]\s*(?<m1>\d{1,2})\s*[月월]\s*(?<d1>\d{1,2})\s*[日일]|(?<y2>(?:19|20)\d{2})(?:-|/|\.\s?)(?<m2>\d{1,2})(?:-|/|\.\s?)(?<d2>\d{1,2})(?![\d/-])|(?<a3>\d{1,2})(?<s3>[./])(?<b3>\d{1,2})\k<s3>(?<y3>(?:19|20)\d{2}))(?!\d)", RegexOptions.CultureInvariant)]
    private static partial Regex NumericDate();

    private static int SkipSeparators(ReadOnlySpan<char> s, int k)
    {
        while (true)
        {
            while (k < s.Length && s[k] is ' ' or '.' or ',' or '\u00A0')
            {
                k++;
            }

            // Connecting words: "outubro de 2010", "day of".
            if (k + 3 <= s.Length && (s.Slice(k, 3).Equals("de ", StringComparison.OrdinalIgnoreCase) || s.Slice(k, 3).Equals("of ", StringComparison.OrdinalIgnoreCase)))
            {
                k += 3;
                continue;
            }

            return k;
        }
    }

    private static int SkipOrdinal(ReadOnlySpan<char> s, int k)
    {
        if (k + 2 <= s.Length && s.Slice(k, 2) is "st" or "nd" or "rd" or "th")
        {
            return k + 2;
        }

        return k;
    }

    private static int? ReadInt(ReadOnlySpan<char> s, ref int k, int maxDigits)
    {
        var start = k;
        while (k < s.Length && char.IsAsciiDigit(s[k]) && k - start < maxDigits)
        {
            k++;
        }

        if (k == start || (k < s.Length && char.IsAsciiDigit(s[k])))
        {
            return null;
        }

        return Num(s[start..k]);
    }

    private static int? MonthFromName(ReadOnlySpan<char> word)
    {
        if (word.Length < 3)
        {
            return null;
        }

        for (var m = 0; m < 12; m++)
        {
            var name = Months[m];
            if (word.Length <= name.Length && name.AsSpan().StartsWith(word, StringComparison.OrdinalIgnoreCase)
                && (word.Length == 3 || word.Length == name.Length || (m == 8 && word.Length == 4)))
            {
                return m + 1;
            }
        }

        foreach (var (name, month) in ForeignMonths)
        {
            if (word.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return month;
            }
        }

        return null;
    }

    private static bool IsYear(ReadOnlySpan<char> s, int i) =>
        i + 4 <= s.Length && IsDigits(s.Slice(i, 4)) && s[i] is '1' or '2' && Num(s.Slice(i, 4)) is >= 1995 and <= 2100;

    private static bool IsDigits(ReadOnlySpan<char> s)
    {
        foreach (var c in s)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return s.Length > 0;
    }

    private static int Num(ReadOnlySpan<char> s) => int.Parse(s, NumberStyles.None, CultureInfo.InvariantCulture);

    private static DateTimeOffset? Make(int year, int month, int day)
    {
        if (month is < 1 or > 12 || day < 1 || year is < 1995 or > 2100 || day > DateTime.DaysInMonth(year, month))
        {
            return null;
        }

        return new DateTimeOffset(year, month, day, 0, 0, 0, TimeSpan.Zero);
    }

    private static bool Plausible(DateTimeOffset d) => d.Year is >= 1995 and <= 2100;
}
