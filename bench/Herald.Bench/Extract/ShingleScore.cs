using System.Text;

namespace Herald.Bench.Extract;

/// <summary>
/// The scrapinghub article-extraction metric, as ../shared/tools/score_extraction.py computes it: tokens are runs of
/// Python-regex word characters (letters, numbers, underscore), a page is scored on multisets of 4-token shingles,
/// per-page (tp, fp, fn) are normalised to sum to one, precision and recall are macro-averaged over pages, and F1 is
/// taken of the two averages.
/// </summary>
internal static class ShingleScore
{
    private const int N = 4;

    public sealed record Result(double F1, double Precision, double Recall, int Pages);

    public static Result Score(IReadOnlyDictionary<string, string> truth, IReadOnlyDictionary<string, string> predicted)
    {
        var precisions = new List<double>();
        var recalls = new List<double>();
        foreach (var (id, trueText) in truth)
        {
            var (tp, fp, fn) = PageCounts(trueText, predicted.GetValueOrDefault(id) ?? "");
            if (tp + fp > 0)
            {
                precisions.Add(fp == 0 && fn == 0 ? 1 : tp / (tp + fp));
            }

            if (tp + fn > 0)
            {
                recalls.Add(fp == 0 && fn == 0 ? 1 : tp / (tp + fn));
            }
        }

        var p = precisions.Count == 0 ? 0 : precisions.Average();
        var r = recalls.Count == 0 ? 0 : recalls.Average();
        return new Result(p + r > 0 ? 2 * p * r / (p + r) : 0, p, r, truth.Count);
    }

    private static (double Tp, double Fp, double Fn) PageCounts(string truth, string predicted)
    {
        var t = Shingles(truth);
        var p = Shingles(predicted);
        double tp = 0, fp = 0, fn = 0;
        foreach (var (key, a) in t)
        {
            var b = p.GetValueOrDefault(key);
            tp += Math.Min(a, b);
            fn += Math.Max(0, a - b);
        }

        foreach (var (key, b) in p)
        {
            fp += Math.Max(0, b - t.GetValueOrDefault(key));
        }

        var s = tp + fp + fn;
        return s > 0 ? (tp / s, fp / s, fn / s) : (0, 0, 0);
    }

    private static Dictionary<string, int> Shingles(string text)
    {
        var tokens = Tokens(text);
        var result = new Dictionary<string, int>(StringComparer.Ordinal);
        if (tokens.Count == 0)
        {
            return result;
        }

        for (var i = 0; i < Math.Max(1, tokens.Count - N + 1); i++)
        {
            var key = string.Join('\u0001', tokens.Skip(i).Take(N));
            result[key] = result.GetValueOrDefault(key) + 1;
        }

        return result;
    }

    /// <summary>Python's <c>\w+</c> on str: letters (L*), numbers (Nd, Nl, No) and '_' — not combining marks.</summary>
    internal static List<string> Tokens(string text)
    {
        var tokens = new List<string>();
        var current = new StringBuilder();
        foreach (var rune in text.EnumerateRunes())
        {
            if (Rune.IsLetter(rune) || Rune.IsNumber(rune) || rune.Value == '_')
            {
                current.Append(rune.ToString());
            }
            else if (current.Length > 0)
            {
                tokens.Add(current.ToString());
                current.Clear();
            }
        }

        if (current.Length > 0)
        {
            tokens.Add(current.ToString());
        }

        return tokens;
    }
}
