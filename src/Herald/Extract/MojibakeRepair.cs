using System.Text;

namespace Herald.Extract;

/// <summary>
/// Undoes UTF-8 that was decoded as Windows-1252 (<c>â€™</c> → <c>’</c>, <c>Ã©</c> → <c>é</c>). A run of
/// Latin-1/1252 characters is replaced only when its 1252 bytes form valid multi-byte UTF-8, which
/// ordinary accented text practically never does, so correct text is left alone.
/// </summary>
public static class MojibakeRepair
{
    /// <summary>Returns <paramref name="text"/> itself when nothing needed repair.</summary>
    public static string Repair(string text)
    {
        var span = text.AsSpan();
        var first = IndexOfLead(span);
        if (first < 0)
        {
            return text;
        }

        StringBuilder? sb = null;
        var copied = 0;
        var i = first;
        Span<byte> buffer = stackalloc byte[256];
        while (i < span.Length)
        {
            if (!IsLead(span[i]))
            {
                var next = IndexOfLead(span[(i + 1)..]);
                if (next < 0)
                {
                    break;
                }

                i += next + 1;
                continue;
            }

            // A run of characters that all have a 1252 byte at or above 0x80.
            var end = i;
            while (end < span.Length && end - i < 255 && Cp1252Byte(span[end]) >= 0x80)
            {
                end++;
            }

            if (end - i >= 2 && TryFix(span[i..end], buffer, out var fixedText))
            {
                sb ??= new StringBuilder(text.Length);
                sb.Append(span[copied..i]).Append(fixedText);
                copied = end;
            }

            i = Math.Max(end, i + 1);
        }

        if (sb is null)
        {
            return text;
        }

        sb.Append(span[copied..]);
        return sb.ToString();
    }

    private static bool TryFix(ReadOnlySpan<char> run, Span<byte> buffer, out string result)
    {
        result = "";
        for (var k = 0; k < run.Length; k++)
        {
            buffer[k] = (byte)Cp1252Byte(run[k]);
        }

        var bytes = buffer[..run.Length];
        if (!System.Text.Unicode.Utf8.IsValid(bytes))
        {
            return false;
        }

        result = Encoding.UTF8.GetString(bytes);
        return true;
    }

    private static int IndexOfLead(ReadOnlySpan<char> s) => s.IndexOfAnyInRange('\u00C2', '\u00F4');

    /// <summary>UTF-8 lead bytes 0xC2–0xF4 read as 1252 are Â…ô.</summary>
    private static bool IsLead(char c) => c is >= '\u00C2' and <= '\u00F4';

    /// <summary>The Windows-1252 byte for a character, or -1 when it has none.</summary>
    private static int Cp1252Byte(char c)
    {
        if (c < 0x80)
        {
            return c;
        }

        if (c is >= '\u00A0' and <= '\u00FF')
        {
            return c;
        }

        // 0x81, 0x8D, 0x8F, 0x90, 0x9D are unassigned in 1252; decoders often pass them through as C1 controls.
        if (c is '\u0081' or '\u008D' or '\u008F' or '\u0090' or '\u009D')
        {
            return c;
        }

        return c switch
        {
            '\u20AC' => 0x80,
            '\u201A' => 0x82,
            '\u0192' => 0x83,
            '\u201E' => 0x84,
            '\u2026' => 0x85,
            '\u2020' => 0x86,
            '\u2021' => 0x87,
            '\u02C6' => 0x88,
            '\u2030' => 0x89,
            '\u0160' => 0x8A,
            '\u2039' => 0x8B,
            '\u0152' => 0x8C,
            '\u017D' => 0x8E,
            '\u2018' => 0x91,
            '\u2019' => 0x92,
            '\u201C' => 0x93,
            '\u201D' => 0x94,
            '\u2022' => 0x95,
            '\u2013' => 0x96,
            '\u2014' => 0x97,
            '\u02DC' => 0x98,
            '\u2122' => 0x99,
            '\u0161' => 0x9A,
            '\u203A' => 0x9B,
            '\u0153' => 0x9C,
            '\u017E' => 0x9E,
            '\u0178' => 0x9F,
            _ => -1,
        };
    }
}
