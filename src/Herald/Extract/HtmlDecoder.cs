using System.Text;
using UtfUnknown;

namespace Herald.Extract;

/// <summary>Which evidence chose the encoding a page was decoded with.</summary>
public enum CharsetSource
{
    Default = 0,
    ByteOrderMark = 1,
    HttpHeader = 2,
    MetaTag = 3,
    Detected = 4,
}

/// <summary>A page's text and how it was decoded.</summary>
public sealed record DecodedHtml(string Text, Encoding Encoding, CharsetSource Source, bool MojibakeRepaired);

/// <summary>
/// Bytes → text for real web pages. Order of trust: byte-order mark, then the declared charset (HTTP, then
/// &lt;meta&gt; anywhere in the head), each checked against the bytes because sites lie; statistical detection
/// when nothing is declared or the declaration is contradicted; finally UTF-8-read-as-Windows-1252 repair.
/// </summary>
public static class HtmlDecoder
{
    /// <summary>How far into the page a &lt;meta charset&gt; is looked for; heads with huge inline scripts push it far.</summary>
    private const int MetaScanLimit = 256 * 1024;

    /// <summary>How many bytes statistical detection sees; more adds time, not accuracy.</summary>
    private const int DetectSample = 64 * 1024;

    static HtmlDecoder() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>Ensures legacy code pages (Windows-125x, Shift-JIS, GB18030…) are available.</summary>
    public static void EnsureCodePages() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static DecodedHtml Decode(ReadOnlySpan<byte> bytes, string? httpCharset = null)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            return Finish(bytes[3..], new UTF8Encoding(false), CharsetSource.ByteOrderMark);
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            return Finish(bytes[2..], Encoding.Unicode, CharsetSource.ByteOrderMark);
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return Finish(bytes[2..], Encoding.BigEndianUnicode, CharsetSource.ByteOrderMark);
        }

        var declared = Lookup(httpCharset);
        var source = declared is null ? CharsetSource.Default : CharsetSource.HttpHeader;
        if (declared is null && FindMetaCharset(bytes) is { } meta && Lookup(meta) is { } fromMeta)
        {
            declared = fromMeta;
            source = CharsetSource.MetaTag;
        }

        var isUtf8 = System.Text.Unicode.Utf8.IsValid(bytes);
        if (declared is not null)
        {
            if (declared.CodePage == 65001)
            {
                // Declared UTF-8 but not UTF-8: the declaration lies (common after CMS migrations).
                return isUtf8 ? Finish(bytes, declared, source) : Finish(bytes, Detect(bytes, utf8Valid: false), CharsetSource.Detected);
            }

            if (isUtf8 && HasNonAscii(bytes) && IsSingleByte(declared))
            {
                // Valid multi-byte UTF-8 under a single-byte label is almost never an accident.
                return Finish(bytes, new UTF8Encoding(false), CharsetSource.Detected);
            }

            if (declared.CodePage is 65000 or 1200 or 1201)
            {
                // UTF-7/UTF-16 without a BOM in an ASCII-compatible page is a mislabel.
                return Finish(bytes, Detect(bytes, isUtf8), CharsetSource.Detected);
            }

            return Finish(bytes, declared, source);
        }

        return isUtf8
            ? Finish(bytes, new UTF8Encoding(false), CharsetSource.Default)
            : Finish(bytes, Detect(bytes, utf8Valid: false), CharsetSource.Detected);
    }

    private static DecodedHtml Finish(ReadOnlySpan<byte> bytes, Encoding encoding, CharsetSource source)
    {
        var text = encoding.GetString(bytes);
        var repaired = MojibakeRepair.Repair(text);
        return new DecodedHtml(repaired, encoding, source, !ReferenceEquals(repaired, text));
    }

    private static Encoding Detect(ReadOnlySpan<byte> bytes, bool utf8Valid)
    {
        if (utf8Valid)
        {
            return new UTF8Encoding(false);
        }

        var sample = bytes.Length > DetectSample ? bytes[..DetectSample] : bytes;
        try
        {
            var result = CharsetDetector.DetectFromBytes(sample.ToArray());
            if (result.Detected?.Encoding is { } enc && enc.CodePage != 65001)
            {
                return enc;
            }

            if (result.Detected?.EncodingName is { } name && Lookup(name) is { } byName && byName.CodePage != 65001)
            {
                return byName;
            }
        }
        catch (ArgumentException)
        {
            // The detector names a charset .NET lacks; fall through to the web's default.
        }

        return Encoding.GetEncoding(1252);
    }

    private static bool IsSingleByte(Encoding e) => e.IsSingleByte;

    private static bool HasNonAscii(ReadOnlySpan<byte> bytes) => bytes.IndexOfAnyInRange((byte)0x80, (byte)0xFF) >= 0;

    /// <summary>Maps a label to an encoding, following the WHATWG rule that Latin-1 and ASCII mean Windows-1252.</summary>
    internal static Encoding? Lookup(string? label)
    {
        if (string.IsNullOrWhiteSpace(label))
        {
            return null;
        }

        var name = label.Trim().Trim('"', '\'').ToLowerInvariant();
        switch (name)
        {
            case "utf8" or "utf-8" or "unicode-1-1-utf-8" or "x-unicode20utf8":
                return new UTF8Encoding(false);
            case "iso-8859-1" or "latin1" or "latin-1" or "l1" or "us-ascii" or "ascii" or "iso8859-1" or "iso_8859-1" or "cp1252" or "windows-1252" or "x-cp1252":
                return Encoding.GetEncoding(1252);
            case "gb2312" or "gbk" or "x-gbk" or "gb_2312-80" or "chinese":
                return Encoding.GetEncoding("GB18030");
            case "shift-jis" or "sjis" or "x-sjis" or "ms_kanji" or "windows-31j":
                return Encoding.GetEncoding(932);
            case "tis-620" or "iso-8859-11":
                return Encoding.GetEncoding(874);
            case "iso-8859-9":
                return Encoding.GetEncoding(1254);
            default:
                break;
        }

        try
        {
            return Encoding.GetEncoding(name);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException)
        {
            // Unknown labels, and UTF-7, which .NET refuses (and browsers too: it smuggles markup past filters),
            // are no declaration at all; detection decides (found by fuzzing: "charset=utf-7" threw).
            return null;
        }
    }

    /// <summary>
    /// Finds the charset a &lt;meta&gt; declares, scanning bytes (ASCII-compatible) up to &lt;/head&gt; or
    /// <see cref="MetaScanLimit"/>, so declarations after a long inline script still count.
    /// </summary>
    internal static string? FindMetaCharset(ReadOnlySpan<byte> bytes)
    {
        var span = bytes.Length > MetaScanLimit ? bytes[..MetaScanLimit] : bytes;
        var pos = 0;
        while (pos < span.Length)
        {
            var lt = span[pos..].IndexOf((byte)'<');
            if (lt < 0)
            {
                return null;
            }

            pos += lt + 1;
            var rest = span[pos..];
            if (StartsWithIgnoreCase(rest, "/head"u8) || StartsWithIgnoreCase(rest, "body"u8))
            {
                return null;
            }

            if (!StartsWithIgnoreCase(rest, "meta"u8) || rest.Length < 5 || !IsSpace(rest[4]))
            {
                continue;
            }

            var end = rest.IndexOf((byte)'>');
            var tag = end < 0 ? rest : rest[..end];
            if (CharsetIn(tag) is { } found)
            {
                return found;
            }
        }

        return null;
    }

    private static string? CharsetIn(ReadOnlySpan<byte> tag)
    {
        var at = IndexOfIgnoreCase(tag, "charset"u8);
        if (at < 0)
        {
            return null;
        }

        var s = tag[(at + 7)..];
        var i = 0;
        while (i < s.Length && IsSpace(s[i]))
        {
            i++;
        }

        if (i >= s.Length || s[i] != '=')
        {
            return null;
        }

        i++;
        while (i < s.Length && (IsSpace(s[i]) || s[i] is (byte)'"' or (byte)'\''))
        {
            i++;
        }

        var start = i;
        while (i < s.Length && s[i] is not ((byte)'"' or (byte)'\'' or (byte)';' or (byte)' ' or (byte)'/' or (byte)'>'))
        {
            i++;
        }

        return i > start ? Encoding.ASCII.GetString(s[start..i]) : null;
    }

    private static bool IsSpace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r' or (byte)'\f';

    private static bool StartsWithIgnoreCase(ReadOnlySpan<byte> s, ReadOnlySpan<byte> lowerPrefix)
    {
        if (s.Length < lowerPrefix.Length)
        {
            return false;
        }

        for (var i = 0; i < lowerPrefix.Length; i++)
        {
            if ((s[i] | 0x20) != lowerPrefix[i])
            {
                return false;
            }
        }

        return true;
    }

    private static int IndexOfIgnoreCase(ReadOnlySpan<byte> s, ReadOnlySpan<byte> lowerNeedle)
    {
        for (var i = 0; i + lowerNeedle.Length <= s.Length; i++)
        {
            if (StartsWithIgnoreCase(s[i..], lowerNeedle))
            {
                return i;
            }
        }

        return -1;
    }
}
