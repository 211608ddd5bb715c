using System.Diagnostics;
using System.Globalization;
using Herald.Annotate;

namespace Herald.Bench.Annotate;

/// <summary>
/// `dotnet run -c Release --project bench/Herald.Bench -- annotate [quotes|events|seed|speed|all] [--trace]`:
/// the issue's Annotate figures. Quotes run the shared evaluator over `./herald annotate` on PolNeAR dev; events score
/// the CAMEO coder on the two PETRARCH validation suites; seed prints what the lead article yields; speed times the
/// whole annotator on PolNeAR dev texts in one thread.
/// </summary>
internal static class AnnotateBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var root = FindRoot();
        var data = Path.GetFullPath(Path.Combine(root, "..", "shared", "data"));
        if (!Directory.Exists(data))
        {
            Console.WriteLine($"annotate: {data} is missing; nothing to measure.");
            return 1;
        }

        var what = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) ?? "all";
        var trace = args.Contains("--trace");
        if (what is "quotes" or "all")
        {
            await QuotesAsync(root);
        }

        if (what is "events" or "all")
        {
            Events(data, trace);
        }

        if (what is "seed" or "all")
        {
            Seed(root);
        }

        if (what is "speed" or "all")
        {
            var titles = args.SkipWhile(a => a != "--titles").Skip(1).FirstOrDefault();
            Speed(data, titles);
        }

        return 0;
    }

    private static async Task QuotesAsync(string root)
    {
        Console.WriteLine("quotes: python3 ../shared/tools/eval/herald_eval.py quotes (runs ./herald annotate on PolNeAR dev)");
        var psi = new ProcessStartInfo("python3", ["../shared/tools/eval/herald_eval.py", "quotes"])
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var p = Process.Start(psi)!;
        var stdout = await p.StandardOutput.ReadToEndAsync();
        var stderr = await p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        Console.Write(stdout);
        if (p.ExitCode != 0)
        {
            Console.WriteLine($"  evaluator failed ({p.ExitCode}): {stderr.Trim()}");
        }

        Console.WriteLine("  targets: quoted contents F1 >= 0.95, all contents F1 >= 0.70, speaker F1 >= 0.80");
    }

    private static void Events(string data, bool trace)
    {
        var events = Path.Combine(data, "events");
        var p2 = Path.Combine(events, "petrarch2");
        var up = Path.Combine(events, "universalpetrarch", "validate-suite");
        var suites = new (string Name, string Records, string Actors, string Agents, string Verbs, string? Ontology)[]
        {
            ("PETRARCH2 unit tests", Path.Combine(p2, "text", "PETR.UnitTest.records.xml"), Path.Combine(p2, "dictionaries", "PETR.Validate.actors.txt"),
                Path.Combine(p2, "dictionaries", "PETR.Validate.agents.txt"), Path.Combine(p2, "dictionaries", "PETR.Validate.verbs.txt"), null),
            ("UniversalPetrarch validation", Path.Combine(up, "PETR_Validate_records_2_02.xml"), Path.Combine(up, "PETR_Validate_actors_2_02.txt"),
                Path.Combine(up, "PETR_Validate_agents_2_02.txt"), Path.Combine(up, "PETR_Validate_verbs_2_02.txt"),
                Path.Combine(up, "PETR_Validate_Internal_Coding_Ontology_1_01.txt")),
        };
        Console.WriteLine("events: a coding counts when source, target and event code all match; false positives = predicted codings no record expects / all predicted");
        foreach (var useSuiteVerbs in new[] { true, false })
        {
            Console.WriteLine(useSuiteVerbs
                ? "  (a) Herald's coder with each suite's own toy dictionaries (actors, agents and verbs; comparable to the published anchor):"
                : "  (b) Herald's own CAMEO verb lexicon with the suites' toy actors (the suites expect their toy verb codes, e.g. 'condemn' = 122, 'visit' = 032, so this mostly measures vocabulary disagreement):");
            foreach (var (name, records, actors, agents, verbs, ontology) in suites)
            {
                var s = EventsEvaluation.Run(name, records, actors, agents, useSuiteVerbs ? verbs : null, useSuiteVerbs ? ontology : null, trace && useSuiteVerbs ? Console.WriteLine : null);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"    {s.Suite}: {s.Records} records, {s.Expected} expected codings ({s.ToyCodes} with non-CAMEO toy codes): found {s.Found} = recall {s.Recall:P1}; {s.Predicted} predicted, {s.FalsePositives} unexpected = false positives {s.FalsePositiveRate:P1}"));
            }
        }

        Console.WriteLine("  anchor: UniversalPetrarch reports 68.3% found, 23.0% false positives on its suite; target recall >= 80% with <= 15% false positives");
    }

    private static void Seed(string root)
    {
        var seed = Path.GetFullPath(Path.Combine(root, "..", "shared", "seed", "000_4ddfc6bcc6cd5d23.txt"));
        if (!File.Exists(seed))
        {
            Console.WriteLine($"seed: {seed} is missing");
            return;
        }

        var lines = File.ReadAllLines(seed);
        var stop = Array.FindIndex(lines, l => l.StartsWith("View post:", StringComparison.Ordinal));
        var text = string.Join('\n', lines[1..(stop < 0 ? lines.Length : stop)]).Trim();
        var a = ArticleAnnotator.CreateDefault().Annotate(text, published: null);
        Console.WriteLine("seed lead article (no publish date; dates resolved from the article's own clues):");
        foreach (var q in a.Quotes)
        {
            Console.WriteLine($"  quote [{q.Speaker ?? "?"}] ({q.Cue ?? "-"}) {Short(q.Text)}");
        }

        Console.WriteLine("  amounts: " + string.Join("; ", a.Amounts.Select(m => string.Create(CultureInfo.InvariantCulture, $"{m.Text} = {m.Value} {m.Object}"))));
        Console.WriteLine("  dates: " + string.Join("; ", a.Dates.Select(d => $"{d.Text} = {d.Value}")));
        Console.WriteLine("  events: " + string.Join("; ", a.Events.Select(e => $"{e.Source} {e.Code} {e.Target} ({e.SourceText} → {e.TargetText})")));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  tone {a.Tone!.Tone:F2} (positive {a.Tone.Positive:F2}, negative {a.Tone.Negative:F2}, {a.Tone.WordCount} words)"));
    }

    /// <summary>Annotation speed on PolNeAR dev bodies, or (<paramref name="titles"/>, a JSONL file such as
    /// `headlines write` makes) on the records' titles, as headline-only items are annotated.</summary>
    private static void Speed(string data, string? titles)
    {
        var dir = Path.Combine(data, "quotes", "polnear", "dev", "text");
        var texts = titles is null
            ? Directory.GetFiles(dir, "*.txt").Order(StringComparer.Ordinal).Select(File.ReadAllText).ToList()
            : File.ReadLines(titles).Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement.GetProperty("title").GetString() ?? "").ToList();
        var annotator = ArticleAnnotator.CreateDefault();
        foreach (var t in texts.Take(5))
        {
            annotator.Annotate(t, null);
        }

        var sw = Stopwatch.StartNew();
        long chars = 0;
        var rounds = 0;
        while (sw.Elapsed < TimeSpan.FromSeconds(3))
        {
            foreach (var t in texts)
            {
                annotator.Annotate(t, null);
                chars += t.Length;
            }

            rounds++;
        }

        var seconds = sw.Elapsed.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"speed: {rounds * texts.Count / seconds:F0} articles/s, {chars / seconds / 1e6:F2} M chars/s on one thread ({(titles is null ? "PolNeAR dev texts" : "titles of " + titles)}, trained tagger and gazetteer)"));

        // Where the time and the garbage go: one more pass with a lap after each annotator (bytes allocated on this
        // thread are exact, unlike times, so a cut in garbage shows even on a busy machine).
        var laps = new Dictionary<string, (long Ticks, long Bytes)>(StringComparer.Ordinal);
        var last = 0L;
        var lastBytes = 0L;
        void Lap(string name)
        {
            var now = Stopwatch.GetTimestamp();
            var bytes = GC.GetAllocatedBytesForCurrentThread();
            var (ticks, allocated) = laps.GetValueOrDefault(name);
            laps[name] = (ticks + (now - last), allocated + (bytes - lastBytes));
            last = now;
            lastBytes = GC.GetAllocatedBytesForCurrentThread();
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        foreach (var t in texts)
        {
            lastBytes = GC.GetAllocatedBytesForCurrentThread();
            last = Stopwatch.GetTimestamp();
            annotator.Annotate(t, null, Lap);
        }

        var total = GC.GetAllocatedBytesForCurrentThread() - before;
        Console.WriteLine("  per article: " + string.Join(", ", laps.Select(l => string.Create(CultureInfo.InvariantCulture,
            $"{l.Key} {l.Value.Ticks * 1000.0 / Stopwatch.Frequency / texts.Count:F3} ms"))));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  allocated per article: {total / (double)texts.Count:F0} bytes in all; ")
            + string.Join(", ", laps.Select(l => string.Create(CultureInfo.InvariantCulture, $"{l.Key} {l.Value.Bytes / (double)texts.Count:F0}"))));
    }

    private static string Short(string s)
    {
        s = s.ReplaceLineEndings(" ");
        return s.Length <= 90 ? s : s[..87] + "...";
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Herald.slnx")))
            {
                return dir.FullName;
            }
        }

        return Directory.GetCurrentDirectory();
    }
}
