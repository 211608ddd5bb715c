using Herald.Model;

namespace Herald.Stories;

/// <summary>
/// The weekdays and years an article's opening names ("on Thursday", "April 28, 2009"): two events of one kind
/// (two Endangered Species Act rules, one issued on a Thursday, one overturned on a Tuesday in 2009; a Turkmen
/// election reported on a Sunday against one dated 2013) are told apart by when they happened even where their
/// words and people agree. Read from the headline and the first characters of the body only, where reports say
/// when; later weekdays recount earlier days.
/// </summary>
internal static class StoryDates
{
    // An opening names a handful of days and years; more are not needed to tell two events apart.
    private const int MaxKeys = 8;

    private static readonly string[] Weekdays = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

    /// <summary>Whether a key is a year (weekdays are 1 to 7).</summary>
    public static bool IsYear(ulong key) => key > 7;

    /// <summary>Keys of the weekdays (1 to 7) and years (the year itself, 1900 to 2099) named in the article's opening.</summary>
    public static ulong[] Keys(Article article, int chars)
    {
        Span<ulong> keys = stackalloc ulong[MaxKeys];
        var count = 0;
        var title = article.Title.AsSpan().Trim();
        Scan(title, keys, ref count);
        var text = article.Text.AsSpan();
        if (text.StartsWith(title, StringComparison.Ordinal))
        {
            text = text[title.Length..];
        }

        var room = Math.Max(0, chars - title.Length);
        Scan(text.Length <= room ? text : text[..room], keys, ref count);
        return count == 0 ? [] : keys[..count].ToArray();
    }

    // Runs on every article: digits and "day" are found by vectorised searches, not by walking every token.
    private static void Scan(ReadOnlySpan<char> span, Span<ulong> keys, ref int count)
    {
        for (var i = 0; i < span.Length;)
        {
            var d = span[i..].IndexOfAnyInRange('0', '9');
            if (d < 0)
            {
                break;
            }

            var start = i + d;
            var end = start;
            while (end < span.Length && char.IsDigit(span[end]))
            {
                end++;
            }

            var token = span[start..end];
            var alone = (start == 0 || !char.IsLetterOrDigit(span[start - 1])) && (end == span.Length || !char.IsLetter(span[end]));
            if (alone && token.Length == 4 && token[0] is '1' or '2' && (token[1] is '9' || (token[0] == '2' && token[1] == '0')))
            {
                Add(keys, ref count, (ulong)(((token[0] - '0') * 1000) + ((token[1] - '0') * 100) + ((token[2] - '0') * 10) + (token[3] - '0')));
            }

            i = end;
        }

        for (var i = 0; i < span.Length;)
        {
            var d = span[i..].IndexOf("day", StringComparison.OrdinalIgnoreCase);
            if (d < 0)
            {
                break;
            }

            var end = i + d + 3;
            var start = i + d;
            while (start > 0 && char.IsLetter(span[start - 1]))
            {
                start--;
            }

            var token = span[start..end];
            if ((end == span.Length || !char.IsLetter(span[end])) && token.Length is >= 6 and <= 9 && char.IsUpper(token[0]))
            {
                for (var w = 0; w < Weekdays.Length; w++)
                {
                    if (token.Equals(Weekdays[w], StringComparison.OrdinalIgnoreCase))
                    {
                        Add(keys, ref count, (ulong)(w + 1));
                        break;
                    }
                }
            }

            i = end;
        }
    }

    private static void Add(Span<ulong> keys, ref int count, ulong key)
    {
        if (count < keys.Length && !keys[..count].Contains(key))
        {
            keys[count++] = key;
        }
    }
}
