namespace Herald.Annotate.Entities;

/// <summary>
/// Word classes induced from unlabelled news text (<see cref="ClusterInduction"/>): words that occur between the
/// same neighbours share a class, so a name or title word the labelled data never showed still gets the features of
/// the words it behaves like. Two granularities: fine and coarse. Keys are normalised word hashes.
/// </summary>
internal sealed class WordClusters
{
    private readonly Dictionary<ulong, int> classes;

    public WordClusters(Dictionary<ulong, int> classes) => this.classes = classes;

    public static WordClusters Empty { get; } = new([]);

    public int Count => classes.Count;

    public IEnumerable<KeyValuePair<ulong, int>> Entries => classes;

    /// <summary>
    /// Fine class in the low 16 bits, coarse class in bits 16-23, and from bit 24 how the word is written
    /// mid-sentence in the unlabelled text (<see cref="ClusterInduction.CaseBucket"/>; 0 when not measured);
    /// -1 for a word too rare to have a class.
    /// </summary>
    public int ClassOf(ulong normalisedHash) => classes.TryGetValue(normalisedHash, out int c) ? c : -1;
}

/// <summary>
/// Distributional word clustering: each frequent word is described by counts of its left and right neighbours
/// among the most frequent words (square-rooted, unit length) and grouped by spherical k-means. Brown clustering
/// gives a hierarchy but costs far more; two flat k-means runs (fine and coarse) give the two granularities the
/// tagger uses. Deterministic: seeds are spread over the frequency ranking.
/// </summary>
internal static class ClusterInduction
{
    public static WordClusters Induce(
        IEnumerable<string> texts, int fine, int coarse, int minCount, int contextWords, Action<string> log, CancellationToken ct, bool casePrior = false)
    {
        var ids = new Dictionary<ulong, int>();
        var counts = new List<int>();
        var capitalised = new List<int>();
        var lower = new List<int>();
        var stream = new List<int>();
        foreach (string text in texts)
        {
            bool opener = true;
            foreach (var t in EntityTokenizer.Tokenize(text))
            {
                var word = t.In(text);
                ulong h = FeatureHash.Normalised(word);
                if (!ids.TryGetValue(h, out int id))
                {
                    id = ids.Count;
                    ids[h] = id;
                    counts.Add(0);
                    capitalised.Add(0);
                    lower.Add(0);
                }

                counts[id]++;
                stream.Add(id);

                // How the word is written where capitals are a choice: not first in a sentence or line, not all capitals.
                bool lineStart = t.Start == 0 || text[t.Start - 1] == '\n';
                if (!opener && !lineStart && char.IsLetter(word[0]) && !(word.Length > 1 && TokenShapes.CaseClass(word) == TokenShapes.AllCaps))
                {
                    if (char.IsUpper(word[0]))
                    {
                        capitalised[id]++;
                    }
                    else
                    {
                        lower[id]++;
                    }
                }

                opener = word is "." or "!" or "?" or ":" or "\"" or "“" or "'" or "(" or "-" or "--" or "—";
            }

            stream.Add(-1);
        }

        var byFrequency = Enumerable.Range(0, counts.Count).OrderByDescending(i => counts[i]).ThenBy(i => i).ToArray();
        var contextOf = new int[counts.Count];
        Array.Fill(contextOf, contextWords); // every rarer word shares one context slot
        for (int r = 0; r < Math.Min(contextWords, byFrequency.Length); r++)
        {
            contextOf[byFrequency[r]] = r;
        }

        var targets = byFrequency.TakeWhile(i => counts[i] >= minCount).ToArray();
        var row = new int[counts.Count];
        Array.Fill(row, -1);
        for (int k = 0; k < targets.Length; k++)
        {
            row[targets[k]] = k;
        }

        int dims = 2 * (contextWords + 2);
        var bags = new Dictionary<int, float>[targets.Length];
        for (int k = 0; k < bags.Length; k++)
        {
            bags[k] = [];
        }

        for (int p = 0; p < stream.Count; p++)
        {
            int w = stream[p];
            if (w < 0 || row[w] < 0)
            {
                continue;
            }

            var bag = bags[row[w]];
            int left = p > 0 && stream[p - 1] >= 0 ? contextOf[stream[p - 1]] : contextWords + 1;
            int right = p + 1 < stream.Count && stream[p + 1] >= 0 ? contextOf[stream[p + 1]] : contextWords + 1;
            bag[left] = bag.GetValueOrDefault(left) + 1;
            int r = contextWords + 2 + right;
            bag[r] = bag.GetValueOrDefault(r) + 1;
        }

        var vectors = new (int[] Dims, float[] Values)[targets.Length];
        for (int k = 0; k < targets.Length; k++)
        {
            var keys = bags[k].Keys.Order().ToArray();
            var values = keys.Select(d => MathF.Sqrt(bags[k][d])).ToArray();
            float norm = MathF.Sqrt(values.Sum(v => v * v));
            for (int j = 0; j < values.Length; j++)
            {
                values[j] /= norm;
            }

            vectors[k] = (keys, values);
        }

        log($"clusters: {stream.Count} tokens, {targets.Length} words seen at least {minCount} times");
        var fineOf = KMeans(vectors, dims, fine, ct);
        var coarseOf = KMeans(vectors, dims, coarse, ct);
        var hashes = new ulong[counts.Count];
        foreach (var (h, id) in ids)
        {
            hashes[id] = h;
        }

        var classes = new Dictionary<ulong, int>(targets.Length);
        for (int k = 0; k < targets.Length; k++)
        {
            int id = targets[k];
            int bucket = casePrior ? CaseBucket(capitalised[id], lower[id]) : 0;
            classes[hashes[id]] = fineOf[k] | (coarseOf[k] << 16) | (bucket << 24);
        }

        return new WordClusters(classes);
    }

