namespace Herald.Annotate.Entities;

/// <summary>
/// What the whole text says about each word's case, so a token's features can look past its sentence:
/// "BRUSSELS" in a headline or "Fed" at a sentence start is read in light of how the word is written
/// elsewhere in the same text.
/// </summary>
internal sealed class RecordContext
{
    public const int LowerSeen = 1;
    public const int CapitalSeen = 2;

    private readonly Dictionary<ulong, int> flags;

    private RecordContext(Dictionary<ulong, int> flags) => this.flags = flags;

    public int FlagsOf(ulong normalisedHash) => flags.TryGetValue(normalisedHash, out int f) ? f : 0;

    public static RecordContext Build(string text, IReadOnlyList<TextToken> tokens, IReadOnlyList<SentenceRange> sentences)
    {
        var flags = new Dictionary<ulong, int>(tokens.Count / 2 + 1);
        foreach (var s in sentences)
        {
            if (TokenShapes.IsHeadline(text, tokens, s))
            {
                continue;
            }

            for (int k = s.Start + 1; k < s.End; k++)
            {
                var t = tokens[k].In(text);
                if (!char.IsLetter(t[0]))
                {
                    continue;
                }

                int f = char.IsUpper(t[0]) ? CapitalSeen : LowerSeen;
                ulong h = FeatureHash.Normalised(t);
                flags[h] = flags.GetValueOrDefault(h) | f;
            }
        }

        return new RecordContext(flags);
    }
}
