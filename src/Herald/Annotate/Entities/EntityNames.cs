using Herald.Model;

namespace Herald.Annotate.Entities;

/// <summary>
/// The normalised name of a mention: whitespace collapsed, a possessive and a leading "the" dropped, and for
/// people the titles and ranks that news text puts before names ("Col. Joseph Scrocca" → "Joseph Scrocca").
/// </summary>
public static class EntityNames
{
    private static readonly HashSet<string> Titles = new(StringComparer.OrdinalIgnoreCase)
    {
        "mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "sir", "dame", "lord", "lady", "rev", "reverend",
        "col", "colonel", "gen", "general", "lt", "lieutenant", "maj", "major", "capt", "captain", "sgt", "sergeant",
        "adm", "admiral", "cmdr", "commander", "cpl", "corporal", "pvt", "private", "brig", "brigadier", "marshal",
        "president", "vice", "prime", "minister", "premier", "chancellor", "secretary", "senator", "sen", "rep",
        "representative", "congressman", "congresswoman", "gov", "governor", "mayor", "judge", "justice", "ambassador",
        "king", "queen", "prince", "princess", "sheikh", "sheik", "emir", "pope", "cardinal", "bishop", "father",
        "spokesman", "spokeswoman", "spokesperson", "chairman", "chairwoman", "coach", "officer", "deputy", "foreign",
        "defense", "defence", "interior", "finance", "state", "attorney", "chief", "inspector", "detective", "agent",
        "former", "late", "elect", "acting", "mp", "hon", "st",
    };

    /// <summary>The normalised name of a mention of the given type.</summary>
    public static string Normalise(ReadOnlySpan<char> text, EntityType type)
    {
        var words = new List<string>(4);
        foreach (var range in text.SplitAny(" \t\r\n\u00A0"))
        {
            if (range.End.Value > range.Start.Value)
            {
                words.Add(text[range].ToString());
            }
        }

        if (words.Count == 0)
        {
            return string.Empty;
        }

        StripPossessive(words);
        if (type == EntityType.Person)
        {
            while (words.Count > 1 && Titles.Contains(words[0].TrimEnd('.')))
            {
                words.RemoveAt(0);
            }
        }
        else if (words.Count > 1 && words[0].Equals("the", StringComparison.OrdinalIgnoreCase))
        {
            words.RemoveAt(0);
        }

        return string.Join(' ', words);
    }

    private static void StripPossessive(List<string> words)
    {
        string last = words[^1];
        if (last is "'s" or "’s" or "'" or "’")
        {
            if (words.Count > 1)
            {
                words.RemoveAt(words.Count - 1);
            }

            return;
        }

        if (last.Length > 2 && (last.EndsWith("'s", StringComparison.Ordinal) || last.EndsWith("’s", StringComparison.Ordinal)))
        {
            words[^1] = last[..^2];
        }
        else if (last.Length > 2 && (last[^1] is '\'' or '’') && last[^2] is 's' or 'S')
        {
            words[^1] = last[..^1];
        }
    }
}
