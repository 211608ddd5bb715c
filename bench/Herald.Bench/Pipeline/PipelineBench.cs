using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Text.RegularExpressions;
using Herald.Bench.Extract;

namespace Herald.Bench.Pipeline;

/// <summary>
/// The live engine end to end, as a user runs it: `./herald ingest` (a cold process each time) of the 181
/// scrapinghub pages and the 130 readability test pages into a fresh store, then again over the unchanged pages.
/// Prints pages/s, the share of the first ingest's time the second takes, the per-stage times the CLI reports
/// (HERALD_TIMINGS=1), peak memory, and Mozilla Readability's pages/s on one core over the same pages in the same run.
/// Options: --no-peer (skip Readability), --runs N (cold first ingests to time, default 3; the median is reported).
/// </summary>
internal static partial class PipelineBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var root = ExtractBench.RepoRoot();
        var data = Path.Combine(root, "..", "shared", "data", "extraction");
        var scrapinghub = Path.Combine(data, "scrapinghub", "html");
        var testPages = Path.Combine(data, "readability-testpages", "pages");
        if (!Directory.Exists(scrapinghub) || !Directory.Exists(testPages))
        {
            Console.Error.WriteLine($"bench pipeline: {data} is missing the scrapinghub or readability-testpages pages");
            return 2;
        }

        var runs = args.SkipWhile(a => a != "--runs").Skip(1).Select(a => int.Parse(a, CultureInfo.InvariantCulture)).FirstOrDefault(3);
        // The pages are linked (not copied) into one input folder, under names that keep the test pages apart.
        var input = Path.Combine(Path.GetTempPath(), $"herald-bench-pipeline-{Environment.ProcessId}");
        Directory.CreateDirectory(input);
        var pages = new List<(string Id, byte[] Bytes)>();
        foreach (var file in Directory.EnumerateFiles(scrapinghub, "*.html.gz").Order(StringComparer.Ordinal))
        {
            File.CreateSymbolicLink(Path.Combine(input, Path.GetFileName(file)), file);
            pages.Add((Path.GetFileName(file)[..^".html.gz".Length], Gunzip(file)));
        }

        foreach (var dir in Directory.EnumerateDirectories(testPages).Order(StringComparer.Ordinal))
        {
            var source = Path.Combine(dir, "source.html.gz");
            if (File.Exists(source))
            {
                File.CreateSymbolicLink(Path.Combine(input, "rt-" + Path.GetFileName(dir) + ".html.gz"), source);
                pages.Add(("rt-" + Path.GetFileName(dir), Gunzip(source)));
            }
        }

        Console.WriteLine($"pipeline: {pages.Count} real HTML pages (scrapinghub + readability test pages), `./herald ingest` as a cold process each time, {Environment.ProcessorCount} cores");
        var herald = Path.Combine(root, "herald");
        // The first call builds the CLI when its sources changed; it is not timed.
        ExtractBench.Run(herald, ["--help"], root, TimeSpan.FromMinutes(10));

        var firsts = new List<Ingest>();
        Ingest? second = null;
        for (var run = 0; run < runs; run++)
        {
            var store = Path.Combine(Path.GetTempPath(), $"herald-bench-pipeline-store-{Environment.ProcessId}-{run}");
            Directory.CreateDirectory(store);
            try
            {
                var first = RunIngest(herald, root, store, input);
                if (first is null)
                {
                    return 1;
                }

                firsts.Add(first);
                if (run == 0)
                {
                    second = RunIngest(herald, root, store, input);
                }
            }
            finally
            {
                Directory.Delete(store, recursive: true);
            }
        }

        var median = firsts.OrderBy(f => f.Seconds).ElementAt(firsts.Count / 2);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  first ingest   {median.Seconds,6:F2} s  {pages.Count / median.Seconds,7:F1} pages/s  (median of {firsts.Count}; all: {string.Join(", ", firsts.Select(f => f.Seconds.ToString("F2", CultureInfo.InvariantCulture)))} s)"));
        Console.WriteLine($"                 {median.Summary}");
        Console.WriteLine($"                 stage times (summed over cores): {median.Timings}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"                 CPU {median.CpuSeconds:F2} s ({median.CpuSeconds * 1000 / pages.Count:F1} ms per page), peak memory {median.PeakMiB} MiB"));
        if (second is not null)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  re-ingest      {second.Seconds,6:F2} s  ({second.Seconds / firsts[0].Seconds:P0} of the first ingest's time), peak memory {second.PeakMiB} MiB"));
            Console.WriteLine($"                 {second.Summary}");
        }

        // `herald extract` alone, a cold process as users run it: on every core, and pinned to one core (taskset).
        var extractAll = TimeExtract(herald, root, input, pinned: false);
        var extractOne = TimeExtract(herald, root, input, pinned: true);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  herald extract {extractAll,6:F2} s  {pages.Count / extractAll,7:F1} pages/s on {Environment.ProcessorCount} cores; {extractOne:F2} s, {pages.Count / extractOne:F1} pages/s on one core (taskset -c 0)"));

        if (args.Contains("--no-peer"))
        {
            Console.WriteLine("  Readability: skipped (--no-peer)");
            return 0;
        }

        var (rate, cpuRate, _, problem) = await ExtractBench.RunReadabilityAsync(root, pages);
        if (rate is not { } r)
        {
            Console.WriteLine($"  Readability: not measured ({problem})");
            return 0;
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  Readability    {r,7:F1} pages/s on one core (Mozilla Readability + jsdom, one Node process, same pages, extraction only)"));
        if (cpuRate is { } c)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"                 {c,7:F1} pages per CPU-second"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  Herald's whole pipeline (extract, copies, stories, annotate, store) = {pages.Count / median.Seconds / r:F1}x Readability's one-core extraction rate"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  herald extract = {pages.Count / extractOne / r:F1}x Readability on one core, {pages.Count / extractAll / r:F1}x on {Environment.ProcessorCount} cores"));
        Directory.Delete(input, recursive: true);
        return 0;
    }

    private static double TimeExtract(string herald, string root, string input, bool pinned)
    {
        var output = Path.Combine(Path.GetTempPath(), $"herald-bench-pipeline-extract-{Environment.ProcessId}.jsonl");
        var watch = Stopwatch.StartNew();
        var (code, _, err) = pinned
            ? ExtractBench.Run("taskset", ["-c", "0", herald, "extract", input, "--out", output], root, TimeSpan.FromMinutes(10))
            : ExtractBench.Run(herald, ["extract", input, "--out", output], root, TimeSpan.FromMinutes(10));
        var seconds = watch.Elapsed.TotalSeconds;
        File.Delete(output);
        if (code != 0)
        {
            Console.Error.WriteLine($"bench pipeline: herald extract failed ({code}): {err.Split('\n').LastOrDefault(l => l.Length > 0)}");
        }

        return seconds;
    }

    internal sealed record Ingest(double Seconds, double CpuSeconds, long PeakMiB, string Summary, string Timings);

    /// <summary>`./herald --data STORE ingest INPUT` as a cold process with HERALD_TIMINGS=1: wall and CPU time, peak memory, summary and stage times.</summary>
    internal static Ingest? RunIngest(string herald, string root, string store, string input)
    {
        var psi = new ProcessStartInfo(herald) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = root };
        foreach (var a in new[] { "--data", store, "ingest", input })
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment["HERALD_TIMINGS"] = "1";
        var watch = Stopwatch.StartNew();
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        p.WaitForExit();
        var seconds = watch.Elapsed.TotalSeconds;
        if (p.ExitCode != 0)
        {
            Console.Error.WriteLine($"bench pipeline: herald ingest failed ({p.ExitCode}): {stderr.Result.Split('\n').FirstOrDefault(l => l.Contains("herald:", StringComparison.Ordinal) && !l.Contains("warning", StringComparison.Ordinal))}");
            return null;
        }

        var timings = stderr.Result.Split('\n').FirstOrDefault(l => l.StartsWith("herald: timings: ", StringComparison.Ordinal)) ?? "";
        var m = Figures().Match(timings);
        var cpu = m.Success ? double.Parse(m.Groups["cpu"].Value, CultureInfo.InvariantCulture) : double.NaN;
        var peak = m.Success ? long.Parse(m.Groups["peak"].Value, CultureInfo.InvariantCulture) : -1;
        var stages = timings.Length > 0 ? timings["herald: timings: ".Length..].Split(';')[0] : "(not reported)";
        if (Pauses().Match(timings) is { Success: true } gc)
        {
            stages += "; " + gc.Value;
        }

        return new Ingest(seconds, cpu, peak, stdout.Result.Trim().Split('\n').LastOrDefault() ?? "", stages);
    }

    [GeneratedRegex(@"allocated [0-9]+ MiB, GC paused [0-9.]+ s \([0-9/]+ collections of gen 0/1/2\)")]
    private static partial Regex Pauses();

    [GeneratedRegex(@"process CPU (?<cpu>[0-9.]+) s, peak working set (?<peak>[0-9]+) MiB")]
    private static partial Regex Figures();

    private static byte[] Gunzip(string file)
    {
        using var gz = new GZipStream(File.OpenRead(file), CompressionMode.Decompress);
        using var ms = new MemoryStream();
        gz.CopyTo(ms);
        return ms.ToArray();
    }
}
