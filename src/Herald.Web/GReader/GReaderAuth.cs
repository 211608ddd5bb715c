using System.Security.Cryptography;
using System.Text;
using Herald.Pipeline;
using Microsoft.AspNetCore.Http;

namespace Herald.Web.GReader;

/// <summary>
/// Sign-in for the Google Reader API: ClientLogin trades a user's name and password for a token, which every later
/// request sends as <c>Authorization: GoogleLogin auth=TOKEN</c>. Edits may also carry the short-lived-looking
/// <c>T</c> token from /token; Herald derives it from the sign-in token (no state to keep), and refuses a wrong one.
/// </summary>
internal static class GReaderAuth
{
    /// <summary>A hash of no password, checked when the user is unknown so an unknown name costs as long as a wrong password.</summary>
    private static readonly string DummyHash = ReaderPasswords.Hash("herald-no-such-user");

    public static async Task<ReaderUser?> SignInAsync(string? name, string? password, IReaderStore reader, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(name) || string.IsNullOrEmpty(password))
        {
            return null;
        }

        var user = await reader.GetUserAsync(name, ct);
        var ok = ReaderPasswords.Verify(password, user?.PasswordHash ?? DummyHash);
        return ok ? user : null;
    }

    /// <summary>The token the request signs in with, or null when it sends none.</summary>
    public static string? TokenOf(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        const string scheme = "GoogleLogin auth=";
        return header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) && header.Length > scheme.Length
            ? header[scheme.Length..].Trim()
            : null;
    }

    public static async Task<ReaderUser?> UserAsync(HttpRequest request, IReaderStore reader, CancellationToken ct) =>
        TokenOf(request) is { } token ? await reader.GetUserByTokenAsync(ReaderPasswords.TokenHash(token), ct) : null;

    /// <summary>The edit token for a sign-in token: 57 characters, as Google's were.</summary>
    public static string EditToken(string token) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("herald-greader-edit:" + token)))[..57];

    public static bool EditTokenMatches(string token, string? sent) =>
        sent is null || CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(EditToken(token)), Encoding.UTF8.GetBytes(sent));
}
