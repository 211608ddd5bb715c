using System.Globalization;
using System.Text.RegularExpressions;
using Herald.Model;

namespace Herald.Broker;

/// <summary>
/// Where the broker is: <c>amqp://user:pass@host:5672/[vhost][?prefix=NAME]</c>. The prefix starts every queue name
/// (default <c>herald</c>), so several Herald installations, or tests, can share one virtual host. Parsing names the
/// problem in one line; <see cref="Display"/> never shows the password.
/// </summary>
public sealed partial record BrokerUrl(Uri Uri, string Display, string Prefix)
{
    private const string Usage = "use amqp://user:pass@host:5672/[vhost]";

    /// <summary>Parses a broker URL; <paramref name="source"/> names where it came from (--broker, HERALD_BROKER) in errors.</summary>
    public static BrokerUrl Parse(string text, string source = "--broker")
    {
        var input = $"{source} \"{Redact(text)}\"";
        if (!text.StartsWith("amqp://", StringComparison.OrdinalIgnoreCase) && !text.StartsWith("amqps://", StringComparison.OrdinalIgnoreCase))
        {
            throw new HeraldException(input, $"is not a broker URL ({Usage})");
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Host.Length == 0)
        {
            throw new HeraldException(input, $"is not a valid URL ({Usage})");
        }

        var vhost = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        if (vhost.Contains('/', StringComparison.Ordinal))
        {
            throw new HeraldException(input, "names a path, not a virtual host (amqp://user:pass@host:5672/VHOST; %2F for /)");
        }

        var prefix = "herald";
        foreach (var part in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = part.Split('=', 2);
            var name = Uri.UnescapeDataString(kv[0]);
            var value = kv.Length > 1 ? Uri.UnescapeDataString(kv[1]) : "";
            if (name != "prefix")
            {
                throw new HeraldException(input, $"has an unknown parameter \"{name}\" (known: prefix)");
            }

            if (!Name().IsMatch(value))
            {
                throw new HeraldException(input, $"has a bad queue prefix \"{value}\" (letters, digits, _ and -, at most 100)");
            }

            prefix = value;
        }

        var user = Uri.UnescapeDataString(uri.UserInfo.Split(':', 2)[0]);
        var port = uri.IsDefaultPort || uri.Port < 0 ? 5672 : uri.Port;
        var display = string.Create(CultureInfo.InvariantCulture,
            $"{uri.Scheme}://{(user.Length > 0 ? user + "@" : "")}{uri.Host}:{port}/{Uri.EscapeDataString(vhost)}{(prefix == "herald" ? "" : "?prefix=" + prefix)}");
        // The client takes the URL without Herald's own parameter.
        var plain = new UriBuilder(uri) { Query = "", Port = port }.Uri;
        return new BrokerUrl(plain, display, prefix);
    }

    /// <summary>The URL with any password replaced by ***, for messages.</summary>
    public static string Redact(string text) => Password().Replace(text, "$1***@");

    public override string ToString() => Display;

    [GeneratedRegex("^(?i)([a-z][a-z0-9+.-]*://[^:/@]*:)[^@/]*@")]
    private static partial Regex Password();

    [GeneratedRegex("^[A-Za-z0-9_-]{1,100}$")]
    private static partial Regex Name();
}
