using System.Globalization;
using System.Text.RegularExpressions;
using Herald.Model;
using Herald.Pipeline;
using Herald.Storage.Postgres;
using Herald.Storage.Sqlite;
using Npgsql;

namespace Herald.Storage;

/// <summary>Which kind of store a <see cref="StoreUrl"/> names.</summary>
public enum StoreKind
{
    Sqlite,
    Postgres,
}

/// <summary>
/// Where a store lives: <c>sqlite:PATH</c> (the file, or a folder holding herald.db) or
/// <c>postgres://user:pass@host:5432/db[?schema=NAME]</c>. Parsing names the problem in one line;
/// <see cref="Display"/> never shows the password.
/// </summary>
public sealed partial record StoreUrl(StoreKind Kind, string Display, string? SqlitePath, string? ConnectionString, string Schema)
{
    private const string Usage = "use sqlite:PATH or postgres://user:pass@host:5432/db";

    /// <summary>The embedded default: DIR/herald.db.</summary>
    public static StoreUrl InFolder(string dataDirectory)
    {
        var path = Path.Combine(dataDirectory, "herald.db");
        return new StoreUrl(StoreKind.Sqlite, "sqlite:" + path, path, null, "");
    }

    /// <summary>Parses a store URL; <paramref name="source"/> names where it came from (--store, HERALD_STORE) in errors.</summary>
    public static StoreUrl Parse(string text, string source = "--store")
    {
        var input = $"{source} \"{Redact(text)}\"";
        if (text.StartsWith("sqlite:", StringComparison.OrdinalIgnoreCase))
        {
            var path = text["sqlite:".Length..];
            if (path.StartsWith("//", StringComparison.Ordinal))
            {
                path = path[2..];
            }

            if (path.Length == 0)
            {
                throw new HeraldException(input, "names no file (use sqlite:PATH, e.g. sqlite:herald-data/herald.db)");
            }

            if (Directory.Exists(path) || path.EndsWith('/') || path.EndsWith(Path.DirectorySeparatorChar))
            {
                path = Path.Combine(path, "herald.db");
            }

            return new StoreUrl(StoreKind.Sqlite, "sqlite:" + path, path, null, "");
        }

        if (!text.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) && !text.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
        {
            throw new HeraldException(input, $"is not a store URL ({Usage})");
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Host.Length == 0)
        {
            throw new HeraldException(input, $"is not a valid URL ({Usage})");
        }

        var database = Uri.UnescapeDataString(uri.AbsolutePath.Trim('/'));
        if (database.Length == 0 || database.Contains('/', StringComparison.Ordinal))
        {
            throw new HeraldException(input, "names no database (postgres://user:pass@host:5432/DATABASE)");
        }

        var userInfo = uri.UserInfo.Split(':', 2);
        var user = Uri.UnescapeDataString(userInfo[0]);
        if (user.Length == 0)
        {
            throw new HeraldException(input, "names no user (postgres://USER:pass@host:5432/db)");
        }

        var schema = "public";
        foreach (var part in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = part.Split('=', 2);
            var name = Uri.UnescapeDataString(kv[0]);
            var value = kv.Length > 1 ? Uri.UnescapeDataString(kv[1]) : "";
            if (name != "schema")
            {
                throw new HeraldException(input, $"has an unknown parameter \"{name}\" (known: schema)");
            }

            if (!Identifier().IsMatch(value))
            {
                throw new HeraldException(input, $"has a bad schema name \"{value}\" (letters, digits and _, at most 63)");
            }

            schema = value;
        }

        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host,
            Port = uri.IsDefaultPort || uri.Port < 0 ? 5432 : uri.Port,
            Database = database,
            Username = user,
            Password = userInfo.Length > 1 ? Uri.UnescapeDataString(userInfo[1]) : null,
            ApplicationName = "herald",
        };
        var display = string.Create(CultureInfo.InvariantCulture, $"postgres://{user}@{uri.Host}:{builder.Port}/{database}{(schema == "public" ? "" : "?schema=" + schema)}");
        return new StoreUrl(StoreKind.Postgres, display, null, builder.ConnectionString, schema);
    }

    /// <summary>The URL with any password replaced by ***, for messages.</summary>
    public static string Redact(string text) => Password().Replace(text, "$1***@");

    [GeneratedRegex("^(?i)([a-z][a-z0-9+.-]*://[^:/@]*:)[^@/]*@")]
    private static partial Regex Password();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]{0,62}$")]
    private static partial Regex Identifier();

    /// <summary>Opens the store (creating and migrating it as needed).</summary>
    public async Task<IArticleStore> OpenAsync(CancellationToken ct = default) => Kind switch
    {
        StoreKind.Sqlite => SqliteStore.Open(SqlitePath!),
        _ => await PostgresStore.OpenAsync(ConnectionString!, Schema, Display, ct),
    };

    public override string ToString() => Display;
}
