using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Herald.Publish.Gdelt;

/// <summary>Value formats shared by the three GDELT tables: timestamps, numbers, and text made safe for its delimiters.</summary>
internal static class GdeltFields
{
    internal static readonly TimeSpan Interval = TimeSpan.FromMinutes(15);

    /// <summary>YYYYMMDDHHMMSS in UTC, GDELT's timestamp form.</summary>
    public static string Stamp(DateTimeOffset t) => t.UtcDateTime.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);

    /// <summary>The start of the 15-minute update a time falls in: what GDELT records as DATEADDED.</summary>
    public static DateTimeOffset Batch(DateTimeOffset t)
    {
        var utc = t.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - (utc.Ticks % Interval.Ticks), TimeSpan.Zero);
    }

    public static string Num(double v) => v.ToString("0.######", CultureInfo.InvariantCulture);

    public static string Int(long v) => v.ToString(CultureInfo.InvariantCulture);

    /// <summary>Text for a column: tabs and line breaks (the row and column separators) become spaces.</summary>
    public static string Clean(string? s)
    {
        if (string.IsNullOrEmpty(s))
        {
            return "";
        }

        var b = new StringBuilder(s.Length);
        var space = false;
        foreach (var c in s)
        {
            var ws = c is '\t' or '\r' or '\n' or '\u2028' or '\u2029';
            if (ws && space)
            {
                continue;
            }

            b.Append(ws ? ' ' : c);
            space = ws;
        }

        return b.ToString().Trim();
    }

    /// <summary>Text inside a nested field: also drops the field's own delimiters (e.g. ';' ',' or '#' '|').</summary>
    public static string Nested(string? s, string delimiters)
    {
        var clean = Clean(s);
        if (clean.AsSpan().IndexOfAny(delimiters) < 0)
        {
            return clean;
        }

        var b = new StringBuilder(clean.Length);
        foreach (var c in clean)
        {
            b.Append(delimiters.Contains(c, StringComparison.Ordinal) ? ' ' : c);
        }

        return b.ToString().Trim();
    }

    /// <summary>
    /// A GlobalEventID that stays the same across exports and update files: 53 bits of SHA-256 over the original
    /// article's id and the event's position in its annotations (53 bits so every reader's number type holds it).
    /// </summary>
    public static long EventId(string originalId, int index)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(originalId + "#" + index.ToString(CultureInfo.InvariantCulture)), hash);
        var v = (long)(BitConverter.ToUInt64(hash[..8]) & ((1UL << 53) - 1));
        return v == 0 ? 1 : v;
    }

    /// <summary>The site's domain without "www.", as GDELT's SourceCommonName; null for a URL that is not absolute.</summary>
    public static string? Domain(string? url)
    {
        if (url is null || !Uri.TryCreate(url, UriKind.Absolute, out var u) || u.Host.Length == 0)
        {
            return null;
        }

        var host = u.Host.ToLowerInvariant();
        return host.StartsWith("www.", StringComparison.Ordinal) ? host[4..] : host;
    }

    public static string Xml(string? s)
    {
        var clean = Clean(s);
        return clean.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal)
            .Replace(">", "&gt;", StringComparison.Ordinal).Replace("\"", "&quot;", StringComparison.Ordinal);
    }
}
