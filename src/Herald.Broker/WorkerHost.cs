using System.Globalization;
using System.Text.Json.Nodes;
using Herald.Model;

namespace Herald.Broker;

/// <summary>
/// Runs a worker: connects, declares the queues, consumes each role's queue with its handler and publishes a
/// heartbeat (who, which roles, counts, messages held) every <see cref="HeartbeatEvery"/> to the heartbeat stream.
/// When the broker goes away (restarted, network lost) the consumers end, the messages they held return to their
/// queues, and the worker connects again until it is stopped.
/// </summary>
public sealed class WorkerHost(BrokerUrl url, IReadOnlyList<IWorkHandler> handlers, Action<string> log)
{
    public static readonly TimeSpan HeartbeatEvery = TimeSpan.FromSeconds(2);

    public string Id { get; } = $"{Environment.MachineName}:{Environment.ProcessId}";

    private readonly Dictionary<WorkRole, RoleCounters> _counters = handlers.ToDictionary(h => h.Role, _ => new RoleCounters());

    /// <summary>The client of the current connection, for handlers that publish follow-up work.</summary>
    public BrokerClient? Client { get; private set; }

    public async Task RunAsync(CancellationToken ct)
    {
        var first = true;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await using var client = await BrokerClient.ConnectAsync(url, "herald worker " + Id, ct);
                await client.DeclareAsync(ct);
                Client = client;
                log($"connected to {url.Display} as {Id}, roles {string.Join(",", handlers.Select(h => WorkQueues.RoleName(h.Role)))}");
                first = false;
                using var session = CancellationTokenSource.CreateLinkedTokenSource(ct);
                var consumers = handlers.Select(h => Task.Run(() => new WorkConsumer(client, h, _counters[h.Role], log).RunAsync(session.Token), session.Token)).ToList();
                var beats = Task.Run(() => HeartbeatsAsync(client, session.Token), session.Token);
                var ended = await Task.WhenAny([.. consumers, beats]);
                await session.CancelAsync();
                try
                {
                    await Task.WhenAll([.. consumers, beats]);
                }
                catch (Exception e) when (!ct.IsCancellationRequested)
                {
                    log($"connection lost ({BrokerClient.Reason(ended.Exception?.GetBaseException() ?? e)}); connecting again");
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                break;
            }
            catch (HeraldException e) when (!first)
            {
                log(e.Message + "; trying again");
            }
            catch (Exception e) when (!ct.IsCancellationRequested && e is not HeraldException)
            {
                log($"connection lost ({BrokerClient.Reason(e)}); connecting again");
            }
            finally
            {
                Client = null;
            }

            try
            {
                await Task.Delay(TimeSpan.FromSeconds(1), ct);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    private async Task HeartbeatsAsync(BrokerClient client, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            var roles = new JsonObject();
            foreach (var (role, c) in _counters)
            {
                roles[WorkQueues.RoleName(role)] = new JsonObject { ["done"] = c.Done, ["failed"] = c.Failed, ["dead"] = c.Dead, ["held"] = c.InFlight };
            }

            var beat = new JsonObject
            {
                ["worker"] = Id,
                ["host"] = Environment.MachineName,
                ["pid"] = Environment.ProcessId,
                ["at"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
                ["roles"] = roles,
            };
            await client.PublishAsync(client.Queues.Heartbeats, System.Text.Encoding.UTF8.GetBytes(beat.ToJsonString()), ct);
            await Task.Delay(HeartbeatEvery, ct);
        }
    }
}
