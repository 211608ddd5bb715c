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
            if (GlobalOptions.BrokerUrl(r) is { } broker)
            {
                return await EnqueueAsync(broker, r.GetValue(paths)!, ct);
            }

            await using var store = await CliContext.OpenStoreAsync(r, ct);
            var given = r.GetValue(paths)!;
            var report = await IngestAsync(store, given, ct);
            // Exit 2 when nothing usable was read: every file failed, was not ingestible, or there was none.
            // A skipped file already has its warning line; a path that held no file at all has none.
            if (report.Files == 0 && report.Skipped == 0)
            {
                await Console.Error.WriteLineAsync($"herald: {string.Join(", ", given)}: no file to ingest");
            }

            return report.Files == report.Failed ? CliRunner.UserError : 0;
        }));
        return command;
    }

    /// <summary>
    /// With a broker: lists the files (folders in name order) and sends each as one message to the extract queue,
    /// confirmed by the broker, then returns; `herald worker` ingests them. Paths go absolute: every worker must see
    /// them (one machine, or a shared folder mounted at the same path).
    /// </summary>
    private static async Task<int> EnqueueAsync(Herald.Broker.BrokerUrl broker, IEnumerable<string> paths, CancellationToken ct)
    {
        var importers = CliContext.Importers();
        var files = new List<string>();
        var skipped = 0;
        foreach (var path in paths)
        {
            var listed = File.Exists(path) ? [path]
                : Directory.Exists(path) ? Directory.EnumerateFiles(path, "*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true }).Order(StringComparer.Ordinal).ToList()
                : throw new Herald.Model.HeraldException(path, "no such file or folder");
            foreach (var file in listed)
            {
                if (importers.Any(i => i.CanRead(file)))
                {
                    files.Add(Path.GetFullPath(file));
                }
                else
                {
                    skipped++;
                    if (File.Exists(path))
                    {
                        await Console.Error.WriteLineAsync($"herald: warning: {path}: not an ingestible file");
                    }
                }
            }
        }

        if (files.Count == 0)
        {
            await Console.Error.WriteLineAsync($"herald: nothing to enqueue: no ingestible file among {skipped} files");
            return CliRunner.UserError;
        }

        await using var client = await Herald.Broker.BrokerClient.ConnectAsync(broker, "herald ingest", ct);
        await client.DeclareAsync(ct);
        var queue = client.Queues.Of(Herald.Broker.WorkRole.Extract);
        await client.PublishAllAsync(queue, files.Select(Herald.Broker.WorkMessages.File), ct);
        await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"enqueued {files.Count} files to {queue} on {broker.Display}{(skipped > 0 ? $" ({skipped} not ingestible, skipped)" : "")}; `herald status --wait` waits until workers have done them"));
        return 0;
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
