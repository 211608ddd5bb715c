using System.Globalization;
using Herald.Evaluation.Stories;
using Herald.Stories;

namespace Herald.Bench.Stories;

/// <summary>
/// `stories search [N] [SEED]`: random search over the clusterer's settings with nested two-fold cross-validation
/// over ECB+ topics: for each fold the best of the N sampled settings on the tuning topics is scored on the other
/// topics. The held-out figures are what the search is worth; the best settings over all topics are printed last.
/// </summary>
internal static class StoriesSearch
{
    public static int Run(IReadOnlyList<EcbDocument> docs, IReadOnlyList<string> args)
    {
        var n = args.Count > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 200;
        var seed = args.Count > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1;
        var rng = new Random(seed);
        var configs = new List<(string Name, StoryClustererOptions Options)> { ("defaults", new StoryClustererOptions()) };
        for (var i = 1; i < n; i++)
        {
            configs.Add(Sample(rng));
        }

        Console.WriteLine($"{configs.Count} settings (the defaults and {configs.Count - 1} drawn with seed {seed}), folds as in `stories tune`:");
        var scores = StoriesTuning.CrossValidate(docs, configs, show: 10);
        var bestMean = scores.Select((s, i) => (Mean: (s.Odd.F1 + s.Even.F1) / 2, i)).MaxBy(x => x.Mean);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"best mean of the two halves (chosen on all topics, not held out) {bestMean.Mean:0.000}; defaults {(scores[0].Odd.F1 + scores[0].Even.F1) / 2:0.000} (odd {scores[0].Odd.F1:0.000}, even {scores[0].Even.F1:0.000})"));
        return 0;
    }

    private static T Pick<T>(Random rng, params T[] values) => values[rng.Next(values.Length)];

    private static (string, StoryClustererOptions) Sample(Random rng)
    {
        var features = new FeatureWeights
        {
            TitleWord = Pick(rng, 1f, 1.5f),
            TitleName = Pick(rng, 1.5f, 2f, 3f),
            LeadWord = Pick(rng, 0.5f, 0.75f, 1f),
            BodyWord = Pick(rng, 0.3f, 0.5f, 0.7f),
            BodyName = Pick(rng, 1.5f, 2f, 3f),
            Number = Pick(rng, 1f, 2f, 3f),
        };
        var o = new StoryClustererOptions
        {
            JoinThreshold = Pick(rng, 0.10, 0.12, 0.14, 0.16, 0.18),
            CentroidShare = Pick(rng, 0.5, 0.7, 0.85),
            MergeThreshold = Pick(rng, 0.5, 0.6, 0.7),
            YearConflictFactor = Pick(rng, 0.4, 0.6, 0.8),
            NameConflictPenalty = Pick(rng, 0.3, 0.5, 0.7),
            SplitRatio = Pick(rng, 0.35, 0.4, 0.45, 0.5, 0.55),
            FragmentRatio = Pick(rng, 0.4, 0.5, 0.6, 0.7),
            PersonConflictPenalty = Pick(rng, 0.0, 0.7, 0.85, 1.0),
            DominantShare = Pick(rng, 0.4, 0.5, 0.6),
            EntityGate = Pick(rng, 0.7, 0.8, 0.9, 1.0),
            FragmentAgreementBonus = Pick(rng, 0.0, 0.4, 0.7, 1.0),
            DateConflictPenalty = Pick(rng, 0.0, 0.8, 1.0),
            DateShare = Pick(rng, 0.3, 0.5),
            Features = features,
        };
        var name = string.Create(CultureInfo.InvariantCulture,
            $"join {o.JoinThreshold} centroid {o.CentroidShare} merge {o.MergeThreshold} year {o.YearConflictFactor} names {o.NameConflictPenalty} split {o.SplitRatio} fragments {o.FragmentRatio} people {o.PersonConflictPenalty}/{o.DominantShare} gate {o.EntityGate} bonus {o.FragmentAgreementBonus} dates {o.DateConflictPenalty}/{o.DateShare} words {features.TitleWord}/{features.LeadWord}/{features.BodyWord} names {features.TitleName}/{features.BodyName} numbers {features.Number}");
        return (name, o);
    }
}
