namespace Herald.Extract;

/// <summary>
/// Estimates how deep a page's elements nest without building a DOM. HTML tree construction checks scope by
/// walking the stack of open elements, so pathologically deep markup costs quadratic time inside any parser;
/// this linear scan lets the extractor refuse it first. Void elements and elements that close implicitly
/// (p, li, td…) are not counted, so ordinary sloppy markup never looks deep.
/// </summary>
internal static class NestingProbe
{
    public static bool Exceeds(ReadOnlySpan<char> html, int limit)
    {
        var depth = 0;
        var i = 0;
        Span<char> name = stackalloc char[8];
        while (true)
        {
            var lt = html[i..].IndexOf('<');
            if (lt < 0)
            {
                return false;
            }

            i += lt + 1;
            if (i >= html.Length)
            {
                return false;
            }

            var closing = html[i] == '/';
            var start = closing ? i + 1 : i;
            if (start >= html.Length || !char.IsAsciiLetter(html[start]))
            {
                continue;
            }

            // Lower-case the first eight characters of the name; no void or implicitly closed name is longer.
            var end = start;
            while (end < html.Length && char.IsAsciiLetterOrDigit(html[end]))
            {
                if (end - start < 8)
                {
                    name[end - start] = (char)(html[end] | 0x20);
                }

                end++;
            }

            var length = end - start;
            var lower = name[..Math.Min(length, 8)];
            i = end;
            if (length > 8)
            {
                lower = [];
            }

            if (!closing && (lower is "script" or "style"))
            {
                // Raw text: skip to the end tag so markup inside scripts is not counted.
                var close = html[end..].IndexOf(lower is "script" ? "</script" : "</style", StringComparison.OrdinalIgnoreCase);
                if (close < 0)
                {
                    return false;
                }

                i = end + close + 2;
                continue;
            }

            if (length <= 8 && IsVoidOrImplicit(lower))
            {
                continue;
            }

            if (closing)
            {
                depth = Math.Max(0, depth - 1);
                continue;
            }

            var gt = html[end..].IndexOf('>');
            var selfClosing = gt > 0 && html[end + gt - 1] == '/';
            if (!selfClosing && ++depth > limit)
            {
                return true;
            }
        }
    }

    private static bool IsVoidOrImplicit(ReadOnlySpan<char> lower) => lower switch
    {
        "area" or "base" or "br" or "col" or "embed" or "hr" or "img" or "input" or "link" or "meta" or "source" or "track"
            or "wbr" or "param" or "keygen" or "p" or "li" or "dt" or "dd" or "option" or "optgroup" or "tr" or "td" or "th"
            or "tbody" or "thead" or "tfoot" or "colgroup" or "rt" or "rp" or "html" or "head" or "body" or "image" => true,
        _ => false,
    };
}
