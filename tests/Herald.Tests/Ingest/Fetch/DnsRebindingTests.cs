using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Herald.Ingest.Fetch;
using Herald.Model;
using Herald.Pipeline;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Herald.Tests.Ingest.Fetch;

/// <summary>
/// DNS rebinding: a name whose answer changes between two lookups (public when checked, private when used, or the
/// reverse). The guard looks the name up once per connection, inside the connect callback, and connects only to the
/// addresses that lookup gave and the check passed; these tests give it a resolver whose answers are scripted and
/// watch where it connects. Nothing leaves 127.0.0.1: a "public" address is either played by a local server behind a
/// recording connector, or stood in for by a loopback address the options explicitly allow.
/// </summary>
public sealed class DnsRebindingTests : IAsyncLifetime
{
    private const string Host = "feeds.rebind.test";
    private static readonly IPAddress Public = IPAddress.Parse("93.184.216.34");
    private static readonly IPAddress Loopback = IPAddress.Loopback;
    private static readonly IPAddress Admitted = IPAddress.Parse("127.0.0.2");

    private readonly ConcurrentDictionary<string, int> _requestsByLocalAddress = new();
    private WebApplication _server = null!;
    private int _port;

    public async Task InitializeAsync()
    {
        // One port on two loopback addresses: a request that reached 127.0.0.1 (refused) would be seen apart from
        // one that reached 127.0.0.2 (admitted by the options). Every answer closes its connection, so each fetch
        // opens a new one and looks the name up again.
        using (var probe = new TcpListener(Admitted, 0))
        {
            probe.Start();
            _port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Listen(Loopback, _port);
            k.Listen(Admitted, _port);
        });
        _server = builder.Build();
        _server.MapGet("/feed.xml", (HttpContext ctx) =>
        {
            _requestsByLocalAddress.AddOrUpdate(ctx.Connection.LocalIpAddress!.MapToIPv4().ToString(), 1, (_, n) => n + 1);
            ctx.Response.Headers.Connection = "close";
            return Results.Text(
                "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Rebind</title><item><title>One</title><link>https://x.example/1</link></item></channel></rss>",
                "application/rss+xml");
        });
        await _server.StartAsync();
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    /// <summary>A resolver that gives its scripted answers in turn, one per lookup, and counts the lookups.</summary>
    private sealed class ScriptedResolver(params IPAddress[][] answers)
    {
        private int _next;

        public int Lookups => _next;

        public HostResolver Resolve => (host, _) =>
        {
            Assert.Equal(Host, host);
            var n = Interlocked.Increment(ref _next) - 1;
            Assert.True(n < answers.Length, $"lookup {n + 1} of {Host}, only {answers.Length} scripted");
            return Task.FromResult(answers[n]);
        };
    }

    private FetchOptions Options(ScriptedResolver resolver) => new()
    {
        AllowPrivateAddresses = false,
        AllowedNetworks = [new IPNetwork(Admitted, 32)],
        RespectRobots = false,
        MinHostDelay = TimeSpan.Zero,
        Retries = 0,
        Timeout = TimeSpan.FromSeconds(5),
        Resolver = resolver.Resolve,
    };

    private Uri FeedUrl => new($"http://{Host}:{_port}/feed.xml");

    private int RequestsTo(IPAddress address) => _requestsByLocalAddress.GetValueOrDefault(address.ToString());

    [Fact]
    public async Task Fetch_of_a_name_that_turns_private_on_the_second_lookup_is_refused_then()
    {
        var resolver = new ScriptedResolver([Admitted], [Loopback]);
        var options = Options(resolver);
        await using var services = FetchServices.Build(options);
        var fetcher = new FeedFetcher(services.GetRequiredService<IHttpClientFactory>(), options);

        var first = await fetcher.FetchAsync(new FetchRequest(FeedUrl), CancellationToken.None);
        var second = await fetcher.FetchAsync(new FetchRequest(FeedUrl), CancellationToken.None);

        Assert.Equal(FetchOutcome.Fetched, first.Outcome);
        Assert.Equal(FetchFailureKind.PrivateAddress, second.Failure);
        Assert.Contains($"{Host} resolves to 127.0.0.1", second.Problem, StringComparison.Ordinal);
        Assert.Equal(2, resolver.Lookups);
        Assert.Equal(1, RequestsTo(Admitted));
        Assert.Equal(0, RequestsTo(Loopback));
    }

