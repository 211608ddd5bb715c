using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Herald.Broker;

namespace Herald.Cli.Commands;

/// <summary>`herald status [--json] [--wait]`: the broker's queues, workers and dead letters.</summary>
internal static class StatusCommand
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Print the status as JSON" };
        var wait = new Option<bool>("--wait") { Description = "First wait until no work is waiting or held by a worker" };
        var timeout = new Option<int>("--timeout") { Description = "Seconds --wait waits at most (default 3600); past it, exit 1", DefaultValueFactory = _ => 3600 };
        var dead = new Option<int>("--dead") { Description = "Dead letters shown (peeked: they stay in the queue; default 20)", DefaultValueFactory = _ => 20 };
        var command = new Command("status", "Show the broker's work queues (waiting, held, consumers, rates), the workers seen and the dead letters with their reasons")
        {
            json, wait, timeout, dead,
        };
        command.SetAction((r, ct) => CliRunner.RunAsync(async () =>
        {
            var url = GlobalOptions.BrokerUrl(r)
                ?? throw new Herald.Model.HeraldException("status", "needs a broker: --broker amqp://user:pass@host:5672/ or HERALD_BROKER");
            await using var client = await BrokerClient.ConnectAsync(url, "herald status", ct);
            await client.DeclareAsync(ct);
            if (r.GetValue(wait))
            {
                try
                {
                    await BrokerStatus.WaitIdleAsync(client, TimeSpan.FromSeconds(Math.Max(1, r.GetValue(timeout))), ct);
                }
                catch (TimeoutException e)
                {
                    await Console.Error.WriteLineAsync("herald status: " + e.Message);
                    return 1;
                }
            }

            var report = await BrokerStatus.ReadAsync(client, Math.Max(0, r.GetValue(dead)), ct);
            await Console.Out.WriteAsync(r.GetValue(json) ? JsonSerializer.Serialize(report, Json) + "\n" : Text(report));
            return 0;
        }));
        return command;
    }

    private static string Text(StatusReport s)
    {
        var w = new System.Text.StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        w.Append(inv, $"broker {s.Broker}\n");
        w.Append(inv, $"{"queue",-10} {"waiting",8} {"held",6} {"consumers",9} {"done/s",8}\n");
        foreach (var q in s.Queues)
        {
            w.Append(inv, $"{q.Role,-10} {q.Ready,8} {q.Held,6} {q.Consumers,9} {q.PerSecond,8:F1}{(q.Role == "stories" ? "  (one active consumer)" : "")}\n");
        }

        var alive = s.Workers.Count(x => x.Alive);
        w.Append(inv, $"workers: {alive} alive{(s.Workers.Count > alive ? $", {s.Workers.Count - alive} gone" : "")} (heartbeats of the last ten minutes)\n");
        foreach (var x in s.Workers)
        {
            var done = string.Join(", ", x.Done.Select(d => $"{d.Key} {d.Value}"));
            w.Append(inv, $"  {x.Id}  {(x.Alive ? "alive" : "gone")}, last seen {Math.Max(0, (s.At - x.LastSeen).TotalSeconds):F0} s ago; done: {done}\n");
        }

        w.Append(inv, $"dead letters: {s.DeadCount}\n");
        foreach (var d in s.Dead)
        {
            w.Append(inv, $"  from {d.Queue} after {d.Failures} failures{(d.FailedAt is { } at ? " (last " + at + ")" : "")}: {d.Reason}\n    message {d.Body}\n");
        }

        if (s.DeadCount > s.Dead.Count)
        {
            w.Append(inv, $"  … and {s.DeadCount - s.Dead.Count} more (--dead N shows more)\n");
        }

        return w.ToString();
    }
}
