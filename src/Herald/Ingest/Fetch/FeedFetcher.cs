using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using Herald.Model;
using Herald.Pipeline;

namespace Herald.Ingest.Fetch;

/// <summary>
/// Fetches one URL politely and defensively: robots.txt (cached per host), one request per host at a
/// time with a minimum delay, conditional GET cross-checked with a content hash, redirects followed by
/// hand with loop detection and a bound, one deadline for headers and body, a body size cap applied
/// after decompression (so a gzip bomb stops at the cap). Every failure becomes a
/// <see cref="FetchFailureKind"/>; only caller cancellation escapes as an exception.
/// </summary>
public sealed class FeedFetcher
{
    private readonly HttpClient _client;
    private readonly FetchOptions _options;
    private readonly HostGate _gate;
    private readonly HostHealth _health;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, (RobotsTxt Robots, DateTimeOffset Until)> _robots = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _robotsLocks = new(StringComparer.OrdinalIgnoreCase);

    public FeedFetcher(IHttpClientFactory factory, FetchOptions options, TimeProvider? time = null)
    {
        _client = factory.CreateClient(FetchServices.ClientName);
        _options = options;
        _time = time ?? TimeProvider.System;
        _gate = new HostGate(_time);
        _health = new HostHealth(_time, options.NegativeDnsFor, options.DeadHostFor, options.DeadHostAfter);
    }

    public FetchOptions Options => _options;

    public async Task<FetchResult> FetchAsync(FetchRequest request, CancellationToken ct)
    {
        var url = request.Url;
        if (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps)
        {
            return FetchResult.Fail(url, FetchFailureKind.HttpStatus, $"unsupported scheme {url.Scheme}");
        }

        var visited = new HashSet<string>(StringComparer.Ordinal) { url.AbsoluteUri };
        var allPermanent = true;
        for (var hop = 0; ; hop++)
        {
            if (!HasAsciiHost(url))
            {
                // A feed item's link (or a redirect) whose host Uri accepts but cannot spell in ASCII (a label whose
                // IDNA form is longer than 63 characters, say). Every host-keyed step below reads the IDN host, so
                // the address is refused here, as one that cannot resolve, instead of throwing.
                return FetchResult.Fail(request.Url, FetchFailureKind.Dns, $"the host of {url.OriginalString} has no ASCII (IDNA) form");
            }

            if (_options.RespectRobots && !await RobotsAllowAsync(url, ct))
            {
                return FetchResult.Fail(request.Url, FetchFailureKind.Robots, $"robots.txt of {url.Authority} disallows {url.AbsolutePath}");
            }

            var single = await FetchOnceAsync(request, url, ct);
            if (single.Redirect is not { } next)
            {
                var result = single.Result!;
                return result with
                {
                    RequestedUrl = request.Url,
                    FinalUrl = url,
                    MovedPermanently = hop > 0 && allPermanent && result.Outcome != FetchOutcome.Failed ? url : null,
                };
            }

            allPermanent &= single.Permanent;
            if (hop + 1 > _options.MaxRedirects)
            {
                return FetchResult.Fail(request.Url, FetchFailureKind.HttpStatus, $"more than {_options.MaxRedirects} redirects", single.Status);
            }

            if (!visited.Add(next.AbsoluteUri))
            {
                return FetchResult.Fail(request.Url, FetchFailureKind.HttpStatus, $"redirect loop at {next}", single.Status);
            }

            if (next.Scheme != Uri.UriSchemeHttp && next.Scheme != Uri.UriSchemeHttps)
            {
                return FetchResult.Fail(request.Url, FetchFailureKind.HttpStatus, $"redirect to unsupported scheme {next.Scheme}", single.Status);
            }

            url = next;
        }
    }

    private sealed record Single(FetchResult? Result, Uri? Redirect, bool Permanent, int Status);

    private static bool HasAsciiHost(Uri url)
    {
        try
        {
            return url.IdnHost.Length > 0;
        }
        catch (UriFormatException)
        {
            return false;
        }
    }

