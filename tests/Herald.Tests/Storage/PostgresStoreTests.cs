using Herald.Model;
using Herald.Storage.Postgres;
using Npgsql;

namespace Herald.Tests.Storage;

/// <summary>What only the PostgreSQL store has: monthly partitions, 64-bit ids, its migrations table.</summary>
public sealed class PostgresStoreTests
{
    private static Article At(string id, DateTimeOffset? published, string text = "The dam on the Tigris needs repairs.") => new()
    {
        Id = id, Url = $"https://example.com/{id}", Title = "Dam " + id, Outlet = "Reuters", Published = published, Text = text,
        FirstSeen = new DateTimeOffset(2025, 7, 20, 0, 0, 0, TimeSpan.Zero),
    };

    private static async Task<long> ScalarAsync(TestStoreLocation location, string sql)
    {
        var url = location.StoreUrl;
        await using var c = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(url.ConnectionString) { SearchPath = url.Schema, Pooling = false }.ConnectionString);
        await c.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, c);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    [SkippableFact]
    public async Task Articles_land_in_the_partition_of_their_month_and_move_when_their_date_changes()
    {
        await using var owned = await TestStores.OpenAsync(TestStores.Postgres, "pg-partitions");
        var store = owned.Store;
        await store.UpsertAsync(
        [
            At("june", new DateTimeOffset(2025, 6, 30, 23, 59, 0, TimeSpan.Zero)),
            At("july", new DateTimeOffset(2025, 7, 1, 0, 0, 0, TimeSpan.Zero)),
            At("undated", null),
            At("old", new DateTimeOffset(2017, 5, 1, 8, 0, 0, TimeSpan.Zero)),
        ], CancellationToken.None);

        Assert.Equal(3, await ScalarAsync(owned.Location, "SELECT count(*) FROM pg_inherits WHERE inhparent = 'articles'::regclass"));
        Assert.Equal(1, await ScalarAsync(owned.Location, "SELECT count(*) FROM articles_p202506"));
        // An undated article is filed by when it was first seen (20 July).
        Assert.Equal(2, await ScalarAsync(owned.Location, "SELECT count(*) FROM articles_p202507"));
        Assert.Equal(1, await ScalarAsync(owned.Location, "SELECT count(*) FROM articles_p201705"));

        // A re-ingest that corrects the date moves the row to its new month, keeps its id and is found once.
        var moved = await store.UpsertAsync([At("june", new DateTimeOffset(2025, 8, 2, 0, 0, 0, TimeSpan.Zero))], CancellationToken.None);
        Assert.Equal(1, moved.Updated);
        Assert.Equal(0, await ScalarAsync(owned.Location, "SELECT count(*) FROM articles_p202506"));
        Assert.Equal(1, await ScalarAsync(owned.Location, "SELECT count(*) FROM articles_p202508"));
        Assert.Equal(new DateTimeOffset(2025, 8, 2, 0, 0, 0, TimeSpan.Zero), (await store.GetAsync("june", CancellationToken.None))!.Published);
        var hits = await store.SearchAsync(Herald.Query.TopicQuery.Parse("Tigris"), new(Limit: 10), CancellationToken.None);
        Assert.Equal(4, hits.Total);
        Assert.Equal(4, hits.Hits.Select(h => h.Article.Id).Distinct().Count());
        Assert.Equal(0, await ScalarAsync(owned.Location, "SELECT count(*) FROM article_ids k WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.seq = k.seq AND a.at = k.at)"));
    }

    [SkippableFact]
    public async Task Ids_are_64_bit_from_the_start()
    {
        await using var owned = await TestStores.OpenAsync(TestStores.Postgres, "pg-ids");
        Assert.Equal(2, await ScalarAsync(owned.Location, """
            SELECT count(*) FROM information_schema.columns
            WHERE table_schema = current_schema() AND column_name = 'seq' AND table_name IN ('articles', 'article_ids') AND data_type = 'bigint'
            """));
        // Past 2^32 articles (Media Cloud's 32-bit ids ran out at 1.8 billion): storing, reading and searching go on.
        await ScalarAsync(owned.Location, "SELECT 0 FROM (SELECT setval(pg_get_serial_sequence('article_ids', 'seq'), 5000000000)) s");
        var store = owned.Store;
        Assert.Equal(1, (await store.UpsertAsync([At("big", new DateTimeOffset(2025, 7, 9, 0, 0, 0, TimeSpan.Zero))], CancellationToken.None)).Inserted);
        Assert.Equal(5_000_000_001, await ScalarAsync(owned.Location, "SELECT seq FROM articles WHERE id = 'big'"));
        Assert.Equal("Dam big", (await store.GetAsync("big", CancellationToken.None))!.Title);
        Assert.Equal(1, (await store.SearchAsync(Herald.Query.TopicQuery.Parse("dam"), new(), CancellationToken.None)).Total);
    }

    [SkippableFact]
    public async Task Migrations_are_recorded_once_when_two_processes_open_a_new_store_together()
    {
        // Six openers of a schema that does not exist yet, three times over: creating the schema itself raced once
        // (CREATE SCHEMA IF NOT EXISTS in two sessions at once fails in the slower one), so it is done under the
        // migration lock and this checks it.
        for (var round = 0; round < 3; round++)
        {
            await using var location = TestStores.Create(TestStores.Postgres, "pg-migrate");
            var opened = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => location.OpenAsync()));
            foreach (var s in opened)
            {
                await s.DisposeAsync();
            }

            Assert.Equal(PostgresMigrations.All.Count, await ScalarAsync(location, "SELECT count(*) FROM schema_migrations"));
            await using var again = (PostgresStore)await location.OpenAsync();
            Assert.Equal(PostgresMigrations.All[^1].Version, await again.SchemaVersionAsync(CancellationToken.None));
        }
    }

    [SkippableFact]
    public async Task A_newer_schema_is_refused_with_a_clear_message()
    {
        await using var location = TestStores.Create(TestStores.Postgres, "pg-newer");
        await (await location.OpenAsync()).DisposeAsync();
        await ScalarAsync(location, "WITH x AS (INSERT INTO schema_migrations(version, name) VALUES (99, 'from the future') RETURNING 1) SELECT count(*) FROM x");
        var e = await Assert.ThrowsAsync<HeraldException>(location.OpenAsync);
        Assert.Contains("newer Herald (schema 99", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("herald:herald", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_server_is_one_clear_line_without_the_password()
    {
        // Port 1 on loopback: nothing listens there, so the connection is refused at once.
        var url = Herald.Storage.StoreUrl.Parse("postgres://herald:secret-pw@127.0.0.1:1/herald");
        var e = await Assert.ThrowsAsync<HeraldException>(() => url.OpenAsync());
        Assert.StartsWith("postgres://herald@127.0.0.1:1/herald: cannot open the store", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-pw", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("\n", e.Message, StringComparison.Ordinal);
    }
}
