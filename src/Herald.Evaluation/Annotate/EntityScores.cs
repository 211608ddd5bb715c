using Herald.Annotate.Entities;
using Herald.Model;

namespace Herald.Evaluation.Annotate;

/// <summary>Exact-span precision, recall and F1 for one entity type (or all), as herald_eval.py computes them.</summary>
public sealed record SpanScore(string Type, int Gold, int Predicted, int Correct)
{
    public double Precision => Predicted == 0 ? 0 : (double)Correct / Predicted;

    public double Recall => Gold == 0 ? 0 : (double)Correct / Gold;

    public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);
}

/// <summary>Scores a recogniser on a CoNLL corpus: gold spans in characters against <see cref="EntityRecognizer.Recognize"/>.</summary>
public static class EntityScores
{
    private static readonly string[] Order = ["PER", "ORG", "LOC", "MISC"];

    /// <summary>
    /// Per type in PER, ORG, LOC, MISC order, then "all". With <paramref name="types"/>, only those types count on
    /// either side (a corpus that never marks MISC is scored on PER, ORG and LOC, and predicted MISC spans are ignored).
    /// </summary>
    public static IReadOnlyList<SpanScore> Evaluate(EntityRecognizer recognizer, IEnumerable<ConllRecord> records, IReadOnlyCollection<string>? types = null)
    {
        var gold = new HashSet<(int Record, int Start, int End, string Type)>();
        var predicted = new HashSet<(int Record, int Start, int End, string Type)>();
        int id = 0;
        foreach (var r in records)
        {
            foreach (var (start, end, type) in r.Spans)
            {
                gold.Add((id, r.Tokens[start].Start, r.Tokens[end - 1].End, BilouTags.TypeNames[type]));
            }

            foreach (var m in recognizer.Recognize(r.Text))
            {
                predicted.Add((id, m.Start, m.End, ConllType(m.Type)));
            }

            id++;
        }

        var scores = new List<SpanScore>();
        if (types is not null)
        {
            gold.RemoveWhere(x => !types.Contains(x.Type));
            predicted.RemoveWhere(x => !types.Contains(x.Type));
        }

        foreach (string? type in Order.Where(t => types is null || types.Contains(t)).Append(null))
        {
            var g = gold.Where(x => type is null || x.Type == type).ToHashSet();
            var p = predicted.Where(x => type is null || x.Type == type).ToList();
            scores.Add(new SpanScore(type ?? "all", g.Count, p.Count, p.Count(g.Contains)));
        }

        return scores;
    }

    public static string ConllType(EntityType type) => type switch
    {
        EntityType.Person => "PER",
        EntityType.Org => "ORG",
        EntityType.Place => "LOC",
        _ => "MISC",
    };
}
