using System.Text.Json;
using Herald.Pipeline;
using Herald.Text;
using Microsoft.Data.Sqlite;

namespace Herald.Storage.Sqlite;

public sealed partial class SqliteStore : IOutletStore
{
    public async Task<IReadOnlyList<Outlet>> LoadOutletsAsync(CancellationToken ct)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = "SELECT key, name, domains FROM outlets ORDER BY key";
        var list = new List<Outlet>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            list.Add(new Outlet(r.GetString(0), r.GetString(1), JsonSerializer.Deserialize<string[]>(r.GetString(2)) ?? []));
        }

        return list;
    }

    public async Task SaveOutletsAsync(IEnumerable<Outlet> outlets, CancellationToken ct)
    {
        await using var tx = (SqliteTransaction)await _connection.BeginTransactionAsync(ct);
        using var cmd = _connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = "INSERT OR IGNORE INTO outlets(key, name, domains) VALUES ($k, $n, $d)";
        var k = cmd.Parameters.Add("$k", SqliteType.Text);
        var n = cmd.Parameters.Add("$n", SqliteType.Text);
        var d = cmd.Parameters.Add("$d", SqliteType.Text);
        foreach (var o in outlets)
        {
            k.Value = o.Key;
            n.Value = o.Name;
            d.Value = JsonSerializer.Serialize(o.Domains);
            await cmd.ExecuteNonQueryAsync(ct);
        }

        await tx.CommitAsync(ct);
    }
}
