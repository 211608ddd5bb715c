using System.Text;

namespace Herald.Text;

/// <summary>
/// Shared by every stage (ingest identity, copy detection, the store's article key), so one address has one
/// spelling everywhere. One URL per article however it was linked: tracking parameters (utm_*, fbclid, gclid…) removed,
/// AMP and mobile variants mapped to the main page, host lower-cased, default port and fragment dropped,
/// remaining query parameters sorted. <see cref="IdentityKey"/> goes further (no scheme, no www, no
/// trailing slash) and is what item identity compares.
/// </summary>
public static class UrlCanonicalizer
{
    private static readonly HashSet<string> TrackingParameters = new(StringComparer.OrdinalIgnoreCase)
    {
        "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "mc_cid", "mc_eid", "igshid", "_ga", "_gl",
        "_hsenc", "_hsmi", "mkt_tok", "cmpid", "ocid", "smid", "s_cid", "ito", "at_medium", "at_campaign",
        "at_custom1", "at_custom2", "at_custom3", "at_custom4", "ns_source", "ns_mchannel", "ns_campaign",
        "ns_linkname", "ns_fee", "__twitter_impression", "xtor", "ncid", "sr_share", "guccounter", "spm",
        "amp", "outputtype", "output", "usqp",
    };

    private static readonly string[] MobileHostPrefixes = ["m.", "mobile.", "mobil.", "amp.", "mobi."];

    /// <summary>The canonical form of an absolute http(s) URL; other input comes back trimmed and unchanged.</summary>
    public static string Canonicalize(string url)
    {
        var trimmed = url.Trim();
        if (!Uri.TryCreate(trimmed, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            return trimmed;
        }

        return Canonical(trimmed, uri);
    }

    /// <summary><see cref="Canonicalize"/> of an http(s) address already parsed (<paramref name="trimmed"/> is its
    /// text), so callers that parsed it to check it do not parse it again.</summary>
    private static string Canonical(string trimmed, Uri uri)
    {
        string host;
        try
        {
            host = uri.IdnHost.ToLowerInvariant().TrimEnd('.');
        }
        catch (UriFormatException)
        {
            // Uri accepts some hosts its IDN conversion then refuses (found by AFL++: a run of bytes a feed's link
            // reads as Latin-1 "ã", making a label whose ASCII form is longer than DNS's 63 characters): no client
            // could fetch it, so it is kept as it came.
            return trimmed;
        }

        var path = uri.AbsolutePath;

        // Google's AMP cache: https://www-example-com.cdn.ampproject.org/c/s/www.example.com/path
        if (host.EndsWith(".cdn.ampproject.org", StringComparison.Ordinal))
        {
            var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries).ToList();
            var skip = 0;
            while (skip < parts.Count && parts[skip] is "c" or "s" or "v" or "i")
            {
                skip++;
            }

            if (skip < parts.Count)
            {
                host = parts[skip].ToLowerInvariant();
                path = "/" + string.Join('/', parts.Skip(skip + 1)) + (uri.AbsolutePath.EndsWith('/') ? "/" : "");
            }
        }

        foreach (var prefix in MobileHostPrefixes)
        {
            if (host.StartsWith(prefix, StringComparison.Ordinal) && host.Count(c => c == '.') >= 2)
            {
                host = "www." + host[prefix.Length..];
                break;
            }
        }

        path = StripAmpPath(path);
        var query = CleanQuery(uri.Query);
        var sb = new StringBuilder();
        sb.Append(uri.Scheme).Append("://").Append(host);
        if (!uri.IsDefaultPort)
        {
            sb.Append(':').Append(uri.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        sb.Append(path.Length == 0 ? "/" : path);
        if (query.Length > 0)
        {
            sb.Append('?').Append(query);
        }

        return sb.ToString();
    }

    /// <summary>
    /// The key two links to the same article share: canonical form without scheme, "www." or a trailing
    /// slash. Not a URL; only for comparing.
    /// </summary>
    public static string IdentityKey(string url) => Identity(Canonicalize(url));

    private static string Identity(string canonical)
    {
        var rest = canonical.StartsWith("https://", StringComparison.Ordinal) ? canonical[8..]
            : canonical.StartsWith("http://", StringComparison.Ordinal) ? canonical[7..]
            : canonical;
        if (rest.StartsWith("www.", StringComparison.Ordinal))
        {
            rest = rest[4..];
        }

        var q = rest.IndexOf('?', StringComparison.Ordinal);
        var pathPart = q < 0 ? rest : rest[..q];
        if (pathPart.EndsWith('/') && pathPart.Contains('/', StringComparison.Ordinal))
        {
            pathPart = pathPart.TrimEnd('/');
        }

        return q < 0 ? pathPart : pathPart + rest[q..];
    }

    /// <summary>
    /// <see cref="IdentityKey"/> for an absolute http(s) address, or null for anything else ("mailto:", text that is
    /// not a URL): what copy detection and the store compare.
    /// </summary>
    public static string? WebIdentityKey(string? url)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            return null;
        }

        var trimmed = url.Trim();
        return !Uri.TryCreate(trimmed, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            ? null
            : Identity(Canonical(trimmed, uri));
    }

    private static string StripAmpPath(string path)
    {
        if (path.EndsWith("/amp", StringComparison.OrdinalIgnoreCase) || path.EndsWith("/amp/", StringComparison.OrdinalIgnoreCase))
        {
            path = path[..path.LastIndexOf("/amp", StringComparison.OrdinalIgnoreCase)] + "/";
        }

        if (path.StartsWith("/amp/", StringComparison.OrdinalIgnoreCase))
        {
            path = path[4..];
        }

        path = path.Replace("/amp/", "/", StringComparison.OrdinalIgnoreCase);
        if (path.EndsWith(".amp.html", StringComparison.OrdinalIgnoreCase))
        {
            path = path[..^9] + ".html";
        }
        else if (path.EndsWith(".amp", StringComparison.OrdinalIgnoreCase))
        {
            path = path[..^4];
        }

        return path;
    }

    private static string CleanQuery(string query)
    {
        if (query.Length <= 1)
        {
            return "";
        }

        var kept = query.TrimStart('?')
            .Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Where(p =>
            {
                var eq = p.IndexOf('=', StringComparison.Ordinal);
                var name = Uri.UnescapeDataString(eq < 0 ? p : p[..eq]);
                return !name.StartsWith("utm_", StringComparison.OrdinalIgnoreCase) && !TrackingParameters.Contains(name);
            })
            .Order(StringComparer.Ordinal);
        return string.Join('&', kept);
    }
}
