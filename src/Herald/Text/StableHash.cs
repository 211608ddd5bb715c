using System.Security.Cryptography;
using System.Text;

namespace Herald.Text;

/// <summary>Stable, platform-independent hashes for ids and content fingerprints.</summary>
public static class StableHash
{
    /// <summary>First 16 hex digits of SHA-256 over the UTF-8 text: short enough for URLs, wide enough for ids.</summary>
    public static string Hex16(string text)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(text), hash);
        return Convert.ToHexStringLower(hash[..8]);
    }
}
