using System.Net;
using System.Xml.Linq;

namespace Herald.Ingest.Feeds;

/// <summary>
/// The last resort for documents an XML reader rejects: builds a tree the way a browser would,
/// closing what the author forgot, decoding any HTML entity, accepting undeclared prefixes and
/// truncated CDATA. Whatever it returns is best effort; the caller marks the feed not well formed.
/// </summary>
internal static class LenientXml
{
    private static readonly Dictionary<string, string> DefaultPrefixes = new(StringComparer.Ordinal)
    {
        ["dc"] = "http://purl.org/dc/elements/1.1/",
        ["content"] = "http://purl.org/rss/1.0/modules/content/",
        ["rdf"] = "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
        ["atom"] = FeedParser.AtomNs,
        ["xhtml"] = FeedParser.XhtmlNs,
        ["media"] = "http://search.yahoo.com/mrss/",
        ["xml"] = XNamespace.Xml.NamespaceName,
    };

    public static XDocument? Load(string text)
    {
        var root = new XElement("document-fragment");
        var stack = new Stack<(XElement Element, Dictionary<string, string> Namespaces)>();
        stack.Push((root, DefaultPrefixes));
        var p = 0;
        while (p < text.Length)
        {
            var lt = text.IndexOf('<', p);
            if (lt < 0)
            {
                AddText(stack.Peek().Element, text[p..]);
                break;
            }

            if (lt > p)
            {
                AddText(stack.Peek().Element, text[p..lt]);
            }

            if (string.CompareOrdinal(text, lt, "<![CDATA[", 0, 9) == 0)
            {
                var end = text.IndexOf("]]>", lt, StringComparison.Ordinal);
                var content = end < 0 ? text[(lt + 9)..] : text[(lt + 9)..end];
                stack.Peek().Element.Add(new XText(content));
                p = end < 0 ? text.Length : end + 3;
            }
            else if (string.CompareOrdinal(text, lt, "<!--", 0, 4) == 0)
            {
                var end = text.IndexOf("-->", lt, StringComparison.Ordinal);
                p = end < 0 ? text.Length : end + 3;
            }
            else if (lt + 1 < text.Length && text[lt + 1] is '!' or '?')
            {
                var end = text.IndexOf('>', lt);
                p = end < 0 ? text.Length : end + 1;
            }
            else if (lt + 1 < text.Length && text[lt + 1] == '/')
            {
                var end = text.IndexOf('>', lt);
                var name = text[(lt + 2)..(end < 0 ? text.Length : end)].Trim();
                if (stack.Any(s => s.Element != root && OriginalName(s.Element) == name))
                {
                    while (stack.Count > 1)
                    {
                        var (el, _) = stack.Pop();
                        if (OriginalName(el) == name)
                        {
                            break;
                        }
                    }
                }

                p = end < 0 ? text.Length : end + 1;
            }
            else if (lt + 1 < text.Length && (char.IsLetter(text[lt + 1]) || text[lt + 1] == '_'))
            {
                p = ReadStartTag(text, lt, stack);
            }
            else
            {
                AddText(stack.Peek().Element, "<");
                p = lt + 1;
            }
        }

        var first = root.Elements().FirstOrDefault();
        if (first is null)
        {
            return null;
        }

        foreach (var el in first.DescendantsAndSelf())
        {
            el.Attributes("original-name").Remove();
        }

        first.Remove();
        return new XDocument(first);
    }

    private static int ReadStartTag(string text, int lt, Stack<(XElement Element, Dictionary<string, string> Namespaces)> stack)
    {
        var p = lt + 1;
        var nameStart = p;
        while (p < text.Length && !char.IsWhiteSpace(text[p]) && text[p] is not ('>' or '/'))
        {
            p++;
        }

        var name = text[nameStart..p];
        var attributes = new List<(string, string)>();
        var selfClosing = false;
        while (p < text.Length && text[p] != '>')
        {
            if (text[p] == '/')
            {
                selfClosing = true;
                p++;
                continue;
            }

            if (char.IsWhiteSpace(text[p]))
            {
                p++;
                continue;
            }

            var an = p;
            while (p < text.Length && !char.IsWhiteSpace(text[p]) && text[p] is not ('=' or '>' or '/'))
            {
                p++;
            }

            var attrName = text[an..p];
            var value = HtmlTokenizer.ReadAttributeValue(text, ref p);

            if (attrName.Length > 0)
            {
                attributes.Add((attrName, WebUtility.HtmlDecode(value)));
            }

            selfClosing = false;
        }

        var (parent, parentNs) = stack.Peek();
        var ns = parentNs;
        foreach (var (an, av) in attributes)
        {
            if (an == "xmlns" || an.StartsWith("xmlns:", StringComparison.Ordinal))
            {
                if (ReferenceEquals(ns, parentNs))
                {
                    ns = new Dictionary<string, string>(parentNs, StringComparer.Ordinal);
                }

                ns[an == "xmlns" ? "" : an[6..]] = av;
            }
        }

        var element = new XElement(Resolve(name, ns, isAttribute: false));
        element.SetAttributeValue("original-name", name);
        foreach (var (an, av) in attributes)
        {
            if (an == "xmlns" || an.StartsWith("xmlns:", StringComparison.Ordinal))
            {
                continue;
            }

            try
            {
                element.SetAttributeValue(Resolve(an, ns, isAttribute: true), av);
            }
            catch (System.Xml.XmlException)
            {
                // An attribute name XML cannot hold is dropped; the element survives.
            }
        }

        parent.Add(element);
        if (!selfClosing)
        {
            stack.Push((element, ns));
        }

        return Math.Min(text.Length, p + 1);
    }

    private static XName Resolve(string name, Dictionary<string, string> ns, bool isAttribute)
    {
        var colon = name.IndexOf(':', StringComparison.Ordinal);
        var local = Clean(colon >= 0 ? name[(colon + 1)..] : name);
        if (colon >= 0)
        {
            var prefix = name[..colon];
            var uri = ns.TryGetValue(prefix, out var u) ? u : "urn:undeclared:" + Clean(prefix);
            return XName.Get(local, uri);
        }

        return isAttribute ? XName.Get(local) : XName.Get(local, ns.GetValueOrDefault("") ?? "");
    }

    private static string Clean(string name)
    {
        var chars = name.Where(c => System.Xml.XmlConvert.IsNCNameChar(c) && c != ':').ToArray();
        var s = new string(chars);
        return s.Length == 0 || !System.Xml.XmlConvert.IsStartNCNameChar(s[0]) ? "_" + s : s;
    }

    private static string OriginalName(XElement e) => (string?)e.Attribute("original-name") ?? e.Name.LocalName;

    private static void AddText(XElement parent, string raw)
    {
        if (raw.Length > 0)
        {
            parent.Add(new XText(WebUtility.HtmlDecode(raw)));
        }
    }
}
