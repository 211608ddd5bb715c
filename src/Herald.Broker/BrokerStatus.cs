using System.Globalization;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using RabbitMQ.Client.Events;

namespace Herald.Broker;

/// <summary>One work queue: messages waiting, consumers attached, and the workers' throughput over the last minute.</summary>
public sealed record QueueState(string Role, string Queue, uint Ready, uint Consumers, long Held, double PerSecond);

/// <summary>A message in the dead-letter queue: where it came from, why it failed, how often, and its body.</summary>
public sealed record DeadLetter(string Queue, string Reason, int Failures, string? FailedAt, string Body);

/// <summary>A worker as its latest heartbeat shows it.</summary>
public sealed record WorkerSeen(string Id, string Host, int Pid, IReadOnlyList<string> Roles, DateTimeOffset LastSeen, bool Alive,
    IReadOnlyDictionary<string, long> Done, IReadOnlyDictionary<string, long> Held, IReadOnlyDictionary<string, double> PerSecond);

/// <summary>What `herald status` shows.</summary>
public sealed record StatusReport(string Broker, DateTimeOffset At, IReadOnlyList<QueueState> Queues, IReadOnlyList<WorkerSeen> Workers, uint DeadCount, IReadOnlyList<DeadLetter> Dead)
{
    /// <summary>Work is done: nothing waits in a work queue and no live worker holds a message.</summary>
    public bool Idle => Queues.All(q => q.Ready == 0) && Workers.Where(w => w.Alive).All(w => w.Held.Values.All(h => h == 0));

    public long DoneTotal => Workers.Sum(w => w.Done.Values.Sum());
}

/// <summary>
/// Reads the state of an installation's queues without changing it: depths and consumer counts by passive
/// declaration, workers and their rates from the heartbeat stream (read from its start, never consumed), and dead
/// letters by getting them unacknowledged and handing them back, so a peek loses none.
/// </summary>
public static class BrokerStatus
{
    /// <summary>A worker whose last heartbeat is older than this is reported as gone.</summary>
    public static readonly TimeSpan AliveWithin = TimeSpan.FromSeconds(10);

    public static async Task<StatusReport> ReadAsync(BrokerClient client, int deadPeek, CancellationToken ct)
    {
        var now = DateTimeOffset.UtcNow;
        var workers = await WorkersAsync(client, now, ct);
        var queues = new List<QueueState>();
        await using var ch = await client.Connection.CreateChannelAsync(cancellationToken: ct);
        foreach (var role in WorkQueues.AllRoles)
        {
            var name = WorkQueues.RoleName(role);
            var ok = await ch.QueueDeclarePassiveAsync(client.Queues.Of(role), ct);
            var live = workers.Where(w => w.Alive).ToList();
            queues.Add(new QueueState(name, client.Queues.Of(role), ok.MessageCount, ok.ConsumerCount,
                live.Sum(w => w.Held.GetValueOrDefault(name)), live.Sum(w => w.PerSecond.GetValueOrDefault(name))));
        }

        var dead = await ch.QueueDeclarePassiveAsync(client.Queues.Dead, ct);
        var letters = deadPeek > 0 && dead.MessageCount > 0 ? await PeekDeadAsync(client, deadPeek, ct) : [];
        return new StatusReport(client.Url.Display, now, queues, workers, dead.MessageCount, letters);
    }

    private static async Task<IReadOnlyList<DeadLetter>> PeekDeadAsync(BrokerClient client, int max, CancellationToken ct)
    {
        var letters = new List<DeadLetter>();
        await using var ch = await client.Connection.CreateChannelAsync(cancellationToken: ct);
        ulong last = 0;
        while (letters.Count < max && await ch.BasicGetAsync(client.Queues.Dead, autoAck: false, ct) is { } got)
        {
            last = got.DeliveryTag;
            var h = got.BasicProperties.Headers;
            var reason = WorkConsumer.HeaderString(h, WorkConsumer.ErrorHeader);
            var queue = WorkConsumer.HeaderString(h, WorkConsumer.QueueHeader);
            if (reason is null && WorkConsumer.HeaderString(h, "x-first-death-reason") is { } why)
            {
                // Dead-lettered by the broker itself: a message delivered again and again and never settled.
                reason = why == "delivery_limit"
                    ? $"delivered {WorkQueues.DeliveryLimit} times without being settled (each worker that took it died or lost its connection)"
                    : "dead-lettered by the broker: " + why;
                queue ??= WorkConsumer.HeaderString(h, "x-first-death-queue");
            }

            letters.Add(new DeadLetter(queue ?? "?", reason ?? "(no reason recorded)", WorkConsumer.HeaderInt(h, WorkConsumer.FailuresHeader),
                WorkConsumer.HeaderString(h, WorkConsumer.FailedAtHeader), WorkMessages.Preview(got.Body)));
        }

        if (last > 0)
        {
            // Back to the queue, in their order: a peek takes nothing away.
            await ch.BasicNackAsync(last, multiple: true, requeue: true, ct);
        }

        return letters;
    }

