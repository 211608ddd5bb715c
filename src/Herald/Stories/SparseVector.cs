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
        var keys = new ulong[weights.Count];
        var values = new float[weights.Count];
        var n = 0;
        foreach (var (k, w) in weights)
        {
            if (w > 0)
            {
                keys[n] = k;
                values[n++] = w;
            }
        }

        return From(keys, values, n, maxTerms);
    }

    /// <summary>As above over parallel arrays (consumed: they are reordered in place).</summary>
    public static SparseVector From(ulong[] keys, float[] values, int n, int maxTerms)
    {
        if (n > maxTerms)
        {
            // The weight of the maxTerms-th heaviest entry is the cut, selected in a pooled copy of the weights.
            var order = System.Buffers.ArrayPool<float>.Shared.Rent(n);
            values.AsSpan(0, n).CopyTo(order);
            var cut = Select(order.AsSpan(0, n), n - maxTerms);
            System.Buffers.ArrayPool<float>.Shared.Return(order);
            var m = 0;
            for (var i = 0; i < n && m < maxTerms; i++)
            {
                if (values[i] > cut || (values[i] == cut && m < maxTerms))
                {
                    keys[m] = keys[i];
                    values[m++] = values[i];
                }
            }

            n = m;
        }

        double norm = 0;
        for (var i = 0; i < n; i++)
        {
            norm += (double)values[i] * values[i];
        }

        norm = Math.Sqrt(norm);
        var outKeys = keys.AsSpan(0, n).ToArray();
        var outValues = new float[n];
        for (var i = 0; i < n; i++)
        {
            outValues[i] = norm == 0 ? 0 : (float)(values[i] / norm);
        }

        Array.Sort(outKeys, outValues);
        return new SparseVector(outKeys, outValues);
    }

    /// <summary>
    /// The value that would stand at index <paramref name="k"/> were <paramref name="values"/> sorted ascending
    /// (Hoare's selection, reordering the span): linear time where a sort is n log n, on every article's vector.
    /// </summary>
    internal static float Select(Span<float> values, int k)
    {
        var lo = 0;
        var hi = values.Length - 1;
        while (lo < hi)
        {
            var pivot = values[lo + ((hi - lo) / 2)];
            var i = lo;
            var j = hi;
            while (i <= j)
            {
                while (values[i] < pivot)
                {
                    i++;
                }

                while (values[j] > pivot)
                {
                    j--;
                }

                if (i <= j)
                {
                    (values[i], values[j]) = (values[j], values[i]);
                    i++;
                    j--;
                }
            }

            if (k <= j)
            {
                hi = j;
            }
            else if (k >= i)
            {
                lo = i;
            }
            else
            {
                return values[k];
            }
        }

        return values[k];
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

    private ulong[]? _byWeight;

    /// <summary>The weight of <paramref name="key"/> (binary search over the sorted keys), 0 when absent.</summary>
    public float WeightOf(ulong key)
    {
        var i = Array.BinarySearch(Keys, key);
        return i >= 0 ? Values[i] : 0f;
    }

    /// <summary>Drops the cached weight order; vectors kept inside stories should not carry it.</summary>
    public void ReleaseTopKeys() => _byWeight = null;

    /// <summary>Keys of the <paramref name="n"/> heaviest entries: what the inverted index looks up.</summary>
    public ReadOnlySpan<ulong> TopKeys(int n)
    {
        if (_byWeight is null)
        {
            var order = new float[Count];
            for (var i = 0; i < Count; i++)
            {
                order[i] = -Values[i];
            }

            _byWeight = (ulong[])Keys.Clone();
            Array.Sort(order, _byWeight);
        }

        return _byWeight.AsSpan(0, Math.Min(n, Count));
    }
}
