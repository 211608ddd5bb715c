using System.Text;
using Herald.Model;
using Herald.Pipeline;
using Herald.Text;

namespace Herald.Ingest;

/// <summary>What an ingest run did.</summary>
/// <param name="Unchanged">Files skipped because the same bytes were ingested before by the same engine build.</param>
public sealed record IngestReport(int Files, int Skipped, int Failed, UpsertSummary Articles, IReadOnlyList<string> Messages, int Unchanged = 0);

/// <summary>
/// Ingests files and folders into the store through the pipeline: the source lists the files, skipping those whose
/// bytes were ingested before (<see cref="IIngestLedger"/>); files that hold one article each (HTML pages) are read by
/// an extract stage on every core, in order, others are streamed by their importer; the given stages follow, and
/// batches are upserted in one transaction each. One bad file is reported and skipped; it never sinks the run.
/// Re-ingesting the same input changes nothing and costs little more than hashing it.
/// </summary>
public sealed class FileIngestor(IArticleStore store, IReadOnlyList<IFileImporter> importers, int batchSize = 2000, IReadOnlyList<IPipelineStage>? stages = null)
{
    /// <summary>Reports progress: files done, files in all, articles read so far.</summary>
    public IProgress<(int Done, int Total, long Articles)>? Progress { get; init; }

    /// <summary>Files read by the extract stage at once, beyond the cores working on them (bounds memory).</summary>
    private const int ExtractCapacity = 64;

