using System.Globalization;

namespace Herald.Bench.Annotate;

/// <summary>
/// Reads UniversalPetrarch's internal coding ontology (PICO; the suite's own file, read at run time and never committed)
/// into what negation does to each CAMEO code. PICO gives every code a number ("110:0x1007f" = 0xFFFF + 0x0080,
/// "121:-0xFFFF+0x0070"); negating a verb takes 0xFFFF off a positive number and adds it to a negative one, so
/// "did not clash over" (110) becomes 0x0080 = 050 and "did not cooperate" (060 = 0x0070) becomes 121. A code whose
/// negation lands on no listed number has no negated meaning and codes no event.
/// </summary>
internal static class PetrarchOntology
{
    private const long Negation = 0xFFFF;

    public static Dictionary<string, string> Negations(string path)
    {
        var byCode = new Dictionary<string, long>(StringComparer.Ordinal);
        var byValue = new Dictionary<long, string>();
        foreach (var raw in File.ReadLines(path))
        {
            var line = raw.Trim();
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (line.Length == 0 || line[0] == '#' || colon <= 0 || !line[..colon].All(char.IsAsciiDigit))
            {
                continue;
            }

            var rest = line[(colon + 1)..];
            var code = line[..colon];
            var hash = rest.IndexOf('#', StringComparison.Ordinal);
            if (Value(hash >= 0 ? rest[..hash] : rest) is not { } value)
            {
                continue;
            }

            byCode[code] = value;
            byValue.TryAdd(value, code); // several codes share a number (044 and 046): the first listed stands for it.
        }

        var negations = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (code, value) in byCode)
        {
            if (value != 0 && byValue.TryGetValue(value > 0 ? value - Negation : value + Negation, out var negated))
            {
                negations[code] = negated;
            }
        }

        return negations;
    }

    /// <summary>A sum of signed hexadecimal terms ("-0xFFFF+0x2040+0x300"), or null when the text is not one.</summary>
    private static long? Value(string expression)
    {
        var text = expression.Trim();
        if (text.Length == 0)
        {
            return null;
        }

        long sum = 0;
        var i = 0;
        while (i < text.Length)
        {
            var sign = 1;
            if (text[i] is '+' or '-')
            {
                sign = text[i] == '-' ? -1 : 1;
                i++;
            }

            if (i + 2 > text.Length || text[i] != '0' || (text[i + 1] is not ('x' or 'X')))
            {
                return null;
            }

            var start = i += 2;
            while (i < text.Length && char.IsAsciiHexDigit(text[i]))
            {
                i++;
            }

            if (i == start || !long.TryParse(text.AsSpan(start, i - start), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var term))
            {
                return null;
            }

            sum += sign * term;
        }

        return sum;
    }
}