    [Fact]
    public async Task Fetch_of_a_name_that_is_private_first_is_refused_and_fetched_once_it_is_not()
    {
        var resolver = new ScriptedResolver([Loopback], [Admitted]);
        var options = Options(resolver);
        await using var services = FetchServices.Build(options);
        var fetcher = new FeedFetcher(services.GetRequiredService<IHttpClientFactory>(), options);

        var first = await fetcher.FetchAsync(new FetchRequest(FeedUrl), CancellationToken.None);
        Assert.Equal(FetchFailureKind.PrivateAddress, first.Failure);
        Assert.Empty(_requestsByLocalAddress);

        var second = await fetcher.FetchAsync(new FetchRequest(FeedUrl), CancellationToken.None);
        Assert.Equal(FetchOutcome.Fetched, second.Outcome);
        Assert.Equal(2, resolver.Lookups);
        Assert.Equal(1, RequestsTo(Admitted));
        Assert.Equal(0, RequestsTo(Loopback));
    }

    /// <summary>
    /// With a real public address in the answers: the connector records every address the guard hands it and plays
    /// the public host with the local server. The private answer never reaches the connector, whether it comes on the
    /// second lookup, on the first, or beside a public one in the same answer.
    /// </summary>
    [Theory]
    [InlineData("public,private", "fetched,refused")]
    [InlineData("private,public", "refused,fetched")]
    [InlineData("public,10.0.0.5", "fetched,refused")]
    [InlineData("public+private,private", "fetched,refused")]
    [InlineData("private+10.0.0.5,public", "refused,fetched")]
    public async Task The_guard_connects_only_to_addresses_its_one_lookup_gave_and_passed(string lookups, string outcomes)
    {
        IPAddress Parse(string a) => a switch { "public" => Public, "private" => Loopback, _ => IPAddress.Parse(a) };
        var resolver = new ScriptedResolver(lookups.Split(',').Select(l => l.Split('+').Select(Parse).ToArray()).ToArray());
        var connected = new ConcurrentQueue<IPEndPoint>();
        AddressConnector connector = async (endPoint, ct) =>
        {
            connected.Enqueue(endPoint);
            Assert.Equal(Public, endPoint.Address);
            return await AddressGuard.SocketConnector(new IPEndPoint(Loopback, endPoint.Port), ct);
        };
        using var handler = new SocketsHttpHandler
        {
            ConnectCallback = AddressGuard.ConnectCallback(allowPrivate: false, allowed: null, resolver.Resolve, connector),
            PooledConnectionLifetime = TimeSpan.Zero,
        };
        using var http = new HttpClient(handler);

        var got = new List<string>();
        foreach (var _ in outcomes.Split(','))
        {
            try
            {
                using var response = await http.GetAsync(FeedUrl);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                got.Add("fetched");
            }
            catch (HttpRequestException e) when (e.InnerException is PrivateAddressException p)
            {
                Assert.Equal(Host, p.Host);
                got.Add("refused");
            }
            catch (HttpRequestException e)
            {
                got.Add($"failed: {e.Message} ({e.InnerException?.GetType().Name}: {e.InnerException?.Message})");
            }
        }

        Assert.Equal(outcomes.Split(','), got);
        Assert.Equal(got.Count, resolver.Lookups);
        Assert.Equal(got.Count(o => o == "fetched"), connected.Count);
        Assert.All(connected, e => Assert.Equal(new IPEndPoint(Public, _port), e));
    }
}
