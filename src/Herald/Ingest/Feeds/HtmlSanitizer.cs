using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace Herald.Ingest.Feeds;

/// <summary>
/// Makes HTML embedded in feeds safe to show: keeps a whitelist of presentational elements and
/// attributes, drops scripts, styles, applets and their content, filters inline CSS down to harmless
/// declarations, and resolves relative URLs against the entry's base (refusing script-like schemes).
/// Works on a token stream rather than a tree so it never invents structure the author did not write.
/// </summary>
public static partial class HtmlSanitizer
{
    private static readonly HashSet<string> AllowedElements = new(StringComparer.Ordinal)
    {
        "a", "abbr", "acronym", "address", "area", "article", "aside", "audio", "b", "big", "blockquote", "br",
        "button", "canvas", "caption", "center", "cite", "code", "col", "colgroup", "command", "datagrid",
        "datalist", "dd", "del", "details", "dfn", "dialog", "dir", "div", "dl", "dt", "em", "event-source",
        "fieldset", "figcaption", "figure", "footer", "font", "form", "header", "h1", "h2", "h3", "h4", "h5", "h6",
        "hr", "i", "img", "input", "ins", "keygen", "kbd", "label", "legend", "li", "m", "map", "menu", "meter",
        "multicol", "nav", "nextid", "ol", "output", "optgroup", "option", "p", "pre", "progress", "q", "s", "samp",
        "section", "select", "small", "sound", "source", "spacer", "span", "strike", "strong", "sub", "summary",
        "sup", "table", "tbody", "td", "textarea", "time", "tfoot", "th", "thead", "tr", "tt", "u", "ul", "var",
        "video", "noscript", "mark", "figcaption", "picture", "wbr",
    };

    /// <summary>Elements whose whole content is code or chrome, never reading matter.</summary>
    private static readonly HashSet<string> DroppedWithContent = new(StringComparer.Ordinal)
    {
        "script", "applet", "style", "noembed", "xmp",
    };

    private static readonly HashSet<string> VoidElements = new(StringComparer.Ordinal)
    {
        "area", "br", "col", "command", "embed", "hr", "img", "input", "keygen", "source", "wbr", "base", "link",
        "meta", "param", "track",
    };

    private static readonly HashSet<string> AllowedAttributes = new(StringComparer.Ordinal)
    {
        "abbr", "accept", "accept-charset", "accesskey", "action", "align", "alt", "autocomplete", "autofocus",
        "axis", "background", "balance", "bgcolor", "bgproperties", "border", "bordercolor", "bordercolordark",
        "bordercolorlight", "bottompadding", "cellpadding", "cellspacing", "ch", "challenge", "char", "charoff",
        "choff", "charset", "checked", "cite", "class", "clear", "color", "cols", "colspan", "compact",
        "contenteditable", "controls", "coords", "data", "datafld", "datapagesize", "datasrc", "datetime",
        "default", "delay", "dir", "disabled", "draggable", "dynsrc", "enctype", "end", "face", "for", "form",
        "frame", "galleryimg", "gutter", "headers", "height", "hidefocus", "hidden", "high", "href", "hreflang",
        "hspace", "icon", "id", "inputmode", "ismap", "keytype", "label", "leftspacing", "lang", "list", "longdesc",
        "loop", "loopcount", "loopend", "loopstart", "low", "lowsrc", "max", "maxlength", "media", "method", "min",
        "multiple", "name", "nohref", "noshade", "nowrap", "open", "optimum", "pattern", "ping", "point-size",
        "poster", "pqg", "preload", "prompt", "radiogroup", "readonly", "rel", "repeat-max", "repeat-min",
        "replace", "required", "rev", "rightspacing", "rows", "rowspan", "rules", "scope", "selected", "shape",
        "size", "span", "src", "start", "step", "style", "summary", "suppress", "tabindex", "target", "template",
        "title", "toppadding", "type", "unselectable", "usemap", "urn", "valign", "value", "variable", "volume",
        "vspace", "vrml", "width", "wrap", "xml:lang",
    };

    /// <summary>Attributes holding a URL: resolved against the base and checked for a safe scheme.</summary>
    private static readonly HashSet<string> UrlAttributes = new(StringComparer.Ordinal)
    {
        "href", "src", "cite", "action", "longdesc", "usemap", "poster", "background", "dynsrc", "lowsrc",
    };

    private static readonly HashSet<string> SafeSchemes = new(StringComparer.OrdinalIgnoreCase)
    {
        "http", "https", "ftp", "ftps", "mailto", "news", "nntp", "irc", "ircs", "magnet", "tel", "sftp", "feed",
        "gopher", "aim", "xmpp", "webcal", "urn", "sip", "sips", "sms", "rtsp", "mms", "git", "svn", "ssh",
    };

