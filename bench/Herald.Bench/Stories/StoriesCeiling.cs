using System.Globalization;
using Herald.Evaluation.Stories;
using Herald.Stories;

namespace Herald.Bench.Stories;

/// <summary>
/// `stories ceiling`: what the ECB+ figure measures. Each ECB+ topic pairs two events of one kind by construction, so
/// the question a clusterer must answer per topic is whether its coverage is one event or two. This script prints
/// (1) how well the two events can be told apart when that answer is given (each topic cut in exactly two, by the
/// shipped splitter's cut and by a spectral cut over locally re-weighted vectors); (2) whether any threshold on the
/// shipped cut statistic separates the topics' gold cuts from the best cuts inside single events; (3) two decision
/// rules over the same pipeline (the shipped clusterer's stories, related stories pooled, pools cut recursively by
/// the spectral cut), each cross-validated over odd and even topics like `stories tune`: split when the similarity
/// ratio is low (what the content says), or split when both sides hold at least m articles (a rule that reads no
/// content and encodes the corpus's two-events-per-topic construction).
/// </summary>
internal static class StoriesCeiling
{
    /// <summary>Stories whose centroids reach this cosine are pooled before the recursive cut (rule 3).</summary>
    private const double PoolCosine = 0.15;
    private const int MaxDepth = 3;

    public static int Run(IReadOnlyList<EcbDocument> docs)
    {
        var options = new StoryClustererOptions();
        var (members, idf) = EcbMembers.Build(docs, options);
        var gold = docs.ToDictionary(d => d.Id, d => d.Subtopic, StringComparer.Ordinal);
        var byTopic = docs.GroupBy(d => d.Topic).OrderBy(g => g.Key).ToList();

        // (1) The number of stories given: every topic cut in two.
        var medoids = new Dictionary<string, string>(StringComparer.Ordinal);
        var spectral = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var topic in byTopic)
        {
            var ms = topic.Select(d => members[d.Id]).ToList();
            var a = StorySplitter.BestCut(ms, options, out _) ?? new bool[ms.Count];
            var b = SpectralCut(ms, idf);
            for (var i = 0; i < ms.Count; i++)
            {
                medoids[ms[i].Id] = $"{topic.Key}/{a[i]}";
                spectral[ms[i].Id] = $"{topic.Key}/{b[i]}";
            }
        }

        Console.WriteLine("(1) two stories per topic given (an oracle no clusterer has):");
        Console.WriteLine($"    shipped cut (2-medoids):            B-cubed {BCubed.Score(medoids, gold)}");
        Console.WriteLine($"    spectral cut, local re-weighting:   B-cubed {BCubed.Score(spectral, gold)}");

        // (2) Separability of the shipped statistic: gold cuts of two-event topics against the best cut inside each event.
        var goldCuts = new List<(double Ratio, int Topic)>();
        var eventCuts = new List<(double Ratio, string Event)>();
        foreach (var topic in byTopic)
        {
            var ms = topic.Select(d => members[d.Id]).ToList();
            var first = topic.First().Subtopic;
            var side = topic.Select(d => !string.Equals(d.Subtopic, first, StringComparison.Ordinal)).ToArray();
            goldCuts.Add((StorySplitter.Ratio(ms, side, options), topic.Key));
            foreach (var ev in topic.GroupBy(d => d.Subtopic))
            {
                var em = ev.Select(d => members[d.Id]).ToList();
                if (em.Count >= 2 * options.SplitMinGroup && StorySplitter.BestCut(em, options, out var r) is not null && r < double.MaxValue)
                {
                    eventCuts.Add((r, ev.Key));
                }
            }
        }

