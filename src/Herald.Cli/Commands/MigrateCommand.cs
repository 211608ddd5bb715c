using System.CommandLine;
using Herald.Model;
using Herald.Storage;

namespace Herald.Cli.Commands;

/// <summary>`herald migrate --to URL`: copy the store into another, empty one (SQLite ↔ PostgreSQL) and check the counts.</summary>
internal static class MigrateCommand
{
    public static Command Create()
    {
        var to = new Option<string>("--to") { Description = "The store to copy into: postgres://user:pass@host:5432/db or sqlite:PATH (must be empty)", Required = true };
        var command = new Command("migrate", "Copy this store (--store, HERALD_STORE or --data) into another, empty store and check the counts") { to };
        command.SetAction((r, ct) => CliRunner.RunAsync(async () =>
        {
            var from = GlobalOptions.StoreUrl(r);
            var target = StoreUrl.Parse(r.GetValue(to)!, "--to");
            if (target.Display == from.Display)
            {
                throw new HeraldException($"--to \"{target.Display}\"", "is the store being copied");
            }

            await using var source = await from.OpenAsync(ct);
            await using var destination = await target.OpenAsync(ct);
            var total = (await source.SummarizeAsync(null, ct)).Articles;
            var (copied, stored) = CliProgress.Interactive
                ? await CliProgress.RunAsync("copying", progress =>
                    new StoreCopier(source, destination) { Progress = new Progress<int>(n => progress.Report((n, total, n))) }.CopyAsync(target.Display, ct), "articles")
                : await new StoreCopier(source, destination).CopyAsync(target.Display, ct);
            if (copied != stored)
            {
                throw new HeraldException(target.Display, $"counts differ after the copy: {copied} in {from.Display}, {stored} in {target.Display}");
            }

            await Console.Out.WriteLineAsync($"copied {from.Display} to {target.Display}: {stored}; counts match");
            return 0;
        }));
        return command;
    }
}