    private async Task<Single> FetchOnceAsync(FetchRequest request, Uri url, CancellationToken ct)
    {
        if (_health.Blocked(url.IdnHost) is { } blocked)
        {
            return new Single(FetchResult.Fail(url, blocked.Kind, blocked.Problem), null, false, 0);
        }

        var single = await FetchThroughGateAsync(request, url, ct);
        _health.Record(url.IdnHost, single.Result ?? new FetchResult { Outcome = FetchOutcome.Fetched, RequestedUrl = url, Status = single.Status });
        return single;
    }

    private async Task<Single> FetchThroughGateAsync(FetchRequest request, Uri url, CancellationToken ct)
    {
        using var lease = await _gate.EnterAsync(url.IdnHost, _options.MinHostDelay, ct);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(_options.Timeout);
        using var message = new HttpRequestMessage(HttpMethod.Get, url);
        if (!request.Unconditional && url == request.Url)
        {
            if (request.ETag is { Length: > 0 } etag)
            {
                message.Headers.TryAddWithoutValidation("If-None-Match", etag);
            }

            if (request.LastModified is { Length: > 0 } lm)
            {
                message.Headers.TryAddWithoutValidation("If-Modified-Since", lm);
            }
        }

        try
        {
            using var response = await _client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
            var status = (int)response.StatusCode;
            if (status is 301 or 302 or 303 or 307 or 308 && response.Headers.Location is { } location)
            {
                var next = location.IsAbsoluteUri ? location : new Uri(url, location);
                return new Single(null, next, status is 301 or 308, status);
            }

            var retryAfter = FetchServices.RetryAfterOf(response.Headers.RetryAfter, _time.GetUtcNow());
            if (retryAfter is { } ra && status is 429 or 503)
            {
                // The host's other sources wait briefly; a long Retry-After is the scheduler's business for
                // this source, so one busy endpoint cannot stall a whole polling cycle.
                _gate.PauseOnce(url.IdnHost, ra < _options.MaxInlineRetryAfter ? ra : _options.MaxInlineRetryAfter);
            }

            if (status == 304)
            {
                return Done(new FetchResult
                {
                    Outcome = FetchOutcome.NotModified, RequestedUrl = url, Status = status,
                    ETag = request.ETag, LastModified = request.LastModified, ContentHash = request.ContentHash,
                    CacheFor = CacheLifetime(response),
                });
            }

            if (status is < 200 or > 299)
            {
                return Done(FetchResult.Fail(url, FetchFailureKind.HttpStatus, $"HTTP {status} {response.ReasonPhrase}".TrimEnd(), status, retryAfter));
            }

            if (response.Content.Headers.ContentLength is { } declared && declared > _options.MaxBodyBytes)
            {
                return Done(FetchResult.Fail(url, FetchFailureKind.TooLarge, $"{declared} bytes declared, the limit is {_options.MaxBodyBytes}", status));
            }

            var body = await ReadCappedAsync(response, deadline.Token);
            if (body is null)
            {
                return Done(FetchResult.Fail(url, FetchFailureKind.TooLarge, $"more than {_options.MaxBodyBytes} bytes", status));
            }

            var hash = Convert.ToHexStringLower(SHA256.HashData(body));
            var etagOut = response.Headers.ETag?.ToString();
            var lastModified = response.Content.Headers.LastModified?.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
            return Done(new FetchResult
            {
                Outcome = hash == request.ContentHash ? FetchOutcome.Unchanged : FetchOutcome.Fetched,
                RequestedUrl = url, Status = status, Body = body,
                ContentType = response.Content.Headers.ContentType?.ToString(),
                ETag = etagOut, LastModified = lastModified, ContentHash = hash,
                CacheFor = CacheLifetime(response),
            });
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return Done(FetchResult.Fail(url, FetchFailureKind.Timeout, $"no complete answer within {_options.Timeout.TotalSeconds:0.#} s"));
        }
        catch (HttpRequestException e)
        {
            return Done(Classify(url, e));
        }
        catch (IOException e)
        {
            return Done(FetchResult.Fail(url, FetchFailureKind.Connect, $"connection broken while reading: {e.Message}"));
        }

        static Single Done(FetchResult r) => new(r, null, false, r.Status);
    }

