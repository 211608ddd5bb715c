using Herald.Model;
using Herald.Storage;

namespace Herald.Tests.Storage;

public sealed class StoreUrlTests
{
    [Fact]
    public void A_postgres_url_gives_host_port_database_user_and_schema()
    {
        var url = StoreUrl.Parse("postgres://herald:p%40ss@db.internal:6543/news?schema=herald_2");
        Assert.Equal(StoreKind.Postgres, url.Kind);
        Assert.Equal("herald_2", url.Schema);
        Assert.Equal("postgres://herald@db.internal:6543/news?schema=herald_2", url.Display);
        var cs = new Npgsql.NpgsqlConnectionStringBuilder(url.ConnectionString);
        Assert.Equal(("db.internal", 6543, "news", "herald", "p@ss"), (cs.Host, cs.Port, cs.Database, cs.Username, cs.Password));
        Assert.Equal(5432, new Npgsql.NpgsqlConnectionStringBuilder(StoreUrl.Parse("postgresql://u@localhost/db").ConnectionString).Port);
        Assert.Equal("public", StoreUrl.Parse("postgresql://u@localhost/db").Schema);
    }

    [Fact]
    public void A_sqlite_url_names_the_file_or_a_folder_holding_herald_db()
    {
        Assert.Equal("/tmp/x/store.db", StoreUrl.Parse("sqlite:/tmp/x/store.db").SqlitePath);
        var dir = TestPaths.TempDir("storeurl");
        Assert.Equal(Path.Combine(dir, "herald.db"), StoreUrl.Parse("sqlite:" + dir).SqlitePath);
        Assert.Equal(Path.Combine("data", "herald.db"), StoreUrl.InFolder("data").SqlitePath);
    }

    [Theory]
    [InlineData("mysql://u:p@h/db", "is not a store URL (use sqlite:PATH or postgres://user:pass@host:5432/db)")]
    [InlineData("herald.db", "is not a store URL")]
    [InlineData("postgres://u:p@h:5432/", "names no database")]
    [InlineData("postgres://h:5432/db", "names no user")]
    [InlineData("postgres://u:p@h:99999/db", "is not a valid URL")]
    [InlineData("postgres://u:p@h/db?sslmode=require", "unknown parameter \"sslmode\"")]
    [InlineData("postgres://u:p@h/db?schema=a;drop", "bad schema name")]
    [InlineData("sqlite:", "names no file")]
    public void A_bad_url_is_one_line_naming_it_and_never_its_password(string text, string problem)
    {
        var e = Assert.Throws<HeraldException>(() => StoreUrl.Parse(text, "HERALD_STORE"));
        Assert.StartsWith("HERALD_STORE \"", e.Message, StringComparison.Ordinal);
        Assert.Contains(problem, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(":p@", e.Message, StringComparison.Ordinal);
    }
}
