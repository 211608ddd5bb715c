using System.Net;
using Herald.Model;
using Herald.Pipeline;
using Herald.Publish.Webhooks;
using Herald.Storage;
using Herald.Storage.Postgres;
using Herald.Storage.Sqlite;
using Herald.Web.Api;
using Herald.Web.Gdelt;
using Herald.Web.GReader;
using Herald.Web.Html;
using Herald.Web.Pages;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace Herald.Web;

/// <summary>
/// Settings for the web host. <paramref name="ApiToken"/> (or HERALD_API_TOKEN) is the secret that API changes
/// need as a Bearer token; it is also what a browser signs in with when Herald listens beyond loopback.
/// </summary>
/// <paramref name="AllowPrivateWebhooks"/> (or HERALD_ALLOW_PRIVATE=1) lets webhooks target loopback and private addresses.
/// <paramref name="LogLevel"/> is the least severe event logged (default: warnings, so embedding hosts and tests stay quiet).
/// <paramref name="SignInAttemptsPerMinute"/> caps sign-in attempts (the browser's token login, the reader API's
/// ClientLogin, wrong Fever keys: one budget, <see cref="SignInLimiter"/>) per client address, so a secret or a password
/// cannot be guessed at the speed of the network.
/// <paramref name="Postgres"/> serves a PostgreSQL store instead of the data folder's herald.db: every page and API
/// call (reader accounts, the source forms, GDELT updates and /healthz too) reads and writes that store; the data
/// folder keeps only the antiforgery keys and the GDELT update files.
public sealed record WebOptions(
    string DataDirectory, int Port = 5080, string Bind = "127.0.0.1", string? ApiToken = null, bool? AllowPrivateWebhooks = null,
    LogLevel? LogLevel = null, int SignInAttemptsPerMinute = 10, TimeSpan? GdeltInterval = null, StoreUrl? Postgres = null);

/// <summary>
/// The web UI, REST API and feeds out: server-rendered HTML, no script needed to read (one small keyboard script from the app itself), a strict Content-Security-Policy, and
/// every scraped string HTML-encoded. One SQLite connection per request; a PostgreSQL store pools its own.
/// </summary>
public static class HeraldWebApp
{
    internal const string Csp = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    public const int MinimumTokenLength = 16;

