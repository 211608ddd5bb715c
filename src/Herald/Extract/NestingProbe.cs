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
        while (i < html.Length)
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
            var nameStart = closing ? i + 1 : i;
            var nameEnd = nameStart;
            while (nameEnd < html.Length && char.IsAsciiLetterOrDigit(html[nameEnd]))
            {
                nameEnd++;
            }

            if (nameEnd == nameStart || !char.IsAsciiLetter(html[nameStart]))
            {
                continue;
            }

            var name = html[nameStart..nameEnd];
            if (!closing && (name.Equals("script", StringComparison.OrdinalIgnoreCase) || name.Equals("style", StringComparison.OrdinalIgnoreCase)))
            {
                // Raw text: skip to the matching end tag so markup inside strings is not counted.
                var endTag = name.Equals("script", StringComparison.OrdinalIgnoreCase) ? "</script" : "</style";
                var close = html[nameEnd..].IndexOf(endTag, StringComparison.OrdinalIgnoreCase);
                if (close < 0)
                {
                    return false;
                }

                i = nameEnd + close + endTag.Length;
                continue;
            }

            if (IsVoidOrImplicit(name))
            {
                i = nameEnd;
                continue;
            }

            var gt = html[nameEnd..].IndexOf('>');
            var selfClosing = gt > 0 && html[nameEnd + gt - 1] == '/';
            if (closing)
            {
                depth = Math.Max(0, depth - 1);
            }
            else if (!selfClosing && ++depth > limit)
            {
                return true;
            }

            i = nameEnd;
        }

        return false;
    }

    private static bool IsVoidOrImplicit(ReadOnlySpan<char> name)
    {
        Span<char> lower = stackalloc char[Math.Min(name.Length, 16)];
        if (name.Length > 16)
        {
            return false;
        }

        name.ToLowerInvariant(lower);
        return lower switch
        {
            "area" or "base" or "br" or "col" or "embed" or "hr" or "img" or "input" or "link" or "meta" or "source" or "track"
                or "wbr" or "param" or "keygen" or "p" or "li" or "dt" or "dd" or "option" or "optgroup" or "tr" or "td" or "th"
                or "tbody" or "thead" or "tfoot" or "colgroup" or "rt" or "rp" or "html" or "head" or "body" or "image" => true,
            _ => false,
        };
    }
}