    private static readonly HashSet<string> CssProperties = new(StringComparer.Ordinal)
    {
        "azimuth", "background-color", "border-bottom-color", "border-collapse", "border-color",
        "border-left-color", "border-right-color", "border-top-color", "clear", "color", "cursor", "direction",
        "display", "elevation", "float", "font", "font-family", "font-size", "font-style", "font-variant",
        "font-weight", "height", "letter-spacing", "line-height", "overflow", "pause", "pause-after",
        "pause-before", "pitch", "pitch-range", "richness", "speak", "speak-header", "speak-numeral",
        "speak-punctuation", "speech-rate", "stress", "text-align", "text-decoration", "text-indent",
        "unicode-bidi", "vertical-align", "voice-family", "volume", "white-space", "width",
    };

    private static readonly HashSet<string> CssKeywords = new(StringComparer.Ordinal)
    {
        "aqua", "auto", "black", "block", "blue", "bold", "both", "bottom", "brown", "center", "collapse", "dashed",
        "dotted", "fuchsia", "gray", "green", "!important", "italic", "left", "lime", "maroon", "medium", "none",
        "navy", "normal", "nowrap", "olive", "pointer", "purple", "red", "right", "solid", "silver", "teal", "top",
        "transparent", "underline", "white", "yellow",
    };

    internal static bool IsAllowedElement(string name) => AllowedElements.Contains(name);

    /// <summary>Sanitises <paramref name="html"/>; relative URLs resolve against <paramref name="baseUri"/> when given.</summary>
    public static string Sanitize(string html, Uri? baseUri)
    {
        var output = new StringBuilder(html.Length);
        string? droppingUntil = null;
        var dropDepth = 0;
        foreach (var token in HtmlTokenizer.Tokenize(html))
        {
            if (droppingUntil is not null)
            {
                if (token.Kind == HtmlTokenKind.EndTag && token.Name == droppingUntil && --dropDepth == 0)
                {
                    droppingUntil = null;
                }
                else if (token.Kind == HtmlTokenKind.StartTag && token.Name == droppingUntil && !token.SelfClosing)
                {
                    dropDepth++;
                }

                continue;
            }

            switch (token.Kind)
            {
                case HtmlTokenKind.Text:
                    output.Append(EscapeBareBrackets(token.Text));
                    break;
                case HtmlTokenKind.StartTag when DroppedWithContent.Contains(token.Name):
                    if (!token.SelfClosing && !VoidElements.Contains(token.Name))
                    {
                        droppingUntil = token.Name;
                        dropDepth = 1;
                    }

                    break;
                case HtmlTokenKind.StartTag when AllowedElements.Contains(token.Name):
                    WriteStartTag(output, token, baseUri);
                    break;
                case HtmlTokenKind.EndTag when AllowedElements.Contains(token.Name) && !VoidElements.Contains(token.Name):
                    output.Append("</").Append(token.Name).Append('>');
                    break;
                default:
                    // Comments, doctypes, processing instructions and unknown elements are dropped; the text
                    // inside unknown elements is kept because it is usually the reading matter.
                    break;
            }
        }

        return output.ToString();
    }

    /// <summary>Resolves relative URLs in otherwise trusted HTML without filtering anything else.</summary>
    public static string ResolveUrls(string html, Uri baseUri)
    {
        var output = new StringBuilder(html.Length);
        foreach (var token in HtmlTokenizer.Tokenize(html))
        {
            if (token.Kind == HtmlTokenKind.StartTag)
            {
                WriteStartTag(output, token, baseUri, filter: false);
            }
            else
            {
                output.Append(token.Raw);
            }
        }

        return output.ToString();
    }

    /// <summary>Resolves one URL against a base; null when the result uses a scheme that could run script.</summary>
    public static string? ResolveUrl(string value, Uri? baseUri)
    {
        var trimmed = value.Trim();
        // Browsers drop tabs, newlines and control characters inside URLs, so "java\tscript:" runs script.
        var compact = string.Concat(trimmed.Where(c => c > ' '));
        if (SchemePrefix().Match(compact) is { Success: true } m && !SafeSchemes.Contains(m.Value[..^1]))
        {
            return null;
        }

        string result;
        if (Uri.TryCreate(trimmed, UriKind.Absolute, out var absolute) && !absolute.IsFile)
        {
            result = trimmed;
            var scheme = trimmed[..trimmed.IndexOf(':', StringComparison.Ordinal)];
            return SafeSchemes.Contains(scheme) ? result : null;
        }

        if (trimmed.Contains(':', StringComparison.Ordinal) && SchemePrefix().IsMatch(trimmed))
        {
            var scheme = trimmed[..trimmed.IndexOf(':', StringComparison.Ordinal)];
            return SafeSchemes.Contains(scheme) ? trimmed : null;
        }

        if (baseUri is null)
        {
            return trimmed;
        }

        return Uri.TryCreate(baseUri, trimmed, out var resolved) ? resolved.OriginalString == trimmed ? trimmed : resolved.AbsoluteUri : trimmed;
    }

