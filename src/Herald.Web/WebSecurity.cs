using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Herald.Web;

/// <summary>
/// Who may change things. The API takes <c>Authorization: Bearer TOKEN</c>. Browser forms always carry an
/// antiforgery token (checked by the page handlers); when Herald listens beyond loopback a browser must also
/// hold a session cookie, obtained by signing in with the same token. The cookie's value is an HMAC of a fixed
/// label under the token, so it proves knowledge of the token without containing it, and changing the token
/// signs every browser out.
/// </summary>
internal sealed class WebSecurity(string? apiToken, bool requireLogin)
{
    public const string SessionCookie = "herald_session";

    /// <summary>The rate-limiting policy every sign-in endpoint carries.</summary>
    public const string SignInPolicy = "sign-in";
    public const string FormExpired = "This form expired or did not come from this site; reload the page and try again.";

    public bool RequireLogin { get; } = requireLogin;

    public bool HasToken => apiToken is not null;

    public bool IsTokenValid(string? candidate) =>
        apiToken is not null && candidate is not null &&
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(candidate), Encoding.UTF8.GetBytes(apiToken));

    /// <summary>True when the request carries "Authorization: Bearer" with the configured token.</summary>
    public bool IsBearerValid(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        const string prefix = "Bearer ";
        return header.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && IsTokenValid(header[prefix.Length..].Trim());
    }

    public string SessionValue()
    {
        var key = Encoding.UTF8.GetBytes(apiToken ?? throw new InvalidOperationException("No token configured."));
        return Convert.ToHexStringLower(HMACSHA256.HashData(key, "herald-ui-session-v1"u8));
    }

    /// <summary>A browser may change things: on loopback always (with a form token), elsewhere with a session.</summary>
    public bool MayChange(HttpRequest request) =>
        !RequireLogin ||
        (request.Cookies.TryGetValue(SessionCookie, out var v) &&
         CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(v), Encoding.UTF8.GetBytes(SessionValue())));

    public static CookieOptions SessionCookieOptions(HttpRequest request) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        Secure = request.IsHttps,
        Path = "/",
        MaxAge = TimeSpan.FromDays(7),
    };
}
