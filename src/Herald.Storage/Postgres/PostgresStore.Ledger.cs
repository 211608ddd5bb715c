using System.Text.Json;
using Herald.Pipeline;
using Herald.Text;
using Npgsql;

namespace Herald.Storage.Postgres;

/// <summary>The ingest ledger (files whose articles are all stored) and the outlets learned from data.</summary>
public sealed partial class PostgresStore : IIngestLedger, IOutletStore
{
    public async Task<IReadOnlySet<string>> KnownFilesAsync(IReadOnlyCollection<string> hashes, CancellationToken ct)
    {
        var known = new HashSet<string>(StringComparer.Ordinal);
        await using var c = await _data.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand("SELECT hash FROM ingested_files WHERE hash = ANY(@h)", c);
        cmd.Parameters.AddWithValue("h", hashes.Distinct(StringComparer.Ordinal).ToArray());
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            known.Add(r.GetString(0));
        }

        return known;
    }

    public async Task RecordFilesAsync(IReadOnlyList<(string Hash, string Path)> files, CancellationToken ct)
    {
        if (files.Count == 0)
        {
            return;
        }

        var last = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (hash, path) in files)
        {
            last[hash] = path;
        }

        await using var c = await _data.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand("""
            INSERT INTO ingested_files(hash, path, at) SELECT h, p, now() FROM unnest(@h, @p) AS v(h, p)
            ON CONFLICT (hash) DO UPDATE SET path = excluded.path, at = excluded.at
            """, c);
        cmd.Parameters.AddWithValue("h", last.Keys.ToArray());
        cmd.Parameters.AddWithValue("p", last.Values.ToArray());
        await cmd.ExecuteNonQueryAsync(ct);
    }

    public async Task<IReadOnlyList<Outlet>> LoadOutletsAsync(CancellationToken ct)
    {
        await using var c = await _data.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand("SELECT key, name, domains FROM outlets ORDER BY key COLLATE \"C\"", c);
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
        // A stored outlet keeps its first name: the first of a key in this call too.
        var first = new Dictionary<string, Outlet>(StringComparer.Ordinal);
        foreach (var o in outlets)
        {
            first.TryAdd(o.Key, o);
        }

        if (first.Count == 0)
        {
            return;
        }

        await using var c = await _data.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand(
            "INSERT INTO outlets(key, name, domains) SELECT * FROM unnest(@k, @n, @d) ON CONFLICT (key) DO NOTHING", c);
        cmd.Parameters.AddWithValue("k", first.Keys.ToArray());
        cmd.Parameters.AddWithValue("n", first.Values.Select(o => o.Name).ToArray());
        cmd.Parameters.AddWithValue("d", first.Values.Select(o => JsonSerializer.Serialize(o.Domains)).ToArray());
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
