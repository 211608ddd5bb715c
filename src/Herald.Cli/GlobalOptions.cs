using System.CommandLine;
using Herald.Storage;

namespace Herald.Cli;

/// <summary>Options every verb accepts.</summary>
internal static class GlobalOptions
{
    public static readonly Option<string?> Data = new("--data")
    {
        Description = "Data folder (default: $HERALD_DATA or ./herald-data)",
        Recursive = true,
    };

    public static readonly Option<string?> Store = new("--store")
    {
        Description = "Store URL: sqlite:PATH or postgres://user:pass@host:5432/db (default: $HERALD_STORE, else SQLite in the data folder)",
        Recursive = true,
    };

    /// <summary>Where the store is: --store, else HERALD_STORE, else herald.db in the data folder.</summary>
    public static StoreUrl StoreUrl(ParseResult result) =>
        result.GetValue(Store) is { } url
            ? Herald.Storage.StoreUrl.Parse(url, "--store")
            : Environment.GetEnvironmentVariable("HERALD_STORE") is { Length: > 0 } env
                ? Herald.Storage.StoreUrl.Parse(env, "HERALD_STORE")
                : Herald.Storage.StoreUrl.InFolder(DataDirectory(result));

    public static readonly Option<string?> Broker = new("--broker")
    {
        Description = "Broker URL amqp://user:pass@host:5672/[vhost]: ingest and fetch enqueue work there and `herald worker` does it (default: $HERALD_BROKER, else none: everything runs in this process)",
        Recursive = true,
    };

    /// <summary>The broker --broker or HERALD_BROKER names, or null: then every verb does its work in-process.</summary>
    public static Herald.Broker.BrokerUrl? BrokerUrl(ParseResult result) =>
        result.GetValue(Broker) is { } url
            ? Herald.Broker.BrokerUrl.Parse(url, "--broker")
            : Environment.GetEnvironmentVariable("HERALD_BROKER") is { Length: > 0 } env
                ? Herald.Broker.BrokerUrl.Parse(env, "HERALD_BROKER")
                : null;

    public static readonly Option<string?> LogLevel = new("--log-level")
    {
        Description = "Least severe log event written to stderr: trace, debug, information, warning, error, critical, none "
            + "(default: $HERALD_LOG_LEVEL, else information for serve and run, warning otherwise); JSON lines when stderr is not a terminal",
        Recursive = true,
    };

    /// <summary>The log level asked for, or <paramref name="fallback"/>; a name that is not a level is the user's error.</summary>
    public static Microsoft.Extensions.Logging.LogLevel Level(ParseResult result, Microsoft.Extensions.Logging.LogLevel fallback)
    {
        var (name, from) = result.GetValue(LogLevel) is { } option
            ? (option, "--log-level")
            : (Environment.GetEnvironmentVariable(Herald.Web.HeraldLogging.EnvironmentVariable), Herald.Web.HeraldLogging.EnvironmentVariable);
        if (string.IsNullOrWhiteSpace(name))
        {
            return fallback;
        }

        return Herald.Web.HeraldLogging.Parse(name)
            ?? throw new Herald.Model.HeraldException($"{from} {name}", "not a log level (trace, debug, information, warning, error, critical, none)");
    }

    public static string DataDirectory(ParseResult result) =>
        result.GetValue(Data)
        ?? (Environment.GetEnvironmentVariable("HERALD_DATA") is { Length: > 0 } env
            ? env
            : Path.Combine(Environment.CurrentDirectory, "herald-data"));
}