    private static FetchResult Classify(Uri url, HttpRequestException e)
    {
        for (Exception? inner = e; inner is not null; inner = inner.InnerException)
        {
            switch (inner)
            {
                case PrivateAddressException p:
                    return FetchResult.Fail(url, FetchFailureKind.PrivateAddress, p.Message);
                case AuthenticationException a:
                    return FetchResult.Fail(url, FetchFailureKind.Tls, a.Message);
                case SocketException { SocketErrorCode: SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain }:
                    return FetchResult.Fail(url, FetchFailureKind.Dns, $"{url.Host} could not be resolved");
                case SocketException s:
                    return FetchResult.Fail(url, FetchFailureKind.Connect, $"{url.Authority}: {s.SocketErrorCode}");
                default:
                    break;
            }
        }

        return e.HttpRequestError switch
        {
            HttpRequestError.NameResolutionError => FetchResult.Fail(url, FetchFailureKind.Dns, $"{url.Host} could not be resolved"),
            HttpRequestError.SecureConnectionError => FetchResult.Fail(url, FetchFailureKind.Tls, e.Message),
            _ => FetchResult.Fail(url, FetchFailureKind.Connect, e.Message),
        };
    }

    private async Task<byte[]?> ReadCappedAsync(HttpResponseMessage response, CancellationToken ct)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        using var buffer = new MemoryStream();
        var chunk = new byte[16384];
        int read;
        while ((read = await stream.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > _options.MaxBodyBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private TimeSpan? CacheLifetime(HttpResponseMessage response)
    {
        if (response.Headers.CacheControl is { } cc)
        {
            if (cc.NoStore || cc.NoCache)
            {
                return TimeSpan.Zero;
            }

            if (cc.MaxAge is { } maxAge)
            {
                return maxAge;
            }
        }

        if (response.Content.Headers.Expires is { } expires)
        {
            var now = response.Headers.Date ?? _time.GetUtcNow();
            return expires > now ? expires - now : TimeSpan.Zero;
        }

        return null;
    }

    private async Task<bool> RobotsAllowAsync(Uri url, CancellationToken ct)
    {
        var key = url.GetLeftPart(UriPartial.Authority);
        var now = _time.GetUtcNow();
        if (_robots.TryGetValue(key, out var cached) && cached.Until > now)
        {
            return cached.Robots.IsAllowed(url);
        }

        var gate = _robotsLocks.GetOrAdd(key, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct);
        try
        {
            if (_robots.TryGetValue(key, out cached) && cached.Until > now)
            {
                return cached.Robots.IsAllowed(url);
            }

            var robots = await LoadRobotsAsync(new Uri(key + "/robots.txt"), ct);
            var until = _time.GetUtcNow() + (ReferenceEquals(robots, RobotsTxt.DisallowAll) ? TimeSpan.FromMinutes(30) : _options.RobotsCacheFor);
            _robots[key] = (robots, until);
            if (robots.CrawlDelay is { } delay)
            {
                _gate.SetCrawlDelay(url.IdnHost, delay);
            }

            return robots.IsAllowed(url);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>RFC 9309 §2.3.1: 4xx means no rules; 5xx or unreachable means assume complete disallow for now.</summary>
    private async Task<RobotsTxt> LoadRobotsAsync(Uri robotsUrl, CancellationToken ct)
    {
        var url = robotsUrl;
        for (var hop = 0; hop < 5; hop++)
        {
            var single = await FetchOnceAsync(new FetchRequest(url) { Unconditional = true }, url, ct);
            if (single.Redirect is { } next)
            {
                url = next;
                continue;
            }

            var r = single.Result!;
            if (r.Outcome == FetchOutcome.Failed)
            {
                // A server error means "assume disallowed for now"; a network failure is left to the feed
                // request itself, which then reports the real kind (DNS, connect, private address…).
                return r.Status >= 500 ? RobotsTxt.DisallowAll : RobotsTxt.AllowAll;
            }

            var text = System.Text.Encoding.UTF8.GetString(r.Body.AsSpan(0, (int)Math.Min(r.Body.Length, 512 * 1024)));
            return RobotsTxt.Parse(text, "Herald");
        }

        return RobotsTxt.AllowAll;
    }
}
