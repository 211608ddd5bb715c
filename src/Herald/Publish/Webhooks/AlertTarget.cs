using System.Globalization;
using System.Text.RegularExpressions;
using Herald.Model;

namespace Herald.Publish.Webhooks;

/// <summary>How an alert reaches its receiver.</summary>
public enum AlertKind
{
    /// <summary>Signed JSON (X-Herald-Signature), one POST per story or per digest.</summary>
    Webhook,

    /// <summary>An ntfy-compatible POST: a plain-text body with Title, Tags and Click headers.</summary>
    Ntfy,
}

/// <summary>
/// Where and how a topic's new stories are delivered, as one stored address: <c>https://host/path</c> (a signed
/// webhook), or <c>ntfy://host/topic</c> / <c>ntfys://host/topic</c> (an ntfy server over http / https, the
/// notation Apprise uses), either followed by <c>#digest=6h</c> to collect the stories and send them together every
/// N hours (1-168), counted from when the alert was added. The fragment is never sent, so it can carry this.
/// </summary>
public sealed partial record AlertTarget(AlertKind Kind, Uri PostUrl, TimeSpan? Digest)
{
    public const int MaxDigestHours = 168;

    /// <summary>Parses a stored or typed target; a <see cref="HeraldException"/> names it and the problem.</summary>
    public static AlertTarget Parse(string raw)
    {
        if (!Uri.TryCreate(raw.Trim(), UriKind.Absolute, out var u))
        {
            throw new HeraldException(raw, "not an address (https://…, or ntfy://HOST/TOPIC for an ntfy server)");
        }

        var (kind, scheme) = u.Scheme switch
        {
            "http" or "https" => (AlertKind.Webhook, u.Scheme),
            "ntfy" => (AlertKind.Ntfy, Uri.UriSchemeHttp),
            "ntfys" => (AlertKind.Ntfy, Uri.UriSchemeHttps),
            _ => throw new HeraldException(raw, "not an http(s) address or an ntfy://HOST/TOPIC one"),
        };

        TimeSpan? digest = null;
        if (u.Fragment.Length > 1)
        {
            var m = DigestFragment().Match(u.Fragment);
            if (!m.Success || !int.TryParse(m.Groups[1].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var hours) || hours is < 1 or > MaxDigestHours)
            {
                throw new HeraldException(raw, $"the part after # must be digest=Nh with N from 1 to {MaxDigestHours}");
            }

            digest = TimeSpan.FromHours(hours);
        }

        if (kind == AlertKind.Ntfy && u.AbsolutePath.Trim('/').Length == 0)
        {
            throw new HeraldException(raw, "names no ntfy topic (ntfy://HOST/TOPIC)");
        }

        var post = new UriBuilder(u) { Scheme = scheme, Port = u.IsDefaultPort ? -1 : u.Port, Fragment = "" }.Uri;
        return new AlertTarget(kind, post, digest);
    }

    /// <summary>When the digest that a story queued at <paramref name="now"/> goes out: the first whole multiple of the
    /// interval after the alert was added that is not before now.</summary>
    public DateTimeOffset DueAt(DateTimeOffset created, DateTimeOffset now)
    {
        if (Digest is not { } every || now <= created)
        {
            return Digest is { } e ? created + e : now;
        }

        var periods = (long)Math.Ceiling((now - created).Ticks / (double)every.Ticks);
        return created + TimeSpan.FromTicks(every.Ticks * Math.Max(1, periods));
    }

    /// <summary>How a stored secret marks an ntfy access token: a webhook's secret signs its posts, while an ntfy
    /// alert's secret is sent as <c>Authorization: Bearer TOKEN</c> only when it was given as a token (an ntfy alert
    /// added without one keeps a random secret that is never sent).</summary>
    public const string BearerPrefix = "bearer:";

    public const int MaxTokenLength = 256;

    /// <summary>The access token to send with this alert's posts, or null when none was given.</summary>
    public string? BearerToken(string secret) =>
        Kind == AlertKind.Ntfy && secret.StartsWith(BearerPrefix, StringComparison.Ordinal) ? secret[BearerPrefix.Length..] : null;

    /// <summary>Checks an ntfy access token (printable ASCII without spaces, as an Authorization header carries it)
    /// and gives the secret that stores it.</summary>
    public static string TokenSecret(string token)
    {
        token = token.Trim();
        if (token.Length is 0 or > MaxTokenLength || !token.All(c => c is > ' ' and <= '~'))
        {
            throw new HeraldException("token", $"must be 1-{MaxTokenLength} printable ASCII characters without spaces (an ntfy access token, tk_…)");
        }

        return BearerPrefix + token;
    }

    [GeneratedRegex(@"^#digest=(\d{1,3})h$")]
    private static partial Regex DigestFragment();
}
