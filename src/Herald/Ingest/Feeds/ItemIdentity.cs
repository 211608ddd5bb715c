using System.Security.Cryptography;
using System.Text;
using Herald.Text;

namespace Herald.Ingest.Feeds;

/// <summary>
/// The ways an item can be recognised again: its GUID within its source, its canonical URL and a hash of
/// its normalised headline and text within its source. An item is already known when ANY key matches,
/// so a feed that rotates GUIDs (URL still matches), adds tracking parameters (canonical URL matches) or
/// republishes under a new address (content hash matches) creates no duplicate.
/// </summary>
public sealed record ItemIdentity(string? Guid, string? CanonicalUrl, string ContentHash)
{
    /// <summary>The identity keys, most specific first. <paramref name="sourceKey"/> scopes GUIDs and hashes.</summary>
    public IReadOnlyList<string> Keys(string sourceKey)
    {
        var keys = new List<string>(3);
        if (CanonicalUrl is not null)
        {
            keys.Add("url:" + UrlCanonicalizer.IdentityKey(CanonicalUrl));
        }

        if (Guid is { Length: > 0 })
        {
            keys.Add("guid:" + sourceKey + "|" + Guid);
        }

        keys.Add("hash:" + sourceKey + "|" + ContentHash);
        return keys;
    }

    /// <summary>The stable article id: derived from the URL when there is one, else from the GUID, else the hash.</summary>
    public string ArticleId(string sourceKey) =>
        Hex(SHA256.HashData(Encoding.UTF8.GetBytes(Keys(sourceKey)[0])))[..16];

    public static ItemIdentity Of(FeedItem item) =>
        Of(item, item.Title?.PlainText ?? "", (item.Content.FirstOrDefault(c => c.Value.Length > 0) ?? item.Summary)?.PlainText ?? "");

    /// <summary>As <see cref="Of(FeedItem)"/>, with the headline and body text already made plain by the caller.</summary>
    public static ItemIdentity Of(FeedItem item, string plainTitle, string plainBody)
    {
        var link = item.Link ?? (item.IdIsLink ? item.Id : null);
        var canonical = link is not null && Uri.TryCreate(link, UriKind.Absolute, out var u) && u.Scheme.StartsWith("http", StringComparison.Ordinal)
            ? UrlCanonicalizer.Canonicalize(link)
            : null;
        return new ItemIdentity(item.Id?.Trim(), canonical, Hash(Normalise(plainTitle) + "\n" + Normalise(plainBody)));
    }

    public static string Hash(string text) => Hex(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..32];

    private static string Normalise(string s)
    {
        var sb = new StringBuilder(s.Length);
        var space = false;
        foreach (var c in s)
        {
            if (char.IsWhiteSpace(c))
            {
                space = sb.Length > 0;
                continue;
            }

            if (space)
            {
                sb.Append(' ');
                space = false;
            }

            sb.Append(char.ToLowerInvariant(c));
        }

        return sb.ToString();
    }

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
}
