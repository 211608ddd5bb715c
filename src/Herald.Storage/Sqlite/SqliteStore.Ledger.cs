using Herald.Pipeline;
using Microsoft.Data.Sqlite;

namespace Herald.Storage.Sqlite;

/// <summary>The ingest ledger: hashes of input files whose articles are all stored.</summary>
public sealed partial class SqliteStore : IIngestLedger
{
    public Task<IReadOnlySet<string>> KnownFilesAsync(IReadOnlyCollection<string> hashes, CancellationToken ct) =>
        SqliteBatch.WhichAsync(_connection, "SELECT EXISTS(SELECT 1 FROM ingested_files WHERE hash = $a)", hashes, ct);

    public async Task RecordFilesAsync(IReadOnlyList<(string Hash, string Path)> files, CancellationToken ct)
    {
        if (files.Count == 0)
        {
            return;
        }

        await using var tx = (SqliteTransaction)await _connection.BeginTransactionAsync(ct);
        var at = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        await SqliteBatch.RunAsync(_connection, tx,
            $"INSERT INTO ingested_files(hash, path, at) VALUES ($a, $b, {at}) ON CONFLICT(hash) DO UPDATE SET path = excluded.path, at = excluded.at",
            files, ct);
        await tx.CommitAsync(ct);
    }
}
