namespace Herald.Annotate.Entities;

/// <summary>
/// Entity names by type, stored only as hashes of their lowercased token sequences (a trained artefact, not a
/// readable list). Matching marks each token of a capitalised n-gram found in the set with its type and its
/// position in the match (begin, inside, last, unit), which the tagger sees as features.
/// </summary>
internal sealed class Gazetteer
{
    public const int MaxTokens = 6;
    public const int Types = 4;

    private readonly HashSet<ulong> keys;

    public Gazetteer(IEnumerable<ulong> keys) => this.keys = [.. keys];

    public static Gazetteer Empty { get; } = new([]);

    public int Count => keys.Count;

    public IEnumerable<ulong> Keys => keys;

    public static ulong Key(ulong phraseHash, int type) => (FeatureHash.Mix(phraseHash) & ~3UL) | (uint)type;

    /// <summary>Hash of tokens joined by single spaces, normalised like <see cref="FeatureHash.Normalised"/>.</summary>
    public static ulong PhraseHash(string text, ReadOnlySpan<TextToken> tokens)
    {
        ulong h = FeatureHash.Exact([]);
        for (int k = 0; k < tokens.Length; k++)
        {
            if (k > 0)
            {
                h = FeatureHash.Add(h, ' ');
            }

            foreach (char c in tokens[k].In(text))
            {
                h = FeatureHash.Add(h, FeatureHash.Norm(c));
            }
        }

        return h;
    }

    /// <summary>
    /// Sets marks[k] for each token of the sentence: bit (type * 4 + position) where position is 0 begin,
    /// 1 inside, 2 last, 3 unit.
    /// </summary>
    public void Mark(string text, ReadOnlySpan<TextToken> sentence, Span<int> marks)
    {
        marks.Clear();
        if (keys.Count == 0)
        {
            return;
        }

        for (int i = 0; i < sentence.Length; i++)
        {
            if (!StartsCapital(sentence[i].In(text)))
            {
                continue;
            }

            ulong h = FeatureHash.Exact([]);
            for (int len = 1; len <= MaxTokens && i + len <= sentence.Length; len++)
            {
                int j = i + len - 1;
                if (len > 1)
                {
                    h = FeatureHash.Add(h, ' ');
                }

                foreach (char c in sentence[j].In(text))
                {
                    h = FeatureHash.Add(h, FeatureHash.Norm(c));
                }

                if (!StartsCapital(sentence[j].In(text)))
                {
                    continue;
                }

                ulong mixed = FeatureHash.Mix(h) & ~3UL;
                for (int type = 0; type < Types; type++)
                {
                    if (!keys.Contains(mixed | (uint)type))
                    {
                        continue;
                    }

                    if (len == 1)
                    {
                        marks[i] |= 1 << (type * 4 + 3);
                        continue;
                    }

                    marks[i] |= 1 << (type * 4);
                    for (int k = i + 1; k < j; k++)
                    {
                        marks[k] |= 1 << (type * 4 + 1);
                    }

                    marks[j] |= 1 << (type * 4 + 2);
                }
            }
        }
    }

    private static bool StartsCapital(ReadOnlySpan<char> t) => t.Length > 0 && (char.IsUpper(t[0]) || char.IsDigit(t[0]));
}
