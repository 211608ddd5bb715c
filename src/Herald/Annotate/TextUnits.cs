namespace Herald.Annotate;

/// <summary>A token: a word (letters, digits, inner apostrophes, hyphens, abbreviation dots) or one punctuation mark.</summary>
internal readonly record struct Token(int Start, int End, string Text, bool IsWord)
{
    public int Length => End - Start;

    public bool IsCapitalised => IsWord && Text.Length > 0 && char.IsUpper(Text[0]);

    public bool Is(string word) => string.Equals(Text, word, StringComparison.OrdinalIgnoreCase);
}

/// <summary>A sentence: its span in the text and the index range of its tokens.</summary>
internal readonly record struct Sentence(int Start, int End, int FirstToken, int TokenCount, int Paragraph);

/// <summary>Tokens and sentences of one text, computed once and shared by every annotator.</summary>
internal sealed class TextUnits
{
    // Abbreviations whose dot never ends a sentence (titles, months, corporate suffixes).
    private static readonly HashSet<string> Abbreviations = new(StringComparer.OrdinalIgnoreCase)
    {
        "mr", "mrs", "ms", "dr", "prof", "gen", "col", "lt", "capt", "cpt", "maj", "sgt", "adm", "cmdr", "gov", "sen",
        "rep", "rev", "st", "sr", "jr", "inc", "corp", "co", "ltd", "no", "vs", "jan", "feb", "mar", "apr", "aug", "sept",
        "sep", "oct", "nov", "dec", "u.s", "u.k", "u.n", "a.m", "p.m", "d.c", "e.g", "i.e", "pres", "mt", "ft", "gens",
        "brig", "cpl", "pvt", "supt", "insp", "det", "hon", "messrs", "approx", "est", "dept", "univ", "assn",
    };

    private TextUnits(string text, List<Token> tokens, List<Sentence> sentences)
    {
        Text = text;
        Tokens = tokens;
        Sentences = sentences;
    }

    public string Text { get; }

    public IReadOnlyList<Token> Tokens { get; }

    public IReadOnlyList<Sentence> Sentences { get; }

    public static TextUnits Of(string text)
    {
        var tokens = Tokenize(text);
        return new TextUnits(text, tokens, Split(text, tokens));
    }