    /// <summary>Workers from the heartbeat stream: each one's latest beat, and its rates over its last minute of beats.</summary>
    public static async Task<IReadOnlyList<WorkerSeen>> WorkersAsync(BrokerClient client, DateTimeOffset now, CancellationToken ct)
    {
        var beats = new List<JsonObject>();
        await using var ch = await client.Connection.CreateChannelAsync(cancellationToken: ct);
        await ch.BasicQosAsync(0, 500, false, ct);
        var arrived = Channel.CreateUnbounded<JsonObject?>();
        var consumer = new AsyncEventingBasicConsumer(ch);
        consumer.ReceivedAsync += async (_, e) =>
        {
            JsonObject? beat = null;
            try
            {
                beat = System.Text.Json.Nodes.JsonNode.Parse(e.Body.Span) as JsonObject;
            }
            catch (System.Text.Json.JsonException)
            {
                // Not a heartbeat: skipped.
            }

            arrived.Writer.TryWrite(beat);
            await ch.BasicAckAsync(e.DeliveryTag, false);
        };
        var tag = await ch.BasicConsumeAsync(client.Queues.Heartbeats, autoAck: false, consumerTag: "", noLocal: false, exclusive: false,
            arguments: new Dictionary<string, object?> { ["x-stream-offset"] = "first" }, consumer: consumer, cancellationToken: ct);
        // The stream holds a few minutes of beats; it is read until it goes quiet or reaches the present.
        var idle = TimeSpan.FromMilliseconds(400);
        while (true)
        {
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(ct);
            wait.CancelAfter(idle);
            try
            {
                if (!await arrived.Reader.WaitToReadAsync(wait.Token))
                {
                    break;
                }
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                break;
            }

            var reachedNow = false;
            while (arrived.Reader.TryRead(out var beat))
            {
                if (beat is not null)
                {
                    beats.Add(beat);
                    reachedNow |= At(beat) >= now;
                }
            }

            if (reachedNow)
            {
                break;
            }
        }

        await ch.BasicCancelAsync(tag, cancellationToken: ct);
        var seen = new List<WorkerSeen>();
        foreach (var group in beats.GroupBy(b => (string?)b["worker"] ?? "?"))
        {
            var ordered = group.OrderBy(At).ToList();
            var latest = ordered[^1];
            var lastAt = At(latest);
            // A restarted worker process has a new id; one id's counts only grow, so the rate is its growth over the
            // last minute of beats.
            var first = ordered.FirstOrDefault(b => At(b) >= lastAt - TimeSpan.FromMinutes(1)) ?? latest;
            var span = (lastAt - At(first)).TotalSeconds;
            var done = new Dictionary<string, long>(StringComparer.Ordinal);
            var held = new Dictionary<string, long>(StringComparer.Ordinal);
            var rates = new Dictionary<string, double>(StringComparer.Ordinal);
            foreach (var (role, node) in latest["roles"]?.AsObject() ?? [])
            {
                done[role] = (long?)node?["done"] ?? 0;
                held[role] = (long?)node?["held"] ?? 0;
                var before = (long?)first["roles"]?[role]?["done"] ?? 0;
                rates[role] = span > 0 ? (done[role] - before) / span : 0;
            }

            seen.Add(new WorkerSeen(group.Key, (string?)latest["host"] ?? "?", (int?)latest["pid"] ?? 0, [.. done.Keys], lastAt,
                now - lastAt <= AliveWithin, done, held, rates));
        }

        return seen.OrderByDescending(w => w.Alive).ThenBy(w => w.Id, StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// Whether the work of <paramref name="roles"/> is drained: none waits in their queues now, and every live worker
    /// has sent a heartbeat since then holding none of it. Takes a heartbeat interval or more.
    /// </summary>
    public static async Task<bool> DrainedAsync(BrokerClient client, IReadOnlyList<WorkRole> roles, CancellationToken ct)
    {
        var from = DateTimeOffset.UtcNow;
        foreach (var role in roles)
        {
            if (await client.ReadyAsync(client.Queues.Of(role), ct) > 0)
            {
                return false;
            }
        }

        await Task.Delay(WorkerHost.HeartbeatEvery + TimeSpan.FromMilliseconds(300), ct);
        var workers = await WorkersAsync(client, DateTimeOffset.UtcNow, ct);
        return workers.Where(w => w.Alive).All(w => w.LastSeen > from && roles.All(r => w.Held.GetValueOrDefault(WorkQueues.RoleName(r)) == 0));
    }

    private static DateTimeOffset At(JsonObject beat) =>
        DateTimeOffset.TryParse((string?)beat["at"], CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at) ? at : DateTimeOffset.MinValue;

    /// <summary>
    /// Waits until the work is done: two readings a heartbeat apart both idle (no message waiting, no live worker
    /// holding one) with no work finished between them, every live worker having beaten since the first. Throws
    /// <see cref="TimeoutException"/> past <paramref name="timeout"/>.
    /// </summary>
    public static async Task<StatusReport> WaitIdleAsync(BrokerClient client, TimeSpan timeout, CancellationToken ct)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        StatusReport? previous = null;
        while (true)
        {
            var report = await ReadAsync(client, 0, ct);
            if (report.Idle && previous is { Idle: true } && previous.DoneTotal == report.DoneTotal
                && report.Workers.Where(w => w.Alive).All(w => w.LastSeen > previous.At))
            {
                return report;
            }

            previous = report;
            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new TimeoutException($"work still pending after {timeout.TotalSeconds:0} s: "
                    + string.Join(", ", report.Queues.Select(q => $"{q.Role} {q.Ready} waiting, {q.Held} held")));
            }

            await Task.Delay(WorkerHost.HeartbeatEvery + TimeSpan.FromMilliseconds(500), ct);
        }
    }
}
