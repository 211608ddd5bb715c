using Herald.Storage.Postgres;
using Herald.Storage.Sqlite;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Herald.Web;

/// <summary>
/// What operators and their tools read: `/healthz` for load balancers and service managers (200 when the store
/// answers, 503 with the reason when it does not) and `/metrics` in Prometheus text format. Beyond loopback,
/// /metrics needs the API token as a Bearer token, as Prometheus' `authorization` setting sends it: queue depths and
/// rates say what a server is doing, which is nobody else's business.
/// </summary>
internal static class OperationsEndpoints
{
    /// <summary>
    /// /healthz reads the SQLite file at <paramref name="dbPath"/>, or, when the host serves <paramref name="postgres"/>,
    /// asks that store for its schema version (a query on a pooled connection: a server that is down, refuses the
    /// credentials or lost the schema answers 503).
    /// </summary>
    public static void Map(WebApplication app, string dbPath, PostgresStore? postgres)
    {
        app.MapGet("/healthz", async (HttpContext http, CancellationToken ct) =>
        {
            try
            {
                if (postgres is not null)
                {
                    return Results.Json(new { status = "ok", store = "postgres", schema = await postgres.SchemaVersionAsync(ct) });
                }

                await using var store = SqliteStore.Open(dbPath, pooled: true);
                var version = await store.ContentVersionAsync(ct);
                return Results.Json(new { status = "ok", schema = store.SchemaVersion, contentVersion = version });
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                WebLog.HealthCheckFailed(http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Herald.Web"), e.Message);
                return Results.Json(new { status = "unavailable", reason = e.Message }, statusCode: StatusCodes.Status503ServiceUnavailable);
            }
        }).ExcludeFromDescription();

        app.UseWhen(
            http => http.Request.Path.StartsWithSegments("/metrics", StringComparison.Ordinal),
            branch => branch.Use(async (http, next) =>
            {
                var security = http.RequestServices.GetRequiredService<WebSecurity>();
                if (security.RequireLogin && !security.IsBearerValid(http.Request))
                {
                    http.Response.StatusCode = StatusCodes.Status401Unauthorized;
                    http.Response.Headers.WWWAuthenticate = "Bearer";
                    await http.Response.WriteAsync("metrics need Authorization: Bearer <HERALD_API_TOKEN> when Herald listens beyond loopback\n");
                    return;
                }

                await next(http);
            }));
        app.MapPrometheusScrapingEndpoint("/metrics");
    }
}

/// <summary>The web host's log events (source-generated: no formatting or boxing unless the level is enabled).</summary>
internal static partial class WebLog
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Error, Message = "{Method} {Path} failed")]
    public static partial void RequestFailed(ILogger logger, string method, string path, Exception exception);

    [LoggerMessage(EventId = 101, Level = LogLevel.Warning, Message = "health check failed: {Reason}")]
    public static partial void HealthCheckFailed(ILogger logger, string reason);
}
