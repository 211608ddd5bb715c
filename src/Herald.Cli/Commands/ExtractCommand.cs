using System.CommandLine;
using System.Text.Json;
using Herald.Extract;
using Herald.Model;

namespace Herald.Cli.Commands;

/// <summary>`herald extract (FILE|DIR) [--url URL] [--out OUT.jsonl]`: HTML pages → article records, one JSON line each.</summary>
internal static class ExtractCommand
{

    public static Command Create()
    {
        var input = new Argument<string>("path") { Description = "An HTML page (.html, .htm, .html.gz) or a folder of them" };
        var url = new Option<string?>("--url") { Description = "The page's address (single file only): used for relative links and URL dates" };
        var output = new Option<string?>("--out") { Description = "Write JSON lines here (written atomically) instead of to stdout" };
        var command = new Command("extract", "Extract the article (body and metadata) from HTML pages as JSON lines") { input, url, output };
        command.SetAction((ParseResult r, CancellationToken ct) => CliRunner.RunAsync(() =>
            RunAsync(r.GetValue(input)!, r.GetValue(url), r.GetValue(output), ct)));
        return command;
    }

    private static async Task<int> RunAsync(string path, string? url, string? outPath, CancellationToken ct)
    {
        var files = ListInputs(path);
        if (url is not null && Directory.Exists(path))
        {
            throw new HeraldException(path, "--url names one page's address; give a single file with it, not a folder");
        }

        if (url is not null && !Uri.TryCreate(url, UriKind.Absolute, out _))
        {
            throw new HeraldException(url, "not an absolute URL");
        }

        var extractor = new ArticleExtractor();
        string? tempPath = null;
        Stream sink;
        if (outPath is null)
        {
            sink = Console.OpenStandardOutput();
        }
        else
        {
            var full = Path.GetFullPath(outPath);
            var dir = Path.GetDirectoryName(full)!;
            if (!Directory.Exists(dir))
            {
                throw new HeraldException(outPath, "its folder does not exist");
            }

            tempPath = Path.Combine(dir, $".{Path.GetFileName(full)}.{Environment.ProcessId}.tmp");
            sink = new FileStream(tempPath, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        }

        var failed = 0;
        var written = 0;
        try
        {
            await using (sink)
            {
                using var writer = new Utf8JsonWriter(sink, new JsonWriterOptions
                {
                    Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
                });
                // Pages are extracted on every core, a window of them ahead, and written in input order.
                using var cores = new SemaphoreSlim(Environment.ProcessorCount);
                var window = new Queue<(string File, Task<ExtractionOutcome> Outcome)>();
                var next = 0;
                while (next < files.Count || window.Count > 0)
                {
                    while (next < files.Count && window.Count < Environment.ProcessorCount * 4)
                    {
                        var file = files[next++];
                        window.Enqueue((file, Task.Run(() => ExtractOneAsync(extractor, file, url, cores, ct), ct)));
                    }

                    var (done, pending) = window.Dequeue();
                    var outcome = await pending;
                    if (outcome.Article is { } article)
                    {
                        ArticleJson.Write(writer, article);
                        await writer.FlushAsync(ct);
                        writer.Reset();
                        sink.WriteByte((byte)'\n');
                        written++;
                    }
                    else
                    {
                        failed++;
                        var kind = outcome.Failure ?? ExtractionFailureKind.NoContent;
                        await Console.Error.WriteLineAsync($"herald: {done}: not extracted ({kind}): {outcome.Reason ?? ExtractionOutcome.Describe(kind)}");
                    }
                }

                await sink.FlushAsync(ct);
            }

            // Nothing extracted leaves an existing output as it was: an empty file in its place would lose data.
            if (tempPath is not null && written > 0)
            {
                File.Move(tempPath, outPath!, overwrite: true);
                tempPath = null;
            }
        }
        finally
        {
            if (tempPath is not null && File.Exists(tempPath))
            {
                File.Delete(tempPath);
            }
        }

        if (written == 0)
        {
            // One page already has its line above; a folder gets one that names it, so the user sees what was read.
            if (files.Count > 1)
            {
                await Console.Error.WriteLineAsync($"herald: {path}: no article extracted from its {files.Count} pages" + (outPath is not null ? $"; {outPath} not written" : ""));
            }

            return CliRunner.UserError;
        }

        if (outPath is not null)
        {
            await Console.Error.WriteLineAsync($"herald: extracted {written} of {files.Count} pages to {outPath}" + (failed > 0 ? $" ({failed} failed, see above)" : ""));
        }

        return 0;
    }

    private static async Task<ExtractionOutcome> ExtractOneAsync(ArticleExtractor extractor, string file, string? url, SemaphoreSlim cores, CancellationToken ct)
    {
        await cores.WaitAsync(ct);
        try
        {
            return extractor.Extract(await ReadPageAsync(file, ct), IdOf(file), url);
        }
        catch (InvalidDataException)
        {
            return ExtractionOutcome.Fail(ExtractionFailureKind.Binary, "not valid gzip data");
        }
        finally
        {
            cores.Release();
        }
    }

    private static List<string> ListInputs(string path)
    {
        if (File.Exists(path))
        {
            if (!IsPage(path))
            {
                throw new HeraldException(path, "not an .html, .htm or .html.gz file");
            }

            return [path];
        }

        if (!Directory.Exists(path))
        {
            throw new HeraldException(path, "no such file or folder");
        }

        var files = Directory.EnumerateFiles(path).Where(IsPage).Order(StringComparer.Ordinal).ToList();
        if (files.Count == 0)
        {
            throw new HeraldException(path, "the folder has no .html, .htm or .html.gz files");
        }

        return files;
    }

    private static bool IsPage(string file) => HtmlPageFiles.IsPage(file);

    internal static string IdOf(string file) => HtmlPageFiles.IdOf(file);

    private static Task<byte[]> ReadPageAsync(string file, CancellationToken ct) => HtmlPageFiles.ReadAsync(file, ct);
}
