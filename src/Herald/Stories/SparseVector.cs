namespace Herald.Stories;

/// <summary>An L2-normalised sparse vector over hashed feature keys, sorted by key for merge-style dot products.</summary>
internal sealed class SparseVector
{
    public static readonly SparseVector Empty = new([], []);

    public SparseVector(ulong[] keys, float[] values)
    {
        Keys = keys;
        Values = values;
    }

    public ulong[] Keys { get; }
    public float[] Values { get; }
    public int Count => Keys.Length;

    /// <summary>Normalises, keeps the <paramref name="maxTerms"/> heaviest entries, and sorts by key.</summary>
    public static SparseVector From(Dictionary<ulong, float> weights, int maxTerms)
    {
        var pairs = weights.Where(p => p.Value > 0).ToArray();
        if (pairs.Length > maxTerms)
        {
            Array.Sort(pairs, (a, b) => b.Value.CompareTo(a.Value));
            pairs = pairs[..maxTerms];
        }

        double norm = 0;
        foreach (var p in pairs)
        {
            norm += (double)p.Value * p.Value;
        }

        norm = Math.Sqrt(norm);
        Array.Sort(pairs, (a, b) => a.Key.CompareTo(b.Key));
        var keys = new ulong[pairs.Length];
        var values = new float[pairs.Length];
        for (var i = 0; i < pairs.Length; i++)
        {
            keys[i] = pairs[i].Key;
            values[i] = norm == 0 ? 0 : (float)(pairs[i].Value / norm);
        }

        return new SparseVector(keys, values);
    }

    public double Dot(SparseVector other)
    {
        ReadOnlySpan<ulong> ak = Keys, bk = other.Keys;
        ReadOnlySpan<float> av = Values, bv = other.Values;
        int i = 0, j = 0;
        double dot = 0;
        while (i < ak.Length && j < bk.Length)
        {
            if (ak[i] == bk[j])
            {
                dot += av[i++] * bv[j++];
            }
            else if (ak[i] < bk[j])
            {
                i++;
            }
            else
            {
                j++;
            }
        }

        return dot;
    }

    /// <summary>Keys of the <paramref name="n"/> heaviest entries: what the inverted index looks up.</summary>
    public IEnumerable<ulong> TopKeys(int n)
    {
        if (Count <= n)
        {
            return Keys;
        }

        var idx = Enumerable.Range(0, Count).ToArray();
        Array.Sort(idx, (a, b) => Values[b].CompareTo(Values[a]));
        return idx.Take(n).Select(i => Keys[i]);
    }
}
