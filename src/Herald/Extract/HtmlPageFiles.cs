using System.IO.Compression;
using System.Runtime.CompilerServices;
using Herald.Model;
using Herald.Pipeline;
using Herald.Text;

namespace Herald.Extract;

/// <summary>Saved HTML pages on disk: which files they are, their ids, and reading them within the size cap.</summary>
public static class HtmlPageFiles
{
    private static readonly string[] Endings = [".html.gz", ".htm.gz", ".html", ".htm"];

    public static bool IsPage(string file) => Endings.Any(e => file.EndsWith(e, StringComparison.OrdinalIgnoreCase));

    /// <summary>The file name without its .html, .htm or .html.gz ending (the extract contract's id).</summary>
    public static string IdOf(string file)
    {
        var name = Path.GetFileName(file);
        foreach (var e in Endings)
        {
            if (name.EndsWith(e, StringComparison.OrdinalIgnoreCase))
            {
                return name[..^e.Length];
            }
        }

        return name;
    }

    /// <summary>
    /// Reads at most one byte past the extractor's limit, also through gzip: the extractor then reports the page as
    /// too large, and neither a multi-gigabyte file nor a gzip bomb lands in memory. Bad gzip → InvalidDataException.
    /// </summary>
    public static async Task<byte[]> ReadAsync(string file, CancellationToken ct)
    {
        var limit = ExtractorOptions.Default.MaxBytes;
        if (!file.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
        {
            await using var raw = File.OpenRead(file);
            var bytes = new byte[(int)Math.Min(raw.Length, limit + 1L)];
            await raw.ReadExactlyAsync(bytes, ct);
            return bytes;
        }

        await using var fs = File.OpenRead(file);
        await using var gz = new GZipStream(fs, CompressionMode.Decompress);
        using var ms = new MemoryStream();
        var buffer = new byte[81920];
        int read;
        while ((read = await gz.ReadAsync(buffer, ct)) > 0)
        {
            ms.Write(buffer, 0, read);
            if (ms.Length > limit)
            {
                break;
            }
        }

        return ms.ToArray();
    }
}

/// <summary>Saved HTML pages for `herald ingest`: each page goes through the extractor; a page that is not an article fails alone.</summary>
public sealed class HtmlFileImporter(ArticleExtractor extractor, OutletRegistry outlets, TimeProvider clock) : IFileImporter
{
    public bool CanRead(string path) => HtmlPageFiles.IsPage(path);

    public bool OneArticlePerFile => true;

    public async IAsyncEnumerable<Article> ReadAsync(string path, Action<string> warn, [EnumeratorCancellation] CancellationToken ct)
    {
        ExtractionOutcome outcome;
        try
        {
            outcome = extractor.Extract(await HtmlPageFiles.ReadAsync(path, ct), HtmlPageFiles.IdOf(path));
        }
        catch (InvalidDataException)
        {
            throw new HeraldException(path, "not valid gzip data");
        }

        if (outcome.Article is not { } article)
        {
            var kind = outcome.Failure ?? ExtractionFailureKind.NoContent;
            throw new HeraldException(path, $"not extracted ({kind}): {outcome.Reason ?? ExtractionOutcome.Describe(kind)}");
        }

        var outlet = outlets.Normalize(article.Outlet) ?? outlets.FromUrl(article.Url);
        yield return article with { Outlet = outlet?.Name ?? article.Outlet, FirstSeen = clock.GetUtcNow() };
    }
}
