namespace Herald.Text.Headlines;

/// <summary>
/// Folds the spellings of one word onto one key: lower case, possessives and lost apostrophes
/// ("Bush's", "Bushs", "Bush’s" → "bush"), contractions written without an apostrophe ("Weve" → "we've"),
/// and a light suffix stemmer so "increase", "increased" and "increases" meet.
/// </summary>
public static class WordForms
{
    /// <summary>Words that carry no story identity, including the hedges around amounts ("over $1bn").</summary>
    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "a", "an", "the", "and", "or", "but", "of", "to", "in", "on", "at", "for", "with", "by", "from", "as",
        "is", "are", "was", "were", "be", "been", "being", "has", "have", "had", "do", "does", "did", "this",
        "that", "these", "those", "it", "its", "he", "she", "they", "them", "his", "her", "their", "we", "our",
        "you", "your", "i", "me", "my", "not", "no", "than", "then", "there", "here", "which", "who", "whom",
        "whose", "what", "when", "where", "why", "how", "all", "any", "some", "more", "most", "other", "such",
        "only", "own", "same", "so", "too", "very", "can", "will", "just", "should", "now", "also", "after",
        "before", "into", "over", "under", "about", "against", "between", "during", "up", "down", "out", "off",
        "again", "further", "once", "said", "says", "say", "would", "could", "may", "might", "must", "mr",
        "mrs", "ms", "nearly", "almost", "around", "about", "some", "least", "amid", "via", "per", "new",
        "we've", "you've", "they've", "i've", "don't", "doesn't", "can't", "won't", "isn't", "aren't",
        "wasn't", "didn't", "he's", "she's", "that's", "what's", "i'm", "you're", "they're", "it's", "let's",
        "we're", "we'll", "you'll", "they'll", "he'll", "she'll", "i'll", "we'd", "they'd", "shouldn't",
        "wouldn't", "couldn't", "hasn't", "haven't", "hadn't", "there's", "here's", "who's",
    };

    /// <summary>Contractions as headlines print them once the apostrophe is lost in transit.</summary>
    private static readonly Dictionary<string, string> LostApostrophes = new(StringComparer.Ordinal)
    {
        ["weve"] = "we've", ["youve"] = "you've", ["theyve"] = "they've", ["ive"] = "i've",
        ["dont"] = "don't", ["doesnt"] = "doesn't", ["cant"] = "can't", ["wont"] = "won't",
        ["isnt"] = "isn't", ["arent"] = "aren't", ["wasnt"] = "wasn't", ["didnt"] = "didn't",
        ["thats"] = "that's", ["whats"] = "what's", ["youre"] = "you're", ["theyre"] = "they're",
        ["lets"] = "let's", ["shouldnt"] = "shouldn't", ["wouldnt"] = "wouldn't", ["couldnt"] = "couldn't",
        ["hasnt"] = "hasn't", ["havent"] = "haven't", ["hadnt"] = "hadn't", ["theres"] = "there's",
    };

    public static bool IsStopWord(string key) => StopWords.Contains(key);

    /// <summary>Tokens already keyed on this thread, so a word the stream has seen costs a look-up, not two strings.</summary>
    [ThreadStatic]
    private static Dictionary<string, string>? t_keys;

    /// <summary>How many tokens a thread remembers before it starts again (the words of months of headlines fit).</summary>
    private const int MaxRemembered = 200_000;

    /// <summary>The comparison key of one word token (letters, digits, inner apostrophes or hyphens).</summary>
    public static string Key(ReadOnlySpan<char> token)
    {
        var known = t_keys ??= new Dictionary<string, string>(StringComparer.Ordinal);
        if (known.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(token, out var key))
        {
            return key;
        }

        if (known.Count >= MaxRemembered)
        {
            known.Clear();
        }

        key = Compute(token);
        known[token.ToString()] = key;
        return key;
    }

    private static string Compute(ReadOnlySpan<char> token)
    {
        Span<char> buffer = token.Length <= 64 ? stackalloc char[token.Length] : new char[token.Length];
        var n = 0;
        foreach (var c in token)
        {
            buffer[n++] = c is '’' or '‘' or '`' ? '\'' : char.ToLowerInvariant(c);
        }

        var word = buffer[..n];
        if (word.EndsWith("'s") || word.EndsWith("s'"))
        {
            word = word[..^2];
        }

        var text = new string(word);
        if (LostApostrophes.TryGetValue(text, out var contraction))
        {
            return contraction;
        }

        return StopWords.Contains(text) ? text : Stem(text);
    }

    /// <summary>
    /// Strips the commonest English inflections. A lost possessive ("Bushs", "Turkeys") and a plural fold the
    /// same way, which is what headline matching wants.
    /// </summary>
    public static string Stem(string w)
    {
        if (w.Length <= 3 || !char.IsLetter(w[^1]))
        {
            return w;
        }

        if (w.EndsWith("ies", StringComparison.Ordinal) && w.Length > 4)
        {
            return w[..^3] + "y";
        }

        if (w.EndsWith("ing", StringComparison.Ordinal) && w.Length > 5)
        {
            w = w[..^3];
        }
        else if (w.EndsWith("ed", StringComparison.Ordinal) && w.Length > 4)
        {
            w = w[..^2];
        }
        else if (w.EndsWith("es", StringComparison.Ordinal) && w.Length > 4 && w[^3] is 's' or 'x' or 'z' or 'h')
        {
            w = w[..^2];
        }
        else if (w[^1] == 's' && w[^2] is not 's' and not 'u' and not 'i')
        {
            w = w[..^1];
        }

        if (w.Length > 4 && w[^1] == 'e')
        {
            w = w[..^1];
        }

        if (w.Length > 4 && w[^1] == w[^2] && w[^1] is not 'l' and not 's' and not 'z')
        {
            w = w[..^1];
        }

        return w;
    }
}
