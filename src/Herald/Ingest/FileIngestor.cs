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
        var listed = paths.SelectMany(Expand).ToList();
        var all = listed.Select(l => l.Path).ToList();
        var foundIn = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (file, folder) in listed)
        {
            // A folder given twice lists its files twice; the first folder names them.
            if (folder is not null)
            {
                foundIn.TryAdd(file, folder);
            }
        }

        var unreadable = new Dictionary<string, List<string>>(StringComparer.Ordinal);
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
                    // A file named on the command line gets its own line; a folder's strays are summed up below.
                    skipped++;
                    if (foundIn.TryGetValue(path, out var folder))
                    {
                        (unreadable.TryGetValue(folder, out var strays) ? strays : unreadable[folder] = []).Add(path);
                    }
                    else
                    {
                        lock (messages)
                        {
                            messages.Add($"{path}: {NotIngestible(path)}");
                        }
                    }

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

                var articles = importer.ReadAsync(path, w => Warn(path, Located(path, w)), token).GetAsyncEnumerator(token);
                var fromFile = 0;
                var broken = false;
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
                        broken = true;
                        break;
                    }

                    Interlocked.Increment(ref read);
                    fromFile++;
                    yield return new PipelineItem(article);
                }

                await articles.DisposeAsync();
                if (fromFile == 0 && !broken)
                {
                    // An empty file and a file of nothing but bad records are the same to the user: nothing was read.
                    Interlocked.Increment(ref failed);
                    Warn(path, $"{path}: no article read");
                }
            }
        }

        var extract = new ExtractFilesStage(importers, (path, w) => Warn(path, Located(path, w)), () => Interlocked.Increment(ref read));
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

            UpsertSummary stored;
            using (StageClock.Measure("store: articles"))
            {
                stored = await store.UpsertAsync(articles, token);
            }

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

        foreach (var (folder, strays) in unreadable)
        {
            var kinds = strays.GroupBy(p => Path.GetExtension(p).ToLowerInvariant() is { Length: > 0 } e ? e : "(no extension)", StringComparer.Ordinal)
                .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => $"{g.Count()} {g.Key}" + (g.Key == ".opml" ? " (use import-opml)" : ""));
            messages.Add($"{folder}: skipped {strays.Count} {(strays.Count == 1 ? "file" : "files")} that {(strays.Count == 1 ? "is" : "are")} not ingestible: {string.Join(", ", kinds)}");
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

    /// <summary>A warning that names its file already (`FILE:LINE: problem`) is kept; others get the file's name.</summary>
    private static string Located(string path, string warning) =>
        warning.StartsWith(path, StringComparison.Ordinal) ? warning : $"{path}: {warning}";

    /// <summary>Why a file no importer reads was skipped, with the verb that does read it where there is one.</summary>
    private static string NotIngestible(string path) =>
        path.EndsWith(".opml", StringComparison.OrdinalIgnoreCase)
            ? "not an ingestible file, use import-opml"
            : "not an ingestible file (ingest reads seed pages .txt, JSONL records .jsonl, HTML pages, saved feeds and WARC files)";

    /// <summary>The files a path names, each with the folder it was found in (null when named itself).</summary>
    private static IEnumerable<(string Path, string? Folder)> Expand(string path)
    {
        if (File.Exists(path))
        {
            return [(path, null)];
        }

        if (Directory.Exists(path))
        {
            return Directory.EnumerateFiles(path, "*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true })
                .Order(StringComparer.Ordinal)
                .Select(f => (f, (string?)path));
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
        var lines = new BoundedLineReader(reader, MaxLineChars);
        var lineNo = 0;
        while (await lines.ReadLineAsync(ct) is { } line)
        {
            lineNo++;
            if (lines.LastWasTooLong)
            {
                warn($"{path}:{lineNo}: longer than {MaxLineChars / (1024 * 1024)} M characters, skipped");
                continue;
            }

            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            Article a;
            try
            {
                a = ArticleJson.Parse(line, $"{path}:{lineNo}");
            }
            catch (HeraldException e)
            {
                warn($"{path}:{lineNo}: {e.Problem}; line skipped");
                continue;
            }

            var outlet = outlets.Normalize(a.Outlet) ?? outlets.FromUrl(a.Url);
            yield return a with { Outlet = outlet?.Name ?? a.Outlet };
        }
    }
}

/// <summary>
/// Reads lines like <see cref="TextReader.ReadLineAsync(CancellationToken)"/> but never holds more than
/// <c>maxChars</c> of one: the rest of a longer line is read past and dropped, and <see cref="LastWasTooLong"/> says
/// so (the line then comes back empty). StreamReader has no such limit: a gigabyte line would be built in memory whole.
/// </summary>
internal sealed class BoundedLineReader(TextReader reader, int maxChars)
{
    private readonly char[] _buffer = new char[64 * 1024];
    private readonly StringBuilder _line = new();
    private int _start;
    private int _end;

    public bool LastWasTooLong { get; private set; }

    public async Task<string?> ReadLineAsync(CancellationToken ct)
    {
        _line.Clear();
        LastWasTooLong = false;
        var any = false;
        while (true)
        {
            if (_start == _end)
            {
                _start = 0;
                _end = await reader.ReadAsync(_buffer.AsMemory(), ct);
                if (_end == 0)
                {
                    return any ? Finish() : null;
                }
            }

            any = true;
            var span = _buffer.AsSpan(_start, _end - _start);
            var newline = span.IndexOfAny('\n', '\r');
            var take = newline < 0 ? span : span[..newline];
            if (!LastWasTooLong && _line.Length + take.Length > maxChars)
            {
                LastWasTooLong = true;
                _line.Clear();
            }

            if (!LastWasTooLong)
            {
                _line.Append(take);
            }

            if (newline < 0)
            {
                _start = _end;
                continue;
            }

            _start += newline + 1;
            if (span[newline] == '\r')
            {
                // \r\n counts as one line end; the \n may start the next buffer.
                if (_start == _end)
                {
                    _start = 0;
                    _end = await reader.ReadAsync(_buffer.AsMemory(), ct);
                }

                if (_start < _end && _buffer[_start] == '\n')
                {
                    _start++;
                }
            }

            return Finish();
        }
    }

    private string Finish() => LastWasTooLong ? "" : _line.ToString();
}
