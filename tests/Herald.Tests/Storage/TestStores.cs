using Herald.Pipeline;
using Herald.Storage;
using Npgsql;

namespace Herald.Tests.Storage;

/// <summary>
/// The two stores the contract suite runs on. A test takes the kind as its theory parameter and opens a
/// <see cref="TestStoreLocation"/>: a fresh SQLite folder, or a fresh schema in the PostgreSQL database named by
/// HERALD_TEST_POSTGRES (dropped again when the location is disposed), so tests stay independent. Without that
/// variable the PostgreSQL cases skip with the reason, except under CI, where they fail: CI must run them.
/// </summary>
internal static class TestStores
{
    public const string Sqlite = "sqlite";
    public const string Postgres = "postgres";

    /// <summary>Theory data: every store kind.</summary>
    public static TheoryData<string> Kinds => new() { Sqlite, Postgres };

    public const string PostgresVariable = "HERALD_TEST_POSTGRES";

    /// <summary>The test database's URL, or a skip (a failure under CI) when none is configured.</summary>
    public static string PostgresUrl()
    {
        var url = Environment.GetEnvironmentVariable(PostgresVariable);
        if (string.IsNullOrEmpty(url))
        {
            if (Environment.GetEnvironmentVariable("CI") is { Length: > 0 } ci && ci is not ("0" or "false"))
            {
                throw new InvalidOperationException($"CI must run the PostgreSQL store tests, but {PostgresVariable} is not set (.ci/run starts PostgreSQL and sets it)");
            }

            Skip.If(true, $"{PostgresVariable} is not set: no PostgreSQL to test against (.ci/run starts one; or export {PostgresVariable}=postgres://herald:herald@127.0.0.1:5432/herald_test)");
        }

        return url!;
    }

    public static TestStoreLocation Create(string kind, string name = "store") => kind switch
    {
        Sqlite => new TestStoreLocation(kind, TestPaths.TempDir(name), null),
        Postgres => new TestStoreLocation(kind, TestPaths.TempDir(name), "t_" + name.Replace('-', '_') + "_" + Guid.NewGuid().ToString("N")[..12]),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown store kind"),
    };

    /// <summary>Opens a fresh store of this kind that drops itself (its folder stays in temp) when disposed.</summary>
    public static async Task<OwnedStore> OpenAsync(string kind, string name = "store")
    {
        var location = Create(kind, name);
        return new OwnedStore(location, await location.OpenAsync());
    }
}

/// <summary>Where one test's store lives; open it as often as the test needs (a reopen is a new process's view).</summary>
internal sealed class TestStoreLocation(string kind, string dir, string? schema) : IAsyncDisposable
{
    public string Kind { get; } = kind;

    /// <summary>A scratch folder of the test's own (the SQLite store's folder too).</summary>
    public string Dir { get; } = dir;

    /// <summary>The store URL, as `--store` takes it.</summary>
    public string Url => schema is null ? "sqlite:" + Path.Combine(Dir, "herald.db") : TestStores.PostgresUrl() + "?schema=" + schema;

    public StoreUrl StoreUrl => Herald.Storage.StoreUrl.Parse(Url);

    public async Task<IArticleStore> OpenAsync() => await StoreUrl.OpenAsync();

    /// <summary>The followed feeds: SQLite's own source tables in the same file, or the PostgreSQL store itself.</summary>
    public async Task<(ISourceStore Sources, IAsyncDisposable Owner)> OpenSourcesAsync()
    {
        if (schema is null)
        {
            var sqlite = Herald.Storage.Sqlite.SourceStore.OpenFolder(Dir);
            return (sqlite, sqlite);
        }

        var store = await OpenAsync();
        return ((ISourceStore)store, store);
    }

    /// <summary>Rows in one of the store's tables (both stores name their tables alike).</summary>
    public async Task<long> CountRowsAsync(string table)
    {
        if (schema is null)
        {
            await using var c = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(Dir, "herald.db")};Pooling=false");
            await c.OpenAsync();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "SELECT count(*) FROM " + table;
            return (long)(await cmd.ExecuteScalarAsync())!;
        }

        await using var pg = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(StoreUrl.ConnectionString) { SearchPath = schema, Pooling = false }.ConnectionString);
        await pg.OpenAsync();
        await using var q = new NpgsqlCommand("SELECT count(*) FROM " + table, pg);
        return (long)(await q.ExecuteScalarAsync())!;
    }

    /// <summary>An open connection to the PostgreSQL store's schema (not pooled), for a test that reads its tables.</summary>
    public async Task<NpgsqlConnection> ConnectAsync()
    {
        var pg = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(StoreUrl.ConnectionString) { SearchPath = schema, Pooling = false }.ConnectionString);
        await pg.OpenAsync();
        return pg;
    }

    /// <summary>Runs SQL on the store's database directly (a test that sets up an older schema, say).</summary>
    public async Task ExecuteAsync(string sql)
    {
        if (schema is null)
        {
            await using var c = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(Dir, "herald.db")};Pooling=false");
            await c.OpenAsync();
            using var cmd = c.CreateCommand();
            cmd.CommandText = sql;
            await cmd.ExecuteNonQueryAsync();
            return;
        }

        await using var pg = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(StoreUrl.ConnectionString) { SearchPath = schema, Pooling = false }.ConnectionString);
        await pg.OpenAsync();
        await using var q = new NpgsqlCommand(sql, pg);
        await q.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (schema is null || Environment.GetEnvironmentVariable(TestStores.PostgresVariable) is not { Length: > 0 })
        {
            return;
        }

        await using var c = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(StoreUrl.ConnectionString) { Pooling = false }.ConnectionString);
        await c.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP SCHEMA IF EXISTS \"{schema}\" CASCADE", c);
        await drop.ExecuteNonQueryAsync();
    }
}

/// <summary>A store with its location: disposing closes the store, then drops the location.</summary>
internal sealed class OwnedStore(TestStoreLocation location, IArticleStore store) : IAsyncDisposable
{
    public TestStoreLocation Location { get; } = location;

    public IArticleStore Store { get; } = store;

    public IWebhookStore Webhooks => (IWebhookStore)Store;

    public async ValueTask DisposeAsync()
    {
        await Store.DisposeAsync();
        await Location.DisposeAsync();
    }
}