        var thresholds = goldCuts.Select(g => g.Ratio).Concat(eventCuts.Select(e => e.Ratio)).Append(double.MaxValue).Distinct().Order();
        var (errors, best) = thresholds.Select(t => (Errors: goldCuts.Count(g => g.Ratio >= t) + eventCuts.Count(e => e.Ratio < t), Threshold: t)).MinBy(x => x.Errors);
        Console.WriteLine($"(2) shipped cut statistic (between/within similarity after conflicts; split below {options.SplitRatio.ToString(CultureInfo.InvariantCulture)}):");
        Console.WriteLine($"    two-event topics, gold cut, highest: {Top(goldCuts.OrderByDescending(g => g.Ratio).Select(g => (g.Ratio, g.Topic.ToString(CultureInfo.InvariantCulture))))}");
        Console.WriteLine($"    single events, best cut, lowest:     {Top(eventCuts.OrderBy(e => e.Ratio).Select(e => (e.Ratio, e.Event)))}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"    the best single threshold ({best:0.000}) still misjudges {errors} of {goldCuts.Count + eventCuts.Count} ({goldCuts.Count} topics, {eventCuts.Count} events)"));

        // (3) Two decision rules over one pipeline, cross-validated.
        var topics = byTopic.Select(g => g.Key).ToList();
        var odd = topics.Where(t => t % 2 == 1).ToHashSet();
        var even = topics.Where(t => t % 2 == 0).ToHashSet();
        Console.WriteLine("(3) the shipped clusterer's stories, related ones pooled, pools cut recursively (three orders, two folds):");
        var ratioRule = Enumerable.Range(6, 7).Select(k => k * 0.05).ToList();
        var sizeRule = Enumerable.Range(2, 7).ToList();
        var streams = new Dictionary<bool, List<Dictionary<string, string>>>
        {
            [true] = Streams(docs, odd, options),
            [false] = Streams(docs, even, options),
        };
        Func<double, Func<List<Story.Member>, bool[], bool>> byRatio = t => (ms, cut) => StorySplitter.Ratio(ms, cut, options) < t;
        Func<double, Func<List<Story.Member>, bool[], bool>> bySize = m => (_, cut) => Math.Min(cut.Count(x => x), cut.Count(x => !x)) >= m;
        var t = CrossValidate("split when the similarity ratio is below t", ratioRule, t => t.ToString("0.00", CultureInfo.InvariantCulture), byRatio, streams, members, idf, gold);
        var m = CrossValidate("split when both sides hold at least m articles", sizeRule.Select(m => (double)m).ToList(), m => m.ToString("0", CultureInfo.InvariantCulture), bySize, streams, members, idf, gold);

        // (4) What each rule, at the setting best over all topics, does to coverage of one event alone.
        Console.WriteLine("(4) each gold event alone (one event's coverage, nothing to separate), cut recursively as in (3):");
        foreach (var (name, accept) in new[] { (string.Create(CultureInfo.InvariantCulture, $"ratio below {t:0.00}"), byRatio(t)), ($"both sides at least {m}", bySize(m)) })
        {
            var predicted = new Dictionary<string, string>(StringComparer.Ordinal);
            var split = new List<string>();
            foreach (var ev in docs.GroupBy(d => d.Subtopic))
            {
                var parts = SplitRecursively([.. ev.Select(d => members[d.Id])], idf, accept, 0).ToList();
                if (parts.Count > 1)
                {
                    split.Add(string.Create(CultureInfo.InvariantCulture, $"{ev.Key} ({string.Join("+", parts.Select(p => p.Count))})"));
                }

                for (var i = 0; i < parts.Count; i++)
                {
                    foreach (var mem in parts[i])
                    {
                        predicted[mem.Id] = ev.Key + "/" + i.ToString(CultureInfo.InvariantCulture);
                    }
                }
            }

            Console.WriteLine($"    {name}: B-cubed {BCubed.Score(predicted, gold)}; split {split.Count} of {docs.Select(d => d.Subtopic).Distinct().Count()} events: {string.Join(", ", split)}");
        }

        return 0;
    }

