using System.CommandLine;
using System.Text;
using System.Text.Json;
using Herald.Composition;
using Herald.Model;
using Herald.Stories;

namespace Herald.Cli.Commands;

/// <summary>
/// `herald cluster --in IN.jsonl --out OUT.jsonl`: streaming dedup and story clustering over article records in
/// file order, then the end-of-input refinement (splits and merges). Reads one line at a time and holds only the
/// articles that refinement moved, so memory stays near flat for any input size.
/// </summary>
internal static class ClusterCommand
{
    public static Command Create()
    {
        var input = new Option<FileInfo>("--in") { Description = "Article records, one JSON object per line (id, title, text, optional published, url, outlet)", Required = true };
        var output = new Option<FileInfo>("--out") { Description = "Output: one {\"id\",\"story\",\"duplicateOf\"} object per input record", Required = true };
        var cmd = new Command("cluster", "Group articles into stories and mark copies (streaming, in file order)") { input, output };
        cmd.SetAction((ParseResult r, CancellationToken ct) => CliRunner.RunAsync(() =>
            RunAsync(r.GetValue(input)!, r.GetValue(output)!, ct)));
        return cmd;
    }

    private static async Task<int> RunAsync(FileInfo input, FileInfo output, CancellationToken ct)
    {
        if (!input.Exists)
        {
            throw new HeraldException(input.Name, "file not found");
        }

        // First pass: each article's first answer goes to a scratch file in input order; refinement may later
        // move some articles to another story (a split or a merge), and only those moves are held in memory.
        var clusterer = StoryClustering.NewClusterer();
        var moved = new Dictionary<string, StoryAssignment>(StringComparer.Ordinal);
        clusterer.Moved += (id, a) => moved[id] = a;
        var scratch = output.FullName + ".part";
        var final = output.FullName + ".final.part";
        // Lines are named by the path as it was given, like `ingest` names them.
        var name = input.ToString();
        var skipped = new SkippedLines(name);
        var records = 0;
        try
        {
            await using (var first = new StreamWriter(scratch, false, new UTF8Encoding(false), 1 << 16))
            {
                using var reader = new StreamReader(input.FullName, Encoding.UTF8);
                var lineNumber = 0;
                while (await reader.ReadLineAsync(ct) is { } line)
                {
                    lineNumber++;
                    if (string.IsNullOrWhiteSpace(line))
                    {
                        continue;
                    }

                    Article article;
                    try
                    {
                        article = ArticleJson.Parse(line, $"{name}:{lineNumber}");
                    }
                    catch (HeraldException e)
                    {
                        skipped.Skip(e);
                        continue;
                    }

                    var a = clusterer.Assign(article);
                    await first.WriteLineAsync(Encode(article.Id, a).AsMemory(), ct);
                    records++;
                }

                clusterer.Flush();
            }

            // Nothing usable read: an error, and the previous output (if any) is left as it was.
            if (records == 0)
            {
                throw skipped.NothingUsable();
            }

            if (moved.Count == 0)
            {
                File.Move(scratch, output.FullName, overwrite: true);
                await Summarize(records, output, skipped);
                return 0;
            }

            // The final output goes through a second scratch file and a rename too: a run killed while writing it
            // leaves the previous output (or none), never half a file.
            await using (var stream = new FileStream(final, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
            await using (var writer = new StreamWriter(stream, new UTF8Encoding(false)))
            {
                using var provisional = new StreamReader(scratch, Encoding.UTF8);
                while (await provisional.ReadLineAsync(ct) is { } line)
                {
                    using var doc = JsonDocument.Parse(line);
                    var id = doc.RootElement.GetProperty("id").GetString()!;
                    await writer.WriteAsync((moved.TryGetValue(id, out var m) ? Encode(id, m) : line).AsMemory(), ct);
                    await writer.WriteAsync("\n".AsMemory(), ct);
                }
            }

            File.Move(final, output.FullName, overwrite: true);
        }
        finally
        {
            File.Delete(scratch);
            File.Delete(final);
        }

        await Summarize(records, output, skipped);
        return 0;
    }

    private static Task Summarize(int records, FileInfo output, SkippedLines skipped) =>
        Console.Error.WriteLineAsync($"clustered {records} records → {output}{skipped.Summary()}");

    private static string Encode(string id, StoryAssignment a)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions
        {
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        }))
        {
            json.WriteStartObject();
            json.WriteString("id", id);
            json.WriteString("story", a.StoryId);
            if (a.DuplicateOf is null)
            {
                json.WriteNull("duplicateOf");
            }
            else
            {
                json.WriteString("duplicateOf", a.DuplicateOf);
            }

            if (a.Republished is { } rep)
            {
                json.WriteString("republished", ArticleJson.FormatDate(rep, dateOnly: true));
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
