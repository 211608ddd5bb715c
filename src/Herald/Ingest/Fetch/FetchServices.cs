using System.Net;
using System.Net.Http.Headers;
using Herald.Pipeline;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace Herald.Ingest.Fetch;

/// <summary>
/// The one HTTP stack: a named client from IHttpClientFactory over a SocketsHttpHandler (gzip, deflate
/// and brotli; our own redirect handling; the private-address check at connect time) with a resilience
/// pipeline that retries transient failures with exponential backoff and jitter, honouring short
/// Retry-After values and leaving long ones (and every 429) to the per-source scheduler.
/// </summary>
public static class FetchServices
{
    public const string ClientName = "herald-fetch";

    public static ServiceProvider Build(FetchOptions options)
    {
        var services = new ServiceCollection();
        services.AddHttpClient(ClientName, client =>
            {
                client.Timeout = Timeout.InfiniteTimeSpan; // the fetcher bounds headers and body together
                client.DefaultRequestHeaders.UserAgent.ParseAdd(options.UserAgent);
                client.DefaultRequestHeaders.Accept.ParseAdd("application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5");
            })
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                AutomaticDecompression = DecompressionMethods.All,
                ConnectCallback = AddressGuard.ConnectCallback(options.AllowPrivateAddresses, options.AllowedNetworks, options.Resolver),
                ConnectTimeout = TimeSpan.FromSeconds(Math.Min(15, options.Timeout.TotalSeconds)),
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                MaxConnectionsPerServer = options.MaxConnectionsPerServer,
                UseCookies = false,
            })
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
            .AddResilienceHandler("herald-retry", builder =>
            {
                if (options.Retries <= 0)
                {
                    return;
                }

                builder.AddRetry(new HttpRetryStrategyOptions
                {
                    MaxRetryAttempts = options.Retries,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    Delay = options.RetryDelay,
                    ShouldRetryAfterHeader = true,
                    ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome, options)),
                });
            });
        return services.BuildServiceProvider();
    }

    private static bool IsTransient(Outcome<HttpResponseMessage> outcome, FetchOptions options)
    {
        if (outcome.Exception is not null)
        {
            // Private addresses, DNS failures and our own cancellation are not worth repeating.
            return outcome.Exception is HttpRequestException { InnerException: not PrivateAddressException } e
                && e.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.ResponseEnded or HttpRequestError.InvalidResponse
                && e.InnerException is not System.Net.Sockets.SocketException { SocketErrorCode: System.Net.Sockets.SocketError.HostNotFound };
        }

        var response = outcome.Result!;
        var status = (int)response.StatusCode;
        if (status is not (500 or 502 or 503 or 504 or 408))
        {
            return false;
        }

        var retryAfter = RetryAfterOf(response.Headers.RetryAfter, DateTimeOffset.UtcNow);
        return retryAfter is null || retryAfter <= options.MaxInlineRetryAfter;
    }

    public static TimeSpan? RetryAfterOf(RetryConditionHeaderValue? header, DateTimeOffset now)
    {
        if (header?.Delta is { } delta)
        {
            return delta;
        }

        if (header?.Date is { } date)
        {
            var wait = date - now;
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return null;
    }
}
