using System.Globalization;
using Herald.Evaluation.Stories;
using Herald.Stories;

namespace Herald.Bench.Stories;

/// <summary>
/// Two-fold cross-validation over ECB+ topics: choose the settings on the odd topics and report them on the even
/// ones, then the other way round. Never tuned per topic. `stories tune` prints the grid's winners.
/// </summary>
internal static class StoriesTuning
{
    /// <summary>
    /// Settings of one design: without people (the refinement alone), with the person conflict and the fragments'
    /// agreement bonus, or with people and the date conflict. Each design is cross-validated over its own grid, so
    /// the figures compare designs. `stories tune dates` runs the last design alone.
    /// </summary>
    public static IEnumerable<(string Name, StoryClustererOptions Options)> Grid(bool people, bool dates)
    {
        var persons = people ? new[] { (0.7, 0.0), (0.7, 0.4), (0.7, 0.7), (0.85, 0.0), (0.85, 0.4), (0.85, 0.7) } : [(0.0, 0.0)];
        // "Off" is in the date grid, so the cross-validated figure includes the choice to use the date conflict.
        var dating = dates ? new[] { (0.0, 0.5), (0.5, 0.3), (0.8, 0.3), (0.8, 0.5), (1.0, 0.3), (1.0, 0.5) } : [(0.0, 0.5)];
        foreach (var (datePenalty, dateShare) in dating)
        {
            foreach (var (penalty, bonus) in persons)
            {
                foreach (var fragment in new[] { 0.5, 0.6 })
                {
                    foreach (var ratio in new[] { 0.35, 0.4, 0.45, 0.5, 0.55 })
                    {
                        var o = new StoryClustererOptions
                        {
                            SplitRatio = ratio, FragmentRatio = fragment, PersonConflictPenalty = penalty, FragmentAgreementBonus = bonus,
                            DateConflictPenalty = datePenalty, DateShare = dateShare,
                        };
                        var date = dates ? FormattableString.Invariant($"dates {datePenalty}/{dateShare} ") : "";
                        yield return (FormattableString.Invariant($"{date}people {penalty} bonus {bonus} split {ratio} fragments {fragment}"), o);
                    }
                }
            }
        }
    }

    public static int Run(IReadOnlyList<EcbDocument> docs, IReadOnlyList<string> args)
    {
        var designs = args.Contains("dates") ? new[] { (true, true) } : [(false, false), (true, false), (true, true)];
        foreach (var (people, dates) in designs)
        {
            Console.WriteLine(dates ? "with person and date conflicts:" : people ? "with person conflicts:" : "without person conflicts:");
            CrossValidate(docs, [.. Grid(people, dates)], show: 6);
        }

        return 0;
    }

    /// <summary>
    /// Scores every setting on the odd and on the even topics (on all cores), prints the best <paramref name="show"/>
    /// by their sum, then each fold's choice on its tuning topics scored on the other half, and returns the scores in
    /// grid order (ties resolve to the first setting in grid order, every run the same).
    /// </summary>
    public static List<(BCubedScore Odd, BCubedScore Even)> CrossValidate(IReadOnlyList<EcbDocument> docs,
        List<(string Name, StoryClustererOptions Options)> grid, int show)
    {
        var topics = docs.Select(d => d.Topic).Distinct().Order().ToList();
        var odd = topics.Where(t => t % 2 == 1).ToHashSet();
        var even = topics.Where(t => t % 2 == 0).ToHashSet();
        var scored = new (BCubedScore Odd, BCubedScore Even)[grid.Count];
        Parallel.For(0, grid.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount },
            i => scored[i] = (StoryEvaluation.Score(docs, grid[i].Options, odd), StoryEvaluation.Score(docs, grid[i].Options, even)));
        var scores = grid.Select((g, i) => (g.Name, scored[i].Odd, scored[i].Even)).ToList();
        foreach (var s in scores.OrderByDescending(s => s.Odd.F1 + s.Even.F1).Take(show))
        {
            Console.WriteLine($"  {s.Name,-62} odd {s.Odd}  even {s.Even}");
        }

        var bestOdd = scores.MaxBy(s => s.Odd.F1);
        var bestEven = scores.MaxBy(s => s.Even.F1);
        Console.WriteLine($"  fold 1: tuned on odd topics ({bestOdd.Name}) -> even topics {bestOdd.Even}");
        Console.WriteLine($"  fold 2: tuned on even topics ({bestEven.Name}) -> odd topics {bestEven.Odd}");

        // A fold whose tuning topics cannot tell settings apart picks the first in grid order: say so, with what
        // the tied settings would have scored on the held-out topics.
        Ties("fold 1", scores.Where(s => Math.Round(s.Odd.F1, 3) == Math.Round(bestOdd.Odd.F1, 3)).Select(s => (s.Name, s.Even.F1)).ToList());
        Ties("fold 2", scores.Where(s => Math.Round(s.Even.F1, 3) == Math.Round(bestEven.Even.F1, 3)).Select(s => (s.Name, s.Odd.F1)).ToList());
        var cv = (bestOdd.Even.F1 + bestEven.Odd.F1) / 2;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  cross-validated B-cubed F1 {cv:0.000}"));
        return [.. scored];
    }

    private static void Ties(string fold, List<(string Name, double HeldOut)> tied)
    {
        if (tied.Count < 2)
        {
            return;
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {fold}: {tied.Count} settings tie on the tuning topics ({string.Join("; ", tied.Select(t => t.Name))}); held-out F1 {tied.Min(t => t.HeldOut):0.000} to {tied.Max(t => t.HeldOut):0.000}"));
    }
}
