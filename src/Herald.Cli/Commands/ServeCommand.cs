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
            await ServeAsync(GlobalOptions.DataDirectory(r), r.GetValue(Port), "/", ct, r.GetValue(Bind) ?? "127.0.0.1", level);
            return 0;
        }));
        return command;
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
