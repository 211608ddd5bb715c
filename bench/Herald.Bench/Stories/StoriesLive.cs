using System.Diagnostics;
using System.Globalization;
using Herald.Composition;
using Herald.Evaluation.Stories;
using Herald.Storage.Sqlite;
using Herald.Stories;

namespace Herald.Bench.Stories;

/// <summary>
/// `stories live [BATCH] [ORDERS]`: ECB+ streamed through the live engine as `herald ingest` runs it — a real SQLite
/// store, BATCH articles stored at a time (1: article by article), each batch followed by the window rebuild and
/// its reconciliation — then B-cubed over the stories the store holds, beside the one-pass clusterer's figure on
/// the same orders. The live engine keeps each article where it was first placed, so late refinement that would
/// move placed articles is given up for ids that last; this script measures what that costs.
/// </summary>
internal static class StoriesLive
{
    public static int Run(IReadOnlyList<EcbDocument> docs, string[] args)
    {
        var batch = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1;
        var orders = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 3;
        var gold = docs.ToDictionary(d => d.Id, d => d.Subtopic, StringComparer.Ordinal);
        double p = 0, r = 0, f = 0, bp = 0, br = 0, bf = 0;
        for (var seed = 1; seed <= orders; seed++)
        {
            var stream = EcbPlusCorpus.Shuffled(docs, seed).ToList();
            var watch = Stopwatch.StartNew();
            var live = LiveAsync(stream, batch).GetAwaiter().GetResult();
            var s = BCubed.Score(live, gold);
            var one = BCubed.Score(StoryEvaluation.Cluster(stream, new StoryClustererOptions()), gold);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  order {seed}: live (batches of {batch}) {s}   one pass {one}   ({watch.Elapsed.TotalSeconds:F0} s)"));
            (p, r, f) = (p + s.Precision, r + s.Recall, f + s.F1);
            (bp, br, bf) = (bp + one.Precision, br + one.Recall, bf + one.F1);
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"ECB+ ({docs.Count} documents, {orders} orders): live engine, {batch} article(s) per ingest: {new BCubedScore(p / orders, r / orders, f / orders)}; one-pass clusterer: {new BCubedScore(bp / orders, br / orders, bf / orders)}"));
        return 0;
    }

    private static async Task<Dictionary<string, string>> LiveAsync(IReadOnlyList<EcbDocument> stream, int batch)
    {
        var dir = Path.Combine(Path.GetTempPath(), "herald-stories-live-" + Guid.NewGuid().ToString("N"));
        try
        {
            await using var store = SqliteStore.OpenFolder(dir);
            var clock = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
            for (var i = 0; i < stream.Count; i += batch)
            {
                // ECB+ texts carry no dates: each arrives a minute after the last, as a feed would bring them.
                var articles = stream.Skip(i).Take(batch).Select((d, k) => d.ToArticle() with { FirstSeen = clock.AddMinutes(i + k) }).ToList();
                var stored = await store.UpsertAsync(articles, CancellationToken.None);
                await StoryClustering.NewRebuilder(store).RebuildAsync(stored.EarliestChanged, CancellationToken.None);
            }

            return await store.ExportAsync(null, CancellationToken.None).ToDictionaryAsync(a => a.Id, a => a.Story ?? a.Id, StringComparer.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