    /// <summary>
    /// 1-5 for a word written mid-sentence almost always in lower case, mostly lower, mixed, mostly capitalised and
    /// almost always capitalised ("Summer" at a line's start is a title, "Scrocca" anywhere a name); 0 when seen
    /// mid-sentence fewer than three times.
    /// </summary>
    internal static int CaseBucket(int capitalised, int lower)
    {
        int n = capitalised + lower;
        if (n < 3)
        {
            return 0;
        }

        double share = (double)capitalised / n;
        return share switch { < 0.05 => 1, < 0.4 => 2, < 0.6 => 3, < 0.95 => 4, _ => 5 };
    }

    private static int[] KMeans((int[] Dims, float[] Values)[] vectors, int dims, int k, CancellationToken ct)
    {
        k = Math.Min(k, vectors.Length);
        var centroids = new float[k * dims];
        for (int c = 0; c < k; c++)
        {
            var (d, v) = vectors[(int)((long)c * vectors.Length / k)];
            for (int j = 0; j < d.Length; j++)
            {
                centroids[c * dims + d[j]] = v[j];
            }
        }

        var assigned = new int[vectors.Length];
        for (int iteration = 0; iteration < 12; iteration++)
        {
            ct.ThrowIfCancellationRequested();
            Parallel.For(0, vectors.Length, new ParallelOptions { CancellationToken = ct }, w =>
            {
                var (d, v) = vectors[w];
                float best = float.NegativeInfinity;
                int arg = 0;
                for (int c = 0; c < k; c++)
                {
                    float dot = 0;
                    int at = c * dims;
                    for (int j = 0; j < d.Length; j++)
                    {
                        dot += centroids[at + d[j]] * v[j];
                    }

                    if (dot > best)
                    {
                        best = dot;
                        arg = c;
                    }
                }

                assigned[w] = arg;
            });

            Array.Clear(centroids);
            for (int w = 0; w < vectors.Length; w++)
            {
                var (d, v) = vectors[w];
                int at = assigned[w] * dims;
                for (int j = 0; j < d.Length; j++)
                {
                    centroids[at + d[j]] += v[j];
                }
            }

            for (int c = 0; c < k; c++)
            {
                var centroid = centroids.AsSpan(c * dims, dims);
                float norm = 0;
                foreach (float x in centroid)
                {
                    norm += x * x;
                }

                if (norm > 0)
                {
                    norm = MathF.Sqrt(norm);
                    foreach (ref float x in centroid)
                    {
                        x /= norm;
                    }
                }
            }
        }

        return assigned;
    }
}
