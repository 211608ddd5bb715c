using System.Globalization;
using Herald.Stories;
using Herald.Stories.Evaluation;

namespace Herald.Bench.Stories;

/// <summary>
/// Two-fold cross-validation over ECB+ topics: choose the settings on the odd topics and report them on the even
/// ones, then the other way round. Never tuned per topic. `stories tune` prints the grid's winners.
/// </summary>
internal static class StoriesTuning
{
    public static IEnumerable<(string Name, StoryClustererOptions Options)> Grid()
    {
        foreach (var word in new[] { 0.5f })
        {
            foreach (var number in new[] { 2f })
            {
                foreach (var year in new[] { 0.6 })
                {
                    foreach (var (conflict, share, cn) in new[] { (0.0, 0.7, 4), (0.5, 0.7, 4), (0.5, 0.4, 4), (0.5, 1.0, 4), (0.5, 0.7, 2), (0.5, 0.7, 6), (0.8, 0.7, 6) })
                    {
                    foreach (var threshold in new[] { 0.12, 0.14, 0.16, 0.18, 0.2, 0.22 })
                    {
                        var f = new FeatureWeights { TitleWord = 2 * word, LeadWord = word, BodyWord = word, Number = number };
                        var o = new StoryClustererOptions { JoinThreshold = threshold, YearConflictFactor = year, NameConflictPenalty = conflict, CentroidShare = share, ConflictNames = cn, Features = f };
                        yield return (FormattableString.Invariant($"word {word} number {number} year {year} names {conflict}x{cn} centroid {share} join {threshold}"), o);
                    }
                    }
                }
            }
        }
    }

    public static int Run(IReadOnlyList<EcbDocument> docs)
    {
        var topics = docs.Select(d => d.Topic).Distinct().Order().ToList();
        var odd = topics.Where(t => t % 2 == 1).ToHashSet();
        var even = topics.Where(t => t % 2 == 0).ToHashSet();
        var grid = Grid().ToList();
        var scores = grid.Select(g => (g.Name, g.Options, Odd: StoryEvaluation.Score(docs, g.Options, odd), Even: StoryEvaluation.Score(docs, g.Options, even))).ToList();
        foreach (var s in scores.OrderByDescending(s => s.Odd.F1 + s.Even.F1).Take(10))
        {
            Console.WriteLine($"  {s.Name,-36} odd {s.Odd}  even {s.Even}");
        }

        var bestOdd = scores.MaxBy(s => s.Odd.F1);
        var bestEven = scores.MaxBy(s => s.Even.F1);
        Console.WriteLine($"fold 1: tuned on odd topics ({bestOdd.Name}) -> even topics {bestOdd.Even}");
        Console.WriteLine($"fold 2: tuned on even topics ({bestEven.Name}) -> odd topics {bestEven.Odd}");
        var cv = (bestOdd.Even.F1 + bestEven.Odd.F1) / 2;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"cross-validated B-cubed F1 {cv:0.000}"));
        return 0;
    }
}
