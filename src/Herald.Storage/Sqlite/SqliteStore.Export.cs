namespace Herald.Storage.Sqlite;

/// <summary>Story aliases and the ingest ledger as lists, for <see cref="StoreCopier"/>.</summary>
public sealed partial class SqliteStore : IStoreExport
{
    public Task<IReadOnlyList<(string Alias, string Story)>> ListStoryAliasesAsync(CancellationToken ct) =>
        PairsAsync("SELECT alias, story FROM story_aliases ORDER BY at, alias", ct);

    public Task<IReadOnlyList<(string Hash, string Path)>> ListIngestedFilesAsync(CancellationToken ct) =>
        PairsAsync("SELECT hash, path FROM ingested_files ORDER BY at, hash", ct);

    private async Task<IReadOnlyList<(string, string)>> PairsAsync(string sql, CancellationToken ct)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = sql;
        var list = new List<(string, string)>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            list.Add((r.GetString(0), r.GetString(1)));
        }

        return list;
    }
}
