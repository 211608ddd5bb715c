using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Herald.Model;

namespace Herald.Pipeline;

/// <summary>
/// Password hashes and sign-in tokens for reader-app accounts. Passwords are hashed with PBKDF2-HMAC-SHA256
/// (600,000 iterations, as OWASP advises for it) and a random 16-byte salt per user; the stored form
/// <c>pbkdf2-sha256$ITERATIONS$SALT$HASH</c> names its parameters, so raising the count later keeps old hashes
/// verifiable. Comparisons are constant-time. Tokens are 32 random bytes, stored only as their SHA-256.
/// </summary>
public static class ReaderPasswords
{
    public const int Iterations = 600_000;
    private const string Scheme = "pbkdf2-sha256";
    private const int SaltBytes = 16;
    private const int HashBytes = 32;

    /// <summary>Longest accepted user name; names are what reader apps send as Email.</summary>
    public const int MaxNameLength = 64;

    public static string Hash(string password) => Hash(password, RandomNumberGenerator.GetBytes(SaltBytes), Iterations);

    internal static string Hash(string password, byte[] salt, int iterations)
    {
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, HashBytes);
        return string.Join('$', Scheme, iterations.ToString(CultureInfo.InvariantCulture), Convert.ToBase64String(salt), Convert.ToBase64String(hash));
    }

    /// <summary>True when <paramref name="password"/> is the one <paramref name="stored"/> was made from; false for a
    /// wrong password or a stored value in no known form.</summary>
    public static bool Verify(string password, string stored)
    {
        var parts = stored.Split('$');
        if (parts.Length != 4 || parts[0] != Scheme
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var iterations) || iterations < 1)
        {
            return false;
        }

        byte[] salt, expected;
        try
        {
            salt = Convert.FromBase64String(parts[2]);
            expected = Convert.FromBase64String(parts[3]);
        }
        catch (FormatException)
        {
            return false;
        }

        var actual = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    /// <summary>A new sign-in token: 64 hex characters.</summary>
    public static string NewToken() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    /// <summary>What the store keeps of a token: its SHA-256, so a copy of the store signs nobody in.</summary>
    public static string TokenHash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>
    /// The Fever API's key for an account: the MD5 of "NAME:PASSWORD" in lower-case hex, as the Fever spec fixes it
    /// (clients compute it themselves, so no stronger hash can be chosen). It is a password equivalent for the Fever
    /// API only, so the store keeps just its SHA-256 (<see cref="FeverTokenHash"/>), like any sign-in token.
    /// </summary>
    public static string FeverKey(string name, string password)
    {
#pragma warning disable CA5351 // MD5 is what the Fever protocol defines for api_key; it is never stored as such.
        return Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(name + ":" + password)));
#pragma warning restore CA5351
    }

    /// <summary>What the store keeps of a Fever key, in the sign-in token table (prefixed so it can never equal a
    /// Google Reader token's hash).</summary>
    public static string FeverTokenHash(string apiKey) => TokenHash("fever:" + apiKey.Trim().ToLowerInvariant());

    /// <summary>Checks a user name: 1-64 characters, no control characters, no spaces at either end.</summary>
    public static string CheckName(string? name)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > MaxNameLength || name.Trim() != name || name.Any(char.IsControl))
        {
            throw new HeraldException(name ?? "", $"not a user name (1-{MaxNameLength} characters, no control characters, no spaces at either end)");
        }

        return name;
    }
}
