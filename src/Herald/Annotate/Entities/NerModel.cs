using System.IO.Compression;

namespace Herald.Annotate.Entities;

/// <summary>
/// The trained tagger: hashed feature weights (one row of <see cref="BilouTags.Count"/> per bucket), tag
/// transition weights and the gazetteer. Immutable once built, so one instance serves every thread.
/// </summary>
internal sealed class NerModel
{
    private const int Magic = 0x524E4548; // "HENR"
    private const int Version = 3;
    private const int T = BilouTags.Count;

    public NerModel(int bits, TaggerWeights first, TaggerWeights? second, Gazetteer gazetteer, WordClusters clusters)
    {
        foreach (var stage in second is null ? [first] : new[] { first, second })
        {
            if (stage.Buckets != 1 << bits || stage.Transitions.Length != (T + 1) * T)
            {
                throw new InvalidDataException("entity model arrays do not match their declared sizes");
            }
        }

        Bits = bits;
        First = first;
        Second = second;
        Features = new FeatureExtractor(bits, gazetteer, clusters);
    }

    public int Bits { get; }

    /// <summary>The first pass, which sees only the text.</summary>
    public TaggerWeights First { get; }

    /// <summary>The second pass, which also sees the first pass's tags (<see cref="PriorPass"/>); null for one pass.</summary>
    public TaggerWeights? Second { get; }

    public FeatureExtractor Features { get; }

    /// <summary>Fills scores[i * Count + t] with the feature score of tag t at token i.</summary>
    public static void Score(TaggerWeights stage, ReadOnlySpan<int> rows, int n, Span<float> scores)
    {
        scores[..(n * T)].Clear();
        var weights = stage.Weights;
        var index = stage.Index;
        for (int i = 0; i < n; i++)
        {
            var acc = scores.Slice(i * T, T);
            var feats = rows.Slice(i * FeatureExtractor.MaxFeatures, FeatureExtractor.MaxFeatures);
            foreach (int bucket in feats)
            {
                if (bucket < 0)
                {
                    break;
                }

                int at = index is null ? bucket * T : index[bucket];
                if (at < 0)
                {
                    continue;
                }

                // Eight tags at a time; each tag's sum still adds the features in the same order, so the scores are
                // the same to the bit as a scalar loop's.
                var w = weights.AsSpan(at, T);
                int t = 0;
                if (System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated)
                {
                    ref float a0 = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(acc);
                    ref float w0 = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(w);
                    for (; t + 8 <= T; t += 8)
                    {
                        var sum = System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref a0, (nuint)t)
                            + System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref w0, (nuint)t);
                        System.Runtime.Intrinsics.Vector256.StoreUnsafe(sum, ref a0, (nuint)t);
                    }
                }

                for (; t < T; t++)
                {
                    acc[t] += w[t];
                }
            }
        }
    }

    /// <summary>Best well-formed BILOU sequence under the given scores and transitions.</summary>
    public static void Viterbi(ReadOnlySpan<float> scores, float[] transitions, int n, Span<float> dp, Span<int> back, Span<int> tags)
    {
        const float NegInf = float.NegativeInfinity;
        for (int t = 0; t < T; t++)
        {
            dp[t] = BilouTags.Allowed(-1, t) ? scores[t] + transitions[T * T + t] : NegInf;
        }

        for (int i = 1; i < n; i++)
        {
            for (int b = 0; b < T; b++)
            {
                float best = NegInf;
                int arg = 0;
                // Only the tags BILOU allows before b (two for I-/L-, the ends and O for the rest), in ascending
                // order so ties go to the same predecessor as a walk over every tag.
                foreach (int a in Predecessors[b])
                {
                    float prev = dp[(i - 1) * T + a];
                    if (prev == NegInf)
                    {
                        continue;
                    }

                    float v = prev + transitions[a * T + b];
                    if (v > best)
                    {
                        best = v;
                        arg = a;
                    }
                }

                dp[i * T + b] = best == NegInf ? NegInf : best + scores[i * T + b];
                back[i * T + b] = arg;
            }
        }

        float top = NegInf;
        int last = 0;
        for (int t = 0; t < T; t++)
        {
            float v = dp[(n - 1) * T + t];
            if (BilouTags.CanEnd(t) && v > top)
            {
                top = v;
                last = t;
            }
        }

        tags[n - 1] = last;
        for (int i = n - 1; i > 0; i--)
        {
            tags[i - 1] = back[i * T + tags[i]];
        }
    }

    private static readonly bool[] Allowed = BuildAllowed();

    /// <summary>For each tag, the tags that may precede it, ascending: Viterbi's inner loop walks these only.</summary>
    private static readonly int[][] Predecessors = Enumerable.Range(0, T)
        .Select(b => Enumerable.Range(0, T).Where(a => Allowed[a * T + b]).ToArray()).ToArray();

    private static bool[] BuildAllowed()
    {
        var allowed = new bool[T * T];
        for (int a = 0; a < T; a++)
        {
            for (int b = 0; b < T; b++)
            {
                allowed[a * T + b] = BilouTags.Allowed(a, b);
            }
        }

        return allowed;
    }

    public void Save(Stream output)
    {
        using var gz = new GZipStream(output, CompressionLevel.SmallestSize, leaveOpen: true);
        using var w = new BinaryWriter(gz);
        w.Write(Magic);
        w.Write(Version);
        w.Write(Bits);
        w.Write(T);
        var keys = Features.Gazetteer.Keys.Order().ToArray();
        w.Write(keys.Length);
        foreach (ulong key in keys)
        {
            w.Write(key);
        }

        var classes = Features.Clusters.Entries.OrderBy(e => e.Key).ToArray();
        w.Write(classes.Length);
        foreach (var (key, value) in classes)
        {
            w.Write(key);
            w.Write(value);
        }

        w.Write(Second is null ? 1 : 2);
        Write(w, First);
        if (Second is not null)
        {
            Write(w, Second);
        }
    }

    private static void Write(BinaryWriter w, TaggerWeights stage)
    {
        foreach (float x in stage.Transitions)
        {
            w.Write(x);
        }

        // Half precision halves the file; the weights' ranking of tags survives it (the bench scores the saved file).
        var buffer = new byte[stage.Buckets * T * 2];
        for (int b = 0; b < stage.Buckets; b++)
        {
            int at = stage.Index is null ? b * T : stage.Index[b];
            for (int t = 0; at >= 0 && t < T; t++)
            {
                BitConverter.TryWriteBytes(buffer.AsSpan((b * T + t) * 2, 2), (Half)stage.Weights[at + t]);
            }
        }

        w.Write(buffer);
    }

    private static TaggerWeights Read(BinaryReader r, int bits)
    {
        var transitions = new float[(T + 1) * T];
        for (int k = 0; k < transitions.Length; k++)
        {
            transitions[k] = r.ReadSingle();
        }

        var weights = new float[(1 << bits) * T];
        var buffer = new byte[1 << 16];
        int done = 0;
        while (done < weights.Length)
        {
            int want = Math.Min(buffer.Length / 2, weights.Length - done);
            r.BaseStream.ReadExactly(buffer.AsSpan(0, want * 2));
            for (int k = 0; k < want; k++)
            {
                weights[done + k] = (float)BitConverter.ToHalf(buffer, k * 2);
            }

            done += want;
        }

        return TaggerWeights.Compact(weights, transitions);
    }

    public static NerModel Load(Stream input)
    {
        using var gz = new GZipStream(input, CompressionMode.Decompress, leaveOpen: true);
        using var bs = new BufferedStream(gz, 1 << 16);
        using var r = new BinaryReader(bs);
        if (r.ReadInt32() != Magic || r.ReadInt32() != Version)
        {
            throw new InvalidDataException("not a Herald entity model (wrong magic or version)");
        }

        int bits = r.ReadInt32();
        if (r.ReadInt32() != T || bits is < 10 or > 26)
        {
            throw new InvalidDataException("entity model was trained for a different tag set");
        }

        int count = r.ReadInt32();
        var keys = new ulong[count];
        for (int k = 0; k < count; k++)
        {
            keys[k] = r.ReadUInt64();
        }

        int classCount = r.ReadInt32();
        var classes = new Dictionary<ulong, int>(classCount);
        for (int k = 0; k < classCount; k++)
        {
            classes[r.ReadUInt64()] = r.ReadInt32();
        }

        int stages = r.ReadInt32();
        var first = Read(r, bits);
        var second = stages > 1 ? Read(r, bits) : null;
        return new NerModel(bits, first, second, new Gazetteer(keys), new WordClusters(classes));
    }
}

