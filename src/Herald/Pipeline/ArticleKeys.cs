using System.Globalization;
using Herald.Model;
using Herald.Text;

namespace Herald.Pipeline;

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
            return "url:" + (UrlCanonicalizer.WebIdentityKey(url) ?? url.Trim());
        }

        // A headline-only listing is known by its day too (the same headline may be listed again another day as
        // news); an article with a body is one article whatever day a page lists it.
        var day = a.Text.Length > 0 ? "" : a.Published?.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "";
        var outlet = a.Outlet is null ? "" : OutletRegistry.KeyOf(a.Outlet);
        return $"h:{outlet}|{TextFolding.HeadlineKey(a.Title)}|{day}";
    }

    /// <summary>Id for an article that brought none: a stable hash of its key.</summary>
    public static string IdOf(Article a) => StableHash.Hex16(KeyOf(a));
}
