using Herald.Model;
using Herald.Pipeline;
using Herald.Query;
using Npgsql;

namespace Herald.Storage.Postgres;

/// <summary>Counts for research exports (attention over time).</summary>
public sealed partial class PostgresStore : IDailyCounts
{
    public async Task<IReadOnlyList<(DateOnly Day, int Count)>> CountByDayAsync(TopicQuery? query, CancellationToken ct)
    {
        await using var c = await _data.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand { Connection = c };
        var (from, where) = Compile(query, cmd);
        cmd.CommandText = $"""
            SELECT (coalesce(a.published, a.first_seen) AT TIME ZONE 'UTC')::date AS d, count(*)
            FROM {from} {where} GROUP BY d ORDER BY d
            """;
        var days = new List<(DateOnly, int)>();
        try
        {
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                days.Add((r.GetFieldValue<DateOnly>(0), (int)r.GetInt64(1)));
            }
        }
        catch (PostgresException e) when (query is not null)
        {
            throw new HeraldException($"query \"{query.Text}\"", $"cannot be searched ({OneLine(e)})");
        }

        return days;
    }
}
