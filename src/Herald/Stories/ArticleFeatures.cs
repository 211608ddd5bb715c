using Herald.Model;
using Herald.Text;
using Herald.Text.Headlines;

namespace Herald.Stories;

/// <summary>Weights of the feature families; defaults tuned by cross-validation over ECB+ topics (bench `stories`).</summary>
public sealed record FeatureWeights
{
    public float TitleWord { get; init; } = 1f;
    public float TitleName { get; init; } = 2f;
    public float LeadWord { get; init; } = 0.5f;
    public float BodyWord { get; init; } = 0.5f;
    public float BodyName { get; init; } = 2f;
    /// <summary>
    /// Numbers other than years (death tolls, magnitudes, counts such as "23 pirates" against "26 pirates"): two
    /// events of one kind share their vocabulary, and their figures are often what tells them apart.
    /// </summary>
    public float Number { get; init; } = 2f;
    /// <summary>Paragraphs after the headline that count as the lead.</summary>
    public int LeadParagraphs { get; init; } = 3;
    /// <summary>Words read per article; the rest of a long body adds little and costs time.</summary>
    public int MaxWords { get; init; } = 800;
    /// <summary>
    /// Virtual documents in which no term occurs, added to the count when computing IDF: at a cold start (or on a
    /// one-story stream) every article shares the story's words, and without the prior their IDF would be zero.
    /// </summary>
    public int PriorDocuments { get; init; } = 200;
    /// <summary>Terms kept per article vector.</summary>
    public int MaxTerms { get; init; } = 100;
}

/// <summary>
/// Turns an article into a sparse TF-IDF vector over words (headline, lead, body), capitalised names (single
/// words and runs such as "Hasim Rahman") and years. Document frequencies are learned online from the stream
/// in a fixed-size hashed table, so memory does not grow with the vocabulary.
/// </summary>
internal sealed class ArticleFeatures(FeatureWeights weights)
{
    private const int TableBits = 22;
    private const ulong TableMask = (1UL << TableBits) - 1;
    private const ulong WordKind = 0x1000_0000_0000_0000UL;
    private const ulong NameKind = 0x2000_0000_0000_0000UL;
    private const ulong RunKind = 0x3000_0000_0000_0000UL;
    private const ulong YearKind = 0x4000_0000_0000_0000UL;
    private const ulong NumberKind = 0x5000_0000_0000_0000UL;
    private const ulong KindMask = 0x0FFF_FFFF_FFFF_FFFFUL;

    private const int KeyCacheBits = 18;

    private readonly int[] _df = new int[1 << TableBits];
    // Direct-mapped: slot = low bits of the raw token hash; a slot remembers one token, a collision recomputes.
    private readonly ulong[] _cachedRaw = new ulong[1 << KeyCacheBits];
    private readonly ulong[] _cachedKey = new ulong[1 << KeyCacheBits];
    private long _documents;

    public FeatureWeights Weights { get; } = weights;

    /// <summary>Whether a vector key is a year (a four-digit 19xx or 20xx token).</summary>
    public static bool IsYear(ulong key) => (key & ~KindMask) == YearKind;

    /// <summary>Whether a vector key is a capitalised name or a run of names ("Fred LaRue").</summary>
    public static bool IsName(ulong key) => (key & ~KindMask) is NameKind or RunKind;

    /// <summary>Raw term frequencies (weighted by where the term occurs) of one article.</summary>
    public Dictionary<ulong, float> Counts(Article article) => Counts(article, new Dictionary<ulong, float>());

    /// <summary>
    /// As above into <paramref name="tf"/>, cleared first: the clusterer counts every article into one reused
    /// table, since a fresh one per article (grown several times over a few hundred terms) is garbage at once.
    /// </summary>
    public Dictionary<ulong, float> Counts(Article article, Dictionary<ulong, float> tf)
    {
        tf.Clear();
        var title = article.Title.Trim();
        var budget = Weights.MaxWords;
        AddSegment(tf, title, Weights.TitleWord, Weights.TitleName, ref budget);
        var index = 0;
        foreach (var paragraph in article.Paragraphs)
        {
            if (index == 0 && string.Equals(paragraph, title, StringComparison.Ordinal))
            {
                continue;
            }

            var w = index < Weights.LeadParagraphs ? Weights.LeadWord : Weights.BodyWord;
            AddSegment(tf, paragraph, w, Weights.BodyName, ref budget);
            index++;
            if (budget <= 0)
            {
                break;
            }
        }

        return tf;
    }

    /// <summary>Counts the article's terms into the document frequencies and returns its TF-IDF vector.</summary>
    public SparseVector Vectorize(Dictionary<ulong, float> tf)
    {
        _documents++;
        var keys = new ulong[tf.Count];
        var values = new float[tf.Count];
        var n = 0;
        var logDocs = Math.Log(_documents + Weights.PriorDocuments + 1.0);
        foreach (var (key, count) in tf)
        {
            var slot = (int)(key & TableMask);
            var df = ++_df[slot];
            var idf = logDocs - Math.Log(df + 0.5);
            keys[n] = key;
            values[n++] = (float)((1 + Math.Log(count)) * idf);
        }

        return SparseVector.From(keys, values, n, Weights.MaxTerms);
    }

