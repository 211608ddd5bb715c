using System.CommandLine;
using System.Globalization;
using Herald.Ingest;
using Herald.Pipeline;

namespace Herald.Cli.Commands;

/// <summary>`herald ingest PATH...`: add files and folders (seed pages, JSONL records, …) to the store.</summary>
internal static class IngestCommand
{
    public static Command Create()
    {
        var paths = new Argument<string[]>("PATH") { Description = "Files or folders to ingest", Arity = ArgumentArity.OneOrMore };
        var command = new Command("ingest", "Add files or folders to the store: seed-format pages (.txt), JSONL records (.jsonl), HTML pages (.html, .htm, .html.gz), saved feeds, WARC files") { paths };
        command.SetAction((r, ct) => CliRunner.RunAsync(async () =>
        {
            await using var store = await CliContext.OpenStoreAsync(r, ct);
            var report = await IngestAsync(store, r.GetValue(paths)!, ct);
            // Exit 2 when nothing usable was read: every file failed, was not ingestible, or there was none.
            return report.Files == report.Failed ? CliRunner.UserError : 0;
        }));
        return command;
    }

    internal static async Task<IngestReport> IngestAsync(IArticleStore store, IEnumerable<string> paths, CancellationToken ct)
    {
        var outletStore = store as IOutletStore;
        if (outletStore is not null)
        {
            CliContext.Outlets.Load(await outletStore.LoadOutletsAsync(ct));
        }

        IngestReport report;
        if (CliProgress.Interactive)
        {
            report = await CliProgress.RunAsync("ingesting", async progress =>
                await new FileIngestor(store, CliContext.Importers()) { Progress = progress }.IngestAsync(paths, ct));
        }
        else
        {
            report = await new FileIngestor(store, CliContext.Importers()) { Progress = CliProgress.Lines("ingesting", Console.Error) }.IngestAsync(paths, ct);
        }

        if (outletStore is not null)
        {
            await outletStore.SaveOutletsAsync(CliContext.Outlets.Learned, ct);
        }

        await PostIngest.AfterStoreAsync(store, ct);

        foreach (var m in report.Messages)
        {
            await Console.Error.WriteLineAsync($"herald: warning: {m}");
        }

        var a = report.Articles;
        await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"ingested {report.Files} files ({report.Failed} failed, {report.Skipped} skipped{(report.Unchanged > 0 ? $", {report.Unchanged} unchanged since they were last ingested" : "")}): {a.Inserted} new, {a.Updated} updated, {a.Unchanged} unchanged articles"));
        return report;
    }
}
