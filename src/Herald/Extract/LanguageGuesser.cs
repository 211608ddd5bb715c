namespace Herald.Extract;

/// <summary>
/// A small check of which language an article body is in: by script where the script decides (Cyrillic, kana,
/// Hangul…), by counts of the commonest function words among Latin-script languages. Used to fill a missing
/// &lt;html lang&gt; and to overrule one that is plainly wrong (templates that say "en" on German pages).
/// </summary>
internal static class LanguageGuesser
{
    private const int SampleChars = 4000;

    private static readonly (string Lang, HashSet<string> Words)[] Latin =
    [
        ("en", Set("the and of to is in that for it with was on are as be this have from by at")),
        ("de", Set("der die und das ist nicht mit den von zu ein eine sich auf für im dem auch es wir")),
        ("fr", Set("le les et des est une du que qui dans pour pas sur au avec ce il elle sont")),
        ("es", Set("el los las que y en un una por con para es del se no al lo como su")),
        ("pt", Set("o os as que e do da em um uma para com não no na por dos das ao")),
        ("it", Set("il di che e un una per non del della con sono è le gli si da al nel")),
        ("nl", Set("de het een en van is dat op te niet met voor zijn er ook aan die maar om")),
        ("id", Set("yang dan di ini itu dengan untuk tidak dari dalam akan pada juga ke ada kita bisa karena oleh saya")),
    ];

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>>[] Lookups =
        Latin.Select(l => l.Words.GetAlternateLookup<ReadOnlySpan<char>>()).ToArray();

    /// <summary>The language code, or null when the text is too short or too mixed to say.</summary>
    public static string? Guess(string text)
    {
        var sample = text.Length > SampleChars ? text.AsSpan(0, SampleChars) : text.AsSpan();
        int latin = 0, cyrillic = 0, ukrainian = 0, greek = 0, arabic = 0, hebrew = 0, kana = 0, hangul = 0, han = 0, thai = 0, devanagari = 0;
        foreach (var c in sample)
        {
            switch (c)
            {
                case >= 'A' and <= 'z' or >= '\u00C0' and <= '\u024F':
                    latin++;
                    break;
                case 'і' or 'ї' or 'є' or 'ґ':
                    cyrillic++;
                    ukrainian++;
                    break;
                case >= '\u0400' and <= '\u04FF':
                    cyrillic++;
                    break;
                case >= '\u0370' and <= '\u03FF':
                    greek++;
                    break;
                case >= '\u0600' and <= '\u06FF':
                    arabic++;
                    break;
                case >= '\u0590' and <= '\u05FF':
                    hebrew++;
                    break;
                case >= '\u3040' and <= '\u30FF':
                    kana++;
                    break;
                case >= '\uAC00' and <= '\uD7AF':
                    hangul++;
                    break;
                case >= '\u4E00' and <= '\u9FFF':
                    han++;
                    break;
                case >= '\u0E00' and <= '\u0E7F':
                    thai++;
                    break;
                case >= '\u0900' and <= '\u097F':
                    devanagari++;
                    break;
                default:
                    break;
            }
        }

        var nonLatin = cyrillic + greek + arabic + hebrew + kana + hangul + han + thai + devanagari;
        if (nonLatin > latin && nonLatin >= 50)
        {
            if (kana > 0 && kana + han >= nonLatin / 2)
            {
                return "ja";
            }

            var top = new[] { (cyrillic, ukrainian * 20 > cyrillic ? "uk" : "ru"), (greek, "el"), (arabic, "ar"), (hebrew, "he"), (hangul, "ko"), (han, "zh"), (thai, "th"), (devanagari, "hi") }
                .MaxBy(x => x.Item1);
            return top.Item2;
        }

        return GuessLatin(sample);
    }

    private static string? GuessLatin(ReadOnlySpan<char> text)
    {
        Span<int> hits = stackalloc int[Latin.Length];
        var i = 0;
        Span<char> lower = stackalloc char[24];
        while (i < text.Length)
        {
            while (i < text.Length && !char.IsLetter(text[i]))
            {
                i++;
            }

            var start = i;
            while (i < text.Length && char.IsLetter(text[i]))
            {
                i++;
            }

            var length = i - start;
            if (length is 0 or > 24)
            {
                continue;
            }

            var word = lower[..length];
            text[start..i].ToLowerInvariant(word);
            // Function words are short; longer words are never in the lists.
            if (length > 6)
            {
                continue;
            }

            for (var l = 0; l < Latin.Length; l++)
            {
                if (Lookups[l].Contains(word))
                {
                    hits[l]++;
                }
            }
        }

        int best = -1, bestHits = 0, second = 0;
        for (var l = 0; l < Latin.Length; l++)
        {
            if (hits[l] > bestHits)
            {
                second = bestHits;
                bestHits = hits[l];
                best = l;
            }
            else if (hits[l] > second)
            {
                second = hits[l];
            }
        }

        // Confident only with enough evidence and a clear lead: shared words ("de", "la", "e") blur close cases.
        return best >= 0 && bestHits >= 12 && bestHits >= 1.5 * second ? Latin[best].Lang : null;
    }

    private static HashSet<string> Set(string words) => new(words.Split(' '), StringComparer.Ordinal);
}
