using System.Globalization;
using Herald.Model;

namespace Herald.Annotate.Amounts;

/// <summary>
/// Numbers with what they count: "141 bodies", "more than 100 civilian deaths", "$930 million", "80,000 bpd",
/// "dozens of protesters". Values are normalised (scale words applied: "$930 million" → 930000000, object "USD");
/// years, clock times and day-of-month numbers are left to the date annotator.
/// </summary>
public sealed class AmountAnnotator
{
    private static readonly Dictionary<string, double> Scales = new(StringComparer.OrdinalIgnoreCase)
    {
        ["thousand"] = 1e3, ["million"] = 1e6, ["billion"] = 1e9, ["trillion"] = 1e12, ["mn"] = 1e6, ["bn"] = 1e9, ["m"] = 1e6,
        ["b"] = 1e9, ["k"] = 1e3, ["tn"] = 1e12, ["mln"] = 1e6, ["bln"] = 1e9,
    };

    private static readonly Dictionary<string, double> NumberWords = new(StringComparer.OrdinalIgnoreCase)
    {
        ["two"] = 2, ["three"] = 3, ["four"] = 4, ["five"] = 5, ["six"] = 6, ["seven"] = 7, ["eight"] = 8, ["nine"] = 9,
        ["ten"] = 10, ["eleven"] = 11, ["twelve"] = 12, ["thirteen"] = 13, ["fourteen"] = 14, ["fifteen"] = 15, ["twenty"] = 20,
        ["thirty"] = 30, ["forty"] = 40, ["fifty"] = 50, ["hundred"] = 100, ["dozen"] = 12, ["dozens"] = 24, ["hundreds"] = 200,
        ["thousands"] = 2000, ["millions"] = 2e6, ["scores"] = 40,
    };

    private static readonly Dictionary<string, string> Currencies = new(StringComparer.Ordinal)
    {
        ["$"] = "USD", ["US$"] = "USD", ["€"] = "EUR", ["£"] = "GBP", ["¥"] = "JPY", ["₹"] = "INR", ["₽"] = "RUB",
    };

    private static readonly Dictionary<string, string> CurrencyWords = new(StringComparer.OrdinalIgnoreCase)
    {
        ["dollars"] = "USD", ["dollar"] = "USD", ["euros"] = "EUR", ["euro"] = "EUR", ["pounds"] = "GBP", ["yen"] = "JPY",
        ["rubles"] = "RUB", ["roubles"] = "RUB", ["rupees"] = "INR", ["yuan"] = "CNY", ["dinars"] = "IQD",
    };

    private static readonly HashSet<string> Qualifiers = new(StringComparer.OrdinalIgnoreCase)
    {
        "more than", "less than", "fewer than", "at least", "at most", "up to", "nearly", "almost", "about", "around",
        "roughly", "approximately", "some", "over", "under", "some", "just over", "just under", "as many as", "an estimated",
    };