    private static void WriteStartTag(StringBuilder output, HtmlToken token, Uri? baseUri, bool filter = true)
    {
        output.Append('<').Append(token.Name);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        // Sorted so equal markup always serialises the same way (content hashes depend on it).
        foreach (var (rawName, rawValue) in token.Attributes.OrderBy(a => a.Name, StringComparer.Ordinal))
        {
            var name = rawName;
            if (!seen.Add(name) || (filter && !AllowedAttributes.Contains(name)))
            {
                continue;
            }

            var value = WebUtility.HtmlDecode(rawValue);
            if (name == "style" && filter)
            {
                value = SanitizeCss(value);
                if (value.Length == 0)
                {
                    continue;
                }
            }
            else if (UrlAttributes.Contains(name) && value.Length > 0)
            {
                var resolved = ResolveUrl(value, baseUri);
                if (resolved is null)
                {
                    // A script-like URL is emptied rather than dropped, so the markup stays recognisable.
                    resolved = filter ? "" : value;
                }

                value = resolved;
            }

            output.Append(' ').Append(name).Append("=\"").Append(EscapeAttribute(value)).Append('"');
        }

        output.Append(VoidElements.Contains(token.Name) ? " />" : ">");
    }

    /// <summary>Keeps declarations of harmless properties whose values are plain keywords, colours or lengths.</summary>
    public static string SanitizeCss(string style)
    {
        style = CssUrl().Replace(style, " ");
        if (!CssGauntlet().IsMatch(style))
        {
            return "";
        }

        var kept = new List<string>();
        foreach (Match m in CssDeclaration().Matches(style))
        {
            var property = m.Groups[1].Value.ToLowerInvariant();
            var value = m.Groups[2].Value.Trim();
            if (value.Length == 0)
            {
                continue;
            }

            if (CssProperties.Contains(property))
            {
                kept.Add($"{property}: {value};");
            }
            else if (property.Split('-')[0] is "background" or "border" or "margin" or "padding"
                     && value.Split(' ', StringSplitOptions.RemoveEmptyEntries)
                         .All(k => CssKeywords.Contains(k) || CssValue().IsMatch(k)))
            {
                kept.Add($"{property}: {value};");
            }
        }

        return string.Join(' ', kept);
    }

    private static string EscapeAttribute(string value) =>
        value.Replace("&", "&amp;", StringComparison.Ordinal)
            .Replace("\"", "&quot;", StringComparison.Ordinal)
            .Replace("<", "&lt;", StringComparison.Ordinal)
            .Replace(">", "&gt;", StringComparison.Ordinal);

    private static string EscapeBareBrackets(string text)
    {
        if (text.Contains('<', StringComparison.Ordinal))
        {
            text = text.Replace("<", "&lt;", StringComparison.Ordinal);
        }

        return text.Contains('&', StringComparison.Ordinal) ? BareAmpersand().Replace(text, "&amp;") : text;
    }

    [GeneratedRegex(@"&(?!#?[a-zA-Z0-9]+;)")]
    private static partial Regex BareAmpersand();

    [GeneratedRegex(@"^[a-zA-Z][a-zA-Z0-9+.\-]*:")]
    private static partial Regex SchemePrefix();

    [GeneratedRegex(@"url\s*\(\s*[^\s)]+?\s*\)\s*", RegexOptions.IgnoreCase)]
    private static partial Regex CssUrl();

    [GeneratedRegex(@"^([:,;#%.\sa-zA-Z0-9!]|\w-\w|'[\s\w]+'|""[\s\w]+""|\([\d,\s]+\))*$")]
    private static partial Regex CssGauntlet();

    [GeneratedRegex(@"([-\w]+)\s*:\s*([^:;]*)")]
    private static partial Regex CssDeclaration();

    [GeneratedRegex(@"^(#[0-9a-fA-F]+|rgb\(\d+%?,\d*%?,?\d*%?\)?|\d{0,2}\.?\d{0,2}(cm|em|ex|in|mm|pc|pt|px|%|,|\))?)$")]
    private static partial Regex CssValue();
}
