using Herald.Pipeline;
using Microsoft.Data.Sqlite;

namespace Herald.Storage.Sqlite;

/// <summary>The ingest ledger: hashes of input files whose articles are all stored.</summary>
public sealed partial class SqliteStore : IIngestLedger
{
    public async Task<IReadOnlySet<string>> KnownFilesAsync(IReadOnlyCollection<string> hashes, CancellationToken ct)
    {
        var known = new HashSet<string>(StringComparer.Ordinal);
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = "SELECT 1 FROM ingested_files WHERE hash = $h";
        var p = cmd.Parameters.Add("$h", SqliteType.Text);
        foreach (var h in hashes)
        {
            p.Value = h;
            if (await cmd.ExecuteScalarAsync(ct) is not null)
            {
                known.Add(h);
            }
        }

        return known;
    }

    public async Task RecordFilesAsync(IReadOnlyList<(string Hash, string Path)> files, CancellationToken ct)
    {
        if (files.Count == 0)
        {
            return;
        }

        await using var tx = (SqliteTransaction)await _connection.BeginTransactionAsync(ct);
        using var cmd = _connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = "INSERT INTO ingested_files(hash, path, at) VALUES ($h, $p, $at) ON CONFLICT(hash) DO UPDATE SET path = excluded.path, at = excluded.at";
        var h = cmd.Parameters.Add("$h", SqliteType.Text);
        var p = cmd.Parameters.Add("$p", SqliteType.Text);
        cmd.Parameters.AddWithValue("$at", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        foreach (var (hash, path) in files)
        {
            h.Value = hash;
            p.Value = path;
            await cmd.ExecuteNonQueryAsync(ct);
        }

        await tx.CommitAsync(ct);
    }
}
