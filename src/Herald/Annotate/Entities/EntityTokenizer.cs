using System.Buffers;

namespace Herald.Annotate.Entities;

/// <summary>
/// Splits text into tokens and sentences the way CoNLL-2003 tokenised its Reuters text, because that is what
/// the tagger was trained on: punctuation and possessive 's are separate tokens, hyphenated words, numbers and
/// abbreviations ("U.S.", "Col.", "Corp.") stay whole. Works over spans; allocates only the output lists.
/// </summary>
public static class EntityTokenizer
{
    private static readonly SearchValues<char> Leading = SearchValues.Create("\"'([{<“‘«`„");
    private static readonly SearchValues<char> Trailing = SearchValues.Create(")]}>\"”’»,;:!?'`");
    private static readonly SearchValues<char> Dashes = SearchValues.Create("—–");

    // Lowercased, without the final period: a token ending in one of these keeps its period.
    private static readonly HashSet<string> Abbreviations = new(StringComparer.Ordinal)
    {
        "mr", "mrs", "ms", "dr", "prof", "col", "gen", "lt", "maj", "capt", "sgt", "adm", "cmdr", "cpl", "pvt",
        "sen", "rep", "gov", "pres", "gens", "rev", "fr", "st", "jr", "sr", "messrs", "mt", "ft", "hon", "amb",
        "corp", "inc", "ltd", "co", "bros", "plc", "cos", "assn", "dept", "univ", "intl",
        "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
        "mon", "tue", "tues", "wed", "thu", "thurs", "fri", "sat", "sun",
        "no", "nos", "vs", "v", "etc", "approx", "est", "fig", "vol", "pp", "ave", "blvd", "rd",
        "ala", "ariz", "ark", "calif", "colo", "conn", "del", "fla", "ga", "ill", "ind", "kan", "ky", "la", "md",
        "mass", "mich", "minn", "miss", "mo", "mont", "neb", "nev", "okla", "ore", "pa", "tenn", "tex", "va",
        "vt", "wash", "wis", "wyo",
    };

    /// <summary>Tokenises the whole text.</summary>
    public static List<TextToken> Tokenize(string text)
    {
        var tokens = new List<TextToken>(text.Length / 5 + 4);
        var span = text.AsSpan();
        int i = 0;
        while (i < span.Length)
        {
            if (char.IsWhiteSpace(span[i]))
            {
                i++;
                continue;
            }

            int j = i;
            while (j < span.Length && !char.IsWhiteSpace(span[j]))
            {
                j++;
            }

            AddChunk(text, i, j, tokens);
            i = j;
        }

        return tokens;
    }

    /// <summary>
    /// Groups tokens into sentences: a line break always ends one; ". ! ?" (with closing quotes or brackets)
    /// ends one when the next token starts like a sentence.
    /// </summary>
    public static List<SentenceRange> SplitSentences(string text, IReadOnlyList<TextToken> tokens)
    {
        var sentences = new List<SentenceRange>(tokens.Count / 15 + 1);
        int start = 0;
        for (int k = 0; k < tokens.Count; k++)
        {
            bool end = k + 1 == tokens.Count;
            if (!end)
            {
                var next = tokens[k + 1];
                if (text.AsSpan(tokens[k].End, next.Start - tokens[k].End).Contains('\n'))
                {
                    end = true;
                }
                else if (k - start >= 250)
                {
                    end = true; // a runaway "sentence" (tables, lists) would make decoding quadratic in memory
                }
                else if (IsTerminal(tokens[k].In(text)))
                {
                    int m = k + 1;
                    // A closing quote or bracket belongs to the sentence when it is attached to it ("said." or
                    // "worked.\""); after a space, a quote more likely opens the next sentence.
                    while (m < tokens.Count && IsCloser(tokens[m].In(text)) && tokens[m].Start == tokens[m - 1].End)
                    {
                        m++;
                    }

                    if (m == tokens.Count || StartsSentence(tokens[m].In(text)))
                    {
                        k = m - 1;
                        end = true;
                    }
                }
            }

            if (end)
            {
                sentences.Add(new SentenceRange(start, k + 1));
                start = k + 1;
            }
        }

        return sentences;
    }