    // Words that end an object phrase: function words, auxiliaries, prepositions.
    private static readonly HashSet<string> StopWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "had", "have", "has", "were", "was", "is", "are", "be", "been", "in", "of", "to", "from", "on", "at", "and", "or",
        "that", "who", "which", "with", "for", "by", "as", "than", "a", "an", "the", "this", "these", "those", "it", "they",
        "he", "she", "said", "says", "will", "would", "could", "can", "may", "after", "before", "since", "during", "ago",
        "over", "under", "into", "per", "each", "but", "not", "so", "when", "where", "while", "if", "about", "all", "more",
        "their", "his", "her", "its", "our", "out", "up", "down", "off", "last", "next", "this", "year", "years", "old",
    };

    private static readonly HashSet<string> Months = new(StringComparer.OrdinalIgnoreCase)
    {
        "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
        "december", "jan.", "feb.", "mar.", "apr.", "jun.", "jul.", "aug.", "sep.", "sept.", "oct.", "nov.", "dec.",
    };

    public IReadOnlyList<AmountMention> Annotate(string text) => Annotate(TextUnits.Of(text));

    internal IReadOnlyList<AmountMention> Annotate(TextUnits units)
    {
        var text = units.Text;
        var tokens = units.Tokens;
        var found = new List<AmountMention>();
        for (var i = 0; i < tokens.Count; i++)
        {
            var t = tokens[i];
            string? currency = null;
            var first = i;
            var n = i;
            if (!t.IsWord && Currencies.TryGetValue(t.Text, out var cur) && i + 1 < tokens.Count && tokens[i + 1].Start == t.End)
            {
                currency = cur;
                n = i + 1;
            }
            else if (t.IsWord && t.Text == "US" && i + 2 < tokens.Count && tokens[i + 1].Text == "$")
            {
                currency = "USD";
                n = i + 2;
            }

            if (n >= tokens.Count || !TryNumber(tokens[n].Text, out var value, out var spelled))
            {
                continue;
            }

            // Day of month ("March 17"), years ("in 2015"), clock times: dates, not amounts.
            if (!spelled && currency is null && IsDatePart(tokens, n, value))
            {
                i = n;
                continue;
            }

            var last = n;
            var next = n + 1;
            if (spelled && next < tokens.Count && tokens[next].Is("of"))
            {
                next++; // "dozens of protesters"
            }

            if (next < tokens.Count && tokens[next].IsWord && Scales.TryGetValue(tokens[next].Text, out var scale) &&
                (tokens[next].Text.Length > 1 || currency is not null))
            {
                value *= scale;
                last = next;
                next++;
            }
            else if (!spelled && n + 1 < tokens.Count && tokens[n + 1].Text is "%" )
            {
                found.Add(Make(text, tokens, QualifierStart(tokens, first), n + 2, value, "percent"));
                i = n + 1;
                continue;
            }

            // Suffix scales glued to the number: "$1.2bn", "5m".
            string? obj = currency;
            var objEnd = last;
            if (obj is null && next < tokens.Count && tokens[next].IsWord && CurrencyWords.TryGetValue(tokens[next].Text, out var cw))
            {
                obj = cw;
                objEnd = next;
            }
            else if (obj is null)
            {
                var k = next;
                var words = new List<string>();
                while (k < tokens.Count && tokens[k].IsWord && words.Count < 3 && !StopWords.Contains(tokens[k].Text) &&
                       !Quotes.CueLexicon.Verbs.Contains(tokens[k].Text) &&
                       (words.Count == 0 || !tokens[k].IsCapitalised) && !TryNumber(tokens[k].Text, out _, out _) &&
                       !(words.Count > 0 && (tokens[k].Text.EndsWith("ed", StringComparison.Ordinal) || tokens[k].Text.EndsWith("ing", StringComparison.Ordinal))) &&
                       (tokens[k].Text.Length > 0 && (char.IsLower(tokens[k].Text[0]) || IsUnit(tokens[k].Text))))
                {
                    words.Add(tokens[k].Text);
                    k++;
                    if (k < tokens.Count && tokens[k].Start != tokens[k - 1].End + 1)
                    {
                        break;
                    }
                }

                if (words.Count > 0 && (words[^1].EndsWith("ed", StringComparison.Ordinal) || words[^1].EndsWith("ly", StringComparison.Ordinal)) && words.Count > 1)
                {
                    words.RemoveAt(words.Count - 1);
                }

                if (words.Count > 0)
                {
                    obj = string.Join(' ', words);
                    objEnd = next + words.Count - 1;
                }
            }

            // Spelled numbers need an object to count ("two officials"); a bare "one" or "two" is not an amount.
            if (obj is null && (spelled || value < 10))
            {
                i = last;
                continue;
            }

            found.Add(Make(text, tokens, QualifierStart(tokens, first), objEnd + 1, value, obj));
            i = objEnd;
        }

        return found;
    }

    private static bool IsUnit(string w) => w is "bpd" or "km" or "kg" or "mph" or "MW" or "GW" or "kW" or "km2" or "sq";

    private static AmountMention Make(string text, IReadOnlyList<Token> tokens, int from, int toExclusive, double value, string? obj)
    {
        var start = tokens[from].Start;
        var end = tokens[toExclusive - 1].End;
        return new AmountMention(text[start..end], start, end, value, obj);
    }

    private static int QualifierStart(IReadOnlyList<Token> tokens, int first)
    {
        if (first >= 2 && Qualifiers.Contains(tokens[first - 2].Text + " " + tokens[first - 1].Text))
        {
            return first - 2;
        }

        if (first >= 3 && Qualifiers.Contains(tokens[first - 3].Text + " " + tokens[first - 2].Text + " " + tokens[first - 1].Text))
        {
            return first - 3;
        }

        return first >= 1 && tokens[first - 1].IsWord && Qualifiers.Contains(tokens[first - 1].Text) ? first - 1 : first;
    }

    private static bool IsDatePart(IReadOnlyList<Token> tokens, int n, double value)
    {
        var prev = n > 0 ? tokens[n - 1].Text : "";
        var next = n + 1 < tokens.Count ? tokens[n + 1].Text : "";
        if (Months.Contains(prev) || Months.Contains(next) || (prev == "," && n > 1 && Months.Contains(tokens[n - 2].Text)))
        {
            return true;
        }

        if (value >= 1900 && value <= 2100 && value == Math.Floor(value) && !tokens[n].Text.Contains(','))
        {
            return true;
        }

        return next is ":" || next.Equals("a.m.", StringComparison.OrdinalIgnoreCase) || next.Equals("p.m.", StringComparison.OrdinalIgnoreCase) ||
               next.Equals("am", StringComparison.OrdinalIgnoreCase) || next.Equals("pm", StringComparison.OrdinalIgnoreCase) || prev == ":";
    }

    // Abbreviated magnitudes ("3bn", "40k"), longest first where one ends another; and what a written number is made of.
    private static readonly (string Suffix, double Factor)[] Suffixes = [("bn", 1e9), ("mn", 1e6), ("m", 1e6), ("k", 1e3), ("b", 1e9)];
    private static readonly System.Buffers.SearchValues<char> NumberChars = System.Buffers.SearchValues.Create("0123456789,.");

    internal static bool TryNumber(string word, out double value, out bool spelled)
    {
        spelled = false;
        if (NumberWords.TryGetValue(word, out value))
        {
            spelled = true;
            return true;
        }

        var s = word;
        double scale = 1;
        foreach (var (suffix, factor) in Suffixes)
        {
            if (s.Length > suffix.Length && s.EndsWith(suffix, StringComparison.OrdinalIgnoreCase) && char.IsDigit(s[^(suffix.Length + 1)]))
            {
                s = s[..^suffix.Length];
                scale = factor;
                break;
            }
        }

        if (s.Length == 0 || !char.IsDigit(s[0]) || s.AsSpan().IndexOfAnyExcept(NumberChars) >= 0)
        {
            value = 0;
            return false;
        }

        if (double.TryParse(s.Replace(",", "", StringComparison.Ordinal), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value))
        {
            value *= scale;
            return true;
        }

        return false;
    }
}
