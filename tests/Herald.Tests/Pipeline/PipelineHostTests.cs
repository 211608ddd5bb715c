using Herald.Model;
using Herald.Pipeline;

namespace Herald.Tests.Pipeline;

public sealed class PipelineHostTests
{
    private sealed class Stage(string name, int parallelism, Func<PipelineItem, PipelineItem> f) : IPipelineStage
    {
        public string Name => name;

        public int Parallelism => parallelism;

        public async ValueTask<PipelineItem> ProcessAsync(PipelineItem item, CancellationToken ct)
        {
            // Uneven work so a parallel stage really finishes items out of order.
            await Task.Delay(item.Article.Id.GetHashCode(StringComparison.Ordinal) & 3, ct);
            return f(item);
        }
    }

    private static async IAsyncEnumerable<PipelineItem> Source(int n, Action<int>? produced = null)
    {
        for (var i = 0; i < n; i++)
        {
            produced?.Invoke(i);
            yield return new PipelineItem(new Article { Id = i.ToString(System.Globalization.CultureInfo.InvariantCulture), Title = "t" });
            await Task.Yield();
        }
    }

    [Fact]
    public async Task Items_reach_the_sink_in_source_order_through_a_parallel_stage()
    {
        var seen = new List<string>();
        var host = new PipelineHost(
            [new Stage("upper", 4, i => i with { Article = i.Article with { Title = "T" } }), new Stage("same", 1, i => i)],
            capacity: 8, batchSize: 7);
        await host.RunAsync(Source(300), (batch, _) =>
        {
            seen.AddRange(batch.Select(b => b.Article.Id + b.Article.Title));
            return Task.CompletedTask;
        }, CancellationToken.None);
        Assert.Equal(Enumerable.Range(0, 300).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture) + "T"), seen);
    }

    [Fact]
    public async Task A_slow_sink_holds_the_source_back_instead_of_buffering_everything()
    {
        var produced = 0;
        var maxAhead = 0;
        var consumed = 0;
        var host = new PipelineHost([new Stage("a", 1, i => i), new Stage("b", 2, i => i)], capacity: 4, batchSize: 1);
        await host.RunAsync(Source(200, i => produced = i + 1), async (batch, ct) =>
        {
            consumed += batch.Count;
            maxAhead = Math.Max(maxAhead, produced - consumed);
            await Task.Delay(1, ct);
        }, CancellationToken.None);
        Assert.Equal(200, consumed);
        // Three channels of 4, the parallel stage's read-ahead window (four times its parallelism of 2), one batch.
        Assert.InRange(maxAhead, 0, (4 * 3) + (4 * 2) + 4);
    }

    [Fact]
    public async Task A_failing_stage_stops_the_run_with_its_error()
    {
        var host = new PipelineHost([new Stage("boom", 2, i => i.Article.Id == "50" ? throw new InvalidDataException("bad item 50") : i)], capacity: 4, batchSize: 10);
        var e = await Assert.ThrowsAnyAsync<Exception>(() => host.RunAsync(Source(1000), (_, _) => Task.CompletedTask, CancellationToken.None));
        Assert.Contains("bad item 50", e.ToString(), StringComparison.Ordinal);
    }
}