    private static bool IsTerminal(ReadOnlySpan<char> t) =>
        t is "." or "!" or "?" or "..." or "…" or "?!" or "!?";

    private static bool IsCloser(ReadOnlySpan<char> t) => t is "\"" or "”" or "’" or "'" or ")" or "]";

    private static bool StartsSentence(ReadOnlySpan<char> t)
    {
        char c = t[0];
        return char.IsUpper(c) || char.IsDigit(c) || Leading.Contains(c);
    }

    private static void AddChunk(string text, int a, int b, List<TextToken> tokens)
    {
        if (b - a == 2 && (text[a] == '\'' || text[a] == '’') && (text[a + 1] == 's' || text[a + 1] == 'S'))
        {
            tokens.Add(new TextToken(a, b)); // a possessive already split off, as in CoNLL text
            return;
        }

        // Leading punctuation, one token per character.
        while (a < b - 1 && Leading.Contains(text[a]) && !(text[a] == '\'' && char.IsDigit(text[a + 1])))
        {
            tokens.Add(new TextToken(a, a + 1));
            a++;
        }

        // Trailing punctuation is peeled from the right and emitted after the core, in text order.
        Span<int> tail = stackalloc int[32]; // pairs (start, end), right to left
        int tails = 0;
        while (b - a > 1 && tails < 15)
        {
            char c = text[b - 1];
            if (c == '.')
            {
                if (b - a >= 4 && text[b - 2] == '.' && text[b - 3] == '.')
                {
                    tail[2 * tails] = b - 3;
                    tail[2 * tails++ + 1] = b;
                    b -= 3;
                    continue;
                }

                if (KeepsPeriod(text.AsSpan(a, b - a)))
                {
                    break;
                }
            }
            else if (c != '…' && !Trailing.Contains(c))
            {
                break;
            }

            tail[2 * tails] = b - 1;
            tail[2 * tails++ + 1] = b;
            b--;
            if ((c == '\'' || c == '’') && (text[b - 1] == 's' || text[b - 1] == 'S'))
            {
                break; // plural possessive: "countries'" → countries '
            }
        }

        // Possessive 's is its own token, as in CoNLL.
        if (b - a > 2 && (text[b - 1] == 's' || text[b - 1] == 'S') && (text[b - 2] == '\'' || text[b - 2] == '’'))
        {
            AddCore(text, a, b - 2, tokens);
            tokens.Add(new TextToken(b - 2, b));
        }
        else if (b > a)
        {
            AddCore(text, a, b, tokens);
        }

        for (int k = tails - 1; k >= 0; k--)
        {
            tokens.Add(new TextToken(tail[2 * k], tail[2 * k + 1]));
        }
    }

    private static void AddCore(string text, int a, int b, List<TextToken> tokens)
    {
        // Dashes inside a word ("left—and", "2015--2016") separate tokens; plain hyphens do not.
        int s = a;
        for (int k = a; k < b; k++)
        {
            bool dash = Dashes.Contains(text[k]);
            bool doubleHyphen = text[k] == '-' && k + 1 < b && text[k + 1] == '-';
            if (!dash && !doubleHyphen)
            {
                continue;
            }

            if (k > s)
            {
                tokens.Add(new TextToken(s, k));
            }

            int w = doubleHyphen ? 2 : 1;
            if (k == a && b - a == w)
            {
                tokens.Add(new TextToken(k, k + w));
                return;
            }

            tokens.Add(new TextToken(k, k + w));
            k += w - 1;
            s = k + 1;
        }

        if (b > s)
        {
            tokens.Add(new TextToken(s, b));
        }
    }

    private static bool KeepsPeriod(ReadOnlySpan<char> word)
    {
        // word includes the final period.
        var core = word[..^1];
        if (core.Length == 0)
        {
            return false;
        }

        if (core.Length == 1 && char.IsLetter(core[0]))
        {
            return true; // initials: "J."
        }

        if (core.Contains('.'))
        {
            return true; // "U.S.", "a.m."
        }

        if (core.Length > 8 || !char.IsLetter(core[0]))
        {
            return false;
        }

        Span<char> lower = stackalloc char[core.Length];
        core.ToLowerInvariant(lower);
        return Abbreviations.GetAlternateLookup<ReadOnlySpan<char>>().Contains(lower);
    }
}
