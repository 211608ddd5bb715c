using Microsoft.Extensions.Logging;

namespace Herald.Web;

/// <summary>
/// How every Herald host logs: Microsoft.Extensions.Logging to standard error (standard output stays the verbs'
/// results), readable lines on a terminal and one JSON object per line otherwise, so a service manager or a log
/// shipper gets structured fields (event id, category, the message's named values) without parsing text.
/// </summary>
public static class HeraldLogging
{
    public const string EnvironmentVariable = "HERALD_LOG_LEVEL";

    /// <summary>Parses a level name as `--log-level` takes it; null when the name is not a level.</summary>
    public static LogLevel? Parse(string? name) => name?.Trim().ToLowerInvariant() switch
    {
        "trace" => LogLevel.Trace,
        "debug" => LogLevel.Debug,
        "information" or "info" => LogLevel.Information,
        "warning" or "warn" => LogLevel.Warning,
        "error" => LogLevel.Error,
        "critical" => LogLevel.Critical,
        "none" => LogLevel.None,
        _ => null,
    };

    /// <summary>Sets <paramref name="builder"/> up for <paramref name="level"/>; <paramref name="json"/> null picks by terminal.</summary>
    public static void Configure(ILoggingBuilder builder, LogLevel level, bool? json = null)
    {
        builder.ClearProviders();
        builder.SetMinimumLevel(level);
        // ASP.NET Core's own information events (one per request, hosting chatter) only at debug and below.
        builder.AddFilter("Microsoft", level <= LogLevel.Debug ? level : LogLevel.Warning);
        builder.AddFilter("System.Net.Http", level <= LogLevel.Debug ? level : LogLevel.Warning);
        // Keys are kept unencrypted in the data folder on purpose (docs/SECURITY: the folder is the secret); saying so
        // at every start would train operators to ignore warnings.
        builder.AddFilter("Microsoft.AspNetCore.DataProtection", level <= LogLevel.Debug ? level : LogLevel.Error);
        if (level == LogLevel.None)
        {
            return;
        }

        builder.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        if (json ?? Console.IsErrorRedirected)
        {
            builder.AddJsonConsole(o =>
            {
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
                o.UseUtcTimestamp = true;
                o.IncludeScopes = false;
            });
        }
        else
        {
            builder.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "HH:mm:ss ";
            });
        }
    }

    public static ILoggerFactory CreateFactory(LogLevel level, bool? json = null) => LoggerFactory.Create(b => Configure(b, level, json));
}
