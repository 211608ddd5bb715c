using System.CommandLine;
using Herald.Web;
using Microsoft.Extensions.Hosting;

namespace Herald.Cli.Commands;

/// <summary>`herald serve [--port N]` and the serving half of `herald demo`.</summary>
internal static class ServeCommand
{
    public static readonly Option<int> Port = new("--port") { Description = "Port on 127.0.0.1", DefaultValueFactory = _ => 5080 };

    public static readonly Option<string> Bind = new("--bind")
    {
        Description = "Address to listen on; anything but loopback needs HERALD_API_TOKEN (16+ characters)",
        DefaultValueFactory = _ => "127.0.0.1",
    };

    public static Command Create()
    {
        var command = new Command("serve", "Serve the web UI, REST API (/openapi.json) and feeds on 127.0.0.1") { Port, Bind };
        command.SetAction((r, ct) => CliRunner.RunAsync(async () =>
        {
            var level = GlobalOptions.Level(r, Microsoft.Extensions.Logging.LogLevel.Information);
            var (data, postgres) = WebTarget(r);
            await ServeAsync(data, r.GetValue(Port), "/", ct, r.GetValue(Bind) ?? "127.0.0.1", level, postgres);
            return 0;
        }));
        return command;
    }

    /// <summary>
    /// What the web UI of `serve`, `run` and `demo` serves. A PostgreSQL store is served as it is, with the data folder
    /// (--data, HERALD_DATA) keeping what is the web host's own (its antiforgery keys, the GDELT update files). A
    /// sqlite: store is served from the folder of its herald.db, which also holds those files.
    /// </summary>
    internal static (string DataDirectory, Herald.Storage.StoreUrl? Postgres) WebTarget(System.CommandLine.ParseResult r)
    {
        var store = GlobalOptions.StoreUrl(r);
        if (store.Kind == Herald.Storage.StoreKind.Postgres)
        {
            return (GlobalOptions.DataDirectory(r), store);
        }

        var file = Path.GetFullPath(store.SqlitePath!);
        if (Path.GetFileName(file) != "herald.db")
        {
            throw new Herald.Model.HeraldException(store.Display, "the web UI serves a store file named herald.db (give its folder: --data DIR or sqlite:DIR)");
        }

        return (Path.GetDirectoryName(file)!, null);
    }

    internal static async Task ServeAsync(
        string dataDirectory, int port, string path, CancellationToken ct, string bind = "127.0.0.1",
        Microsoft.Extensions.Logging.LogLevel? level = null, Herald.Storage.StoreUrl? postgres = null)
    {
        await using var app = await StartAsync(dataDirectory, port, bind, level, ct, postgres);
        await Console.Out.WriteLineAsync($"Herald is serving http://{(bind.Contains(':', StringComparison.Ordinal) ? "[" + bind + "]" : bind)}:{port}{path} (Ctrl+C to stop)");
        await app.WaitForShutdownAsync(ct);
    }

    /// <summary>Builds and starts the web app, turning a port that cannot be used into the user's error.</summary>
    internal static async Task<Microsoft.AspNetCore.Builder.WebApplication> StartAsync(
        string dataDirectory, int port, string bind, Microsoft.Extensions.Logging.LogLevel? level, CancellationToken ct,
        Herald.Storage.StoreUrl? postgres = null)
    {
        if (port is < 1 or > 65535)
        {
            throw new Herald.Model.HeraldException($"--port {port}", "must be between 1 and 65535");
        }

        var app = HeraldWebApp.Build(new WebOptions(dataDirectory, port, bind, LogLevel: level, Postgres: postgres));
        try
        {
            await app.StartAsync(ct);
        }
        catch (IOException e)
        {
            await app.DisposeAsync();
            throw new Herald.Model.HeraldException($"port {port}", $"cannot listen ({e.Message.TrimEnd('.')}); try --port", e);
        }

        return app;
    }
}
