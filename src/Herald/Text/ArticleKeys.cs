using System.Globalization;
using Herald.Model;

namespace Herald.Text;

/// <summary>
/// The identity of an article in the store: its canonical URL when known, else outlet + normalised headline +
/// day (listings such as the seed's related posts carry no URL). Equal keys are the same article.
/// </summary>
public static class ArticleKeys
{
    public static string KeyOf(Article a)
    {
        var url = a.CanonicalUrl ?? a.Url;
        if (!string.IsNullOrWhiteSpace(url))
        {
            return "url:" + NormalizeUrl(url);
        }

        var day = a.Published?.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "";
        var outlet = a.Outlet is null ? "" : OutletRegistry.KeyOf(a.Outlet);
        return $"h:{outlet}|{TextFolding.HeadlineKey(a.Title)}|{day}";
    }

    /// <summary>Id for an article that brought none: a stable hash of its key.</summary>
    public static string IdOf(Article a) => StableHash.Hex16(KeyOf(a));

    /// <summary>Scheme and host lower-cased, default port, fragment and trailing slash dropped.</summary>
    public static string NormalizeUrl(string url)
    {
        if (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            return url.Trim();
        }

        var path = uri.AbsolutePath.Length > 1 ? uri.AbsolutePath.TrimEnd('/') : "";
        var port = uri.IsDefaultPort ? "" : ":" + uri.Port.ToString(CultureInfo.InvariantCulture);
        var host = uri.Host.StartsWith("www.", StringComparison.OrdinalIgnoreCase) ? uri.Host[4..] : uri.Host;
        return $"{uri.Scheme}://{host.ToLowerInvariant()}{port}{path}{uri.Query}";
    }
}
