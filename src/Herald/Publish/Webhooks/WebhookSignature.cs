using System.Security.Cryptography;
using System.Text;

namespace Herald.Publish.Webhooks;

/// <summary>
/// The <c>X-Herald-Signature</c> header: <c>sha256=</c> and the lower-case hex HMAC-SHA256 of the exact body bytes
/// under the webhook's secret. Receivers recompute it and compare in constant time.
/// </summary>
public static class WebhookSignature
{
    public const string Header = "X-Herald-Signature";
    public const string DeliveryHeader = "X-Herald-Delivery";
    public const string EventHeader = "X-Herald-Event";
    private const string Prefix = "sha256=";

    public static string Sign(string secret, ReadOnlySpan<byte> body) =>
        Prefix + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    public static bool Verify(string secret, ReadOnlySpan<byte> body, string? header) =>
        header is not null &&
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Sign(secret, body)), Encoding.ASCII.GetBytes(header));

    /// <summary>A fresh random secret (32 bytes, hex) for a webhook registered without one.</summary>
    public static string NewSecret() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
}