    public static WebApplication Build(WebOptions options)
    {
        if (!IPAddress.TryParse(options.Bind, out var address))
        {
            throw new HeraldException(options.Bind, "not an IP address to listen on");
        }

        var token = options.ApiToken ?? Environment.GetEnvironmentVariable("HERALD_API_TOKEN");
        if (string.IsNullOrEmpty(token))
        {
            token = null;
        }
        else if (token.Length < MinimumTokenLength)
        {
            throw new HeraldException("HERALD_API_TOKEN", $"is too short to protect anything ({token.Length} characters; use at least {MinimumTokenLength})");
        }

        var loopback = IPAddress.IsLoopback(address);
        if (!loopback && token is null)
        {
            throw new HeraldException(options.Bind, "is reachable from other computers, and no secret is configured: set HERALD_API_TOKEN (16+ characters) or listen on 127.0.0.1");
        }

        var builder = WebApplication.CreateSlimBuilder();
        HeraldLogging.Configure(builder.Logging, options.LogLevel ?? LogLevel.Warning);
        // Engine instruments and ASP.NET Core's request duration, exported for Prometheus at /metrics.
        builder.Services.AddOpenTelemetry().ConfigureResource(r => r.AddService("herald")).WithMetrics(m => m
            .AddMeter(HeraldMetrics.MeterName, "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel")
            .AddPrometheusExporter());
        builder.WebHost.ConfigureKestrel(k => k.Listen(address, options.Port));
        var dbPath = Path.Combine(options.DataDirectory, "herald.db");
        var gdeltFolder = GdeltUpdates.FolderOf(options.DataDirectory);
        PostgresStore? postgres = null;
        if (options.Postgres is { } url)
        {
            if (url.Kind != StoreKind.Postgres)
            {
                throw new HeraldException(url.Display, "is not a PostgreSQL store (the web host serves a SQLite store from its data folder)");
            }

            // One store for the process: it pools its connections, and every call takes its own, so requests share it.
            postgres = (PostgresStore)url.OpenAsync().GetAwaiter().GetResult();
            builder.Services.AddSingleton(_ => postgres);
            builder.Services.AddSingleton<IArticleStore>(postgres);
            builder.Services.AddSingleton<IArticleInsights>(postgres);
            builder.Services.AddSingleton<IWebhookStore>(postgres);
            builder.Services.AddSingleton<IRuleStore>(postgres);
            builder.Services.AddSingleton<IReaderStore>(postgres);
            builder.Services.AddSingleton(sp => new TopicPages(null, sp.GetRequiredService<TimeProvider>()));
            builder.Services.AddSingleton(new WebSources(options.DataDirectory, postgres));
            builder.Services.AddHostedService(sp => new GdeltUpdates(
                null, postgres, gdeltFolder, GdeltUpdates.IntervalFrom(options.GdeltInterval), sp.GetRequiredService<IServer>(),
                sp.GetRequiredService<ILogger<GdeltUpdates>>()));
        }
        else
        {
            builder.Services.AddScoped(_ =>
            {
                // Pooled: the connection, its page cache and FTS5's structure survive the request, so a search reads
                // warm pages. The file is not mapped as well: with pooled connections that measured the same for one query
                // repeated and about 10% faster for eight in turn (bench web --profile), while every pooled connection's
                // mapping counts the store's pages again in the working set (1.4 GB instead of 280 MB after the bench).
                return SqliteStore.Open(dbPath, pooled: true);
            });
            builder.Services.AddScoped<IArticleStore>(sp => sp.GetRequiredService<SqliteStore>());
            builder.Services.AddScoped<IArticleInsights>(sp => sp.GetRequiredService<SqliteStore>());
            builder.Services.AddScoped<IWebhookStore>(sp => sp.GetRequiredService<SqliteStore>());
            builder.Services.AddScoped<IReaderStore>(sp => sp.GetRequiredService<SqliteStore>());
            builder.Services.AddScoped<IRuleStore>(sp => sp.GetRequiredService<SqliteStore>());
            builder.Services.AddSingleton(sp => new TopicPages(dbPath, sp.GetRequiredService<TimeProvider>()));
            builder.Services.AddSingleton(new WebSources(options.DataDirectory, null));
            builder.Services.AddHostedService(sp => new GdeltUpdates(
                dbPath, null, gdeltFolder, GdeltUpdates.IntervalFrom(options.GdeltInterval), sp.GetRequiredService<IServer>(),
                sp.GetRequiredService<ILogger<GdeltUpdates>>()));
        }

        builder.Services.AddSingleton(new WebhookPolicy(options.AllowPrivateWebhooks ?? WebhookRegistry.AllowPrivateFromEnvironment()));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(new WebSecurity(token, requireLogin: !loopback));
        // Antiforgery keys live in the data folder so forms opened before a restart still post after it.
        builder.Services.AddDataProtection().SetApplicationName("Herald")
            .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(Path.GetFullPath(options.DataDirectory), "keys")));
        builder.Services.AddAntiforgery(o =>
        {
            o.SuppressXFrameOptionsHeader = true;
            o.Cookie.Name = "herald_csrf";
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.FormFieldName = "__RequestVerificationToken";
        });
        builder.Services.AddOpenApi("v1", o => o.AddDocumentTransformer((doc, _, _) =>
        {
            doc.Info.Title = "Herald API";
            doc.Info.Description = "Topics, stories, articles, search and sources of a Herald news store. Reading is open; changes need `Authorization: Bearer <HERALD_API_TOKEN>`. Lists take page (from 1) and size (1-100) and answer with items, page, size, total and next. Every GET answers with an ETag; send it back as If-None-Match to get 304.";
            return Task.CompletedTask;
        }));

        var signIn = new SignInLimiter(options.SignInAttemptsPerMinute);
        builder.Services.AddSingleton(_ => signIn);
        builder.Services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(WebSecurity.SignInPolicy, signIn.Partition);
            o.OnRejected = (context, _) =>
            {
                context.HttpContext.Response.Headers.RetryAfter = "60";
                return ValueTask.CompletedTask;
            };
        });

        var app = builder.Build();
        if (postgres is not null)
        {
            // Resolved once so the container owns the store and closes its pool with the app.
            app.Services.GetRequiredService<PostgresStore>();
        }

        // Pooled request connections stay open until the process ends otherwise; close them with the server.
        app.Lifetime.ApplicationStopped.Register(() => Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools());
        app.Use(SecurityHeadersAndErrors);
        app.Use(ETags.Middleware);
        // Before routing, so the reader API's paths are matched after their doubled slashes are collapsed.
        app.Use(GReaderEndpoints.CollapseSlashes);
        app.UseRouting();
        app.UseRateLimiter();
        app.MapOpenApi("/openapi.json");
        OperationsEndpoints.Map(app, dbPath, postgres);
        PageEndpoints.Map(app);
        ApiEndpoints.Map(app);
        WebhookEndpoints.Map(app);
        RuleEndpoints.Map(app);
        GReaderEndpoints.Map(app);
        Fever.FeverEndpoints.Map(app);
        GdeltUpdates.Map(app, gdeltFolder);
        ExportEndpoints.Map(app);
        app.MapFallback((HttpContext http) => http.Request.Path.StartsWithSegments("/api", StringComparison.Ordinal)
            ? ApiResults.Problem(404, "Not found", $"No API endpoint at {http.Request.Path}; see /openapi.json.")
            : PageEndpoints.HtmlResult(ArticleHtml.Message("Not found", $"There is no page at {http.Request.Path}."), 404)).ExcludeFromDescription();
        return app;
    }

    /// <summary>The address the started app listens on (useful with port 0).</summary>
    public static Uri BaseAddress(WebApplication app)
    {
        var feature = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>();
        var first = feature?.Addresses.FirstOrDefault() ?? throw new InvalidOperationException("The app has not started.");
        return new Uri(first.Replace("[::]", "127.0.0.1", StringComparison.Ordinal));
    }

    private static void ApplySecurityHeaders(IHeaderDictionary h)
    {
        h.ContentSecurityPolicy = Csp;
        h.XContentTypeOptions = "nosniff";
        h["Referrer-Policy"] = "no-referrer";
        h.XFrameOptions = "DENY";
        h["Cross-Origin-Opener-Policy"] = "same-origin";
    }

    private static async Task SecurityHeadersAndErrors(HttpContext context, RequestDelegate next)
    {
        ApplySecurityHeaders(context.Response.Headers);
        try
        {
            await next(context);
        }
        catch (Exception e) when (!context.Response.HasStarted && e is not OperationCanceledException)
        {
            var (status, title, message) = e switch
            {
                HeraldException he => (400, "Bad request", he.Message),
                BadHttpRequestException bad => (bad.StatusCode, "Bad request", bad.Message),
                AntiforgeryValidationException => (400, "Bad request", WebSecurity.FormExpired),
                _ => (500, "Server error", "Something went wrong on the server; the error was written to its log."),
            };
            if (status == 500)
            {
                WebLog.RequestFailed(context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Herald.Web"),
                    context.Request.Method, context.Request.Path, e);
            }

            context.Response.Clear();
            ApplySecurityHeaders(context.Response.Headers);
            var result = context.Request.Path.StartsWithSegments("/api", StringComparison.Ordinal)
                ? ApiResults.Problem(status, title, message)
                : PageEndpoints.HtmlResult(ArticleHtml.Message(title, message), status);
            await result.ExecuteAsync(context);
        }
    }
}
