using System.CommandLine;
using System.Globalization;
using Herald.Model;
using Herald.Storage.Sqlite;

namespace Herald.Cli.Commands;

/// <summary>`herald backup --to FILE`: a consistent copy of the store while it is in use.</summary>
internal static class BackupCommand
{
    public static Command Create()
    {
        var to = new Option<string>("--to") { Description = "The file to write the copy to", Required = true };
        var force = new Option<bool>("--force") { Description = "Replace the file if it exists" };
        var command = new Command(
            "backup",
            "Copy the store to one file while Herald keeps running (SQLite's online backup; for PostgreSQL use pg_dump)")
        {
            to, force,
        };
        command.SetAction((r, ct) => CliRunner.RunAsync(async () =>
        {
            if (GlobalOptions.StoreUrl(r) is { Kind: Herald.Storage.StoreKind.Postgres } pg)
            {
                throw new HeraldException(pg.Display, "is a PostgreSQL store: back it up with pg_dump (or copy it with herald migrate --to sqlite:PATH)");
            }

            var data = GlobalOptions.DataDirectory(r);
            var db = Path.Combine(data, "herald.db");
            if (!File.Exists(db))
            {
                throw new HeraldException(data, "holds no Herald store (no herald.db); nothing to back up");
            }

            var target = r.GetValue(to)!;
            if (File.Exists(target) && !r.GetValue(force))
            {
                throw new HeraldException(target, "already exists; use --force to replace it");
            }

            await using var store = SqliteStore.Open(db);
            var summary = await store.BackupToAsync(target, ct);
            await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"backed up {summary.Articles} articles to {summary.Path} ({summary.Bytes / 1024.0 / 1024.0:0.0} MiB, integrity checked); restore by copying it to {db} while Herald is stopped"));
            return 0;
        }));
        return command;
    }
}