    /// <summary>Two-fold cross-validation of one rule over its grid; returns the setting best over all topics.</summary>
    private static double CrossValidate(string name, List<double> grid, Func<double, string> show, Func<double, Func<List<Story.Member>, bool[], bool>> rule,
        Dictionary<bool, List<Dictionary<string, string>>> streams, Dictionary<string, Story.Member> members, Func<ulong, double> idf,
        Dictionary<string, string> gold)
    {
        var scores = new List<(double Parameter, BCubedScore Odd, BCubedScore Even)>();
        foreach (var p in grid)
        {
            var accept = rule(p);
            scores.Add((p, Score(streams[true], members, idf, accept, gold), Score(streams[false], members, idf, accept, gold)));
        }

        var bestOdd = scores.MaxBy(s => s.Odd.F1);
        var bestEven = scores.MaxBy(s => s.Even.F1);
        Console.WriteLine($"    {name}:");
        Console.WriteLine($"      per setting (odd | even F1): {string.Join("  ", scores.Select(s => $"{show(s.Parameter)}: {s.Odd.F1.ToString("0.000", CultureInfo.InvariantCulture)} | {s.Even.F1.ToString("0.000", CultureInfo.InvariantCulture)}"))}");
        Console.WriteLine($"      fold 1: tuned on odd topics ({show(bestOdd.Parameter)}) -> even {bestOdd.Even}");
        Console.WriteLine($"      fold 2: tuned on even topics ({show(bestEven.Parameter)}) -> odd {bestEven.Odd}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"      cross-validated B-cubed F1 {(bestOdd.Even.F1 + bestEven.Odd.F1) / 2:0.000}"));
        return scores.MaxBy(s => s.Odd.F1 + s.Even.F1).Parameter;
    }

    /// <summary>The shipped clusterer's answer (after its own refinement) for three stream orders of the topics.</summary>
    private static List<Dictionary<string, string>> Streams(IReadOnlyList<EcbDocument> docs, HashSet<int> topics, StoryClustererOptions options)
    {
        var subset = docs.Where(d => topics.Contains(d.Topic)).ToList();
        return [.. Enumerable.Range(1, 3).Select(seed => StoryEvaluation.Cluster(EcbPlusCorpus.Shuffled(subset, seed), options))];
    }

    private static BCubedScore Score(List<Dictionary<string, string>> streams, Dictionary<string, Story.Member> members, Func<ulong, double> idf,
        Func<List<Story.Member>, bool[], bool> accept, Dictionary<string, string> gold)
    {
        double p = 0, r = 0, f = 0;
        foreach (var stream in streams)
        {
            var predicted = new Dictionary<string, string>(StringComparer.Ordinal);
            var n = 0;
            foreach (var pool in Pools(stream, members))
            {
                foreach (var part in SplitRecursively(pool, idf, accept, 0))
                {
                    n++;
                    foreach (var m in part)
                    {
                        predicted[m.Id] = n.ToString(CultureInfo.InvariantCulture);
                    }
                }
            }

            var s = BCubed.Score(predicted, gold.Where(g => predicted.ContainsKey(g.Key)).ToDictionary(g => g.Key, g => g.Value, StringComparer.Ordinal));
            p += s.Precision;
            r += s.Recall;
            f += s.F1;
        }

        return new BCubedScore(p / streams.Count, r / streams.Count, f / streams.Count);
    }

    private static IEnumerable<List<Story.Member>> SplitRecursively(List<Story.Member> pool, Func<ulong, double> idf, Func<List<Story.Member>, bool[], bool> accept, int depth)
    {
        if (pool.Count >= 4 && depth < MaxDepth)
        {
            var cut = SpectralCut(pool, idf);
            if (cut.Count(x => x) >= 2 && cut.Count(x => !x) >= 2 && accept(pool, cut))
            {
                var a = pool.Where((_, i) => !cut[i]).ToList();
                var b = pool.Where((_, i) => cut[i]).ToList();
                return SplitRecursively(a, idf, accept, depth + 1).Concat(SplitRecursively(b, idf, accept, depth + 1));
            }
        }

        return [pool];
    }

    /// <summary>Stories (by the clusterer's answer) joined when their centroids meet <see cref="PoolCosine"/>.</summary>
    private static List<List<Story.Member>> Pools(Dictionary<string, string> stream, Dictionary<string, Story.Member> members)
    {
        var stories = stream.GroupBy(p => p.Value, p => members[p.Key]).Select(g => g.ToList()).ToList();
        var centroids = stories.Select(Centroid).ToList();
        var parent = Enumerable.Range(0, stories.Count).ToArray();
        int Find(int x) => parent[x] == x ? x : parent[x] = Find(parent[x]);
        for (var i = 0; i < stories.Count; i++)
        {
            for (var j = i + 1; j < stories.Count; j++)
            {
                if (centroids[i].Dot(centroids[j]) >= PoolCosine)
                {
                    parent[Find(i)] = Find(j);
                }
            }
        }

        return [.. Enumerable.Range(0, stories.Count).GroupBy(Find).Select(g => g.SelectMany(i => stories[i]).ToList())];
    }

    private static SparseVector Centroid(List<Story.Member> story)
    {
        var sum = new Dictionary<ulong, float>();
        foreach (var m in story)
        {
            for (var t = 0; t < m.Vector.Count; t++)
            {
                sum[m.Vector.Keys[t]] = sum.GetValueOrDefault(m.Vector.Keys[t]) + m.Vector.Values[t];
            }
        }

        return SparseVector.From(sum, int.MaxValue);
    }

    /// <summary>
    /// Spectral bisection. Vectors are re-weighted by local contrast: a term every member holds (the vocabulary of
    /// the kind of event) weighs nothing, one a few members hold weighs most, one a single member holds is dropped;
    /// the global weight enters by its square root. The Fiedler vector of the normalised similarity graph is swept
    /// for the cut of least normalised cut, which, unlike medoids seeded with the least typical members, does not
    /// peel off one odd short article.
    /// </summary>
    internal static bool[] SpectralCut(List<Story.Member> members, Func<ulong, double> idf)
    {
        var n = members.Count;
        var localDf = new Dictionary<ulong, int>();
        foreach (var m in members)
        {
            foreach (var k in m.Vector.Keys)
            {
                localDf[k] = localDf.GetValueOrDefault(k) + 1;
            }
        }

        var contrast = new SparseVector[n];
        for (var i = 0; i < n; i++)
        {
            var v = members[i].Vector;
            var weights = new Dictionary<ulong, float>(v.Count);
            for (var t = 0; t < v.Count; t++)
            {
                var df = localDf[v.Keys[t]];
                if (df >= 2)
                {
                    weights[v.Keys[t]] = (float)(v.Values[t] * Math.Log((n + 1.0) / (df + 0.5)) / Math.Sqrt(Math.Max(idf(v.Keys[t]), 0.1)));
                }
            }

            contrast[i] = SparseVector.From(weights, int.MaxValue);
        }

        var w = new double[n, n];
        var degree = new double[n];
        for (var i = 0; i < n; i++)
        {
            for (var j = i + 1; j < n; j++)
            {
                var d = contrast[i].Dot(contrast[j]);
                w[i, j] = w[j, i] = d;
                degree[i] += d;
                degree[j] += d;
            }
        }

        var root = degree.Select(d => Math.Sqrt(Math.Max(d, 1e-9))).ToArray();
        var rootNorm = Math.Sqrt(root.Sum(r => r * r));
        var first = root.Select(r => r / rootNorm).ToArray();

        // Power iteration on I + D^-1/2 W D^-1/2 with the top eigenvector (the square roots of the degrees)
        // projected out converges to the second one. The start is fixed, so the cut is deterministic.
        var x = Enumerable.Range(0, n).Select(i => ((i * 7919) % 97 / 97.0) - 0.5).ToArray();
        var y = new double[n];
        for (var it = 0; it < 300; it++)
        {
            var p = 0.0;
            for (var i = 0; i < n; i++)
            {
                p += x[i] * first[i];
            }

            for (var i = 0; i < n; i++)
            {
                x[i] -= p * first[i];
            }

            for (var i = 0; i < n; i++)
            {
                var s = x[i];
                for (var j = 0; j < n; j++)
                {
                    s += w[i, j] / (root[i] * root[j]) * x[j];
                }

                y[i] = s;
            }

            var norm = Math.Sqrt(y.Sum(v => v * v));
            if (norm == 0)
            {
                break;
            }

            for (var i = 0; i < n; i++)
            {
                x[i] = y[i] / norm;
            }
        }

        var order = Enumerable.Range(0, n).OrderBy(i => x[i] / root[i]).ThenBy(i => i).ToArray();
        var volume = degree.Sum();
        var inA = new bool[n];
        double volA = 0, cut = 0, best = double.MaxValue;
        var bestK = 0;
        for (var k = 0; k < n - 1; k++)
        {
            var a = order[k];
            for (var j = 0; j < n; j++)
            {
                if (j != a)
                {
                    cut += inA[j] ? -w[a, j] : w[a, j];
                }
            }

            inA[a] = true;
            volA += degree[a];
            var ncut = (cut / Math.Max(volA, 1e-12)) + (cut / Math.Max(volume - volA, 1e-12));
            if (ncut < best)
            {
                best = ncut;
                bestK = k;
            }
        }

        var side = new bool[n];
        for (var k = 0; k <= bestK; k++)
        {
            side[order[k]] = true;
        }

        return side;
    }

    private static string Top(IEnumerable<(double Ratio, string Name)> rows) =>
        string.Join(", ", rows.Take(10).Select(r => r.Ratio == double.MaxValue ? $"{r.Name} -" : string.Create(CultureInfo.InvariantCulture, $"{r.Name} {r.Ratio:0.00}")));
}
