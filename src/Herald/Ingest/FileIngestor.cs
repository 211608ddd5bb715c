using System.Text;
using Herald.Model;
using Herald.Pipeline;
using Herald.Text;

namespace Herald.Ingest;

/// <summary>Reads one kind of local file into article records (seed pages, JSONL records, HTML pages, saved feeds…).</summary>
public interface IFileImporter
{
    /// <summary>True when this importer reads files like <paramref name="path"/> (by name; content is checked on read).</summary>
    bool CanRead(string path);

    /// <summary>Yields the file's articles; warnings go to <paramref name="warn"/>; a bad file throws <see cref="HeraldException"/>.</summary>
    IAsyncEnumerable<Article> ReadAsync(string path, Action<string> warn, CancellationToken ct);
}

/// <summary>What an ingest run did.</summary>
public sealed record IngestReport(int Files, int Skipped, int Failed, UpsertSummary Articles, IReadOnlyList<string> Messages);

/// <summary>
/// Ingests files and folders into the store through the pipeline: importers read articles, the given stages
/// (story clustering, annotation, …) process them, and batches are upserted in one transaction each. One bad file
/// is reported and skipped; it never sinks the run. Re-ingesting the same input changes nothing.
/// </summary>
public sealed class FileIngestor(IArticleStore store, IReadOnlyList<IFileImporter> importers, int batchSize = 2000, IReadOnlyList<IPipelineStage>? stages = null)
{
    /// <summary>Reports progress: files done, files in all, articles read so far.</summary>
    public IProgress<(int Done, int Total, long Articles)>? Progress { get; init; }

    public async Task<IngestReport> IngestAsync(IEnumerable<string> paths, CancellationToken ct)
    {
        var messages = new List<string>();
        int files = 0, skipped = 0, failed = 0;
        long read = 0;
        var total = UpsertSummary.Empty;
        var all = paths.SelectMany(p => Expand(p, messages)).ToList();

        async IAsyncEnumerable<PipelineItem> Source([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken token)
        {
            var done = 0;
            foreach (var path in all)
            {
                Progress?.Report((done++, all.Count, read));
                var importer = importers.FirstOrDefault(i => i.CanRead(path));
                if (importer is null)
                {
                    skipped++;
                    continue;
                }

                files++;
                var articles = importer.ReadAsync(path, w => messages.Add($"{path}: {w}"), token).GetAsyncEnumerator(token);
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
                        failed++;
                        messages.Add(e.Message);
                        break;
                    }

                    read++;
                    yield return new PipelineItem(article);
                }

                await articles.DisposeAsync();
            }
        }

        var host = new PipelineHost(stages ?? [], capacity: Math.Max(64, batchSize), batchSize: batchSize);
        await host.RunAsync(Source(ct), async (batch, token) =>
        {
            total = total.Add(await store.UpsertAsync(batch.Select(i => i.Article).ToList(), token));
            foreach (var item in batch)
            {
                if (item.Annotations is { } annotations)
                {
                    await store.SaveAnnotationsAsync(item.Article.Id, AnnotationJson.Serialize(annotations), token);
                }
            }
        }, ct);
        Progress?.Report((all.Count, all.Count, read));
        return new IngestReport(files, skipped, failed, total, messages);
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
