using System.Globalization;
using System.Text;
using Herald.Model;

namespace Herald.Publish.Research;

/// <summary>
/// Articles as spreadsheet rows for research (RFC 4180 CSV: comma-separated, fields with a comma, quote or line
/// break quoted, quotes doubled, CRLF between records): one row per stored article, copies included and marked.
/// </summary>
public static class ResearchCsv
{
    public static readonly string[] Columns =
        ["id", "published", "first_seen", "outlet", "country", "language", "story", "duplicate_of", "title", "url", "section", "authors", "words"];

    public static string Header => string.Join(',', Columns);

    public static string Row(Article a)
    {
        string[] f =
        [
            a.Id,
            Time(a.Published, a.DateOnly),
            Time(a.FirstSeen, false),
            a.Outlet ?? "",
            OutletCountry(a.Url) ?? "",
            a.Language ?? "",
            a.Story ?? "",
            a.DuplicateOf ?? "",
            a.Title,
            a.Url ?? "",
            a.Section ?? "",
            string.Join("; ", a.Authors),
            Words(a.Text).ToString(CultureInfo.InvariantCulture),
        ];
        return string.Join(',', f.Select(Quote));
    }

    /// <summary>
    /// The outlet's country by its site's country-code domain (".co.uk" → GB, ".de" → DE), as ISO 3166 alpha-2; null
    /// for generic domains (.com, .org, .news…) and the country codes sites use as generic ones (.io, .tv, .co, .me…).
    /// </summary>
    public static string? OutletCountry(string? url)
    {
        if (url is null || !Uri.TryCreate(url, UriKind.Absolute, out var u))
        {
            return null;
        }

        var host = u.Host.TrimEnd('.');
        var dot = host.LastIndexOf('.');
        if (dot < 0 || host.Length - dot - 1 != 2)
        {
            return null;
        }

        var tld = host[(dot + 1)..].ToLowerInvariant();
        if (!tld.All(char.IsAsciiLetterLower) || GenericCountryCodes.Contains(tld))
        {
            return null;
        }

        return tld == "uk" ? "GB" : tld.ToUpperInvariant();
    }

    private static readonly HashSet<string> GenericCountryCodes = new(StringComparer.Ordinal)
    {
        "io", "tv", "co", "me", "fm", "ai", "ly", "to", "cc", "ws", "gg", "am", "is", "it", "eu",
    };

    private static string Time(DateTimeOffset? t, bool dateOnly) =>
        t is not { } v ? "" : dateOnly ? v.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : v.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    private static int Words(string text)
    {
        var n = 0;
        var inWord = false;
        foreach (var c in text)
        {
            var letter = char.IsLetterOrDigit(c);
            if (letter && !inWord)
            {
                n++;
            }

            inWord = letter;
        }

        return n;
    }

    /// <summary>RFC 4180 quoting; a leading =, +, - or @ is prefixed with ' so a spreadsheet never runs a scraped title as a formula.</summary>
    public static string Quote(string s)
    {
        if (s.Length > 0 && s[0] is '=' or '+' or '-' or '@' && !double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
        {
            s = "'" + s;
        }

        if (s.AsSpan().IndexOfAny(",\"\r\n") < 0)
        {
            return s;
        }

        var b = new StringBuilder(s.Length + 2).Append('"');
        foreach (var c in s)
        {
            b.Append(c == '"' ? "\"\"" : c.ToString());
        }

        return b.Append('"').ToString();
    }
}
