using Herald.Model;

namespace Herald.Pipeline;

/// <summary>Reads one kind of local file into article records (seed pages, JSONL records, HTML pages, saved feeds…).</summary>
public interface IFileImporter
{
    /// <summary>True when this importer reads files like <paramref name="path"/> (by name; content is checked on read).</summary>
    bool CanRead(string path);

    /// <summary>Yields the file's articles; warnings go to <paramref name="warn"/>; a bad file throws <see cref="HeraldException"/>.</summary>
    IAsyncEnumerable<Article> ReadAsync(string path, Action<string> warn, CancellationToken ct);
}
