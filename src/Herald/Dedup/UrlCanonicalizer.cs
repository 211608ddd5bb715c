namespace Herald.Dedup;

/// <summary>
/// One spelling per article address, so the same page reached through a feed, a share link and an AMP mirror
/// counts once: lower-case host without "www." or "m.", no fragment, no tracking parameters, sorted query,
/// no trailing slash, no "/amp" ending.
/// </summary>
public static class UrlCanonicalizer
{
    private static readonly HashSet<string> TrackingParameters = new(StringComparer.OrdinalIgnoreCase)
    {
        "fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "cmpid", "cmp", "ref", "ref_src", "src",
        "source", "ocid", "ito", "icid", "smid", "partner", "share", "sh", "rss", "feed", "at_medium", "at_campaign",
        "outputtype", "guccounter", "__twitter_impression", "igshid", "s_cid", "soc_src", "soc_trk",
    };

    /// <summary>The canonical form, or null when <paramref name="url"/> is not an absolute http(s) address.</summary>
    public static string? Canonicalize(string? url)
    {
        if (string.IsNullOrWhiteSpace(url) || !Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            return null;
        }

        var host = uri.Host.ToLowerInvariant();
        foreach (var prefix in (ReadOnlySpan<string>)["www.", "m.", "amp.", "mobile."])
        {
            if (host.StartsWith(prefix, StringComparison.Ordinal) && host.Length > prefix.Length + 3)
            {
                host = host[prefix.Length..];
                break;
            }
        }

        var path = uri.AbsolutePath;
        foreach (var suffix in (ReadOnlySpan<string>)["/amp", "/amp/", ".amp"])
        {
            if (path.EndsWith(suffix, StringComparison.OrdinalIgnoreCase) && path.Length > suffix.Length)
            {
                path = path[..^suffix.Length];
            }
        }

        path = path.TrimEnd('/');
        var query = uri.Query.TrimStart('?')
            .Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Where(p => !IsTracking(p))
            .Order(StringComparer.Ordinal)
            .ToList();
        var q = query.Count == 0 ? "" : "?" + string.Join('&', query);
        return $"https://{host}{path}{q}";
    }

    private static bool IsTracking(string pair)
    {
        var eq = pair.IndexOf('=', StringComparison.Ordinal);
        var name = eq < 0 ? pair : pair[..eq];
        return name.StartsWith("utm_", StringComparison.OrdinalIgnoreCase) || TrackingParameters.Contains(name);
    }
}
