using Herald.Text;

namespace Herald.Dedup;

/// <summary>
/// A MinHash signature over shingle hashes: <see cref="Size"/> minima under independent hash permutations.
/// The fraction of equal minima estimates Jaccard similarity; with the two set sizes that gives containment,
/// which is what a truncated or padded copy keeps high.
/// </summary>
public sealed class MinHashSketch
{
    public const int Size = 64;
    public const int Bands = 16;
    public const int RowsPerBand = Size / Bands;

    private MinHashSketch(ulong[] minima, int setSize)
    {
        Minima = minima;
        SetSize = setSize;
    }

    public ulong[] Minima { get; }
    public int SetSize { get; }

    /// <summary>
    /// The sketch of a set of distinct shingle hashes, by one-permutation hashing (Li, Owen and Zhang 2012): one hash
    /// per shingle, whose top bits choose one of <see cref="Size"/> bins and whose other bits compete for that bin's
    /// minimum. Empty bins (a set of fewer shingles than bins leaves some) borrow the minimum of a bin chosen by a
    /// fixed probe sequence of their own, the same for every sketch (Shrivastava's optimal densification, 2017), so
    /// equal bins still estimate Jaccard similarity. One hash per shingle instead of one per shingle and bin: this
    /// was the detector's hottest loop.
    /// </summary>
    public static MinHashSketch Of(ReadOnlySpan<ulong> distinctShingles)
    {
        const int BinBits = 6;
        const ulong ValueMask = (1UL << (64 - BinBits)) - 1;
        var minima = new ulong[Size];
        Array.Fill(minima, ulong.MaxValue);
        foreach (var s in distinctShingles)
        {
            var h = Fingerprints.Mix(s ^ 0x243F6A8885A308D3UL);
            var bin = (int)(h >> (64 - BinBits));
            var value = h & ValueMask;
            if (value < minima[bin])
            {
                minima[bin] = value;
            }
        }

        if (distinctShingles.Length > 0)
        {
            Span<ulong> filled = stackalloc ulong[Size];
            minima.CopyTo(filled);
            for (var bin = 0; bin < Size; bin++)
            {
                if (filled[bin] != ulong.MaxValue)
                {
                    continue;
                }

                // Probe bins in an order fixed by (bin, attempt) until one holds a minimum; at least one does.
                for (var attempt = 1UL; ; attempt++)
                {
                    var probe = (int)(Fingerprints.Mix(((ulong)bin << 32) ^ attempt) >> (64 - BinBits));
                    if (filled[probe] != ulong.MaxValue)
                    {
                        minima[bin] = filled[probe];
                        break;
                    }
                }
            }
        }

        return new MinHashSketch(minima, distinctShingles.Length);
    }

    /// <summary>The sketch of <paramref name="text"/>'s word 4-shingles.</summary>
    public static MinHashSketch OfText(string text)
    {
        var buffer = System.Buffers.ArrayPool<ulong>.Shared.Rent(512);
        try
        {
            var n = Fingerprints.DistinctShingles(text, ref buffer);
            return Of(buffer.AsSpan(0, n));
        }
        finally
        {
            System.Buffers.ArrayPool<ulong>.Shared.Return(buffer);
        }
    }

    public double Jaccard(MinHashSketch other)
    {
        var same = 0;
        for (var k = 0; k < Size; k++)
        {
            if (Minima[k] == other.Minima[k])
            {
                same++;
            }
        }

        return same / (double)Size;
    }

    /// <summary>|A∩B| / min(|A|,|B|) from the Jaccard estimate: |A∩B| = J(|A|+|B|)/(1+J).</summary>
    public double Containment(MinHashSketch other)
    {
        var j = Jaccard(other);
        var min = Math.Min(SetSize, other.SetSize);
        if (min == 0)
        {
            return 0;
        }

        var inter = j * (SetSize + other.SetSize) / (1 + j);
        return Math.Min(1.0, inter / min);
    }

    /// <summary>One key per LSH band: documents sharing any band key become candidates.</summary>
    public ulong BandKey(int band)
    {
        var h = (ulong)band * 0x9E3779B97F4A7C15UL;
        for (var r = 0; r < RowsPerBand; r++)
        {
            h = Fingerprints.Mix(h ^ Minima[(band * RowsPerBand) + r]);
        }

        return h;
    }
}
