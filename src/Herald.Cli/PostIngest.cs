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
                $"herald: timings: {StageClock.Report()}; process CPU {self.TotalProcessorTime.TotalSeconds:F2} s, peak working set {self.PeakWorkingSet64 / (1024 * 1024)} MiB"));
        }
    }

    /// <summary>Applies the rules (`herald rule add`) to the articles stored since they last ran; a store without
    /// rules reads two numbers and writes nothing.</summary>
    public static async Task ApplyRulesAsync(IArticleStore store, CancellationToken ct)
    {
        if (store is not IRuleStore rules)
        {
            return;
        }

        var run = await new Herald.Rules.RuleApplier(rules, store as IReaderStore, TimeProvider.System).ApplyNewAsync(ct);
        if (!run.Empty)
        {
            await Console.Out.WriteLineAsync(run.OneLine());
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