    public int SentenceOfToken(int tokenIndex)
    {
        int lo = 0, hi = Sentences.Count - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) / 2;
            var s = Sentences[mid];
            if (tokenIndex < s.FirstToken)
            {
                hi = mid - 1;
            }
            else if (tokenIndex >= s.FirstToken + s.TokenCount)
            {
                lo = mid + 1;
            }
            else
            {
                return mid;
            }
        }

        return -1;
    }

    /// <summary>Index of the first token starting at or after <paramref name="offset"/>.</summary>
    public int TokenAt(int offset)
    {
        int lo = 0, hi = Tokens.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (Tokens[mid].Start < offset)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    /// <summary>A quotation mark token, including the doubled apostrophe ('') some outlets use for a double quote.</summary>
    public static bool IsQuoteToken(Token t, string text) =>
        !t.IsWord && (IsQuoteChar(text[t.Start]) || text[t.Start] is '\u2018' || (text[t.Start] == '\u2019' && (t.End >= text.Length || !char.IsLetter(text[t.End]))) ||
                      (text[t.Start] == '\'' && ((t.Start + 1 < text.Length && text[t.Start + 1] == '\'') || (t.Start > 0 && text[t.Start - 1] == '\''))));

    public static bool IsQuoteChar(char c) => c is '"' or '\u201C' or '\u201D' or '\u201E' or '\u00AB' or '\u00BB';

    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c);

    private static List<Token> Tokenize(string text)
    {
        var tokens = new List<Token>(text.Length / 5);
        var span = text.AsSpan();
        var i = 0;
        while (i < span.Length)
        {
            var c = span[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }

            if (!IsWordChar(c))
            {
                // "$", "%", quote marks, commas: one token each; "--" and "..." stay together.
                var j = i + 1;
                if (c is '-' or '.')
                {
                    while (j < span.Length && span[j] == c)
                    {
                        j++;
                    }
                }

                tokens.Add(new Token(i, j, text[i..j], false));
                i = j;
                continue;
            }

            var start = i;
            while (i < span.Length)
            {
                if (IsWordChar(span[i]))
                {
                    i++;
                    continue;
                }

                // Inner joiners: don't, U.S., al-Jadidah, 80,000, 3.5.
                if (i + 1 < span.Length && IsWordChar(span[i + 1]) &&
                    (span[i] is '\'' or '\u2019' or '-' or '.' || (span[i] == ',' && char.IsDigit(span[i - 1]) && char.IsDigit(span[i + 1]))))
                {
                    i++;
                    continue;
                }

                break;
            }

            var word = text[start..i];
            // Keep the dot of an abbreviation ("Col.", "U.S.") inside the token.
            if (i < span.Length && span[i] == '.' && (Abbreviations.Contains(word) || (word.Length == 1 && char.IsUpper(word[0])) ||
                                                     (word.Contains('.') && word.Length <= 5)))
            {
                i++;
                word = text[start..i];
            }

            tokens.Add(new Token(start, i, word, true));
        }

        return tokens;
    }

    private static List<Sentence> Split(string text, List<Token> tokens)
    {
        var sentences = new List<Sentence>();
        var first = 0;
        var paragraph = 0;
        for (var k = 0; k < tokens.Count; k++)
        {
            var t = tokens[k];
            var last = k == tokens.Count - 1;
            var breakAfter = last;
            var newParagraph = false;
            if (!last)
            {
                var next = tokens[k + 1];
                var gap = text.AsSpan(t.End, next.Start - t.End);
                if (gap.Contains('\n'))
                {
                    breakAfter = true;
                    newParagraph = true;
                }
                else if (!t.IsWord && t.Text is "." or "!" or "?" or "...")
                {
                    // A closing quote mark right after the stop belongs to this sentence.
                    var n = k + 1;
                    while (n < tokens.Count && IsClosingAfterStop(tokens[n], text) && tokens[n].Start == tokens[n - 1].End)
                    {
                        n++;
                    }

                    if (n < tokens.Count && n > k + 1)
                    {
                        var after = text.AsSpan(tokens[n - 1].End, tokens[n].Start - tokens[n - 1].End);
                        if (after.Length > 0 && StartsSentence(tokens[n], text))
                        {
                            k = n - 1;
                            t = tokens[k];
                            breakAfter = true;
                            newParagraph = after.Contains('\n');
                        }
                    }
                    else if (gap.Length > 0 && StartsSentence(next, text))
                    {
                        breakAfter = true;
                    }
                }
                else if (t.IsWord && t.Text.EndsWith('.') && t.Text.Length > 2 && gap.Length > 0 && t.Text.Contains('.') &&
                         t.Text.IndexOf('.') < t.Text.Length - 1 && StartsSentence(next, text) &&
                         next.IsCapitalised && IsFunctionWord(next.Text))
                {
                    // "... the U.S. The ministry said": an abbreviation that also ends the sentence.
                    breakAfter = true;
                }
            }

            if (breakAfter)
            {
                sentences.Add(new Sentence(tokens[first].Start, t.End, first, k - first + 1, paragraph));
                first = k + 1;
                if (newParagraph)
                {
                    paragraph++;
                }
            }
        }

        return sentences;
    }

    private static bool IsClosingAfterStop(Token t, string text) =>
        !t.IsWord && (IsQuoteChar(text[t.Start]) || text[t.Start] is '\u2018' || (text[t.Start] == '\u2019' && (t.End >= text.Length || !char.IsLetter(text[t.End]))) || text[t.Start] is ')' or '\u2019' or '\'');

    private static bool StartsSentence(Token t, string text) =>
        (t.IsWord && (char.IsUpper(t.Text[0]) || char.IsDigit(t.Text[0]))) ||
        (!t.IsWord && (IsQuoteChar(text[t.Start]) || text[t.Start] is '(' or '\u2018' or '[' ||
                       (text[t.Start] == '\'' && t.Start + 1 < text.Length && text[t.Start + 1] == '\'')));

    private static bool IsFunctionWord(string w) =>
        w is "The" or "A" or "An" or "He" or "She" or "It" or "They" or "We" or "In" or "On" or "But" or "And" or "This" or "That";
}
