using System.Net;
using System.Text;

namespace Herald.Ingest.Feeds;

public enum HtmlTokenKind
{
    Text,
    StartTag,
    EndTag,
    Comment,
    Declaration,
}

/// <summary>One lexical piece of HTML; <see cref="Raw"/> is the exact source text.</summary>
public sealed record HtmlToken(HtmlTokenKind Kind, string Raw, string Name, IReadOnlyList<(string Name, string Value)> Attributes, bool SelfClosing)
{
    public string Text => Raw;
}

/// <summary>
/// A forgiving HTML lexer: never throws, treats a '&lt;' that does not open a tag as text, and splits
/// attributes even when authors forget the spaces between them (<c>a="1"b="2"</c>).
/// </summary>
public static class HtmlTokenizer
{
    private static readonly IReadOnlyList<(string, string)> NoAttributes = [];

    public static IEnumerable<HtmlToken> Tokenize(string html)
    {
        var p = 0;
        var textStart = 0;
        while (p < html.Length)
        {
            var lt = html.IndexOf('<', p);
            if (lt < 0 || lt + 1 >= html.Length)
            {
                break;
            }

            var next = html[lt + 1];
            HtmlToken? token = null;
            var end = -1;
            if (next == '!' && string.CompareOrdinal(html, lt, "<!--", 0, 4) == 0)
            {
                var close = html.IndexOf("-->", lt + 4, StringComparison.Ordinal);
                end = close < 0 ? html.Length : close + 3;
                token = new HtmlToken(HtmlTokenKind.Comment, html[lt..end], "", NoAttributes, false);
            }
            else if (next is '!' or '?')
            {
                var close = html.IndexOf('>', lt);
                end = close < 0 ? html.Length : close + 1;
                token = new HtmlToken(HtmlTokenKind.Declaration, html[lt..end], "", NoAttributes, false);
            }
            else if (next == '/' && lt + 2 < html.Length && char.IsAsciiLetter(html[lt + 2]))
            {
                var q = lt + 2;
                var name = ReadName(html, ref q);
                var close = html.IndexOf('>', q);
                end = close < 0 ? html.Length : close + 1;
                token = new HtmlToken(HtmlTokenKind.EndTag, html[lt..end], name, NoAttributes, false);
            }
            else if (char.IsAsciiLetter(next))
            {
                token = ReadStartTag(html, lt, out end);
            }

            if (token is null)
            {
                p = lt + 1;
                continue;
            }

            if (lt > textStart)
            {
                yield return new HtmlToken(HtmlTokenKind.Text, html[textStart..lt], "", NoAttributes, false);
            }

            yield return token;
            p = textStart = end;
        }

        if (textStart < html.Length)
        {
            yield return new HtmlToken(HtmlTokenKind.Text, html[textStart..], "", NoAttributes, false);
        }
    }

    private static HtmlToken ReadStartTag(string html, int lt, out int end)
    {
        var p = lt + 1;
        var name = ReadName(html, ref p);
        var attributes = new List<(string, string)>();
        var selfClosing = false;
        while (p < html.Length)
        {
            var c = html[p];
            if (c == '>')
            {
                p++;
                break;
            }

            if (c == '/' )
            {
                selfClosing = p + 1 < html.Length && html[p + 1] == '>';
                p++;
                continue;
            }

            if (char.IsWhiteSpace(c) || c is '"' or '\'')
            {
                p++;
                continue;
            }

            var attrName = ReadName(html, ref p);
            if (attrName.Length == 0)
            {
                p++;
                continue;
            }

            while (p < html.Length && char.IsWhiteSpace(html[p]))
            {
                p++;
            }

            var value = ReadAttributeValue(html, ref p);

            attributes.Add((attrName, value));
        }

        end = p;
        return new HtmlToken(HtmlTokenKind.StartTag, html[lt..end], name, attributes, selfClosing);
    }

    /// <summary>
    /// At <paramref name="p"/> just after an attribute's name: its value after "=" (quoted, or bare up to space or
    /// "&gt;"; an unclosed quote runs to the end), or "" when there is no "="; <paramref name="p"/> moves past it.
    /// Shared with <see cref="LenientXml"/>, whose broken feeds break attributes the same ways.
    /// </summary>
    internal static string ReadAttributeValue(string text, ref int p)
    {
        if (p >= text.Length || text[p] != '=')
        {
            return "";
        }

        p++;
        while (p < text.Length && char.IsWhiteSpace(text[p]))
        {
            p++;
        }

        if (p < text.Length && text[p] is '"' or '\'')
        {
            var close = text.IndexOf(text[p], p + 1);
            close = close < 0 ? text.Length : close;
            var quoted = text[(p + 1)..close];
            p = Math.Min(text.Length, close + 1);
            return quoted;
        }

        var start = p;
        while (p < text.Length && !char.IsWhiteSpace(text[p]) && text[p] != '>')
        {
            p++;
        }

        return text[start..p];
    }

    private static string ReadName(string html, ref int p)
    {
        var start = p;
        while (p < html.Length && (char.IsLetterOrDigit(html[p]) || html[p] is '-' or ':' or '_' or '.'))
        {
            p++;
        }

        return html[start..p].ToLowerInvariant();
    }
}

/// <summary>Turns HTML into readable plain text: tags removed, block boundaries kept, entities decoded.</summary>
public static class HtmlText
{
    private static readonly HashSet<string> Blocks = new(StringComparer.Ordinal)
    {
        "p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr", "section", "article", "pre",
    };

    public static string ToPlainText(string html)
    {
        var sb = new StringBuilder(html.Length);
        foreach (var token in HtmlTokenizer.Tokenize(html))
        {
            if (token.Kind == HtmlTokenKind.Text)
            {
                sb.Append(WebUtility.HtmlDecode(token.Text));
            }
            else if (token.Kind is HtmlTokenKind.StartTag or HtmlTokenKind.EndTag && Blocks.Contains(token.Name))
            {
                sb.Append("\n\n");
            }
        }

        var paragraphs = sb.ToString()
            .Split("\n\n", StringSplitOptions.RemoveEmptyEntries)
            .Select(p => string.Join(' ', p.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)))
            .Where(p => p.Length > 0);
        return string.Join("\n\n", paragraphs);
    }
}
