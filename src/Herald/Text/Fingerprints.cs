using System.Buffers;

namespace Herald.Text;

/// <summary>
/// Hashes over normalised text: what survives re-typesetting (case, punctuation, spacing, curly quotes) is what
/// two copies of one wire story share. Everything here is a pure function over spans.
/// </summary>
public static class Fingerprints
{
    private const ulong FnvOffset = 14695981039346656037UL;
    private const ulong FnvPrime = 1099511628211UL;

    /// <summary>FNV-1a over lower-cased letters and digits only, so spacing and punctuation do not count.</summary>
    public static ulong NormalizedHash(ReadOnlySpan<char> text)
    {
        var h = FnvOffset;
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c))
            {
                h = (h ^ char.ToLowerInvariant(c)) * FnvPrime;
            }
        }

        return Mix(h);
    }

    /// <summary>FNV-1a over the exact characters (feature keys, ids).</summary>
    public static ulong Hash(ReadOnlySpan<char> text)
    {
        var h = FnvOffset;
        foreach (var c in text)
        {
            h = (h ^ c) * FnvPrime;
        }

        return Mix(h);
    }

    /// <summary>A 64-bit finaliser (splitmix64) so low bits are usable as bucket indices.</summary>
    public static ulong Mix(ulong x)
    {
        x ^= x >> 30;
        x *= 0xbf58476d1ce4e5b9UL;
        x ^= x >> 27;
        x *= 0x94d049bb133111ebUL;
        x ^= x >> 31;
        return x;
    }

    /// <summary>Hash of the whole body after normalisation: equal for byte-different renderings of one text.</summary>
    public static ulong ContentHash(string text) => NormalizedHash(text);

    /// <summary>
    /// Sentence hashes in the manner of Media Cloud's sentence deduplication: each sentence of at least
    /// <paramref name="minWords"/> words, normalised, hashed. Short sentences ("Advertisement", datelines) are
    /// shared by unrelated stories and are skipped.
    /// </summary>
    public static List<ulong> SentenceHashes(string text, int minWords = 6) => SentenceHashes(text, [], minWords);

    /// <summary>As above, appended to <paramref name="result"/> (a caller's reused list).</summary>
    public static List<ulong> SentenceHashes(string text, List<ulong> result, int minWords = 6)
    {
        var span = text.AsSpan();
        var start = 0;
        for (var i = 0; i <= span.Length; i++)
        {
            var end = i == span.Length || IsSentenceEnd(span, i);
            if (!end)
            {
                continue;
            }

            var sentence = span[start..Math.Min(i + 1, span.Length)];
            start = i + 1;
            if (CountWords(sentence) >= minWords)
            {
                result.Add(NormalizedHash(sentence));
            }
        }

        return result;
    }

    private static bool IsSentenceEnd(ReadOnlySpan<char> s, int i)
    {
        var c = s[i];
        if (c == '\n')
        {
            return true;
        }

        if (c is not ('.' or '!' or '?'))
        {
            return false;
        }

        // "U.S." and "5.6" are not ends: the next character must be a space followed by a capital or quote.
        if (i + 2 >= s.Length)
        {
            return i + 1 >= s.Length || char.IsWhiteSpace(s[i + 1]);
        }

        return char.IsWhiteSpace(s[i + 1]) && (char.IsUpper(s[i + 2]) || s[i + 2] is '"' or '“' or '\'');
    }

    public static int CountWords(ReadOnlySpan<char> s)
    {
        var n = 0;
        var inWord = false;
        foreach (var c in s)
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

    /// <summary>
    /// Hashes of overlapping word <paramref name="size"/>-shingles (lower-cased words, punctuation ignored),
    /// deduplicated. The input to MinHash.
    /// </summary>
    public static HashSet<ulong> Shingles(string text, int size = 4)
    {
        var buffer = ArrayPool<ulong>.Shared.Rent(256);
        try
        {
            var n = DistinctShingles(text, ref buffer, size);
            return [.. buffer.AsSpan(0, n)];
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// The distinct shingle hashes of <paramref name="text"/>, sorted, in <paramref name="buffer"/>[..count]: the
    /// buffer is pooled and replaced by a larger pooled one when the text needs it (the caller returns whichever it
    /// holds at the end). Copy detection shingles every article, so this path allocates nothing.
    /// </summary>
    public static int DistinctShingles(ReadOnlySpan<char> text, ref ulong[] buffer, int size = 4)
    {
        // Word hashes first, in the front of the buffer; shingles then overwrite it from the front, which is safe
        // because shingle w reads words w..w+size-1, never an earlier slot.
        var words = 0;
        var i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && !char.IsLetterOrDigit(text[i]))
            {
                i++;
            }

            var start = i;
            while (i < text.Length && char.IsLetterOrDigit(text[i]))
            {
                i++;
            }

            if (i > start)
            {
                if (words == buffer.Length)
                {
                    var larger = ArrayPool<ulong>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, words).CopyTo(larger);
                    ArrayPool<ulong>.Shared.Return(buffer);
                    buffer = larger;
                }

                buffer[words++] = NormalizedHash(text[start..i]);
            }
        }

        var count = 0;
        for (var w = 0; w + size <= words; w++)
        {
            var h = 0xcbf29ce484222325UL;
            for (var k = 0; k < size; k++)
            {
                h = Mix(h ^ buffer[w + k]);
            }

            buffer[count++] = h;
        }

        return SortDistinct(buffer.AsSpan(0, count));
    }

    /// <summary>Sorts <paramref name="hashes"/> and moves the distinct values to its front; returns how many there are.</summary>
    public static int SortDistinct(Span<ulong> hashes)
    {
        hashes.Sort();
        var distinct = 0;
        for (var k = 0; k < hashes.Length; k++)
        {
            if (distinct == 0 || hashes[k] != hashes[distinct - 1])
            {
                hashes[distinct++] = hashes[k];
            }
        }

        return distinct;
    }
}
