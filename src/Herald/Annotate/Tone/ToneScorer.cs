using Herald.Model;

namespace Herald.Annotate.Tone;

/// <summary>
/// GDELT-style tone: the share of positive and of negative words per 100 words, tone = positive − negative,
/// polarity = positive + negative. Words are judged by the AFINN-165 list (<see cref="AfinnLexicon"/>); multi-word
/// entries ("does not work") count once. A negator right before a word ("not good") flips its side.
/// </summary>
public sealed class ToneScorer
{
    private static readonly Lazy<(Dictionary<string, int> Words, Dictionary<string, int> Phrases)> Lexicon = new(Load);

    private static readonly HashSet<string> Negators = new(StringComparer.Ordinal) { "not", "no", "never", "n't", "without", "nor" };

    public ToneScore Score(string text) => Score(TextUnits.Of(text));

    internal ToneScore Score(TextUnits units)
    {
        var (words, phrases) = Lexicon.Value;
        var tokens = units.Tokens;
        int total = 0, positive = 0, negative = 0;
        string? previous = null;
        for (var i = 0; i < tokens.Count; i++)
        {
            var t = tokens[i];
            if (!t.IsWord)
            {
                previous = null;
                continue;
            }

            total++;
            var w = t.Text.ToLowerInvariant().Replace('\u2019', '\'');
            var valence = 0;
            if (i + 1 < tokens.Count && tokens[i + 1].IsWord && phrases.TryGetValue(w + " " + tokens[i + 1].Text.ToLowerInvariant(), out var pv))
            {
                valence = pv;
                i++;
                total++;
            }
            else if (words.TryGetValue(w, out var v) || words.TryGetValue(CapitalisedNameFinder.Bare(w), out v))
            {
                valence = v;
            }

            if (valence != 0 && previous is not null && (Negators.Contains(previous) || previous.EndsWith("n't", StringComparison.Ordinal)))
            {
                valence = -valence;
            }

            if (valence > 0)
            {
                positive++;
            }
            else if (valence < 0)
            {
                negative++;
            }

            previous = w;
        }

        if (total == 0)
        {
            return new ToneScore(0, 0, 0, 0, 0);
        }

        var pos = 100.0 * positive / total;
        var neg = 100.0 * negative / total;
        return new ToneScore(pos - neg, pos, neg, pos + neg, total);
    }

    private static (Dictionary<string, int>, Dictionary<string, int>) Load()
    {
        var words = new Dictionary<string, int>(StringComparer.Ordinal);
        var phrases = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var line in AfinnLexicon.Data.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var tab = line.LastIndexOf('\t');
            if (tab <= 0 || !int.TryParse(line.AsSpan(tab + 1), System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var v))
            {
                continue;
            }

            var key = line[..tab].Trim();
            var parts = key.Split(' ');
            if (parts.Length == 1)
            {
                words[key] = v;
            }
            else
            {
                // Only the first two words are matched; the longer AFINN phrases are rare in news.
                phrases.TryAdd(parts[0] + " " + parts[1], v);
            }
        }

        return (words, phrases);
    }
}
