using System.Diagnostics;
using System.Globalization;
using System.Text;
using Herald.Ingest;
using Herald.Storage.Sqlite;
using Herald.Text;

namespace Herald.Bench.Ingest;

/// <summary>
/// `ingest [N...]`: writes N generated related posts of the seed's shape into seed-format pages (1,000 posts a page,
/// outlets with slogans and bare domains, section prefixes, empty outlets), then times the real ingest path
/// (FileIngestor → SeedPageReader → SqliteStore, batched transactions, FTS5 index) into a fresh store.
/// Prints posts/s and the process's peak memory after each size, so growth with input size is visible.
/// </summary>
internal static class IngestBench
{
    private static readonly string[] Subjects = ["Iraq", "Iran", "Turkey", "Syria", "Kurdish fighters", "The World Bank", "OPEC+", "Baghdad", "Mosul", "Basra", "The UN", "Erbil"];
    private static readonly string[] Verbs = ["approves", "rejects", "expands", "halts", "weighs", "announces", "signs", "delays", "condemns", "welcomes", "boosts", "cuts"];
    private static readonly string[] Objects = ["oil exports", "water deal", "rail project", "border talks", "drone strikes", "reconstruction funds", "election plan", "gas terminal", "security pact", "refinery upgrade", "aid package", "flight routes"];
    private static readonly string[] Outlets =
    [
        "Bloomberg", "ABC News - Breaking News, Latest News and Videos", "Crude Oil Prices Today | OilPrice.com", "kurdistan24.net",
        "The Times of Israel", "Reuters", "AP News", "The Guardian", "rudaw.net", "Euronews.com", "", "Shafaq News", "DVIDS", "Al Jazeera",
    ];

    public static async Task<int> RunAsync(string[] args)
    {
        var sizes = args.Length > 0 ? args.Select(a => int.Parse(a, CultureInfo.InvariantCulture)).ToArray() : [25_000, 50_000, 100_000];
        Console.WriteLine("herald ingest bench: generated seed-shaped related posts → SQLite (WAL, FTS5), one thread");
        Console.WriteLine($"{"posts",10} {"seconds",9} {"posts/s",10} {"peak MB",8}");
        foreach (var n in sizes)
        {
            var dir = Path.Combine(Path.GetTempPath(), "herald-bench-ingest-" + n.ToString(CultureInfo.InvariantCulture));
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true);
            }

            var pages = Path.Combine(dir, "pages");
            Directory.CreateDirectory(pages);
            Generate(pages, n);
            await using var store = SqliteStore.OpenFolder(dir);
            var ingestor = new FileIngestor(store, [new SeedPageImporter(OutletRegistry.CreateDefault(), TimeProvider.System)], batchSize: 5000);
            var sw = Stopwatch.StartNew();
            var report = await ingestor.IngestAsync([pages], CancellationToken.None);
            sw.Stop();
            var leads = (n + 999) / 1000;
            if (report.Articles.Inserted != n + leads || report.Messages.Count > 0)
            {
                Console.Error.WriteLine($"expected {n + leads} new articles, stored {report.Articles.Inserted} ({report.Messages.Count} warnings: {report.Messages.FirstOrDefault()})");
                return 1;
            }

            using var me = Process.GetCurrentProcess();
            me.Refresh();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{n,10:N0} {sw.Elapsed.TotalSeconds,9:0.00} {n / sw.Elapsed.TotalSeconds,10:N0} {me.PeakWorkingSet64 / (1024.0 * 1024),8:0}"));
            Directory.Delete(dir, recursive: true);
        }

        return 0;
    }

    internal static void GenerateInto(string folder, int n) => Generate(folder, n);

    private static void Generate(string folder, int n)
    {
        var rng = new Random(42);
        var start = new DateOnly(2025, 7, 8);
        StreamWriter? w = null;
        for (var i = 0; i < n; i++)
        {
            if (i % 1000 == 0)
            {
                w?.Dispose();
                w = new StreamWriter(Path.Combine(folder, $"page{i / 1000:D5}.txt"), false, new UTF8Encoding(false));
                var lead = "Lead headline for generated page " + i.ToString(CultureInfo.InvariantCulture);
                w.Write($"{lead} – CNN\nBody paragraph about Iraq.\nView post:\n{lead} - CNN\n");
            }

            var date = ListingDates.Format(start.AddDays(-(i / 500)));
            var outlet = Outlets[rng.Next(Outlets.Length)];
            var section = outlet == "DVIDS" ? "News - " : "";
            var headline = $"{Subjects[rng.Next(Subjects.Length)]} {Verbs[rng.Next(Verbs.Length)]} {Objects[rng.Next(Objects.Length)]} in report {i.ToString(CultureInfo.InvariantCulture)}";
            w!.Write($"- {section}{headline} - {outlet} - {date} [{date}]\n");
        }

        w?.Dispose();
    }
}
