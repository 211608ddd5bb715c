using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace Herald.Ingest.Warc;

/// <summary>One HTTP response captured in a WARC file: what the crawler asked for and what came back.</summary>
public sealed record WarcResponse(
    string TargetUri, DateTimeOffset? Date, string RecordId, int Status, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    public string? ContentType => Headers.TryGetValue("content-type", out var v) ? v : null;
}

/// <summary>
/// Reads WARC 1.0/1.1 files (plain or gzip, per-record members as Common Crawl publishes them) and yields
/// the response records with their HTTP payload decoded: status line, headers, chunked transfer
/// coding and gzip/deflate/brotli content coding removed. Other record types are skipped. A truncated or
/// malformed file ends the sequence with <see cref="Problem"/> set, never with an exception.
/// </summary>
public sealed class WarcReader(Stream stream, long maxRecordBytes = 64 * 1024 * 1024)
{
    public string? Problem { get; private set; }

    public static WarcReader Open(string path)
    {
        Stream s = File.OpenRead(path);
        var magic = new byte[2];
        var n = s.Read(magic);
        s.Position = 0;
        if (n == 2 && magic[0] == 0x1f && magic[1] == 0x8b)
        {
            s = new GZipStream(s, CompressionMode.Decompress);
        }

        return new WarcReader(new BufferedStream(s, 1 << 16));
    }

    public IEnumerable<WarcResponse> Responses()
    {
        while (true)
        {
            WarcResponse? response;
            try
            {
                if (!TryReadRecord(out response))
                {
                    yield break;
                }
            }
            catch (InvalidDataException e)
            {
                // A .warc.gz whose compressed stream is damaged: what was read before stays read (found by fuzzing).
                Problem = $"corrupt gzip data: {e.Message}";
                yield break;
            }

            if (response is not null)
            {
                yield return response;
            }
        }
    }

