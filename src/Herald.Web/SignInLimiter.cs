using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;

namespace Herald.Web;

/// <summary>
/// The one sign-in budget per client address: <c>N</c> attempts a minute, shared by every way of proving who one is
/// (the browser's token login and Google Reader's ClientLogin, which spend it on every attempt through the
/// <see cref="WebSecurity.SignInPolicy"/> rate-limiting policy, and the Fever API, whose clients send their key with
/// every request and so spend it only on a wrong key). Guessing through one door leaves no fresh budget at another.
/// </summary>
public sealed class SignInLimiter(int perMinute) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(ip =>
        RateLimitPartition.GetFixedWindowLimiter(ip, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = Math.Max(1, perMinute), Window = TimeSpan.FromMinutes(1), QueueLimit = 0,
        }));

    public static string AddressOf(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    /// <summary>Spends one attempt of the address's budget; false when it is used up for this minute.</summary>
    public bool TrySpend(HttpContext http)
    {
        using var lease = _limiter.AttemptAcquire(AddressOf(http));
        return lease.IsAcquired;
    }

    /// <summary>Whether the address has attempts left this minute (spends none).</summary>
    public bool HasBudget(HttpContext http) => _limiter.GetStatistics(AddressOf(http))?.CurrentAvailablePermits is not 0;

    /// <summary>The address's budget as the rate-limiting middleware's partition: a view that spends from this
    /// limiter, and that the middleware may dispose without ending the budget.</summary>
    public RateLimitPartition<string> Partition(HttpContext http) =>
        RateLimitPartition.Get(AddressOf(http), ip => new View(_limiter, ip, Math.Max(1, perMinute)));

    public void Dispose() => _limiter.Dispose();

    private sealed class View(PartitionedRateLimiter<string> limiter, string key, int permits) : RateLimiter
    {
        /// <summary>Idle (and so dropped by the middleware, to be made again on the next attempt) once the address's
        /// budget is whole again: the budget itself lives in the shared limiter.</summary>
        public override TimeSpan? IdleDuration => GetStatistics() is not { } s || s.CurrentAvailablePermits >= permits ? TimeSpan.FromMinutes(1) : null;

        public override RateLimiterStatistics? GetStatistics() => limiter.GetStatistics(key);

        protected override RateLimitLease AttemptAcquireCore(int permitCount) => limiter.AttemptAcquire(key, permitCount);

        protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken) =>
            limiter.AcquireAsync(key, permitCount, cancellationToken);
    }
}
