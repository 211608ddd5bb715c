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

    private static readonly ulong[] Seeds = MakeSeeds();

    private MinHashSketch(ulong[] minima, int setSize)
    {
        Minima = minima;
        SetSize = setSize;
    }

    public ulong[] Minima { get; }
    public int SetSize { get; }

    public static MinHashSketch Of(HashSet<ulong> shingles)
    {
        var minima = new ulong[Size];
        Array.Fill(minima, ulong.MaxValue);
        foreach (var s in shingles)
        {
            for (var k = 0; k < Size; k++)
            {
                var h = Fingerprints.Mix(s ^ Seeds[k]);
                if (h < minima[k])
                {
                    minima[k] = h;
                }
            }
        }

        return new MinHashSketch(minima, shingles.Count);
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

    private static ulong[] MakeSeeds()
    {
        var seeds = new ulong[Size];
        var x = 0x243F6A8885A308D3UL;
        for (var k = 0; k < Size; k++)
        {
            x = Fingerprints.Mix(x + 0x9E3779B97F4A7C15UL);
            seeds[k] = x;
        }

        return seeds;
    }
}
