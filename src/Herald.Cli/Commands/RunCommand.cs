using System.CommandLine;
using Herald.Ingest.Fetch;
using Microsoft.Extensions.Logging;

namespace Herald.Cli.Commands;

/// <summary>
/// `herald run`: the monitor as one long-running process — the web UI, API and /metrics, and the feed poller —
/// for a service manager to start and stop. SIGTERM or Ctrl+C stops taking new work, lets the fetch cycle in
/// flight commit and finish its stories and annotations (up to --grace), then stops the web server and exits 0.
/// </summary>
internal static class RunCommand
{
    /// <summary>How long the process may take to stop after SIGTERM before it is ended: the longest grace plus the web server's own.</summary>
    public static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(MaxGraceSeconds + 10);

    private const int MaxGraceSeconds = 120;

    public static Command Create()
    {
        var allowPrivate = new Option<bool>("--allow-private") { Description = "Allow feeds on loopback and private addresses (also HERALD_ALLOW_PRIVATE=1)" };
        var parallel = new Option<int>("--parallel") { Description = "Sources fetched at once (default 32)", DefaultValueFactory = _ => 32 };
        var delay = new Option<int>("--host-delay-ms") { Description = "Minimum pause between two requests to one host (default 1000)", DefaultValueFactory = _ => 1000 };
        var grace = new Option<int>("--grace")
        {
            Description = $"Seconds a stop request waits for the fetch cycle in flight (default 60, at most {MaxGraceSeconds})",
            DefaultValueFactory = _ => 60,
        };
        var command = new Command("run", "Serve the web UI and API and poll followed feeds in one process, until stopped (SIGTERM finishes the cycle in flight)")
        {
            ServeCommand.Port, ServeCommand.Bind, allowPrivate, CliContext.AllowAddress, parallel, delay, grace,
        };
        command.SetAction((r, ct) => CliRunner.RunAsync(async () =>
        {
            if (r.GetValue(grace) is < 0 or > MaxGraceSeconds)
            {
                throw new Herald.Model.HeraldException($"--grace {r.GetValue(grace)}", $"must be between 0 and {MaxGraceSeconds} seconds");
            }

            var level = GlobalOptions.Level(r, LogLevel.Information);
            using var logs = Herald.Web.HeraldLogging.CreateFactory(level);
            var log = logs.CreateLogger("Herald.Run");
            var (data, postgres) = ServeCommand.WebTarget(r);
            var bind = r.GetValue(ServeCommand.Bind) ?? "127.0.0.1";
            var port = r.GetValue(ServeCommand.Port);
            var options = new FetchOptions
            {
                AllowPrivateAddresses = r.GetValue(allowPrivate) || Environment.GetEnvironmentVariable("HERALD_ALLOW_PRIVATE") is "1" or "true",
                AllowedNetworks = CliContext.AllowedNetworks(r),
                MinHostDelay = TimeSpan.FromMilliseconds(Math.Max(0, r.GetValue(delay))),
            };

            await using var app = await ServeCommand.StartAsync(data, port, bind, level, ct, postgres);
            await using var articles = await CliContext.OpenStoreAsync(r, ct);
            await using var opened = await CliContext.OpenSourcesAsync(r, ct);
            var sources = opened.Store;
            RunLog.Started(log, $"http://{(bind.Contains(':', StringComparison.Ordinal) ? "[" + bind + "]" : bind)}:{port}/", data);
            await Console.Out.WriteLineAsync($"Herald is serving http://{(bind.Contains(':', StringComparison.Ordinal) ? "[" + bind + "]" : bind)}:{port}/ and polling its feeds (Ctrl+C to stop)");
            var loop = new FetchLoop(options, articles, sources, r.GetValue(parallel), logs.CreateLogger("Herald.Fetch"))
            {
                Grace = TimeSpan.FromSeconds(r.GetValue(grace)),
            };
            using var stopping = ct.Register(() => RunLog.Stopping(log, r.GetValue(grace)));
            try
            {
                await loop.RunAsync(once: false, pollAll: false, ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                // The stop asked for: the cycle in flight finished (or its grace ran out); what follows is the clean exit.
            }

            await app.StopAsync(CancellationToken.None);
            RunLog.Stopped(log);
            return 0;
        }));
        return command;
    }
}

/// <summary>`herald run`'s life-cycle events.</summary>
internal static partial class RunLog
{
    [LoggerMessage(EventId = 300, Level = LogLevel.Information, Message = "serving {Address} and polling feeds; data folder {Data}")]
    public static partial void Started(ILogger logger, string address, string data);

    [LoggerMessage(EventId = 301, Level = LogLevel.Information, Message = "stop requested: finishing the fetch cycle in flight (up to {Grace} s)")]
    public static partial void Stopping(ILogger logger, int grace);

    [LoggerMessage(EventId = 302, Level = LogLevel.Information, Message = "stopped cleanly")]
    public static partial void Stopped(ILogger logger);
}
