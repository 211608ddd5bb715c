using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace Herald.Ingest.Feeds;

/// <summary>The characters of a document and what was learned while decoding its bytes.</summary>
public sealed record DecodedDocument(string Text, string Encoding, string? Problem);

/// <summary>
/// Turns feed bytes into text following RFC 3023 and what real servers do: a byte-order mark or the
/// XML declaration for application/* types, the HTTP charset first, text/xml without a charset is
/// US-ASCII, a non-XML media type is suspicious. When the declared encoding cannot decode the bytes it
/// falls back (UTF-8, then Windows-1252) and reports the problem instead of failing.
/// </summary>
public static partial class FeedDecoder
{
    static FeedDecoder() => System.Text.Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static DecodedDocument Decode(ReadOnlySpan<byte> bytes, string? contentType)
    {
        string? problem = null;
        var (bomEncoding, bomLength) = DetectBom(bytes);
        var body = bytes[bomLength..];
        var declared = bomEncoding ?? DeclaredInXml(body);

        var (mediaType, charset) = ParseContentType(contentType);
        string? chosen;
        if (mediaType is null)
        {
            chosen = declared ?? "utf-8";
        }
        else if (mediaType is "application/xml" or "application/xml-dtd" or "application/xml-external-parsed-entity"
                 || (mediaType.StartsWith("application/", StringComparison.Ordinal) && mediaType.EndsWith("+xml", StringComparison.Ordinal))
                 || mediaType == "application/json" || mediaType == "application/feed+json")
        {
            chosen = charset ?? declared ?? "utf-8";
        }
        else if (mediaType is "text/xml" or "text/xml-external-parsed-entity"
                 || (mediaType.StartsWith("text/", StringComparison.Ordinal) && mediaType.EndsWith("+xml", StringComparison.Ordinal)))
        {
            chosen = charset ?? "us-ascii";
        }
        else
        {
            problem = $"served as {mediaType}, not an XML media type";
            chosen = charset ?? declared ?? "utf-8";
        }

        chosen = Normalise(chosen);
        if (bomEncoding is not null)
        {
            // A byte-order mark is the one signal that cannot be wrong about the bytes that follow it.
            chosen = bomEncoding;
        }

        if (TryDecode(body, chosen, out var text))
        {
            return new DecodedDocument(text, chosen, problem);
        }

        foreach (var fallback in (string[])["utf-8", "windows-1252"])
        {
            if (TryDecode(body, fallback, out text))
            {
                return new DecodedDocument(text, fallback, problem ?? $"declared as {chosen} but the bytes are not; read as {fallback}");
            }
        }

        return new DecodedDocument(System.Text.Encoding.Latin1.GetString(body), "iso-8859-1", "undecodable bytes");
    }

    /// <summary>Maps C1 control characters (U+0080–U+009F) to the Windows-1252 punctuation authors meant.</summary>
    public static string Demoronise(string s)
    {
        var i = 0;
        while (i < s.Length && s[i] is < '\u0080' or > '\u009f')
        {
            i++;
        }

        if (i == s.Length)
        {
            return s;
        }

        var cp1252 = System.Text.Encoding.GetEncoding(1252);
        var sb = new StringBuilder(s.Length);
        foreach (var c in s)
        {
            if (c is >= '\u0080' and <= '\u009f')
            {
                var mapped = cp1252.GetString([(byte)c]);
                sb.Append(mapped.Length == 1 && mapped[0] != '\ufffd' ? mapped[0] : c);
            }
            else
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }

    public static (string? MediaType, string? Charset) ParseContentType(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType))
        {
            return (null, null);
        }

