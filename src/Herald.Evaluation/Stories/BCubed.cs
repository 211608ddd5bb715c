namespace Herald.Evaluation.Stories;

/// <summary>B-cubed precision, recall and F1 of a clustering against gold labels (Bagga and Baldwin 1998).</summary>
public readonly record struct BCubedScore(double Precision, double Recall, double F1)
{
    public override string ToString() =>
        FormattableString.Invariant($"P {Precision:0.000} R {Recall:0.000} F1 {F1:0.000}");
}

public static class BCubed
{
    public static BCubedScore Score(IReadOnlyDictionary<string, string> predicted, IReadOnlyDictionary<string, string> gold)
    {
        var ids = gold.Keys.Where(predicted.ContainsKey).ToList();
        if (ids.Count == 0)
        {
            return default;
        }

        var byPred = ids.GroupBy(i => predicted[i]).ToDictionary(g => g.Key, g => g.ToHashSet(StringComparer.Ordinal));
        var byGold = ids.GroupBy(i => gold[i]).ToDictionary(g => g.Key, g => g.ToHashSet(StringComparer.Ordinal));
        double p = 0, r = 0;
        foreach (var i in ids)
        {
            var pc = byPred[predicted[i]];
            var gc = byGold[gold[i]];
            var both = pc.Count(gc.Contains);
            p += both / (double)pc.Count;
            r += both / (double)gc.Count;
        }

        p /= ids.Count;
        r /= ids.Count;
        return new BCubedScore(p, r, p + r == 0 ? 0 : 2 * p * r / (p + r));
    }
}
