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
            await ServeAsync(WebDataDirectory(r), r.GetValue(Port), "/", ct, r.GetValue(Bind) ?? "127.0.0.1", level);
            return 0;
        }));
        return command;
    }

    /// <summary>
    /// The folder the web UI serves: the data folder, or the folder of a sqlite: store's herald.db. The web UI reads
    /// the embedded store only so far (its page cache and source forms are SQLite's), so a PostgreSQL store is refused
    /// in one line rather than served from an unrelated folder.
    /// </summary>
    internal static string WebDataDirectory(System.CommandLine.ParseResult r)
    {
        var store = GlobalOptions.StoreUrl(r);
        if (store.Kind != Herald.Storage.StoreKind.Sqlite)
        {
            throw new Herald.Model.HeraldException(store.Display, "the web UI serves the embedded SQLite store only so far; use the CLI verbs (search, stories, topic show) on PostgreSQL");
        }

        var file = Path.GetFullPath(store.SqlitePath!);
        if (Path.GetFileName(file) != "herald.db")
        {
            throw new Herald.Model.HeraldException(store.Display, "the web UI serves a store file named herald.db (give its folder: --data DIR or sqlite:DIR)");
        }

        return Path.GetDirectoryName(file)!;
    }

    internal static async Task ServeAsync(
        string dataDirectory, int port, string path, CancellationToken ct, string bind = "127.0.0.1",
        Microsoft.Extensions.Logging.LogLevel? level = null)
    {
        await using var app = await StartAsync(dataDirectory, port, bind, level, ct);
        await Console.Out.WriteLineAsync($"Herald is serving http://{(bind.Contains(':', StringComparison.Ordinal) ? "[" + bind + "]" : bind)}:{port}{path} (Ctrl+C to stop)");
        await app.WaitForShutdownAsync(ct);
    }

    /// <summary>Builds and starts the web app, turning a port that cannot be used into the user's error.</summary>
    internal static async Task<Microsoft.AspNetCore.Builder.WebApplication> StartAsync(
        string dataDirectory, int port, string bind, Microsoft.Extensions.Logging.LogLevel? level, CancellationToken ct)
    {
        if (port is < 1 or > 65535)
        {
            throw new Herald.Model.HeraldException($"--port {port}", "must be between 1 and 65535");
        }

        var app = HeraldWebApp.Build(new WebOptions(dataDirectory, port, bind, LogLevel: level));
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
