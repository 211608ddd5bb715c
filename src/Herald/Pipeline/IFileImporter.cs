using Herald.Model;

namespace Herald.Pipeline;

/// <summary>Reads one kind of local file into article records (seed pages, JSONL records, HTML pages, saved feeds…).</summary>
public interface IFileImporter
{
    /// <summary>True when this importer reads files like <paramref name="path"/> (by name; content is checked on read).</summary>
    bool CanRead(string path);

    /// <summary>Yields the file's articles; warnings go to <paramref name="warn"/>; a bad file throws <see cref="HeraldException"/>.</summary>
    IAsyncEnumerable<Article> ReadAsync(string path, Action<string> warn, CancellationToken ct);

    /// <summary>
    /// True when a file holds at most one article and reading it is CPU work (an HTML page to extract): such files are
    /// read by a parallel pipeline stage on every core, in order, instead of one after another by the source.
    /// </summary>
    bool OneArticlePerFile => false;
}

/// <summary>
/// Input files already ingested, by a hash of their bytes and of the engine that read them, so re-ingesting unchanged
/// input costs little more than hashing it; a new engine build reads everything again.
/// </summary>
public interface IIngestLedger
{
    /// <summary>The subset of <paramref name="hashes"/> already ingested.</summary>
    Task<IReadOnlySet<string>> KnownFilesAsync(IReadOnlyCollection<string> hashes, CancellationToken ct);

    /// <summary>Records files whose articles are all stored.</summary>
    Task RecordFilesAsync(IReadOnlyList<(string Hash, string Path)> files, CancellationToken ct);
}