    /// <summary>
    /// Reads one record: false at the end of the file or at a problem (then <see cref="Problem"/> is set), true with
    /// the response, or with null for a record that is not an HTTP response or is too large.
    /// </summary>
    private bool TryReadRecord(out WarcResponse? response)
    {
        response = null;
        var version = ReadLine();
        while (version is not null && version.Length == 0)
        {
            version = ReadLine();
        }

        if (version is null)
        {
            return false;
        }

        if (!version.StartsWith("WARC/", StringComparison.Ordinal))
        {
            Problem = $"expected a WARC record, found \"{Truncate(version)}\"";
            return false;
        }

        var headers = ReadHeaders();
        if (!headers.TryGetValue("content-length", out var lengthText) || !long.TryParse(lengthText, NumberStyles.None, CultureInfo.InvariantCulture, out var length) || length < 0)
        {
            Problem = "WARC record without a valid Content-Length";
            return false;
        }

        if (length > maxRecordBytes)
        {
            Skip(length);
            return true;
        }

        var block = new byte[length];
        if (stream.ReadAtLeast(block, block.Length, throwOnEndOfStream: false) < length)
        {
            Problem = "the file ends inside a record";
            return false;
        }

        if (headers.GetValueOrDefault("warc-type") != "response"
            || !(headers.GetValueOrDefault("content-type") ?? "").StartsWith("application/http", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        var date = DateTimeOffset.TryParse(headers.GetValueOrDefault("warc-date"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var d) ? d : (DateTimeOffset?)null;
        if (ParseHttp(block) is { } http)
        {
            response = new WarcResponse(
                headers.GetValueOrDefault("warc-target-uri")?.Trim('<', '>') ?? "", date, headers.GetValueOrDefault("warc-record-id") ?? "",
                http.Status, http.Headers, http.Body);
        }

        return true;
    }

    private static (int Status, Dictionary<string, string> Headers, byte[] Body)? ParseHttp(byte[] block)
    {
        var end = IndexOf(block, "\r\n\r\n"u8);
        var sep = 4;
        if (end < 0)
        {
            end = IndexOf(block, "\n\n"u8);
            sep = 2;
        }

        if (end < 0)
        {
            return null;
        }

        var head = Encoding.Latin1.GetString(block, 0, end).Split('\n');
        var statusParts = head[0].Split(' ', 3);
        if (statusParts.Length < 2 || !int.TryParse(statusParts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var status))
        {
            return null;
        }

        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in head.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                headers[line[..colon].Trim().ToLowerInvariant()] = line[(colon + 1)..].Trim();
            }
        }

        var body = block[(end + sep)..];
        try
        {
            if (headers.GetValueOrDefault("transfer-encoding")?.Contains("chunked", StringComparison.OrdinalIgnoreCase) == true)
            {
                body = Dechunk(body);
            }

            body = headers.GetValueOrDefault("content-encoding")?.Trim().ToLowerInvariant() switch
            {
                "gzip" or "x-gzip" => Decompress(new GZipStream(new MemoryStream(body), CompressionMode.Decompress)),
                "deflate" => Decompress(new ZLibStream(new MemoryStream(body), CompressionMode.Decompress)),
                "br" => Decompress(new BrotliStream(new MemoryStream(body), CompressionMode.Decompress)),
                _ => body,
            };
        }
        catch (InvalidDataException)
        {
            // Kept as captured; the extractor will judge it.
        }

        return (status, headers, body);
    }

    /// <summary>
    /// The most a captured body may grow to when its Content-Encoding is undone: as much as the extractor reads of a
    /// page, plus one byte so it reports the page as too large. A record is at most 64 MB compressed, but a gzip or
    /// Brotli bomb inside it would otherwise expand to gigabytes in memory.
    /// </summary>
    internal const int MaxDecodedBytes = 16 * 1024 * 1024 + 1;

    private static byte[] Decompress(Stream s)
    {
        using (s)
        {
            using var m = new MemoryStream();
            var buffer = new byte[81920];
            int read;
            while (m.Length < MaxDecodedBytes && (read = s.Read(buffer, 0, (int)Math.Min(buffer.Length, MaxDecodedBytes - m.Length))) > 0)
            {
                m.Write(buffer, 0, read);
            }

            return m.ToArray();
        }
    }

    private static byte[] Dechunk(byte[] body)
    {
        using var m = new MemoryStream();
        var p = 0;
        while (p < body.Length)
        {
            var lineEnd = IndexOf(body.AsSpan(p), "\r\n"u8);
            if (lineEnd < 0)
            {
                break;
            }

            var sizeText = Encoding.ASCII.GetString(body, p, lineEnd).Split(';')[0].Trim();
            if (!int.TryParse(sizeText, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var size) || size == 0)
            {
                break;
            }

            p += lineEnd + 2;
            size = Math.Min(size, body.Length - p);
            m.Write(body, p, size);
            p += size + 2;
        }

        return m.ToArray();
    }

    private Dictionary<string, string> ReadHeaders()
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        string? line;
        while ((line = ReadLine()) is { Length: > 0 })
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                headers[line[..colon].Trim().ToLowerInvariant()] = line[(colon + 1)..].Trim();
            }
        }

        return headers;
    }

    private string? ReadLine()
    {
        var bytes = new List<byte>(128);
        int b;
        while ((b = stream.ReadByte()) >= 0)
        {
            if (b == '\n')
            {
                return Encoding.UTF8.GetString(bytes.ToArray()).TrimEnd('\r');
            }

            bytes.Add((byte)b);
            if (bytes.Count > 64 * 1024)
            {
                return null;
            }
        }

        return bytes.Count == 0 ? null : Encoding.UTF8.GetString(bytes.ToArray());
    }

    private void Skip(long count)
    {
        var buffer = new byte[81920];
        while (count > 0)
        {
            var n = stream.Read(buffer, 0, (int)Math.Min(buffer.Length, count));
            if (n <= 0)
            {
                return;
            }

            count -= n;
        }
    }

    private static int IndexOf(ReadOnlySpan<byte> haystack, ReadOnlySpan<byte> needle) => haystack.IndexOf(needle);

    private static string Truncate(string s) => s.Length > 40 ? s[..40] + "…" : s;
}
