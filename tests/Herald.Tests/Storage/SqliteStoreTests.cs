using Herald.Model;
using Herald.Storage.Sqlite;

namespace Herald.Tests.Storage;

/// <summary>What only the SQLite store has: its file and its schema version in PRAGMA user_version.</summary>
public sealed class SqliteStoreTests
{
    [Fact]
    public async Task Reopening_a_store_keeps_its_schema_version_and_data()
    {
        var dir = TestPaths.TempDir("store");
        await using (var store = SqliteStore.OpenFolder(dir))
        {
            await store.UpsertAsync([new Article { Id = "x", Title = "Kept" }], CancellationToken.None);
        }

        await using var again = SqliteStore.OpenFolder(dir);
        Assert.Equal(SqliteMigrations.All[^1].Version, again.SchemaVersion);
        Assert.Equal("Kept", (await again.GetAsync("x", CancellationToken.None))!.Title);
    }

    [Fact]
    public async Task A_newer_schema_is_refused_with_a_clear_message()
    {
        var dir = TestPaths.TempDir("store");
        await using (var store = SqliteStore.OpenFolder(dir))
        {
            await store.UpsertAsync([new Article { Id = "x", Title = "t" }], CancellationToken.None);
        }

        using (var c = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(dir, "herald.db")};Pooling=false"))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "PRAGMA user_version = 99";
            cmd.ExecuteNonQuery();
        }

        var e = Assert.Throws<HeraldException>(() => SqliteStore.OpenFolder(dir));
        Assert.Contains("newer Herald", e.Message, StringComparison.Ordinal);
    }
}
