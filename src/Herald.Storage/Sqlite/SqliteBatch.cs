using Microsoft.Data.Sqlite;

namespace Herald.Storage.Sqlite;

/// <summary>One prepared statement run over many values: the shape of most of the stores' batch reads and writes.</summary>
internal static class SqliteBatch
{
    /// <summary>Runs <paramref name="sql"/> (parameters $a, $b) once per pair, inside <paramref name="tx"/>.</summary>
    public static async Task RunAsync(SqliteConnection connection, SqliteTransaction tx, string sql, IEnumerable<(string A, string B)> rows, CancellationToken ct)
    {
        using var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        var a = cmd.Parameters.Add("$a", SqliteType.Text);
        var b = cmd.Parameters.Add("$b", SqliteType.Text);
        foreach (var (x, y) in rows)
        {
            a.Value = x;
            b.Value = y;
            await cmd.ExecuteNonQueryAsync(ct);
        }
    }

    /// <summary>Runs <paramref name="sql"/> (parameter $a) once per value, inside <paramref name="tx"/>.</summary>
    public static async Task RunAsync(SqliteConnection connection, SqliteTransaction tx, string sql, IEnumerable<string> values, CancellationToken ct)
    {
        using var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        var a = cmd.Parameters.Add("$a", SqliteType.Text);
        foreach (var x in values)
        {
            a.Value = x;
            await cmd.ExecuteNonQueryAsync(ct);
        }
    }

    /// <summary>The values for which <paramref name="sql"/> (parameter $a, one row of one number) is true.</summary>
    public static async Task<IReadOnlySet<string>> WhichAsync(SqliteConnection connection, string sql, IReadOnlyCollection<string> values, CancellationToken ct)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        var a = cmd.Parameters.Add("$a", SqliteType.Text);
        foreach (var x in values)
        {
            a.Value = x;
            if (await cmd.ExecuteScalarAsync(ct) is long and not 0)
            {
                found.Add(x);
            }
        }

        return found;
    }
}
