namespace Herald.Extract;

/// <summary>Recognises content that is not text before any decoding is tried.</summary>
internal static class BinarySniffer
{
    private const int Window = 4096;

    /// <summary>What the bytes are when they are not text ("a PDF document"), or null for text.</summary>
    public static string? Describe(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith("%PDF"u8))
        {
            return "a PDF document, not HTML";
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G']) || bytes.StartsWith("GIF8"u8)
            || bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]) || (bytes.StartsWith("RIFF"u8) && bytes.Length > 12 && bytes[8..12].SequenceEqual("WEBP"u8)))
        {
            return "an image, not HTML";
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0x1F, 0x8B]))
        {
            return "gzip-compressed data (decompress it first)";
        }

        if (bytes.StartsWith("PK\u0003\u0004"u8) || bytes.StartsWith((ReadOnlySpan<byte>)[0x37, 0x7A, 0xBC, 0xAF]))
        {
            return "an archive, not HTML";
        }

        // UTF-16 text has NULs by design; the BOM says so and the decoder handles it.
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return null;
        }

        var head = bytes.Length > Window ? bytes[..Window] : bytes;
        var control = 0;
        foreach (var b in head)
        {
            if (b == 0)
            {
                return "binary data (contains NUL bytes), not HTML";
            }

            if (b < 0x09 || (b is > 0x0D and < 0x20 && b != 0x1B))
            {
                control++;
            }
        }

        return control * 20 > head.Length ? "binary data, not HTML" : null;
    }
}
