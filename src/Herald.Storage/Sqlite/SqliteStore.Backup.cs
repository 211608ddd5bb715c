using Herald.Model;
using Microsoft.Data.Sqlite;

namespace Herald.Storage.Sqlite;

/// <summary>What a backup holds, checked on the copy rather than assumed from the source.</summary>
public sealed record BackupSummary(string Path, long Articles, long Bytes);

public sealed partial class SqliteStore
{
    /// <summary>
    /// Copies the whole store (articles, index, stories, annotations, sources, topics, webhooks) to
    /// <paramref name="path"/> with SQLite's online backup, which reads a consistent snapshot while other processes
    /// keep writing. The copy is written beside the target and renamed into place only after SQLite's integrity check
    /// passes on it, so an interrupted or failed backup never leaves a half-written file under the target's name.
    /// </summary>
    public async Task<BackupSummary> BackupToAsync(string path, CancellationToken ct)
    {
        var full = System.IO.Path.GetFullPath(path);
        if (string.Equals(full, System.IO.Path.GetFullPath(Path), StringComparison.Ordinal))
        {
            throw new HeraldException(path, "is the store itself; back up to another file");
        }

        var dir = System.IO.Path.GetDirectoryName(full)!;
        if (!Directory.Exists(dir))
        {
            throw new HeraldException(path, "its folder does not exist");
        }

        var temp = System.IO.Path.Combine(dir, $".{System.IO.Path.GetFileName(full)}.{Environment.ProcessId}.tmp");
        try
        {
            var cs = new SqliteConnectionStringBuilder { DataSource = temp, Pooling = false }.ToString();
            long articles;
            await using (var target = new SqliteConnection(cs))
            {
                await target.OpenAsync(ct);
                // The backup API copies page by page; one call copies every page (the pages another writer changes
                // meanwhile restart it, which SQLite handles), so there is nothing to page through by hand.
                await Task.Run(() => _connection.BackupDatabase(target), ct);
                // A backup in WAL mode would leave -wal and -shm files beside the copy; a single-file copy in
                // rollback-journal mode is what a user can move and restore.
                using (var cmd = target.CreateCommand())
                {
                    cmd.CommandText = "PRAGMA journal_mode=DELETE";
                    await cmd.ExecuteNonQueryAsync(ct);
                }

                using (var check = target.CreateCommand())
                {
                    check.CommandText = "PRAGMA integrity_check";
                    var answer = (string?)await check.ExecuteScalarAsync(ct);
                    if (answer != "ok")
                    {
                        throw new HeraldException(path, $"the copy failed SQLite's integrity check ({answer}); nothing was written");
                    }
                }

                using (var count = target.CreateCommand())
                {
                    count.CommandText = "SELECT count(*) FROM articles";
                    articles = (long)(await count.ExecuteScalarAsync(ct))!;
                }
            }

            File.Move(temp, full, overwrite: true);
            return new BackupSummary(full, articles, new FileInfo(full).Length);
        }
        finally
        {
            foreach (var f in new[] { temp, temp + "-journal", temp + "-wal", temp + "-shm" })
            {
                if (File.Exists(f))
                {
                    File.Delete(f);
                }
            }
        }
    }
}
