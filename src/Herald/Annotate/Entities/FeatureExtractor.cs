namespace Herald.Annotate.Entities;

/// <summary>
/// Turns each token of a sentence into the weight rows of its features: the word and its lowercase form,
/// shape, prefixes and suffixes, a ±2 word window, shape and word n-grams, headline and case context,
/// gazetteer matches and how the word is written elsewhere in the text. Training and tagging share this code,
/// which is what keeps them consistent.
/// </summary>
internal sealed class FeatureExtractor(int bits, Gazetteer gazetteer, WordClusters clusters)
{
    public const int MaxFeatures = 64;

    private const ulong Boundary = 0x5bd1e9955bd1e995UL;

    public int Bits { get; } = bits;

    public Gazetteer Gazetteer { get; } = gazetteer;

    public WordClusters Clusters { get; } = clusters;

    /// <summary>Per-sentence scratch arrays; one per thread.</summary>
    public sealed class Scratch
    {
        public ulong[] Exact = new ulong[64];
        public ulong[] Norm = new ulong[64];
        public ulong[] Shape = new ulong[64];
        public int[] Case = new int[64];
        public int[] Gaz = new int[64];
        public int[] Cluster = new int[64];

        public void Ensure(int n)
        {
            if (Exact.Length >= n)
            {
                return;
            }

            int m = Math.Max(n, Exact.Length * 2);
            Exact = new ulong[m];
            Norm = new ulong[m];
            Shape = new ulong[m];
            Case = new int[m];
            Gaz = new int[m];
            Cluster = new int[m];
        }
    }

