using System.CommandLine;
using Herald.Web;
using Microsoft.Extensions.Hosting;

namespace Herald.Cli.Commands;

/// <summary>`herald serve [--port N]` and the serving half of `herald demo`.</summary>
internal static class ServeCommand
{
    public static readonly Option<int> Port = new("--port") { Description = "Port on 127.0.0.1", DefaultValueFactory = _ => 5080 };

    public static Command Create()
    {
        var command = new Command("serve", "Serve the web UI and feeds on 127.0.0.1") { Port };
        command.SetAction((r, ct) => CliRunner.RunAsync(async () =>
        {
            await ServeAsync(GlobalOptions.DataDirectory(r), r.GetValue(Port), "/", ct);
            return 0;
        }));
        return command;
    }

    internal static async Task ServeAsync(string dataDirectory, int port, string path, CancellationToken ct)
    {
        if (port is < 1 or > 65535)
        {
            throw new Herald.Model.HeraldException($"--port {port}", "must be between 1 and 65535");
        }

        await using var app = HeraldWebApp.Build(new WebOptions(dataDirectory, port));
        try
        {
            await app.StartAsync(ct);
        }
        catch (IOException e)
        {
            throw new Herald.Model.HeraldException($"port {port}", $"cannot listen ({e.Message.TrimEnd('.')}); try --port", e);
        }

        await Console.Out.WriteLineAsync($"Herald is serving http://127.0.0.1:{port}{path} (Ctrl+C to stop)");
        await app.WaitForShutdownAsync(ct);
    }
}
