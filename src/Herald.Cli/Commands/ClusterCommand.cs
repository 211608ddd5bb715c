using System.CommandLine;
using System.Text;
using System.Text.Json;
using Herald.Model;
using Herald.Stories;

namespace Herald.Cli.Commands;

/// <summary>
/// `herald cluster --in IN.jsonl --out OUT.jsonl`: streaming dedup and story clustering over article records in
/// file order. Reads and writes one line at a time, so memory stays flat for any input size.
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

        var clusterer = new StoryClusterer();
        using var reader = new StreamReader(input.FullName, Encoding.UTF8);
        await using var stream = new FileStream(output.FullName, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        await using var json = new Utf8JsonWriter(stream, new JsonWriterOptions
        {
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            SkipValidation = true,
        });
        var newline = "\n"u8.ToArray();
        var lineNumber = 0;
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var article = ArticleJson.Parse(line, $"{input.Name}:{lineNumber}");
            var a = clusterer.Assign(article);
            json.WriteStartObject();
            json.WriteString("id", article.Id);
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
            await json.FlushAsync(ct);
            json.Reset();
            await stream.WriteAsync(newline, ct);
        }

        return 0;
    }
}
