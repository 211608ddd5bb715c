using System.Globalization;
using System.Text;
using System.Text.Json;
using Herald.Bench.Extract;

namespace Herald.Bench.Pipeline;

/// <summary>
/// `headlines [--narrow] [N ...]` (default 10000 100000 1000000): headline-only records, the bulk of what feeds and
/// seed pages carry, through `./herald ingest` as a user runs it (a cold process, into a fresh store). For each N it
/// writes N generated records to a JSONL file (a year of a wire-like stream: ~600 outlets, about one item in eight a
/// re-worded or verbatim pick-up of a recent item by another outlet, newest last), ingests it once, and prints
/// records/s, the CPU time, the per-stage times the CLI reports and the process's peak working set.
/// Headlines are random walks of a word-bigram chain learnt from the Reuters sentences of CoNLL-2003's training
/// file (../shared/data/ner/conll2003/train.txt, read at run time): news vocabulary with its real spread of common
/// and rare words. `--narrow` builds them instead from ~130 words (43 names, 20 verbs, 27 subjects, 40 places), the
/// first version of this bench: so few words that unrelated headlines share most of theirs (100,000 records with one
/// pick-up in eight fall into 38,436 stories), the worst case for headline matching rather than a stream's shape. What must hold: ≥ 5,000 records/s and peak memory flat as N grows (under 1 GB at
/// 1,000,000). The generator is seeded, so every run ingests the same records. `headlines write N FILE` writes the
/// records alone.
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

    private static string NarrowHeadline(Random random)
    {
        var who = People[random.Next(People.Length)];
        var place = Places[random.Next(Places.Length)];
        var subject = Subjects[random.Next(Subjects.Length)];
        return random.Next(4) switch
        {
            0 => $"{Kickers[random.Next(Kickers.Length)]}{who} {Verbs[random.Next(Verbs.Length)]} {subject} in {place}",
            1 => $"{place}'s {subject}: {who} {Verbs[random.Next(Verbs.Length)]} plan after {random.Next(2, 400)} days",
            2 => $"{who} and {People[random.Next(People.Length)]} {Verbs[random.Next(Verbs.Length)]} {subject} as {place} waits",
            _ => $"{random.Next(3, 90_000):N0} affected as {place} {subject} {Verbs[random.Next(Verbs.Length)]} {who}",
        };
    }

    public static async Task<int> RunAsync(string[] args)
    {
        var root = ExtractBench.RepoRoot();
        var narrow = args.Contains("--narrow");
        args = [.. args.Where(a => a != "--narrow")];
        Func<Random, string> fresh;
        if (narrow)
        {
            fresh = NarrowHeadline;
        }
        else
        {
            var corpus = Path.GetFullPath(Path.Combine(root, "..", "shared", "data", "ner", "conll2003", "train.txt"));
            if (!File.Exists(corpus))
            {
                Console.Error.WriteLine($"bench headlines: {corpus}: not found (the Reuters sentences the headlines are learnt from); use --narrow for the built-in words");
                return 2;
            }

            var chain = BigramChain.Learn(corpus);
            fresh = chain.Headline;
        }

        if (args is ["write", var count, var output])
        {
            // `headlines [--narrow] write N FILE`: only the generated records, to profile an ingest of them by hand.
            await WriteRecordsAsync(output, int.Parse(count, CultureInfo.InvariantCulture), fresh);
            return 0;
        }

        var sizes = args.Length > 0 ? args.Select(a => int.Parse(a, CultureInfo.InvariantCulture)).ToArray() : [10_000, 100_000, 1_000_000];
        var herald = Path.Combine(root, "herald");
        // The first call builds the CLI when its sources changed; it is not timed.
        ExtractBench.Run(herald, ["--help"], root, TimeSpan.FromMinutes(10));
        Console.WriteLine($"headlines: generated headline-only JSONL records ({(narrow ? "--narrow: ~130 words" : "bigram walks over CoNLL-2003 train's Reuters sentences")}) through `./herald ingest` (a cold process, fresh store), {Environment.ProcessorCount} cores");
        foreach (var n in sizes)
        {
            var work = Path.Combine(Path.GetTempPath(), $"herald-bench-headlines-{Environment.ProcessId}-{n}");
            Directory.CreateDirectory(work);
            try
            {
                var input = Path.Combine(work, "headlines.jsonl");
                await WriteRecordsAsync(input, n, fresh);
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
    private static async Task WriteRecordsAsync(string path, int n, Func<Random, string> fresh)
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
                title = fresh(random);
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

    /// <summary>
    /// A first-order word chain over the sentences of a CoNLL file: each headline is a walk from a sentence start,
    /// 6 to 14 words, with shouted words (all capitals, as Reuters headlines are) in title case.
    /// </summary>
    private sealed class BigramChain
    {
        private const string Start = "\u0002";
        private const string End = "\u0003";
        private readonly Dictionary<string, List<string>> _next = new(StringComparer.Ordinal);

        public static BigramChain Learn(string conll)
        {
            var chain = new BigramChain();
            var previous = Start;
            foreach (var line in File.ReadLines(conll))
            {
                var word = line.Split(' ', 2)[0];
                if (line.Length == 0 || word == "-DOCSTART-")
                {
                    if (previous != Start)
                    {
                        chain.Link(previous, End);
                    }

                    previous = Start;
                    continue;
                }

                word = Cased(word);
                chain.Link(previous, word);
                previous = word;
            }

            return chain;
        }

        public string Headline(Random random)
        {
            while (true)
            {
                var words = new List<string>(14);
                var at = Start;
                while (words.Count < 14 && _next.TryGetValue(at, out var options))
                {
                    at = options[random.Next(options.Count)];
                    if (at == End)
                    {
                        break;
                    }

                    words.Add(at);
                }

                if (words.Count >= 6 && words.Count(w => char.IsLetter(w[0])) >= 4)
                {
                    return Detokenize(words);
                }
            }
        }

        private void Link(string from, string to)
        {
            if (!_next.TryGetValue(from, out var list))
            {
                _next[from] = list = [];
            }

            list.Add(to);
        }

        private static string Cased(string word) =>
            word.Length > 1 && word.All(c => !char.IsLetter(c) || char.IsUpper(c)) && word.Any(char.IsLetter)
                ? word[0] + word[1..].ToLowerInvariant()
                : word;

        private static string Detokenize(List<string> words)
        {
            var text = new StringBuilder();
            foreach (var w in words)
            {
                var glued = w is "." or "," or ":" or ";" or ")" or "'s" or "n't" or "%" or "?" or "!" || text.Length > 0 && text[^1] == '(';
                if (text.Length > 0 && !glued)
                {
                    text.Append(' ');
                }

                text.Append(w);
            }

            return text.ToString().TrimEnd('.', ',', ':', ';', ' ');
        }
    }
}
