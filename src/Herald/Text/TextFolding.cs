using System.Text;

namespace Herald.Text;

/// <summary>
/// Folds the typographic variants that make one headline look like two: curly vs straight quotes,
/// en/em dashes vs hyphens, non-breaking and repeated spaces.
/// </summary>
public static class TextFolding
{
    /// <summary>Curly quotes → straight, dashes → hyphen, any whitespace run → one space, trimmed.</summary>
    public static string FoldPunctuation(ReadOnlySpan<char> text)
    {
        var sb = new StringBuilder(text.Length);
        var pendingSpace = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = sb.Length > 0;
                continue;
            }

            if (pendingSpace)
            {
                sb.Append(' ');
                pendingSpace = false;
            }

            sb.Append(Fold(c));
        }

        return sb.ToString();
    }

    public static char Fold(char c) => c switch
    {
        '\u2018' or '\u2019' or '\u201A' or '\u201B' or '\u2032' or '`' or '\u00B4' => '\'',
        '\u201C' or '\u201D' or '\u201E' or '\u201F' or '\u2033' or '\u00AB' or '\u00BB' => '"',
        '\u2010' or '\u2011' or '\u2012' or '\u2013' or '\u2014' or '\u2015' or '\u2212' => '-',
        '\u00A0' or '\u2007' or '\u202F' => ' ',
        _ => c,
    };

    /// <summary>
    /// A comparison key for headlines: folded punctuation, lower case, letters and digits only, single spaces.
    /// Two headlines with equal keys are the same headline written differently.
    /// </summary>
    public static string HeadlineKey(ReadOnlySpan<char> text)
    {
        var sb = new StringBuilder(text.Length);
        var pendingSpace = false;
        foreach (var raw in text)
        {
            var c = Fold(raw);
            if (c == '\'')
            {
                // "Bush's" and "Bushs" must key alike, so apostrophes vanish instead of splitting words.
                continue;
            }

            if (char.IsLetterOrDigit(c))
            {
                if (pendingSpace && sb.Length > 0)
                {
                    sb.Append(' ');
                }

                pendingSpace = false;
                sb.Append(char.ToLowerInvariant(c));
            }
            else
            {
                pendingSpace = true;
            }
        }

        return sb.ToString();
    }
}
