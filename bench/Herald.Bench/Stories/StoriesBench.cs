using System.Diagnostics;
using System.Globalization;
using Herald.Composition;
using Herald.Dedup;
using Herald.Evaluation.Dedup;
using Herald.Evaluation.Stories;
using Herald.Stories;

namespace Herald.Bench.Stories;

/// <summary>
/// `stories [COUNT]`: B-cubed on ECB+ (topics 1–35, averaged over three stream orders), copy-detection precision
/// and recall on copies generated from ECB+ texts, then COUNT (default 1,000,000) generated articles streamed
/// through the clusterer: articles/s on one thread and memory at several points.
/// `stories tune`: the two-fold cross-validation over topics that chose the defaults; `stories short`, `stories
/// search`, `stories ceiling`, `stories diag` and `stories speed` are described where they are implemented.
/// </summary>
internal static class StoriesBench
{
    public static Task<int> Run(string[] args)
    {
        var ecbDir = Path.Combine(DataDirectory(), "stories", "ecbplus");
        if (args is ["tune", ..])
        {
            return Task.FromResult(StoriesTuning.Run(EcbPlusCorpus.Load(ecbDir), args));
        }

        if (args is ["short", ..])
        {
            if (!File.Exists(Path.Combine(ecbDir, "gold_doc_clusters.tsv")))
            {
                Console.Error.WriteLine($"stories short: ECB+ not found at {ecbDir} (gold_doc_clusters.tsv missing)");
                return Task.FromResult(2);
            }

            return Task.FromResult(StoriesShort.Run(EcbPlusCorpus.Load(ecbDir), args));
        }

        if (args is ["speed", ..])
        {
            Speed(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 60_000, args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 5);
            return Task.FromResult(0);
        }

        if (args is ["live", ..])
        {
            return Task.FromResult(StoriesLive.Run(EcbPlusCorpus.Load(ecbDir), args));
        }

        if (args is ["ceiling", ..])
        {
            return Task.FromResult(StoriesCeiling.Run(EcbPlusCorpus.Load(ecbDir)));
        }

        if (args is ["search", ..])
        {
            return Task.FromResult(StoriesSearch.Run(EcbPlusCorpus.Load(ecbDir), args));
        }

        if (args is ["diag", ..])
        {
            var seed = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1;
            return Task.FromResult(StoriesDiagnosis.Run(EcbPlusCorpus.Load(ecbDir), seed));
        }

        var count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1_000_000;
        if (args is [_, "--throughput-only", ..])
        {
            Throughput(count);
            return Task.FromResult(0);
        }

        if (Directory.Exists(ecbDir))
        {
            var docs = EcbPlusCorpus.Load(ecbDir);
            var score = StoryEvaluation.Score(docs, new StoryClustererOptions());
            Console.WriteLine($"ECB+ stories ({docs.Count} documents, {docs.Select(d => d.Subtopic).Distinct().Count()} gold stories, 3 orders): B-cubed {score}");
            var copies = CopyScore(docs);
            Console.WriteLine($"copy detection (ECB+ texts, generated copies, same-topic hard negatives): {copies}");
        }
        else
        {
            Console.WriteLine($"ECB+ figures skipped: {ecbDir} not found");
        }

        Throughput(count);
        return Task.FromResult(0);
    }

    /// <summary>
    /// `stories speed [N] [REPS]`: N generated articles, made once, clustered REPS times by fresh clusterers; prints
    /// articles per CPU-second of each pass, fastest first. For comparing two builds side by side (one per core, at
    /// the same time, then swapped): on a shared machine a single long run varies by 20% from one minute to the next.
    /// </summary>
    private static void Speed(int n, int reps)
    {
        var generator = new ArticleGenerator();
        var articles = Enumerable.Range(0, n).Select(_ => generator.Next()).ToList();
        var rates = new List<double>();
        using var process = Process.GetCurrentProcess();
        for (var r = 0; r < reps; r++)
        {
            var clusterer = StoryClustering.NewClusterer();
            process.Refresh();
            var cpu = process.TotalProcessorTime;
            foreach (var a in articles)
            {
                clusterer.Assign(a);
            }

            process.Refresh();
            rates.Add(n / (process.TotalProcessorTime - cpu).TotalSeconds);
        }

        Console.WriteLine(string.Join(" ", rates.OrderDescending().Select(x => x.ToString("0", CultureInfo.InvariantCulture))));
    }

    public static CopyScore CopyScore(IReadOnlyList<EcbDocument> docs)
    {
        var sources = docs.Select(d => new CopySource(d.Id, d.Topic.ToString(CultureInfo.InvariantCulture), d.Title, d.Text));
        var (articles, sourceOf) = CopyEvaluation.Build(sources, seed: 1);
        return CopyEvaluation.Score(new CopyDetector(), articles, sourceOf);
    }

    /// <summary>
    /// Articles are generated in batches outside the measurement; the clusterer's share is measured as process CPU
    /// time (the machine may be shared, so wall-clock time would count other people's work) and as wall time.
    /// </summary>
    private static void Throughput(int count)
    {
        const int Batch = 10_000;
        var generator = new ArticleGenerator();
        var clusterer = StoryClustering.NewClusterer();
        var frozen = 0L;
        clusterer.Frozen += _ => frozen++;
        var checkpoints = new SortedSet<int> { count / 10, count / 4, count / 2, count * 3 / 4, count };
        using var process = Process.GetCurrentProcess();
        var cpu = TimeSpan.Zero;
        var wall = TimeSpan.Zero;
        var duplicates = 0;
        var done = 0;
        var batch = new List<Herald.Model.Article>(Batch);
        while (done < count)
        {
            batch.Clear();
            var next = checkpoints.GetViewBetween(done + 1, count).Min;
            var size = Math.Min(Batch, next - done);
            for (var i = 0; i < size; i++)
            {
                batch.Add(generator.Next());
            }

            process.Refresh();
            var cpu0 = process.TotalProcessorTime;
            var watch = Stopwatch.StartNew();
            foreach (var article in batch)
            {
                if (clusterer.Assign(article).DuplicateOf is not null)
                {
                    duplicates++;
                }
            }

            wall += watch.Elapsed;
            process.Refresh();
            cpu += process.TotalProcessorTime - cpu0;
            done += size;
            if (done == next)
            {
                var live = GC.GetTotalMemory(forceFullCollection: true) / (1024.0 * 1024.0);
                process.Refresh();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {done,9:N0} articles: {done / cpu.TotalSeconds,7:N0} articles per CPU-second ({done / wall.TotalSeconds,7:N0}/s wall), live heap {live,6:N1} MiB, working set {process.WorkingSet64 / 1048576.0,6:N1} MiB, peak {process.PeakWorkingSet64 / 1048576.0,6:N1} MiB, active stories {clusterer.ActiveStories:N0}, frozen {frozen:N0}"));
            }
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"throughput: {count:N0} generated articles, {count / cpu.TotalSeconds:N0} articles per CPU-second in the clusterer, one thread ({count / wall.TotalSeconds:N0}/s wall-clock on a shared machine), {duplicates:N0} copies marked"));
    }

    internal static string DataDirectory()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Herald.slnx")))
        {
            dir = dir.Parent;
        }

        var root = dir?.FullName ?? Environment.CurrentDirectory;
        return Path.GetFullPath(Path.Combine(root, "..", "shared", "data"));
    }
}