        var parts = contentType.Split(';');
        var media = parts[0].Trim().ToLowerInvariant();
        string? charset = null;
        foreach (var part in parts.Skip(1))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0 && part[..eq].Trim().Equals("charset", StringComparison.OrdinalIgnoreCase))
            {
                charset = part[(eq + 1)..].Trim().Trim('"', '\'').ToLowerInvariant();
                if (charset.Length == 0)
                {
                    charset = null;
                }
            }
        }

        return (media.Length == 0 ? null : media, charset);
    }

    private static bool TryDecode(ReadOnlySpan<byte> bytes, string name, out string text)
    {
        text = "";
        try
        {
            var encoding = System.Text.Encoding.GetEncoding(name, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
            text = encoding.GetString(bytes);
            return true;
        }
        catch (Exception e) when (e is ArgumentException or DecoderFallbackException or NotSupportedException)
        {
            return false;
        }
    }

    private static string Normalise(string name) => name.ToLowerInvariant() switch
    {
        "gb2312" or "gbk" or "x-gbk" => "gb18030",
        "utf8" => "utf-8",
        "ascii" => "us-ascii",
        "latin1" or "latin-1" or "iso8859-1" => "iso-8859-1",
        "utf-16" or "utf16" => "utf-16",
        var other => other,
    };

    private static (string? Encoding, int Length) DetectBom(ReadOnlySpan<byte> b)
    {
        if (b.StartsWith((ReadOnlySpan<byte>)[0x00, 0x00, 0xFE, 0xFF])) return ("utf-32be", 4);
        if (b.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE, 0x00, 0x00])) return ("utf-32le", 4);
        if (b.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) return ("utf-8", 3);
        if (b.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF])) return ("utf-16be", 2);
        if (b.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE])) return ("utf-16le", 2);
        // No mark: recognise "<?" or "<" in the wide encodings by their zero bytes.
        if (b.StartsWith((ReadOnlySpan<byte>)[0x00, 0x00, 0x00, 0x3C])) return ("utf-32be", 0);
        if (b.StartsWith((ReadOnlySpan<byte>)[0x3C, 0x00, 0x00, 0x00])) return ("utf-32le", 0);
        if (b.StartsWith((ReadOnlySpan<byte>)[0x00, 0x3C, 0x00, 0x3F])) return ("utf-16be", 0);
        if (b.StartsWith((ReadOnlySpan<byte>)[0x3C, 0x00, 0x3F, 0x00])) return ("utf-16le", 0);
        return (null, 0);
    }

    private static string? DeclaredInXml(ReadOnlySpan<byte> body)
    {
        var head = System.Text.Encoding.Latin1.GetString(body[..Math.Min(body.Length, 512)]);
        var m = XmlDeclEncoding().Match(head);
        return m.Success ? m.Groups[1].Value.ToLowerInvariant() : null;
    }

    [GeneratedRegex(@"^\s*<\?xml[^>]*?encoding\s*=\s*[""']([A-Za-z0-9._\-]+)[""']")]
    private static partial Regex XmlDeclEncoding();

    /// <summary>
    /// Rewrites HTML named entities (undefined in XML) as numeric references outside CDATA sections, and
    /// escapes ampersands that start no entity at all, so an XML reader accepts what browsers accept.
    /// </summary>
    public static string FixEntities(string xml, bool escapeBareAmpersands)
    {
        if (!xml.Contains('&', StringComparison.Ordinal))
        {
            return xml;
        }

        var sb = new StringBuilder(xml.Length + 64);
        var p = 0;
        while (p < xml.Length)
        {
            var amp = xml.IndexOf('&', p);
            var cdata = xml.IndexOf("<![CDATA[", p, StringComparison.Ordinal);
            if (cdata >= 0 && (amp < 0 || cdata < amp))
            {
                var end = xml.IndexOf("]]>", cdata, StringComparison.Ordinal);
                end = end < 0 ? xml.Length : end + 3;
                sb.Append(xml, p, end - p);
                p = end;
                continue;
            }

            if (amp < 0)
            {
                sb.Append(xml, p, xml.Length - p);
                break;
            }

            sb.Append(xml, p, amp - p);
            var semi = amp + 1;
            while (semi < xml.Length && semi - amp <= 32 && (char.IsAsciiLetterOrDigit(xml[semi]) || xml[semi] == '#'))
            {
                semi++;
            }

            var name = semi < xml.Length && xml[semi] == ';' ? xml[(amp + 1)..semi] : null;
            if (name is null || name.Length == 0)
            {
                sb.Append(escapeBareAmpersands ? "&amp;" : "&");
            }
            else if (name is "amp" or "lt" or "gt" or "quot" or "apos" || name[0] == '#')
            {
                sb.Append('&').Append(name).Append(';');
            }
            else
            {
                var decoded = WebUtility.HtmlDecode("&" + name + ";");
                if (decoded.Length is 1 or 2 && decoded[0] != '&')
                {
                    sb.Append("&#").Append(char.ConvertToUtf32(decoded, 0).ToString(System.Globalization.CultureInfo.InvariantCulture)).Append(';');
                }
                else
                {
                    // Unknown entity: keep it visible as text rather than failing the document.
                    sb.Append("&amp;").Append(name).Append(';');
                }
            }

            p = name is null || name.Length == 0 ? amp + 1 : semi + 1;
        }

        return sb.ToString();
    }
}
