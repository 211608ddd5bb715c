using Herald.Composition;
using Herald.Pipeline;
using Herald.Publish.Webhooks;

namespace Herald.Cli;

/// <summary>
/// What follows storing articles, the same for every source (`ingest` of files, `fetch` of feeds): stories for the
/// window the changed articles fall in (ids kept, copies kept), annotations for new unique content, rules, announcements.
/// </summary>
internal static class PostIngest
{
    /// <summary>Runs the steps after a source stored its articles; when nothing changed and nothing was
    /// left half-done by a killed run, it reads a little and writes nothing.</summary>
    public static async Task AfterStoreAsync(IArticleStore store, CancellationToken ct)
    {
        await LiveSteps.RunAsync(store, ct);
        await ApplyRulesAsync(store, ct);
        await AnnounceAsync(store, ct);
        if (StageClock.Enabled)
        {
            using var self = System.Diagnostics.Process.GetCurrentProcess();
            await Console.Error.WriteLineAsync(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"herald: timings: {StageClock.Report()}; process CPU {self.TotalProcessorTime.TotalSeconds:F2} s, peak working set {self.PeakWorkingSet64 / (1024 * 1024)} MiB, allocated {GC.GetTotalAllocatedBytes() / (1024 * 1024)} MiB, GC paused {GC.GetTotalPauseDuration().TotalSeconds:F2} s ({GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)} collections of gen 0/1/2)"));
        }
    }

    /// <summary>Applies the rules (`herald rule add`) to the articles stored since they last ran, and says what
    /// they did (on stdout, or through <paramref name="log"/>); a store without rules reads a little and writes nothing.
    /// The single process runs it after each source's batch, the broker's stories worker after the workers' batches.</summary>
    public static async Task ApplyRulesAsync(IArticleStore store, CancellationToken ct, Action<string>? log = null)
    {
        var run = await Herald.Rules.RuleApplier.ApplyNewToAsync(store, TimeProvider.System, ct);
        if (!run.Empty)
        {
            if (log is null)
            {
                await Console.Out.WriteLineAsync(run.OneLine());
            }
            else
            {
                log(run.OneLine());
            }
        }
    }

    /// <summary>Announces new stories to the store's webhooks (none registered: nothing happens).</summary>
    public static async Task AnnounceAsync(IArticleStore store, CancellationToken ct)
    {
        if (store is not IWebhookStore hooks || (await hooks.ListWebhooksAsync(ct)).Count == 0)
        {
            return;
        }

        var options = new WebhookDeliveryOptions { AllowPrivateAddresses = WebhookRegistry.AllowPrivateFromEnvironment() };
        using var http = WebhookDispatcher.CreateClient(options);
        var dispatcher = new WebhookDispatcher(store, hooks, http, options, TimeProvider.System, new Random())
        {
            Warn = m => Console.Error.WriteLine($"herald: warning: {m}"),
        };
        var summary = await dispatcher.RunAsync(ct);
        if (summary != new WebhookRunSummary(0, 0, 0, 0))
        {
            await Console.Out.WriteLineAsync(summary.OneLine());
        }
    }
}