    public async Task<IngestReport> IngestAsync(IEnumerable<string> paths, CancellationToken ct)
    {
        var messages = new List<string>();
        int files = 0, skipped = 0, failed = 0, unchanged = 0;
        long read = 0;
        var total = UpsertSummary.Empty;
        var all = paths.SelectMany(p => Expand(p, messages)).ToList();
        var ledger = store as IIngestLedger;
        var hashes = new Dictionary<string, string>(StringComparer.Ordinal);
        var known = new HashSet<string>(StringComparer.Ordinal);
        if (ledger is not null)
        {
            foreach (var path in all)
            {
                hashes[path] = await FileHashAsync(path, ct);
            }

            known.UnionWith(await ledger.KnownFilesAsync(hashes.Values.ToHashSet(StringComparer.Ordinal), ct));
        }

        // Files that failed (whole or in part) are not recorded, so their problems are reported again next time.
        var troubled = new HashSet<string>(StringComparer.Ordinal);
        void Warn(string path, string message)
        {
            lock (messages)
            {
                messages.Add(message);
                troubled.Add(path);
            }
        }

        async IAsyncEnumerable<PipelineItem> Source([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken token)
        {
            var done = 0;
            foreach (var path in all)
            {
                Progress?.Report((done++, all.Count, Interlocked.Read(ref read)));
                var importer = importers.FirstOrDefault(i => i.CanRead(path));
                if (importer is null)
                {
                    skipped++;
                    continue;
                }

                files++;
                if (hashes.TryGetValue(path, out var h) && known.Contains(h))
                {
                    unchanged++;
                    continue;
                }

                if (importer.OneArticlePerFile)
                {
                    yield return new PipelineItem(new Article { Id = path }) { PendingFile = path };
                    continue;
                }

                var articles = importer.ReadAsync(path, w => Warn(path, $"{path}: {w}"), token).GetAsyncEnumerator(token);
                while (true)
                {
                    Article article;
                    try
                    {
                        if (!await articles.MoveNextAsync())
                        {
                            break;
                        }

                        article = articles.Current;
                    }
                    catch (HeraldException e)
                    {
                        Interlocked.Increment(ref failed);
                        Warn(path, e.Message);
                        break;
                    }

                    Interlocked.Increment(ref read);
                    yield return new PipelineItem(article);
                }

                await articles.DisposeAsync();
            }
        }

        var extract = new ExtractFilesStage(importers, (path, w) => Warn(path, $"{path}: {w}"), () => Interlocked.Increment(ref read));
        var host = new PipelineHost([extract, .. stages ?? []], capacity: Math.Max(ExtractCapacity, batchSize), batchSize: batchSize);
        await host.RunAsync(Source(ct), async (batch, token) =>
        {
            var articles = new List<Article>(batch.Count);
            foreach (var item in batch)
            {
                if (item.Failure is { } problem)
                {
                    Interlocked.Increment(ref failed);
                    Warn(item.PendingFile ?? item.Article.Id, problem);
                }
                else if (item.PendingFile is null)
                {
                    articles.Add(item.Article);
                }
            }

            var stored = await store.UpsertAsync(articles, token);
            HeraldMetrics.Store(stored);
            total = total.Add(stored);
            foreach (var item in batch)
            {
                if (item.Annotations is { } annotations && item.Failure is null)
                {
                    await store.SaveAnnotationsAsync(item.Article.Id, AnnotationJson.Serialize(annotations), token);
                }
            }
        }, ct);

        if (ledger is not null)
        {
            await ledger.RecordFilesAsync(
                [.. hashes.Where(h => !known.Contains(h.Value) && !troubled.Contains(h.Key) && importers.Any(i => i.CanRead(h.Key))).Select(h => (h.Value, h.Key))], ct);
        }

        Progress?.Report((all.Count, all.Count, read));
        return new IngestReport(files, skipped, failed, total, messages, unchanged);
    }

    /// <summary>
    /// A hash of the file's bytes and of the engine build that reads it (its module version id changes with every
    /// build), so an upgraded Herald reads old input again and may extract it better.
    /// </summary>
    private static async Task<string> FileHashAsync(string path, CancellationToken ct)
    {
        var hash = new System.IO.Hashing.XxHash128();
        hash.Append(EngineBuild);
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        await hash.AppendAsync(file, ct);
        return Convert.ToHexStringLower(hash.GetCurrentHash());
    }

    private static readonly byte[] EngineBuild = typeof(FileIngestor).Assembly.ManifestModule.ModuleVersionId.ToByteArray();

    /// <summary>
    /// The extract stage of file ingest: reads a pending one-article file (an HTML page: decode, parse, extract) with
    /// its importer. CPU work, so it runs on every core; the host keeps the files' order.
    /// </summary>
    private sealed class ExtractFilesStage(IReadOnlyList<IFileImporter> importers, Action<string, string> warn, Action onRead) : IPipelineStage
    {
        public string Name => "extract";

        public int Parallelism => Math.Max(1, Environment.ProcessorCount);

        public async ValueTask<PipelineItem> ProcessAsync(PipelineItem item, CancellationToken ct)
        {
            if (item.PendingFile is not { } path)
            {
                return item;
            }

            var importer = importers.First(i => i.CanRead(path));
            try
            {
                await foreach (var article in importer.ReadAsync(path, w => warn(path, w), ct))
                {
                    onRead();
                    return item with { Article = article, PendingFile = null };
                }

                return item with { Failure = $"{path}: no article" };
            }
            catch (HeraldException e)
            {
                return item with { Failure = e.Message };
            }
        }
    }

    private static IEnumerable<string> Expand(string path, List<string> messages)
    {
        if (File.Exists(path))
        {
            return [path];
        }

        if (Directory.Exists(path))
        {
            return Directory.EnumerateFiles(path, "*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true })
                .Order(StringComparer.Ordinal);
        }

        throw new HeraldException(path, "no such file or folder");
    }
}

/// <summary>Seed-format topic pages (*.txt).</summary>
public sealed class SeedPageImporter(OutletRegistry outlets, TimeProvider clock) : IFileImporter
{
    public bool CanRead(string path) => path.EndsWith(".txt", StringComparison.OrdinalIgnoreCase);

    public async IAsyncEnumerable<Article> ReadAsync(string path, Action<string> warn, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        await Task.Yield();
        var page = new SeedPageReader(outlets).ReadFile(path);
        foreach (var w in page.Warnings)
        {
            warn(w);
        }

        foreach (var a in SeedPageArticles.ToArticles(page, clock.GetUtcNow()))
        {
            ct.ThrowIfCancellationRequested();
            yield return a;
        }
    }
}

/// <summary>JSONL article records (the extract contract), one per line.</summary>
public sealed class JsonlImporter(OutletRegistry outlets) : IFileImporter
{
    /// <summary>A line longer than this is not an article record; it is reported instead of read into memory whole.</summary>
    public const int MaxLineChars = 8 * 1024 * 1024;

    public bool CanRead(string path) => path.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".ndjson", StringComparison.OrdinalIgnoreCase);

    public async IAsyncEnumerable<Article> ReadAsync(string path, Action<string> warn, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        var lineNo = 0;
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            lineNo++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            if (line.Length > MaxLineChars)
            {
                warn($"line {lineNo}: longer than {MaxLineChars / (1024 * 1024)} M characters, skipped");
                continue;
            }

            Article a;
            try
            {
                a = ArticleJson.Parse(line, $"{path}:{lineNo}");
            }
            catch (HeraldException e)
            {
                warn($"line {lineNo}: {e.Problem}");
                continue;
            }

            var outlet = outlets.Normalize(a.Outlet) ?? outlets.FromUrl(a.Url);
            yield return a with { Outlet = outlet?.Name ?? a.Outlet };
        }
    }
}
