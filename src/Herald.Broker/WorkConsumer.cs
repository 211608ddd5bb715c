using System.Globalization;
using System.Threading.Channels;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Herald.Broker;

/// <summary>One delivered work message: its body, and how often handling it failed before.</summary>
public sealed record WorkMessage(ulong Tag, byte[] Body, int Failures, string? LastError);

/// <summary>
/// What a role does with a batch of its messages. It returns one entry per message: null when the message is done
/// (its writes committed, its follow-up work published), else the reason it failed. Throwing fails the whole batch;
/// the consumer then tries each message alone, so one bad message cannot sink the others.
/// </summary>
public interface IWorkHandler
{
    WorkRole Role { get; }

    /// <summary>Messages handled at once (the consumer's prefetch is twice this, bounding what a worker holds).</summary>
    int BatchSize { get; }

    Task<IReadOnlyList<string?>> HandleAsync(IReadOnlyList<WorkMessage> batch, CancellationToken ct);
}

/// <summary>A worker's counts for one role, reported in its heartbeats.</summary>
public sealed class RoleCounters
{
    private long _done, _failed, _dead, _inFlight;

    public long Done => Interlocked.Read(ref _done);

    public long Failed => Interlocked.Read(ref _failed);

    public long Dead => Interlocked.Read(ref _dead);

    public long InFlight => Interlocked.Read(ref _inFlight);

    internal void Received() => Interlocked.Increment(ref _inFlight);

    internal void Settled(bool ok, bool dead)
    {
        Interlocked.Decrement(ref _inFlight);
        Interlocked.Increment(ref ok ? ref _done : ref _failed);
        if (dead)
        {
            Interlocked.Increment(ref _dead);
        }
    }

    internal void Reset() => Interlocked.Exchange(ref _inFlight, 0);
}

/// <summary>
/// Consumes one role's queue with manual acknowledgements and a bounded prefetch (back-pressure: the broker sends a
/// worker no more than it holds room for). A message is acknowledged only after its handler returned, that is after
/// the store committed its writes and its follow-up work was confirmed by the broker; a worker that dies before
/// leaves it unacknowledged and the broker delivers it again (at least once; the stages' writes are idempotent).
/// A failed message goes back to the end of its queue with the reason and a failure count in its headers; at
/// <see cref="WorkQueues.MaxFailures"/> failures it goes to the dead-letter queue instead, reason kept.
/// </summary>
public sealed class WorkConsumer(BrokerClient client, IWorkHandler handler, RoleCounters counters, Action<string> log)
{
    public const string FailuresHeader = "x-herald-failures";
    public const string ErrorHeader = "x-herald-error";
    public const string QueueHeader = "x-herald-queue";
    public const string FailedAtHeader = "x-herald-failed-at";

