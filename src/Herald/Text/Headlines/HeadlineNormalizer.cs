using System.Globalization;

namespace Herald.Text.Headlines;

/// <summary>
/// A headline reduced to what identifies its story: word keys in a bag (order does not matter), amounts in one
/// canonical form, and the part before a leading "Name:" kept apart so "David Harsanyi: Trump learned the lessons
/// of Iraq" can match the same column without the byline.
/// </summary>
/// <param name="Keys">Content keys of the whole headline (section prefix removed), stop words dropped.</param>
/// <param name="PrefixKeys">Keys before a leading colon ("Face of Defense", "David Harsanyi"); empty when none.</param>
/// <param name="BodyKeys">Keys after that colon; equal to <paramref name="Keys"/> when there is no prefix.</param>
public sealed record NormalizedHeadline(IReadOnlyList<string> Keys, IReadOnlyList<string> PrefixKeys, IReadOnlyList<string> BodyKeys)
{
    public bool HasPrefix => PrefixKeys.Count > 0;
}

/// <summary>Turns raw headlines into <see cref="NormalizedHeadline"/>s. Stateless and thread-safe.</summary>
public static class HeadlineNormalizer
{
    /// <summary>Section labels that aggregators and outlets put in front of headlines ("News - ", "Column | ").</summary>
    private static readonly HashSet<string> SectionLabels = new(StringComparer.OrdinalIgnoreCase)
    {
        "news", "column", "opinion", "analysis", "editorial", "update", "updated", "breaking", "breaking news",
        "watch", "video", "live", "exclusive", "commentary", "comment", "op-ed", "explainer", "photos", "podcast",
        "world", "politics", "business", "sport", "sports", "local news", "latest",
    };

    private static readonly Dictionary<string, double> Multipliers = new(StringComparer.OrdinalIgnoreCase)
    {
        ["k"] = 1e3, ["thousand"] = 1e3, ["m"] = 1e6, ["mn"] = 1e6, ["mln"] = 1e6, ["million"] = 1e6,
        ["b"] = 1e9, ["bn"] = 1e9, ["bln"] = 1e9, ["billion"] = 1e9, ["tn"] = 1e12, ["trillion"] = 1e12,
    };

    public static NormalizedHeadline Normalize(string headline, string? outlet = null)
    {
        var text = StripOutletSuffix(StripSectionLabel(headline.Trim()), outlet);
        var colon = FindPrefixColon(text);
        if (colon < 0)
        {
            var keys = Tokens(text);
            return new NormalizedHeadline(keys, [], keys);
        }

        var prefix = Tokens(text.AsSpan(0, colon));
        var body = Tokens(text.AsSpan(colon + 1));
        return new NormalizedHeadline([.. prefix, .. body], prefix, body);
    }

    /// <summary>Drops "News - ", "Column | ", "Opinion: " style labels at the start.</summary>
    public static string StripSectionLabel(string text)
    {
        foreach (var sep in (ReadOnlySpan<string>)[" - ", " | ", ": ", " – ", " — "])
        {
            var i = text.IndexOf(sep, StringComparison.Ordinal);
            if (i > 0 && i <= 16 && SectionLabels.Contains(text[..i].Trim()))
            {
                return text[(i + sep.Length)..].Trim();
            }
        }

        return text;
    }

    /// <summary>Drops a trailing " - Outlet" or " | Outlet" when it names the outlet that carried the item.</summary>
    public static string StripOutletSuffix(string text, string? outlet)
    {
        if (string.IsNullOrWhiteSpace(outlet))
        {
            return text;
        }

        foreach (var sep in (ReadOnlySpan<string>)[" - ", " | ", " – ", " — "])
        {
            var i = text.LastIndexOf(sep, StringComparison.Ordinal);
            if (i > 0 && string.Equals(text[(i + sep.Length)..].Trim(), outlet.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                return text[..i].TrimEnd();
            }
        }

        return text;
    }

    /// <summary>
    /// A colon within the first five words that is followed by at least three more words marks a byline, a
    /// series name or a place label. "Iraq: New US$930 Million Project" keeps "Iraq" as a prefix too; matching
    /// decides whether the prefix counts.
    /// </summary>
    private static int FindPrefixColon(string text)
    {
        var i = text.IndexOf(':', StringComparison.Ordinal);
        if (i <= 0 || i + 1 >= text.Length || char.IsDigit(text[i + 1]) || char.IsDigit(text[i - 1]))
        {
            return -1;
        }

        var before = text[..i].Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        var after = text[(i + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        return before <= 5 && after >= 3 ? i : -1;
    }

    /// <summary>Content keys of a text span: words through <see cref="WordForms.Key"/>, amounts as "#value".</summary>
    public static List<string> Tokens(ReadOnlySpan<char> text)
    {
        var keys = new List<string>(16);
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (IsCurrency(c) || char.IsDigit(c) || (c is 'U' && i + 2 < text.Length && text[i + 1] == 'S' && IsCurrency(text[i + 2])))
            {
                if (TryAmount(text, ref i, out var amount))
                {
                    keys.Add(amount);
                    continue;
                }
            }

            if (!char.IsLetterOrDigit(c))
            {
                i++;
                continue;
            }

            var start = i;
            while (i < text.Length && (char.IsLetterOrDigit(text[i]) || (IsInnerJoiner(text[i]) && i + 1 < text.Length && char.IsLetter(text[i + 1]))))
            {
                i++;
            }

            var key = WordForms.Key(text[start..i]);
            if (key.Length > 1 && !WordForms.IsStopWord(key))
            {
                keys.Add(key);
            }
        }

        return keys;
    }

    private static bool IsCurrency(char c) => c is '$' or '€' or '£' or '¥';

    private static bool IsInnerJoiner(char c) => c is '\'' or '’' or '-';

    /// <summary>
    /// Reads "$1bn", "$1 billion", "US$930 Million", "118M", "2.6 million": the value times its multiplier, so every
    /// spelling of one amount gives one key. Plain numbers ("5 soldiers") give their value.
    /// </summary>
    private static bool TryAmount(ReadOnlySpan<char> text, ref int i, out string key)
    {
        key = "";
        var j = i;
        if (text[j] == 'U')
        {
            j += 2;
        }

        if (j < text.Length && IsCurrency(text[j]))
        {
            j++;
        }

        var numStart = j;
        while (j < text.Length && (char.IsDigit(text[j]) || ((text[j] is ',' or '.') && j + 1 < text.Length && char.IsDigit(text[j + 1]))))
        {
            j++;
        }

        if (j == numStart)
        {
            return false;
        }

        var digits = text[numStart..j].ToString().Replace(",", "", StringComparison.Ordinal);
        if (!double.TryParse(digits, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            return false;
        }

        // A multiplier glued on ("1bn", "118M") or as the next word ("1 billion").
        var k = j;
        if (k < text.Length && text[k] == ' ')
        {
            k++;
        }

        var wordStart = k;
        while (k < text.Length && char.IsLetter(text[k]))
        {
            k++;
        }

        if (k > wordStart && Multipliers.TryGetValue(text[wordStart..k].ToString(), out var mult)
            && (wordStart == j || text[wordStart..k].Length > 1))
        {
            value *= mult;
            j = k;
        }
        else if (k > wordStart && wordStart == j)
        {
            // Digits glued to letters ("F-5s", "21st", "5G") are a word, not an amount.
            return false;
        }

        i = j;
        key = "#" + value.ToString("R", CultureInfo.InvariantCulture);
        return true;
    }
}
