using System.Globalization;
using System.Text;
using System.Text.Json;
using Herald.Bench.Extract;

namespace Herald.Bench.Pipeline;

/// <summary>
/// `headlines [N ...]` (default 10000 100000 1000000): headline-only records, the bulk of what feeds and seed pages
/// carry, through `./herald ingest` as a user runs it (a cold process, into a fresh store). For each N it writes N
/// generated records to a JSONL file (a year of a wire-like stream: ~600 outlets, headlines built from names, verbs,
/// subjects and places, about one item in eight a re-worded or verbatim pick-up of a recent item by another outlet,
/// newest last), ingests it once, and prints records/s, the CPU time, the per-stage times the CLI reports and the
/// process's peak working set. What must hold: ≥ 5,000 records/s and peak memory flat as N grows (under 1 GB at
/// 1,000,000). The generator is seeded, so every run ingests the same records.
/// </summary>
internal static class HeadlinesBench
{
    private static readonly string[] People =
    [
        "Biden", "Trump", "Macron", "Scholz", "Sunak", "Starmer", "Modi", "Xi Jinping", "Putin", "Zelensky", "Erdogan",
        "Netanyahu", "Lula", "Milei", "Albanese", "Trudeau", "Meloni", "Sanchez", "Tusk", "Orban", "Ramaphosa", "Ruto",
        "Kishida", "Yoon", "Marcos", "Widodo", "Sheinbaum", "Guterres", "Lagarde", "Powell", "Musk", "Bezos", "Altman",
        "Harris", "Vance", "Pelosi", "Schumer", "McConnell", "Johnson", "Newsom", "DeSantis", "Abbott", "Hochul",
    ];

    private static readonly string[] Verbs =
    [
        "warns", "backs", "rejects", "meets", "criticises", "praises", "sues", "visits", "signs", "vetoes", "announces",
        "unveils", "delays", "cancels", "defends", "questions", "calls for", "pledges", "approves", "blocks",
    ];

    private static readonly string[] Subjects =
    [
        "tariffs", "budget deal", "climate plan", "ceasefire talks", "border bill", "tax cuts", "rate decision",
        "chip exports", "oil output", "election reform", "health care law", "housing plan", "trade pact", "aid package",
        "AI rules", "drone strikes", "grain corridor", "pension reform", "strike action", "merger", "data privacy law",
        "water rights", "vaccine rollout", "space mission", "nuclear deal", "wildfire response", "flood defences",
    ];

    private static readonly string[] Places =
    [
        "Iraq", "Baghdad", "Mosul", "Kyiv", "Gaza", "Beirut", "Tehran", "Paris", "Berlin", "London", "Madrid", "Rome",
        "Warsaw", "Ankara", "Cairo", "Nairobi", "Lagos", "Johannesburg", "Delhi", "Mumbai", "Beijing", "Tokyo", "Seoul",
        "Manila", "Jakarta", "Sydney", "Ottawa", "Mexico City", "Brasilia", "Buenos Aires", "Texas", "California",
        "Florida", "New York", "Ohio", "Michigan", "Arizona", "Georgia", "Brussels", "Geneva",
    ];

    private static readonly string[] Kickers = ["", "", "", "Exclusive: ", "Analysis: ", "Live: ", "Breaking: "];

    public static async Task<int> RunAsync(string[] args)
    {
        var sizes = args.Length > 0 ? args.Select(a => int.Parse(a, CultureInfo.InvariantCulture)).ToArray() : [10_000, 100_000, 1_000_000];
        var root = ExtractBench.RepoRoot();
        var herald = Path.Combine(root, "herald");
        // The first call builds the CLI when its sources changed; it is not timed.
        ExtractBench.Run(herald, ["--help"], root, TimeSpan.FromMinutes(10));
        Console.WriteLine($"headlines: generated headline-only JSONL records through `./herald ingest` (a cold process, fresh store), {Environment.ProcessorCount} cores");
        foreach (var n in sizes)
        {
            var work = Path.Combine(Path.GetTempPath(), $"herald-bench-headlines-{Environment.ProcessId}-{n}");
            Directory.CreateDirectory(work);
            try
            {
                var input = Path.Combine(work, "headlines.jsonl");
                await WriteRecordsAsync(input, n);
                var store = Path.Combine(work, "store");
                var result = PipelineBench.RunIngest(herald, root, store, input);
                if (result is null)
                {
                    return 1;
                }

                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {n,9:N0} records  {result.Seconds,8:F2} s  {n / result.Seconds,8:F0} records/s  CPU {result.CpuSeconds:F1} s  peak memory {result.PeakMiB} MiB"));
                Console.WriteLine($"                     {result.Summary}");
                Console.WriteLine($"                     stage times (summed over cores): {result.Timings}");
            }
            finally
            {
                Directory.Delete(work, recursive: true);
            }
        }

        return 0;
    }

    /// <summary>Writes <paramref name="n"/> records, oldest first, over a year; seeded, so the same every run.</summary>
    private static async Task WriteRecordsAsync(string path, int n)
    {
        var random = new Random(20250101);
        var start = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var step = TimeSpan.FromDays(365).Ticks / Math.Max(1, n);
        var recent = new string[64];
        await using var file = new StreamWriter(path, append: false, new UTF8Encoding(false), 1 << 20);
        var buffer = new MemoryStream();
        for (var i = 0; i < n; i++)
        {
            var outlet = random.Next(600);
            string title;
            if (i > 64 && random.Next(8) == 0)
            {
                // A pick-up of a recent item by another outlet: verbatim, or with a kicker or a lost apostrophe.
                var original = recent[random.Next(recent.Length)];
                title = random.Next(3) switch
                {
                    0 => original,
                    1 => Kickers[random.Next(3, Kickers.Length)] + original,
                    _ => original.Replace("'s", "s", StringComparison.Ordinal),
                };
            }
            else
            {
                var who = People[random.Next(People.Length)];
                var place = Places[random.Next(Places.Length)];
                var subject = Subjects[random.Next(Subjects.Length)];
                title = random.Next(4) switch
                {
                    0 => $"{Kickers[random.Next(Kickers.Length)]}{who} {Verbs[random.Next(Verbs.Length)]} {subject} in {place}",
                    1 => $"{place}'s {subject}: {who} {Verbs[random.Next(Verbs.Length)]} plan after {random.Next(2, 400)} days",
                    2 => $"{who} and {People[random.Next(People.Length)]} {Verbs[random.Next(Verbs.Length)]} {subject} as {place} waits",
                    _ => $"{random.Next(3, 90_000):N0} affected as {place} {subject} {Verbs[random.Next(Verbs.Length)]} {who}",
                };
            }

            recent[i % recent.Length] = title;
            var published = start.AddTicks(step * i + random.NextInt64(step + 1));
            buffer.SetLength(0);
            using (var w = new Utf8JsonWriter(buffer))
            {
                w.WriteStartObject();
                w.WriteString("id", $"h{i}");
                w.WriteString("url", $"https://outlet{outlet}.example/news/{published:yyyy/MM/dd}/{i}");
                w.WriteString("title", title);
                w.WriteString("published", published.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
                w.WriteString("outlet", $"Outlet {outlet}");
                w.WriteString("language", "en");
                w.WriteString("text", "");
                w.WriteEndObject();
            }

            await file.WriteLineAsync(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
        }
    }
}
