using Microsoft.Data.Sqlite;

namespace Herald.Tests.Operations;

/// <summary>
/// What must hold in a store at every moment, whatever killed the process that wrote it, read straight from the
/// file with SQL (not through the store, whose code is what is under test). <see cref="AtAnyMomentAsync"/> holds
/// after any kill; <see cref="WhenCompleteAsync"/> holds once a run has finished the work.
/// </summary>
internal static class StoreInvariants
{
    private static readonly (string Name, string Sql)[] Always =
    [
        ("an article stored twice under one id", "SELECT count(*) FROM (SELECT id FROM articles GROUP BY id HAVING count(*) > 1)"),
        ("an article stored twice under one key", "SELECT count(*) FROM (SELECT key FROM articles GROUP BY key HAVING count(*) > 1)"),
        ("a copy whose original is missing",
            "SELECT count(*) FROM articles a WHERE a.duplicate_of IS NOT NULL AND NOT EXISTS (SELECT 1 FROM articles o WHERE o.id = a.duplicate_of)"),
        ("a copy of a copy", "SELECT count(*) FROM articles a JOIN articles o ON o.id = a.duplicate_of WHERE o.duplicate_of IS NOT NULL"),
        ("a copy in another story than its original",
            "SELECT count(*) FROM articles a JOIN articles o ON o.id = a.duplicate_of WHERE a.story IS NOT NULL AND o.story IS NOT NULL AND a.story <> o.story"),
        ("a story headline for a story with no member",
            "SELECT count(*) FROM story_headlines h WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.story = h.story)"),
        ("an alias that names a story with no member",
            "SELECT count(*) FROM story_aliases s WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.story = s.story)"),
        ("an alias that still has members of its own",
            "SELECT count(*) FROM story_aliases s WHERE EXISTS (SELECT 1 FROM articles a WHERE a.story = s.alias)"),
        ("an annotation of no article", "SELECT count(*) FROM annotations n WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.id = n.article_id)"),
        ("a full-text row count unlike the table's", "SELECT (SELECT count(*) FROM articles) - (SELECT count(*) FROM articles_fts)"),
        // Below the watermark every article with a body that is not a copy is annotated or queued for it.
        ("an article below the annotation watermark with neither annotations nor a place in the queue", """
            SELECT count(*) FROM articles a
            WHERE a.seq <= (SELECT value FROM store_meta WHERE key = 'annotated_through')
              AND a.duplicate_of IS NULL AND length(a.text) > 0
              AND NOT EXISTS (SELECT 1 FROM annotations n WHERE n.article_id = a.id)
              AND NOT EXISTS (SELECT 1 FROM annotation_queue q WHERE q.article_id = a.id)
            """),
        // Each article's countries (schema 12) are those of its places, or its original's: never stale, never missing.
        ("a country row unlike the annotations", """
            WITH expected AS (
                SELECT DISTINCT a.seq, upper(json_extract(p.value, '$.countryCode')) AS country
                FROM articles a JOIN annotations n ON n.article_id = coalesce(a.duplicate_of, a.id), json_each(n.json, '$.places') p
                WHERE upper(json_extract(p.value, '$.countryCode')) GLOB '[A-Z][A-Z]')
            SELECT (SELECT count(*) FROM (SELECT seq, country FROM expected EXCEPT SELECT seq, country FROM article_countries))
                 + (SELECT count(*) FROM (SELECT seq, country FROM article_countries EXCEPT SELECT seq, country FROM expected))
            """),
    ];

    private static readonly (string Name, string Sql)[] Complete =
    [
        ("an article with no story", "SELECT count(*) FROM articles WHERE story IS NULL"),
        ("a story with no headline",
            "SELECT count(*) FROM (SELECT DISTINCT story FROM articles) s WHERE NOT EXISTS (SELECT 1 FROM story_headlines h WHERE h.story = s.story)"),
        ("an original with a body and no annotations", """
            SELECT count(*) FROM articles a
            WHERE a.duplicate_of IS NULL AND length(a.text) > 0 AND NOT EXISTS (SELECT 1 FROM annotations n WHERE n.article_id = a.id)
            """),
        ("a copy with annotations of its own", "SELECT count(*) FROM articles a JOIN annotations n ON n.article_id = a.id WHERE a.duplicate_of IS NOT NULL"),
        ("work left in the annotation queue", "SELECT count(*) FROM annotation_queue"),
    ];

    public static Task<IReadOnlyList<string>> AtAnyMomentAsync(string dbPath) => CheckAsync(dbPath, Always);

    /// <summary>
    /// The checks that apply to a store of an older schema (a migration cut short leaves one): those reading the
    /// annotation watermark and queue need schema 8, those reading articles' countries schema 12.
    /// </summary>
    public static Task<IReadOnlyList<string>> AtAnyMomentOfSchemaAsync(string dbPath, int schemaVersion) =>
        CheckAsync(dbPath, [.. Always.Where(c =>
            (schemaVersion >= 8 || !c.Sql.Contains("store_meta", StringComparison.Ordinal)) &&
            (schemaVersion >= 12 || !c.Sql.Contains("article_countries", StringComparison.Ordinal)))]);

    public static Task<IReadOnlyList<string>> WhenCompleteAsync(string dbPath) => CheckAsync(dbPath, [.. Always, .. Complete]);

    private static async Task<IReadOnlyList<string>> CheckAsync(string dbPath, (string Name, string Sql)[] checks)
    {
        var broken = new List<string>();
        await using var c = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = dbPath, Pooling = false, Mode = SqliteOpenMode.ReadWrite }.ToString());
        await c.OpenAsync();
        foreach (var (name, sql) in checks)
        {
            using var cmd = c.CreateCommand();
            cmd.CommandText = sql;
            var n = Convert.ToInt64(await cmd.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
            if (n != 0)
            {
                broken.Add($"{name} ({n})");
            }
        }

        // FTS5's own check: the index says exactly what the content table holds (external content, so this reads both).
        using (var fts = c.CreateCommand())
        {
            fts.CommandText = "INSERT INTO articles_fts(articles_fts, rank) VALUES ('integrity-check', 1)";
            try
            {
                await fts.ExecuteNonQueryAsync();
            }
            catch (SqliteException e)
            {
                broken.Add("the full-text index differs from the table: " + e.Message);
            }
        }

        using (var integrity = c.CreateCommand())
        {
            integrity.CommandText = "PRAGMA integrity_check";
            var answer = (string?)await integrity.ExecuteScalarAsync();
            if (answer != "ok")
            {
                broken.Add("SQLite integrity check: " + answer);
            }
        }

        return broken;
    }
}
