using System.Threading.Channels;
using Herald.Model;

namespace Herald.Pipeline;

/// <summary>One article on its way through the stages, with what the stages added.</summary>
public sealed record PipelineItem(Article Article, ArticleAnnotations? Annotations = null)
{
    /// <summary>A file still to be read by the extract stage (its article is a placeholder until then).</summary>
    public string? PendingFile { get; init; }

    /// <summary>Why this item yields no article (a file that could not be read); the sink reports and skips it.</summary>
    public string? Failure { get; init; }
}

/// <summary>
/// One step of the pipeline. <see cref="Parallelism"/> above 1 runs items concurrently (CPU stages such as
/// annotation) while keeping their order; stateful stages (story clustering) stay at 1.
/// </summary>
public interface IPipelineStage
{
    string Name { get; }

    int Parallelism { get; }

    ValueTask<PipelineItem> ProcessAsync(PipelineItem item, CancellationToken ct);
}

/// <summary>
/// Wires stages with bounded channels: source → stage → … → stage → batched sink. A slow stage fills its input
/// channel and the stages before it wait, so memory stays flat for any input size and nothing is buffered
/// without bound. Order is kept end to end, so items reach the sink in source order.
/// </summary>
public sealed class PipelineHost(IReadOnlyList<IPipelineStage> stages, int capacity = 256, int batchSize = 1000)
{
    public async Task RunAsync(
        IAsyncEnumerable<PipelineItem> source,
        Func<IReadOnlyList<PipelineItem>, CancellationToken, Task> sink,
        CancellationToken ct)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var token = cts.Token;
        var tasks = new List<Task>();
        var head = Bounded<PipelineItem>();
        tasks.Add(Task.Run(async () =>
        {
            try
            {
                await foreach (var item in source.WithCancellation(token))
                {
                    await head.Writer.WriteAsync(item, token);
                }

                head.Writer.Complete();
            }
            catch (Exception e)
            {
                head.Writer.Complete(e);
                throw;
            }
        }, token));

        var input = head.Reader;
        foreach (var stage in stages)
        {
            var output = Bounded<PipelineItem>();
            var reader = input;
            tasks.Add(stage.Parallelism <= 1
                ? Task.Run(() => SequentialAsync(stage, reader, output.Writer, token), token)
                : Task.Run(() => OrderedParallelAsync(stage, reader, output.Writer, token), token));
            input = output.Reader;
        }

        var last = input;
        tasks.Add(Task.Run(async () =>
        {
            var batch = new List<PipelineItem>(batchSize);
            while (await last.WaitToReadAsync(token))
            {
                while (last.TryRead(out var item))
                {
                    batch.Add(item);
                    if (batch.Count >= batchSize)
                    {
                        using (StageClock.Measure("store"))
                        {
                            await sink(batch, token);
                        }

                        batch = new List<PipelineItem>(batchSize);
                    }
                }
            }

            if (batch.Count > 0)
            {
                using (StageClock.Measure("store"))
                {
                    await sink(batch, token);
                }
            }
        }, token));

        try
        {
            // The first failure cancels the rest, so one broken stage never leaves the others waiting forever.
            while (tasks.Count > 0)
            {
                var done = await Task.WhenAny(tasks);
                tasks.Remove(done);
                if (done.IsFaulted || done.IsCanceled)
                {
                    await cts.CancelAsync();
                    await Task.WhenAll(tasks.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));
                    await done;
                }
            }
        }
        catch (ChannelClosedException e) when (e.InnerException is not null)
        {
            throw e.InnerException;
        }
    }

    private Channel<T> Bounded<T>() =>
        Channel.CreateBounded<T>(new BoundedChannelOptions(capacity) { SingleReader = true, SingleWriter = true, FullMode = BoundedChannelFullMode.Wait });

    private static async Task SequentialAsync(IPipelineStage stage, ChannelReader<PipelineItem> input, ChannelWriter<PipelineItem> output, CancellationToken ct)
    {
        try
        {
            await foreach (var item in input.ReadAllAsync(ct))
            {
                PipelineItem done;
                using (StageClock.Measure(stage.Name))
                {
                    done = await stage.ProcessAsync(item, ct);
                }

                HeraldMetrics.StageDone(stage.Name);

                await output.WriteAsync(done, ct);
            }

            output.Complete();
        }
        catch (Exception e)
        {
            output.Complete(e);
            throw;
        }
    }

    /// <summary>
    /// Runs up to Parallelism items at once and hands results on in input order. A window four times wider than the
    /// parallelism is read ahead, so one slow item (a huge page) does not leave the other cores idle behind it.
    /// </summary>
    private async Task OrderedParallelAsync(IPipelineStage stage, ChannelReader<PipelineItem> input, ChannelWriter<PipelineItem> output, CancellationToken ct)
    {
        var inFlight = Channel.CreateBounded<Task<PipelineItem>>(new BoundedChannelOptions(stage.Parallelism * 4) { SingleReader = true, SingleWriter = true });
        using var cores = new SemaphoreSlim(stage.Parallelism, stage.Parallelism);
        var forward = Task.Run(async () =>
        {
            try
            {
                await foreach (var pending in inFlight.Reader.ReadAllAsync(ct))
                {
                    await output.WriteAsync(await pending, ct);
                }
            }
            catch (Exception e)
            {
                // Closing the in-flight channel makes the reading loop's next write fail instead of waiting forever.
                inFlight.Writer.TryComplete(e);
                throw;
            }
        }, ct);
        try
        {
            await foreach (var item in input.ReadAllAsync(ct))
            {
                var captured = item;
                await inFlight.Writer.WriteAsync(Task.Run(async () =>
                {
                    await cores.WaitAsync(ct);
                    try
                    {
                        PipelineItem done;
                        using (StageClock.Measure(stage.Name))
                        {
                            done = await stage.ProcessAsync(captured, ct);
                        }

                        HeraldMetrics.StageDone(stage.Name);
                        return done;
                    }
                    finally
                    {
                        cores.Release();
                    }
                }, ct), ct);
            }

            inFlight.Writer.Complete();
            await forward;
            output.Complete();
        }
        catch (Exception e)
        {
            inFlight.Writer.TryComplete(e);
            var cause = forward.IsFaulted ? forward.Exception!.InnerException! : e;
            output.TryComplete(cause);
            if (!ReferenceEquals(cause, e))
            {
                throw cause;
            }

            throw;
        }
    }
}
