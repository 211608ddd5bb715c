namespace Herald.Text.Headlines;

/// <summary>
/// The subjects of a sentence-case headline: keys of its capitalised words that are not stop words and do not
/// open the headline or a part of it ("UK", "Iraq" in "Has the UK really learned the lessons of Iraq?"). Two headlines about one lesson learned by
/// different subjects ("Trump learned the lessons of Iraq") share their words but not their names: when each
/// names someone the other does not, they are different stories. Title Case headlines capitalise every word, so
/// they tell nothing about names and are not judged (null).
/// </summary>
public static class HeadlineNames
{
    public static IReadOnlySet<string>? Of(string title)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        int words = 0, capitalised = 0;
        var span = title.AsSpan();
        var i = 0;
        var segmentStart = true;
        while (i < span.Length)
        {
            while (i < span.Length && !char.IsLetter(span[i]))
            {
                // The first word of a headline, or after a colon, dash or sentence end, is capitalised anyway.
                if (span[i] is ':' or '?' or '!' or '.' or '-' or '|' or '–' or '—')
                {
                    segmentStart = true;
                }

                i++;
            }

            var start = i;
            while (i < span.Length && (char.IsLetterOrDigit(span[i]) || (span[i] is '\'' or '’' or '.' or '-' && i + 1 < span.Length && char.IsLetter(span[i + 1]))))
            {
                i++;
            }

            if (i == start)
            {
                continue;
            }

            var token = span[start..i];
            var key = WordForms.Key(token);
            if (key.Length < 2 || WordForms.IsStopWord(key))
            {
                segmentStart = false;
                continue;
            }

            if (segmentStart)
            {
                segmentStart = false;
                continue;
            }

            words++;
            if (char.IsUpper(token[0]))
            {
                capitalised++;
                names.Add(key);
            }
        }

        // Title Case: most content words capitalised.
        return words == 0 || capitalised > 0.6 * words ? null : names;
    }

    /// <summary>True when each of two sentence-case headlines names someone or somewhere the other does not.</summary>
    public static bool Conflict(IReadOnlySet<string>? a, IReadOnlySet<string>? b) =>
        a is not null && b is not null && a.Any(k => !b.Contains(k)) && b.Any(k => !a.Contains(k));
}