/// <summary>One pass of the tagger: feature weights (row-major, Count per row) and transitions (row Count = start).</summary>
internal sealed class TaggerWeights
{
    private const int T = BilouTags.Count;

    /// <summary>Uncompacted: the weight of tag t for bucket b is at b * Count + t.</summary>
    public TaggerWeights(float[] weights, float[] transitions)
        : this(weights, null, transitions, weights.Length / T)
    {
    }

    private TaggerWeights(float[] weights, int[]? index, float[] transitions, int buckets)
    {
        Weights = weights;
        Index = index;
        Transitions = transitions;
        Buckets = buckets;
    }

    public float[] Weights { get; }

    /// <summary>When compacted, where each bucket's row starts in <see cref="Weights"/> (-1: all zero).</summary>
    public int[]? Index { get; }

    public float[] Transitions { get; }

    public int Buckets { get; }

    /// <summary>
    /// Keeps only the rows some feature ever moved: most hashed buckets stay zero, and dropping them cuts the
    /// loaded model's memory several times over.
    /// </summary>
    public static TaggerWeights Compact(float[] weights, float[] transitions)
    {
        int buckets = weights.Length / T;
        var index = new int[buckets];
        int used = 0;
        for (int b = 0; b < buckets; b++)
        {
            bool any = weights.AsSpan(b * T, T).ContainsAnyExcept(0f);
            index[b] = any ? used++ * T : -1;
        }

        var compact = new float[used * T];
        for (int b = 0; b < buckets; b++)
        {
            if (index[b] >= 0)
            {
                weights.AsSpan(b * T, T).CopyTo(compact.AsSpan(index[b], T));
            }
        }

        return new TaggerWeights(compact, index, transitions, buckets);
    }
}
