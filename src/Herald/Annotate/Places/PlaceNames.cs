using System.Text;

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
        var sb = new StringBuilder(name.Length);
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
                    sb.Append(' ');
                    space = true;
                }

                continue;
            }

            if (c is '’' or '‘' or 'ʻ' or 'ʼ' or '`' or '\'')
            {
                // "Côte d’Ivoire" and "Cote d'Ivoire"; the Arabic ʻayn is dropped by most spellings ("Ma'arib"/"Marib").
                continue;
            }

            sb.Append(char.ToLowerInvariant(c));
            space = false;
        }

        while (sb.Length > 0 && sb[^1] == ' ')
        {
            sb.Length--;
        }

        var key = sb.ToString();
        if (key.StartsWith("the ", StringComparison.Ordinal))
        {
            key = key[4..];
        }

        if (key.StartsWith("st. ", StringComparison.Ordinal) || key.StartsWith("st ", StringComparison.Ordinal))
        {
            key = string.Concat("saint ", key.AsSpan(key.IndexOf(' ', StringComparison.Ordinal) + 1));
        }
        else if (key.StartsWith("ft. ", StringComparison.Ordinal))
        {
            key = string.Concat("fort ", key.AsSpan(4));
        }
        else if (key.StartsWith("mt. ", StringComparison.Ordinal))
        {
            key = string.Concat("mount ", key.AsSpan(4));
        }

        return key;
    }
}
