using System.Globalization;
using Herald.Evaluation.Stories;
using Herald.Stories;

namespace Herald.Bench.Stories;

/// <summary>
/// `stories short [first-sentence|one-sentence|headline] [diag [SEED]]`: ECB+ with each document cut short, as most feeds carry
/// it, scored like `stories` (B-cubed over the subtopics, three stream orders) beside the full text in the same run,
/// then cross-validated like `stories tune` (settings chosen on the odd topics scored on the even ones, and the other
/// way round) over the short-text settings of <see cref="Grid"/>.
/// ECB+ keeps no titles apart from the text; the loader (like herald_eval's) takes the first sentence as the title.
/// First sentence: that title and the text cut to its first sentence after the title — a feed item's headline and
/// summary (for the ECB+ documents whose first sentence is a dateline or the body's own first sentence, this is two
/// sentences of text). One sentence: the title alone, as headline and text. Headline: the title cut to its first
/// 12 words (a news headline runs 8–14 words), with no text: a headline-only item, as a feed's related-post link
/// arrives, placed by headline similarity alone.
/// </summary>
internal static class StoriesShort
{
    /// <summary>Words kept for the headline proxy.</summary>
    public const int HeadlineWords = 12;

    public static int Run(IReadOnlyList<EcbDocument> docs, IReadOnlyList<string> args)
    {
        var modes = args.Count > 1 ? [args[1]] : new[] { "first-sentence", "one-sentence", "headline" };
        foreach (var mode in modes)
        {
            if (mode is not ("first-sentence" or "one-sentence" or "headline"))
            {
                Console.Error.WriteLine($"stories short: unknown mode '{mode}' (first-sentence, one-sentence or headline)");
                return 2;
            }
        }

        // `stories short MODE diag [SEED]`: `stories diag` over the cut documents (per topic, how the stories split).
        if (args is [_, var only, "diag", ..])
        {
            return StoriesDiagnosis.Run([.. docs.Select(d => Cut(d, only))], args.Count > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 1);
        }

        var full = StoryEvaluation.Score(docs, new StoryClustererOptions());
        Console.WriteLine($"ECB+ full text ({docs.Count} documents, 3 orders, defaults): B-cubed {full}");
        foreach (var mode in modes)
        {
            var cut = docs.Select(d => Cut(d, mode)).ToList();
            var words = cut.Average(d => (d.Title.Length + d.Text.Length) == 0 ? 0 : Words(d.Text.Length > 0 ? d.Text : d.Title));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"ECB+ {mode} ({cut.Count} documents, {words:0.0} words on average, 3 orders, defaults): B-cubed {StoryEvaluation.Score(cut, new StoryClustererOptions())}"));
            Console.WriteLine($"{mode}, cross-validated over the short-text settings:");
            var grid = Grid().ToList();
            var scores = StoriesTuning.CrossValidate(cut, grid, show: 6);
            Console.WriteLine($"  {grid[0].Name}: odd topics {scores[0].Odd}, even topics {scores[0].Even}");
        }

        return 0;
    }

    /// <summary>The document as a feed would carry it.</summary>
    public static EcbDocument Cut(EcbDocument d, string mode)
    {
        // The loader's paragraphs are the tokenised XML's sentences, the first of them the title.
        var sentences = d.Text.Split("\n\n");
        return mode switch
        {
            "headline" => d with { Title = string.Join(' ', sentences[0].Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(HeadlineWords)), Text = "" },
            "one-sentence" => d with { Title = sentences[0], Text = sentences[0] },
            _ => d with { Text = string.Join("\n\n", sentences.Take(2)) },
        };
    }

    private static int Words(string s) => s.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;

    /// <summary>Settings the short texts are tuned over (the defaults are among them).</summary>
    public static IEnumerable<(string Name, StoryClustererOptions Options)> Grid()
    {
        // "Off" (0 terms) is in the grid, first, so the cross-validated figure includes the choice to treat short
        // texts apart, and its scores are the figures before.
        yield return ("short texts not treated apart", new StoryClustererOptions { ShortTerms = 0 });
        foreach (var terms in new[] { 40, 50 })
        {
            foreach (var join in new[] { 0.10, 0.14 })
            {
                foreach (var split in new[] { 0.35, 0.45 })
                {
                    foreach (var fragment in new[] { 0.2, 0.3 })
                    {
                        foreach (var bonus in new[] { 0.7, 0.0 })
                        {
                            yield return (FormattableString.Invariant($"short below {terms} terms: join {join} split {split} fragments {fragment} bonus {bonus}"),
                                new StoryClustererOptions
                                {
                                    ShortTerms = terms, ShortJoinThreshold = join, ShortSplitRatio = split, ShortFragmentRatio = fragment,
                                    ShortFragmentAgreementBonus = bonus,
                                });
                        }
                    }
                }
            }
        }
    }
}
