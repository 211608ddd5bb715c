using Herald.Model;
using Herald.Pipeline;
using Herald.Query;
using Microsoft.Data.Sqlite;

namespace Herald.Storage.Sqlite;

/// <summary>Counts for research exports (attention over time).</summary>
public sealed partial class SqliteStore : IDailyCounts
{
    public async Task<IReadOnlyList<(DateOnly Day, int Count)>> CountByDayAsync(TopicQuery? query, CancellationToken ct)
    {
        using var cmd = _connection.CreateCommand();
        var (from, where) = Compile(query, cmd);
        cmd.CommandText = $"SELECT coalesce(a.published, a.first_seen) / 86400000 AS d, count(*) FROM {from} {where} GROUP BY d ORDER BY d";
        var days = new List<(DateOnly, int)>();
        try
        {
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                days.Add((DateOnly.FromDateTime(DateTime.UnixEpoch.AddDays(r.GetInt64(0))), r.GetInt32(1)));
            }
        }
        catch (SqliteException e) when (query is not null)
        {
            throw new HeraldException($"query \"{query.Text}\"", $"cannot be searched ({e.Message.TrimEnd('.')})");
        }

        return days;
    }
}
