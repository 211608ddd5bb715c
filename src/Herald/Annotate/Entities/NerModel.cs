using System.IO.Compression;

namespace Herald.Annotate.Entities;

/// <summary>
/// The trained tagger: hashed feature weights (one row of <see cref="BilouTags.Count"/> per bucket), tag
/// transition weights and the gazetteer. Immutable once built, so one instance serves every thread.
/// </summary>
internal sealed class NerModel
{
    private const int Magic = 0x524E4548; // "HENR"
    private const int Version = 1;
    private const int T = BilouTags.Count;

    public NerModel(int bits, float[] weights, float[] transitions, Gazetteer gazetteer)
    {
        if (weights.Length != (1 << bits) * T || transitions.Length != (T + 1) * T)
        {
            throw new InvalidDataException("entity model arrays do not match their declared sizes");
        }

        Bits = bits;
        Weights = weights;
        Transitions = transitions;
        Features = new FeatureExtractor(bits, gazetteer);
    }

    public int Bits { get; }

    /// <summary>Row-major: weight of tag t for bucket b is Weights[b * Count + t].</summary>
    public float[] Weights { get; }

    /// <summary>Weight of tag b after tag a is Transitions[a * Count + b]; row Count is the sentence start.</summary>
    public float[] Transitions { get; }

    public FeatureExtractor Features { get; }

    /// <summary>Fills scores[i * Count + t] with the feature score of tag t at token i.</summary>
    public static void Score(float[] weights, ReadOnlySpan<int> rows, int n, Span<float> scores)
    {
        scores[..(n * T)].Clear();
        for (int i = 0; i < n; i++)
        {
            var acc = scores.Slice(i * T, T);
            var feats = rows.Slice(i * FeatureExtractor.MaxFeatures, FeatureExtractor.MaxFeatures);
            foreach (int r in feats)
            {
                if (r < 0)
                {
                    break;
                }

                var w = weights.AsSpan(r * T, T);
                for (int t = 0; t < T; t++)
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
                for (int a = 0; a < T; a++)
                {
                    float prev = dp[(i - 1) * T + a];
                    if (prev == NegInf || !Allowed[a * T + b])
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
        foreach (float x in Transitions)
        {
            w.Write(x);
        }

        // Half precision halves the file; the weights' ranking of tags survives it (checked by the bench).
        var buffer = new byte[Weights.Length * 2];
        for (int k = 0; k < Weights.Length; k++)
        {
            BitConverter.TryWriteBytes(buffer.AsSpan(k * 2, 2), (Half)Weights[k]);
        }

        w.Write(buffer);
        var keys = Features.Gazetteer.Keys.Order().ToArray();
        w.Write(keys.Length);
        foreach (ulong key in keys)
        {
            w.Write(key);
        }
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

        int count = r.ReadInt32();
        var keys = new ulong[count];
        for (int k = 0; k < count; k++)
        {
            keys[k] = r.ReadUInt64();
        }

        return new NerModel(bits, weights, transitions, new Gazetteer(keys));
    }
}
