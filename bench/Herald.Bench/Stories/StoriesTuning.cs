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
        foreach (var fragment in new[] { 0.0, 0.5, 0.6, 0.7, 0.8 })
        {
            foreach (var ratio in new[] { 0.0, 0.3, 0.4, 0.5 })
            {
                foreach (var threshold in new[] { 0.14, 0.18 })
                {
                    var f = new FeatureWeights { TitleWord = 1f, LeadWord = 0.5f, BodyWord = 0.5f, Number = 2f };
                    var o = new StoryClustererOptions { JoinThreshold = threshold, SplitRatio = ratio, FragmentRatio = fragment, Features = f };
                    yield return (FormattableString.Invariant($"split {ratio} fragments {fragment} join {threshold}"), o);
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
