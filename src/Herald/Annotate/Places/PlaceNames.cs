namespace Herald.Annotate.Places;

/// <summary>
/// Turns a place name as written ("Québec", "St. Louis", "the Gaza Strip") into the look-up key the gazetteer is
/// indexed by. Both sides go through the same function, so a spelling only has to be handled here once.
/// </summary>
internal static class PlaceNames
{
    // Latin letters with diacritics folded to ASCII; news text spells "Sao Paulo" and "São Paulo" alike.
    private const string Accented = "ÀÁÂÃÄÅàáâãäåĀāĂăĄąÇçĆćĈĉĊċČčĎďĐđÈÉÊËèéêëĒēĔĕĖėĘęĚěĜĝĞğĠġĢģĤĥĦħÌÍÎÏìíîïĨĩĪīĬĭĮįİıĴĵĶķĹĺĻļĽľĿŀŁłÑñŃńŅņŇňÒÓÔÕÖØòóôõöøŌōŎŏŐőŔŕŖŗŘřŚśŜŝŞşŠšȘșŢţŤťȚțÙÚÛÜùúûüŨũŪūŬŭŮůŰűŲųŴŵÝýÿŶŷŸŹźŻżŽžḤḥṢṣṬṭẒẓḌḍ";
    private const string Folded = "AAAAAAaaaaaaAaAaAaCcCcCcCcCcDdDdEEEEeeeeEeEeEeEeEeGgGgGgGgHhHhIIIIiiiiIiIiIiIiIiJjKkLlLlLlLlLlNnNnNnNnOOOOOOooooooOoOoOoRrRrRrSsSsSsSsSsTtTtTtUUUUuuuuUuUuUuUuUuUuWwYyyYyYZzZzZzHhSsTtZzDd";

    private static readonly Dictionary<char, char> Fold = BuildFold();

    private static Dictionary<char, char> BuildFold()
    {
        var map = new Dictionary<char, char>();
        for (var i = 0; i < Accented.Length; i++)
        {
            map[Accented[i]] = Folded[i];
        }

        return map;
    }

    /// <summary>Lower-case, ASCII-folded, hyphens as spaces, "St." as "saint", no leading "the", single spaces.</summary>
    public static string Key(ReadOnlySpan<char> name)
    {
        // Built in a stack buffer: every capitalised run of every article is keyed, and a builder per key was a
        // good share of annotation's garbage.
        var buffer = name.Length <= 256 ? stackalloc char[name.Length] : new char[name.Length];
        var key = FoldInto(name, buffer);
        if (key.StartsWith("the ", StringComparison.Ordinal))
        {
            key = key[4..];
        }

        if (key.StartsWith("st. ", StringComparison.Ordinal) || key.StartsWith("st ", StringComparison.Ordinal))
        {
            return string.Concat("saint ", key[(key.IndexOf(' ') + 1)..]);
        }

        if (key.StartsWith("ft. ", StringComparison.Ordinal))
        {
            return string.Concat("fort ", key[4..]);
        }

        if (key.StartsWith("mt. ", StringComparison.Ordinal))
        {
            return string.Concat("mount ", key[4..]);
        }

        return key.ToString();
    }

    /// <summary>The key of one word of letters (no spaces, so none of <see cref="Key"/>'s prefixes apply), written
    /// into <paramref name="buffer"/> (at least as long as the word) for look-ups that need no string.</summary>
    public static ReadOnlySpan<char> WordKey(ReadOnlySpan<char> word, Span<char> buffer) => FoldInto(word, buffer);

    /// <summary>Lower-case, ASCII-folded, hyphens and white space as single spaces, apostrophes dropped, no spaces
    /// at either end.</summary>
    private static ReadOnlySpan<char> FoldInto(ReadOnlySpan<char> name, Span<char> buffer)
    {
        var length = 0;
        var space = true;
        foreach (var raw in name)
        {
            var c = raw;
            if (c > 127 && Fold.TryGetValue(c, out var folded))
            {
                c = folded;
            }

            if (c is '-' or '‐' or '–' || char.IsWhiteSpace(c))
            {
                if (!space)
                {
                    buffer[length++] = ' ';
                    space = true;
                }

                continue;
            }

            if (c is '’' or '‘' or 'ʻ' or 'ʼ' or '`' or '\'')
            {
                // "Côte d’Ivoire" and "Cote d'Ivoire"; the Arabic ʻayn is dropped by most spellings ("Ma'arib"/"Marib").
                continue;
            }

            buffer[length++] = char.ToLowerInvariant(c);
            space = false;
        }

        while (length > 0 && buffer[length - 1] == ' ')
        {
            length--;
        }

        return buffer[..length];
    }
}
