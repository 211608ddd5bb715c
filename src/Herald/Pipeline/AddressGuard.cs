using System.Net;
using System.Net.Sockets;

namespace Herald.Pipeline;

/// <summary>Raised inside the connect callback when every address of a host is private.</summary>
public sealed class PrivateAddressException(string host, IPAddress address)
    : Exception($"{host} resolves to {address}, a private or local address")
{
    public string Host { get; } = host;
}

/// <summary>The name lookup a connection starts with: the system resolver unless given another (a test's whose answer changes).</summary>
public delegate Task<IPAddress[]> HostResolver(string host, CancellationToken ct);

/// <summary>Opens a connection to one address the guard has checked: a TCP socket unless given another (a test's).</summary>
public delegate ValueTask<Stream> AddressConnector(IPEndPoint endPoint, CancellationToken ct);

/// <summary>
/// Refuses addresses a feed URL must never reach: loopback, RFC 1918 private ranges, carrier-grade NAT,
/// link-local (which includes the cloud metadata service 169.254.169.254), unique-local IPv6, multicast,
/// unspecified and the IPv4-mapped forms of all of them. Checked after DNS resolution, at connect time,
/// so every redirect hop and every DNS answer is covered.
/// It lives beside the pipeline rather than in a stage because two stages open connections to addresses users
/// give: Ingest fetches feeds and pages, Publish delivers webhooks; it is network policy, not text, so not Text.
/// </summary>
public static class AddressGuard
{
    public static bool IsPrivate(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.Broadcast))
        {
            return true;
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return b[0] switch
            {
                0 or 10 or 127 => true,
                100 => b[1] is >= 64 and <= 127,           // 100.64.0.0/10 carrier-grade NAT
                169 => b[1] == 254,                         // link-local and cloud metadata
                172 => b[1] is >= 16 and <= 31,
                192 => (b[1] == 168) || (b[1] == 0 && b[2] is 0 or 2) || (b[1] == 88 && b[2] == 99),
                198 => b[1] is 18 or 19 || (b[1] == 51 && b[2] == 100),
                203 => b[1] == 0 && b[2] == 113,
                >= 224 => true,                             // multicast and reserved
                _ => false,
            };
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var b = address.GetAddressBytes();
            // Forms that carry an IPv4 address a gateway may route to: judged by that address.
            if (EmbeddedIPv4(b) is { } inner)
            {
                return IsPrivate(inner);
            }

            return address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast
                || (b[0] & 0xFE) == 0xFC                     // fc00::/7 unique local
                || (b[0] == 0xfd && b[1] == 0x00 && b[2] == 0x0e && b[3] == 0xc2) // AWS IMDS over IPv6 (inside fc00::/7 anyway)
                || (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8) // documentation
                || (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x00 && b[3] == 0x00) // Teredo: the client's address is obfuscated inside
                || (b[0] == 0x01 && b[1] == 0x00 && b.AsSpan(2, 6).IndexOfAnyExcept((byte)0) < 0); // 100::/64 discard
        }

        return true;
    }

    /// <summary>
    /// The IPv4 address inside IPv4-compatible (::a.b.c.d, deprecated but still parsed), NAT64 (64:ff9b::/96, RFC 6052)
    /// and 6to4 (2002::/16, RFC 3056) addresses; null for any other IPv6 address. "::" and "::1" are not
    /// IPv4-compatible forms and are left to the loopback and unspecified checks.
    /// </summary>
    private static IPAddress? EmbeddedIPv4(byte[] b)
    {
        var span = b.AsSpan();
        if (span[..12].IndexOfAnyExcept((byte)0) < 0 && (b[12] | b[13]) != 0)
        {
            return new IPAddress(span[12..]);
        }

        if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b && span[4..12].IndexOfAnyExcept((byte)0) < 0)
        {
            return new IPAddress(span[12..]);
        }

        return b[0] == 0x20 && b[1] == 0x02 ? new IPAddress(span[2..6]) : null;
    }

    /// <summary>The system resolver.</summary>
    public static readonly HostResolver SystemResolver = (host, ct) => Dns.GetHostAddressesAsync(host, ct);

    /// <summary>A TCP socket to the address, Nagle off.</summary>
    public static readonly AddressConnector SocketConnector = async (endPoint, ct) =>
    {
        var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(endPoint, ct);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    };

    /// <summary>
    /// A SocketsHttpHandler connect callback that resolves, filters and connects. <paramref name="allowed"/> lists
    /// private networks that may still be reached (an intranet feed server) when private addresses are refused.
    /// Each connection looks the name up once and connects only to the very addresses that lookup gave and the check
    /// passed, so a redirect hop or a DNS answer that changes between two lookups (rebinding) cannot slip past:
    /// there is no earlier check to outwit. <paramref name="resolve"/> and <paramref name="connect"/> default to the
    /// system resolver and a TCP socket; tests give their own to simulate rebinding without leaving the machine.
    /// </summary>
    public static Func<SocketsHttpConnectionContext, CancellationToken, ValueTask<Stream>> ConnectCallback(
        bool allowPrivate, IReadOnlyList<IPNetwork>? allowed = null, HostResolver? resolve = null, AddressConnector? connect = null)
    {
        resolve ??= SystemResolver;
        connect ??= SocketConnector;
        return async (context, ct) =>
        {
            var host = context.DnsEndPoint.Host;
            var addresses = IPAddress.TryParse(host.Trim('[', ']'), out var literal)
                ? [literal]
                : await resolve(host, ct);
            if (!allowPrivate)
            {
                bool Refused(IPAddress a) => IsPrivate(a) && !(allowed ?? []).Any(n => n.Contains(a.IsIPv4MappedToIPv6 ? a.MapToIPv4() : a));
                var blocked = addresses.FirstOrDefault(Refused);
                addresses = addresses.Where(a => !Refused(a)).ToArray();
                if (addresses.Length == 0 && blocked is not null)
                {
                    throw new PrivateAddressException(host, blocked);
                }
            }

            Exception? last = null;
            foreach (var address in addresses)
            {
                try
                {
                    return await connect(new IPEndPoint(address, context.DnsEndPoint.Port), ct);
                }
                catch (SocketException e)
                {
                    last = e;
                }
            }

            throw last ?? new SocketException((int)SocketError.HostNotFound);
        };
    }
}
