using System.Diagnostics;
using System.Globalization;
using Herald.Ingest;
using Herald.Model;
using Herald.Storage.Sqlite;
using Herald.Text;

namespace Herald.Bench.Ingest;

/// <summary>`ingest-profile N`: splits the ingest time into parsing and storing, to see where it goes.</summary>
internal static class IngestProfile
{
    public static async Task<int> RunAsync(string[] args)
    {
        var n = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 100_000;
        var dir = Path.Combine(Path.GetTempPath(), "herald-bench-profile");
        if (Directory.Exists(dir))
        {
            Directory.Delete(dir, true);
        }

        var pages = Path.Combine(dir, "pages");
        Directory.CreateDirectory(pages);
        IngestBench.GenerateInto(pages, n);
        var reader = new SeedPageReader(OutletRegistry.CreateDefault());
        var sw = Stopwatch.StartNew();
        var articles = new List<Article>();
        foreach (var f in Directory.EnumerateFiles(pages).Order(StringComparer.Ordinal))
        {
            articles.AddRange(SeedPageArticles.ToArticles(reader.ReadFile(f), DateTimeOffset.UtcNow));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"parse: {articles.Count / sw.Elapsed.TotalSeconds:N0} posts/s"));
        await using var store = SqliteStore.OpenFolder(dir);
        sw.Restart();
        foreach (var chunk in articles.Chunk(5000))
        {
            await store.UpsertAsync(chunk, CancellationToken.None);
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"store: {articles.Count / sw.Elapsed.TotalSeconds:N0} posts/s"));
        sw.Restart();
        foreach (var chunk in articles.Chunk(5000))
        {
            await store.UpsertAsync(chunk, CancellationToken.None);
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"store again (all unchanged): {articles.Count / sw.Elapsed.TotalSeconds:N0} posts/s"));
        return 0;
    }
}