    /// <summary>
    /// Writes MaxFeatures row indices per token into rows (unused slots -1). With a first pass (second-pass
    /// tagging), <paramref name="first"/> is the index of the sentence's first token in the text.
    /// </summary>
    public void Extract(
        string text, ReadOnlySpan<TextToken> sentence, bool headline, RecordContext context, Scratch s, Span<int> rows,
        PriorPass? prior = null, int first = 0)
    {
        int n = sentence.Length;
        s.Ensure(n);
        for (int i = 0; i < n; i++)
        {
            var t = sentence[i].In(text);
            s.Exact[i] = FeatureHash.Exact(t);
            s.Norm[i] = FeatureHash.Normalised(t);
            s.Shape[i] = TokenShapes.ShapeHash(t);
            s.Case[i] = TokenShapes.CaseClass(t);
            s.Cluster[i] = Clusters.ClassOf(s.Norm[i]);
        }

        Gazetteer.Mark(text, sentence, s.Gaz.AsSpan(0, n));
        int shift = 64 - Bits;
        ulong hl = headline ? 1UL : 0UL;

        for (int i = 0; i < n; i++)
        {
            var row = rows.Slice(i * MaxFeatures, MaxFeatures);
            int f = 0;
            var t = sentence[i].In(text);
            ulong norm = s.Norm[i], shape = s.Shape[i];
            ulong pn = i > 0 ? s.Norm[i - 1] : Boundary, nn = i + 1 < n ? s.Norm[i + 1] : Boundary;
            ulong pn2 = i > 1 ? s.Norm[i - 2] : Boundary, nn2 = i + 2 < n ? s.Norm[i + 2] : Boundary;
            ulong ps = i > 0 ? s.Shape[i - 1] : Boundary, ns = i + 1 < n ? s.Shape[i + 1] : Boundary;
            ulong cls = (ulong)s.Case[i];
            ulong initial = i == 0 ? 1UL : 0UL;

            void Add(ulong h, Span<int> r)
            {
                r[f++] = (int)(h >> shift);
            }

            Add(FeatureHash.Of(0, 0), row);
            Add(FeatureHash.Of(1, s.Exact[i]), row);
            Add(FeatureHash.Of(2, norm), row);
            Add(FeatureHash.Of(3, shape), row);
            Add(FeatureHash.Of(4, shape, (ulong)TokenShapes.LengthBucket(t.Length)), row);

            ulong pre = FeatureHash.Exact([]);
            for (int k = 0; k < 4 && k < t.Length - 1; k++)
            {
                pre = FeatureHash.Add(pre, FeatureHash.Norm(t[k]));
                Add(FeatureHash.Of(5 + k, pre), row);
            }

            ulong suf = FeatureHash.Exact([]);
            for (int k = 0; k < 4 && k < t.Length - 1; k++)
            {
                suf = FeatureHash.Add(suf, FeatureHash.Norm(t[t.Length - 1 - k]));
                Add(FeatureHash.Of(9 + k, suf), row);
            }

            Add(FeatureHash.Of(13, pn), row);
            Add(FeatureHash.Of(14, nn), row);
            Add(FeatureHash.Of(15, pn2), row);
            Add(FeatureHash.Of(16, nn2), row);
            Add(FeatureHash.Of(17, ps), row);
            Add(FeatureHash.Of(18, ns), row);
            Add(FeatureHash.Of(19, ps, shape), row);
            Add(FeatureHash.Of(20, shape, ns), row);
            Add(FeatureHash.Of(21, ps, shape, ns), row);
            Add(FeatureHash.Of(22, pn, norm), row);
            Add(FeatureHash.Of(23, norm, nn), row);
            Add(FeatureHash.Of(24, pn, shape), row);
            Add(FeatureHash.Of(25, shape, nn), row);
            Add(FeatureHash.Of(26, cls, initial, hl), row);
            Add(FeatureHash.Of(27, hl, shape), row);
            Add(FeatureHash.Of(34, pn2, pn), row);
            Add(FeatureHash.Of(35, nn, nn2), row);
            Add(FeatureHash.Of(36, hl, norm), row);

            int gaz = s.Gaz[i];
            for (int b = 0; b < 16 && f < MaxFeatures - 20; b++)
            {
                if ((gaz & (1 << b)) != 0)
                {
                    Add(FeatureHash.Of(28, (ulong)b), row);
                }
            }

            Add(FeatureHash.Of(29, (ulong)TypesOf(i > 0 ? s.Gaz[i - 1] : 0), (ulong)TypesOf(gaz)), row);
            Add(FeatureHash.Of(30, (ulong)TypesOf(gaz), (ulong)TypesOf(i + 1 < n ? s.Gaz[i + 1] : 0)), row);

            int seen = context.FlagsOf(norm);
            Add(FeatureHash.Of(31, (ulong)seen, cls * 4 + initial * 2 + hl), row);
            if (seen != 0)
            {
                Add(FeatureHash.Of(32, (ulong)seen, norm), row);
            }

            if (Clusters.Count > 0)
            {
                // Bits 24 and up carry the word's case bucket, not its class (a word without a class stays -1).
                ulong c = ClassBits(s.Cluster[i]);
                ulong pc = i > 0 ? ClassBits(s.Cluster[i - 1]) : Boundary, nc = i + 1 < n ? ClassBits(s.Cluster[i + 1]) : Boundary;
                int bucket = s.Cluster[i] < 0 ? 0 : s.Cluster[i] >> 24;
                if (bucket > 0)
                {
                    Add(FeatureHash.Of(56, (ulong)bucket, cls * 4 + initial * 2 + hl), row);
                    Add(FeatureHash.Of(57, (ulong)bucket, i > 0 ? (ulong)s.Case[i - 1] : 99, cls), row);
                }

                Add(FeatureHash.Of(50, c & 0xFFFF), row);
                Add(FeatureHash.Of(51, c >> 16), row);
                Add(FeatureHash.Of(52, pc & 0xFFFF), row);
                Add(FeatureHash.Of(53, nc & 0xFFFF), row);
                Add(FeatureHash.Of(54, pc >> 16, c >> 16), row);
                Add(FeatureHash.Of(55, c >> 16, nc >> 16), row);
            }

            if (prior is not null)
            {
                var tags = prior.Tags;
                int k = first + i;
                ulong tag = (ulong)tags[k];
                ulong before = i > 0 ? (ulong)tags[k - 1] : 99, after = i + 1 < n ? (ulong)tags[k + 1] : 99;
                Add(FeatureHash.Of(40, tag), row);
                Add(FeatureHash.Of(41, before, tag, after), row);
                var (mask, majority) = prior.Elsewhere(text, sentence[i], norm, k, i == 0);
                Add(FeatureHash.Of(42, (ulong)mask, cls), row);
                Add(FeatureHash.Of(43, (ulong)(majority + 1), tag), row);
                Add(FeatureHash.Of(44, (ulong)(majority + 1), cls * 2 + hl), row);
            }

            row[f..].Fill(-1);
        }
    }

    private static ulong ClassBits(int cluster) => cluster < 0 ? (ulong)(uint)cluster : (ulong)(uint)(cluster & 0xFFFFFF);

    private static int TypesOf(int marks)
    {
        int types = 0;
        for (int type = 0; type < Gazetteer.Types; type++)
        {
            if ((marks & (0xF << (type * 4))) != 0)
            {
                types |= 1 << type;
            }
        }

        return types;
    }
}
