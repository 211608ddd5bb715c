namespace Herald.Annotate.Entities;

/// <summary>
/// The first pass's tags over a whole text, for the second pass: what the tagger called this token and its
/// neighbours, and what it called the same word elsewhere in the text. A name is usually one kind of thing
/// throughout an article, and a later "Scrocca" or a results-table "LEICESTERSHIRE" is easier to read in light
/// of the earlier, clearer mentions.
/// </summary>
internal sealed class PriorPass
{
    private const int Slots = 5; // four entity types, then "capitalised mid-sentence but outside any entity"

    private readonly Dictionary<ulong, long> counts;

    private PriorPass(int[] tags, Dictionary<ulong, long> counts)
    {
        Tags = tags;
        this.counts = counts;
    }

    /// <summary>First-pass BILOU tag per token of the text.</summary>
    public int[] Tags { get; }

    public static PriorPass Build(string text, IReadOnlyList<TextToken> tokens, IReadOnlyList<SentenceRange> sentences, int[] tags)
    {
        var counts = new Dictionary<ulong, long>();
        foreach (var s in sentences)
        {
            for (int k = s.Start; k < s.End; k++)
            {
                int slot = SlotOf(text, tokens[k], tags[k], k == s.Start);
                if (slot < 0)
                {
                    continue;
                }

                ulong h = FeatureHash.Normalised(tokens[k].In(text));
                long c = counts.GetValueOrDefault(h);
                if (((c >> (8 * slot)) & 0xFF) < 0xFF)
                {
                    counts[h] = c + (1L << (8 * slot));
                }
            }
        }

        return new PriorPass(tags, counts);
    }

    /// <summary>
    /// For token k: a mask of the slots the same word filled elsewhere in the text (this occurrence excluded)
    /// and the most frequent of them (-1 when the word appears nowhere else).
    /// </summary>
    public (int Mask, int Majority) Elsewhere(string text, TextToken token, ulong normalisedHash, int k, bool sentenceStart)
    {
        if (!counts.TryGetValue(normalisedHash, out long c))
        {
            return (0, -1);
        }

        int own = SlotOf(text, token, Tags[k], sentenceStart);
        int mask = 0, majority = -1, best = 0;
        for (int slot = 0; slot < Slots; slot++)
        {
            int n = (int)((c >> (8 * slot)) & 0xFF) - (slot == own ? 1 : 0);
            if (n <= 0)
            {
                continue;
            }

            mask |= 1 << slot;
            if (n > best)
            {
                best = n;
                majority = slot;
            }
        }

        return (mask, majority);
    }

    private static int SlotOf(string text, TextToken token, int tag, bool sentenceStart)
    {
        if (tag != BilouTags.Outside)
        {
            return BilouTags.TypeOf(tag);
        }

        var t = token.In(text);
        return !sentenceStart && t.Length > 1 && char.IsUpper(t[0]) ? 4 : -1;
    }
}