    private void AddSegment(Dictionary<ulong, float> tf, string text, float wordWeight, float nameWeight, ref int budget)
    {
        if (wordWeight <= 0 || budget <= 0)
        {
            return;
        }

        var span = text.AsSpan();
        var i = 0;
        var position = 0;
        ulong run = 0;
        var runLength = 0;
        while (i < span.Length && budget > 0)
        {
            while (i < span.Length && !char.IsLetterOrDigit(span[i]))
            {
                // A sentence end breaks a run of names.
                if (span[i] is '.' or '!' or '?' or ',' or ';' or ':' or '"' or '(' or ')')
                {
                    FlushRun(tf, ref run, ref runLength, nameWeight);
                    if (span[i] is not ',')
                    {
                        position = 0;
                    }
                }

                i++;
            }

            var start = i;
            while (i < span.Length && (char.IsLetterOrDigit(span[i]) || (span[i] is '\'' or '’' or '-' && i + 1 < span.Length && char.IsLetter(span[i + 1]))))
            {
                i++;
            }

            // "6.1" and "1,200" are one number, not two.
            while (i > start && char.IsDigit(span[start]) && i + 1 < span.Length && span[i] is '.' or ',' && char.IsDigit(span[i + 1]))
            {
                i++;
                while (i < span.Length && char.IsDigit(span[i]))
                {
                    i++;
                }
            }

            if (i == start)
            {
                continue;
            }

            budget--;
            var token = span[start..i];
            if (char.IsDigit(token[0]))
            {
                FlushRun(tf, ref run, ref runLength, nameWeight);
                if (token.Length == 4 && token[0] is '1' or '2' && (token[1] is '9' || (token[0] == '2' && token[1] == '0')) && AllDigits(token))
                {
                    Add(tf, YearKind | (Fingerprints.Hash(token) & KindMask), nameWeight);
                }
                else if (Weights.Number > 0 && AllDigitsOrSeparators(token))
                {
                    Add(tf, NumberKind | (NumberHash(token) & KindMask), Weights.Number);
                }
                else if (Weights.Number > 0 && OrdinalDigits(token) is > 0 and var digits)
                {
                    // "81st Academy Awards" against "86th Oscars": the ordinal tells two editions of one event apart.
                    Add(tf, NumberKind | (NumberHash(token[..digits]) & KindMask), Weights.Number);
                }

                position++;
                continue;
            }

            var wordHash = WordHash(token);
            if (wordHash == 0)
            {
                FlushRun(tf, ref run, ref runLength, nameWeight);
                position++;
                continue;
            }

            Add(tf, WordKind | (wordHash & KindMask), wordWeight);
            if (char.IsUpper(token[0]))
            {
                Add(tf, NameKind | (wordHash & KindMask), nameWeight);
                if (position > 0)
                {
                    run = Fingerprints.Mix(run ^ wordHash);
                    runLength++;
                }
            }
            else
            {
                FlushRun(tf, ref run, ref runLength, nameWeight);
            }

            position++;
        }

        FlushRun(tf, ref run, ref runLength, nameWeight);
    }

    /// <summary>
    /// The hash of the token's <see cref="WordForms.Key"/>, or 0 for stop words and one-letter keys. Keys are
    /// cached by the raw token's case-folded hash: news vocabulary repeats, and the cache spares the string work.
    /// </summary>
    private ulong WordHash(ReadOnlySpan<char> token)
    {
        var raw = Fingerprints.NormalizedHash(token) ^ (ulong)token.Length;
        var slot = (int)(raw & ((1UL << KeyCacheBits) - 1));
        if (_cachedRaw[slot] == raw && raw != 0)
        {
            return _cachedKey[slot];
        }

        var key = WordForms.Key(token);
        var hash = key.Length < 2 || WordForms.IsStopWord(key) ? 0UL : Fingerprints.Hash(key);
        _cachedRaw[slot] = raw;
        _cachedKey[slot] = hash;
        return hash;
    }

    private static void FlushRun(Dictionary<ulong, float> tf, ref ulong run, ref int runLength, float weight)
    {
        if (runLength > 0)
        {
            Add(tf, RunKind | (run & KindMask), weight);
        }

        run = 0;
        runLength = 0;
    }

    private static void Add(Dictionary<ulong, float> tf, ulong key, float w) =>
        System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(tf, key, out _) += w;

    private static bool AllDigitsOrSeparators(ReadOnlySpan<char> s)
    {
        foreach (var c in s)
        {
            if (!char.IsDigit(c) && c is not '.' and not ',')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Hash of a number with thousands separators dropped, so "1,200" and "1200" agree.</summary>
    private static ulong NumberHash(ReadOnlySpan<char> token)
    {
        Span<char> buffer = stackalloc char[Math.Min(token.Length, 32)];
        var n = 0;
        for (var k = 0; k < token.Length && n < buffer.Length; k++)
        {
            var c = token[k];
            if (c == ',')
            {
                continue;
            }

            buffer[n++] = c;
        }

        return Fingerprints.Hash(buffer[..n]);
    }

    /// <summary>Length of the digits of an ordinal ("81st", "2nd", "86th"), or 0 when the token is not one.</summary>
    private static int OrdinalDigits(ReadOnlySpan<char> s)
    {
        var n = 0;
        while (n < s.Length && char.IsDigit(s[n]))
        {
            n++;
        }

        if (n == 0 || s.Length - n != 2)
        {
            return 0;
        }

        var suffix = s[n..];
        return suffix.Equals("st", StringComparison.OrdinalIgnoreCase) || suffix.Equals("nd", StringComparison.OrdinalIgnoreCase)
            || suffix.Equals("rd", StringComparison.OrdinalIgnoreCase) || suffix.Equals("th", StringComparison.OrdinalIgnoreCase)
            ? n : 0;
    }

    private static bool AllDigits(ReadOnlySpan<char> s)
    {
        foreach (var c in s)
        {
            if (!char.IsDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