    /// <summary>Consumes until <paramref name="ct"/> is cancelled or the channel closes (the broker went away).</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        var queue = client.Queues.Of(handler.Role);
        await using var channel = await client.Connection.CreateChannelAsync(cancellationToken: ct);
        await channel.BasicQosAsync(0, (ushort)Math.Clamp(handler.BatchSize * 2, 1, ushort.MaxValue), false, ct);
        var inbox = Channel.CreateUnbounded<(WorkMessage Message, IReadOnlyBasicProperties Properties)>(new UnboundedChannelOptions { SingleReader = true });
        using var closed = CancellationTokenSource.CreateLinkedTokenSource(ct);
        channel.ChannelShutdownAsync += (_, _) =>
        {
            inbox.Writer.TryComplete();
            try
            {
                closed.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // The consumer already ended (the channel closes as it is disposed).
            }

            return Task.CompletedTask;
        };
        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += (_, e) =>
        {
            counters.Received();
            var headers = e.BasicProperties.Headers;
            var message = new WorkMessage(e.DeliveryTag, e.Body.ToArray(), HeaderInt(headers, FailuresHeader), HeaderString(headers, ErrorHeader));
            inbox.Writer.TryWrite((message, e.BasicProperties));
            return Task.CompletedTask;
        };
        await channel.BasicConsumeAsync(queue, autoAck: false, consumerTag: "", noLocal: false, exclusive: false, arguments: null, consumer: consumer, cancellationToken: ct);
        try
        {
            var token = closed.Token;
            while (await inbox.Reader.WaitToReadAsync(token))
            {
                var batch = new List<(WorkMessage Message, IReadOnlyBasicProperties Properties)>();
                while (batch.Count < handler.BatchSize && inbox.Reader.TryRead(out var next))
                {
                    batch.Add(next);
                }

                var results = await HandleAsync(batch.Select(b => b.Message).ToList(), token);
                for (var i = 0; i < batch.Count; i++)
                {
                    await SettleAsync(channel, queue, batch[i].Message, batch[i].Properties, results[i], token);
                }
            }
        }
        finally
        {
            counters.Reset();
        }
    }

    private async Task<IReadOnlyList<string?>> HandleAsync(IReadOnlyList<WorkMessage> batch, CancellationToken ct)
    {
        try
        {
            var results = await handler.HandleAsync(batch, ct);
            return results.Count == batch.Count ? results : throw new InvalidOperationException($"the {handler.Role} handler answered {results.Count} of {batch.Count} messages");
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            if (batch.Count == 1)
            {
                return [OneLine(e)];
            }

            // One message of the batch may be the cause: each alone, so only that one fails.
            var results = new List<string?>(batch.Count);
            foreach (var message in batch)
            {
                results.Add((await HandleAsync([message], ct))[0]);
            }

            return results;
        }
    }

    private async Task SettleAsync(IChannel channel, string queue, WorkMessage message, IReadOnlyBasicProperties properties, string? error, CancellationToken ct)
    {
        var dead = false;
        if (error is not null)
        {
            var failures = message.Failures + 1;
            dead = failures >= WorkQueues.MaxFailures;
            var headers = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var (key, value) in properties.Headers ?? new Dictionary<string, object?>())
            {
                // The broker's own bookkeeping starts again with the copy.
                if (!key.StartsWith("x-delivery-count", StringComparison.Ordinal) && !key.StartsWith("x-death", StringComparison.Ordinal)
                    && !key.StartsWith("x-first-death", StringComparison.Ordinal) && !key.StartsWith("x-last-death", StringComparison.Ordinal))
                {
                    headers[key] = value;
                }
            }

            headers[FailuresHeader] = failures;
            headers[ErrorHeader] = error.Length > 2000 ? error[..2000] : error;
            headers[QueueHeader] = queue;
            headers[FailedAtHeader] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);
            log(dead
                ? $"{WorkQueues.RoleName(handler.Role)}: dead-lettered after {failures} failures: {WorkMessages.Preview(message.Body, 120)}: {error}"
                : $"{WorkQueues.RoleName(handler.Role)}: failed ({failures} of {WorkQueues.MaxFailures}), queued again: {WorkMessages.Preview(message.Body, 120)}: {error}");
            if (!dead)
            {
                // A pause before the retry, so a passing fault (a store restarting) has time to pass.
                await Task.Delay(TimeSpan.FromMilliseconds(250 * failures), ct);
            }

            // The copy is confirmed before the original is acknowledged: a crash between the two leaves both, and
            // the message is handled twice, never lost.
            await client.PublishAsync(dead ? client.Queues.Dead : queue, message.Body, headers, ct);
        }

        await channel.BasicAckAsync(message.Tag, multiple: false, ct);
        counters.Settled(error is null, dead);
    }

    private static string OneLine(Exception e) =>
        (e is Herald.Model.HeraldException ? e.Message : $"{e.Message} ({e.GetType().Name})").ReplaceLineEndings(" ").Trim();

    internal static int HeaderInt(IDictionary<string, object?>? headers, string name) =>
        headers is not null && headers.TryGetValue(name, out var v) ? v switch
        {
            int i => i,
            long l => (int)l,
            byte[] b when int.TryParse(System.Text.Encoding.UTF8.GetString(b), CultureInfo.InvariantCulture, out var p) => p,
            _ => 0,
        } : 0;

    internal static string? HeaderString(IDictionary<string, object?>? headers, string name) =>
        headers is not null && headers.TryGetValue(name, out var v) ? v switch
        {
            byte[] b => System.Text.Encoding.UTF8.GetString(b),
            string s => s,
            null => null,
            _ => Convert.ToString(v, CultureInfo.InvariantCulture),
        } : null;
}
