using System.Globalization;
using Herald.Evaluation.Stories;
using Herald.Stories;

namespace Herald.Bench.Stories;

/// <summary>
/// `stories diag [SEED]`: one stream order over ECB+, then per topic how the predicted stories split its two gold
/// events, with the headline of each predicted story: where merges and splits happen.
/// </summary>
internal static class StoriesDiagnosis
{
    public static int Run(IReadOnlyList<EcbDocument> docs, int seed)
    {
        var predicted = StoryEvaluation.Cluster(EcbPlusCorpus.Shuffled(docs, seed), new StoryClustererOptions());

        var gold = docs.ToDictionary(d => d.Id, d => d.Subtopic, StringComparer.Ordinal);
        Console.WriteLine($"seed {seed}: {BCubed.Score(predicted, gold)}, {predicted.Values.Distinct().Count()} stories");
        foreach (var topic in docs.GroupBy(d => d.Topic).OrderBy(g => g.Key))
        {
            var rows = topic.GroupBy(d => predicted[d.Id])
                .Select(g => (Story: g.Key, Counts: g.GroupBy(d => d.Subtopic).ToDictionary(x => x.Key, x => x.Count()), Title: g.First().Title))
                .OrderByDescending(r => r.Counts.Values.Sum()).ToList();
            var subs = topic.Select(d => d.Subtopic).Distinct().Order(StringComparer.Ordinal).ToList();
            var mixed = rows.Count(r => r.Counts.Count > 1);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"topic {topic.Key}: {topic.Count()} docs, {rows.Count} stories{(mixed > 0 ? ", MIXED " + mixed : "")}"));
            foreach (var r in rows)
            {
                var counts = string.Join(" ", subs.Select(s => r.Counts.GetValueOrDefault(s).ToString(CultureInfo.InvariantCulture)));
                var title = r.Title.Length > 70 ? r.Title[..70] : r.Title;
                Console.WriteLine($"    [{counts}] {title}");
            }
        }

        // Whether the features tell each topic's two events apart at all: vectors from a second pass (document
        // frequencies of the whole set), the ratio of the gold cut and of the cut the splitter finds.
        var options = new StoryClustererOptions();
        var (all, _) = EcbMembers.Build(docs, options);
        foreach (var topic in docs.GroupBy(d => d.Topic).OrderBy(g => g.Key))
        {
            var members = topic.Select(d => all[d.Id]).ToList();
            var first = topic.First().Subtopic;
            var goldSide = topic.Select(d => !string.Equals(d.Subtopic, first, StringComparison.Ordinal)).ToArray();
            var goldRatio = StorySplitter.Ratio(members, goldSide, options);
            var cut = StorySplitter.BestCut(members, options, out var ratio);
            var agree = cut is null ? 0 : Math.Max(cut.Zip(goldSide).Count(p => p.First == p.Second), cut.Zip(goldSide).Count(p => p.First != p.Second));
            var within = string.Join(" ", topic.GroupBy(d => d.Subtopic).Select(g =>
            {
                StorySplitter.BestCut([.. members.Where(m => g.Any(d => d.Id == m.Id))], options, out var r);
                // Too few members for a cut on both sides: no ratio.
                return r == double.MaxValue ? "-" : r.ToString("0.000", CultureInfo.InvariantCulture);
            }));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"topic {topic.Key}: gold ratio {goldRatio:0.000}, best cut {ratio:0.000} agreeing on {agree}/{members.Count}; within events {within}"));
        }

        return 0;
    }
}
