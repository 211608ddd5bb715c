using System.CommandLine;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Herald.Annotate;
using Herald.Model;

namespace Herald.Cli.Commands;

/// <summary>`herald annotate --in IN.jsonl --out OUT.jsonl`: adds entities, places, quotes, amounts, dates, events and tone.</summary>
internal static class AnnotateCommand
{
    private static readonly JsonSerializerOptions Output = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static Command Create()
    {
        var input = new Option<string>("--in") { Description = "Input JSONL: one article per line (id, text, optional title, published, url)", Required = true };
        var output = new Option<string>("--out") { Description = "Output JSONL: each input record with the annotations added", Required = true };
        var command = new Command("annotate", "Add entities, places, quotes, amounts, dates, events (CAMEO) and tone to article records")
        {
            input,
            output,
        };
        command.SetAction((ParseResult r, CancellationToken ct) =>
            CliRunner.RunAsync(() => RunAsync(r.GetValue(input)!, r.GetValue(output)!, ct)));
        return command;
    }

    private static async Task<int> RunAsync(string inPath, string outPath, CancellationToken ct)
    {
        if (!File.Exists(inPath))
        {
            throw new HeraldException(inPath, "no such file");
        }

        var annotator = ArticleAnnotator.CreateDefault();
        var temp = outPath + ".partial";
        var skipped = new SkippedLines(inPath);
        var count = 0;
        try
        {
            count = await WriteAsync(inPath, temp, annotator, skipped, ct);
            // Nothing usable read: an error, and the previous output (if any) is left as it was.
            if (count == 0)
            {
                throw skipped.NothingUsable();
            }
        }
        catch
        {
            File.Delete(temp);
            throw;
        }

        File.Move(temp, outPath, overwrite: true);
        await Console.Error.WriteLineAsync($"annotated {count} records → {outPath}{skipped.Summary()}");
        return 0;
    }

    private static async Task<int> WriteAsync(string inPath, string temp, ArticleAnnotator annotator, SkippedLines skipped, CancellationToken ct)
    {
        var count = 0;
        await using (var writer = new StreamWriter(temp, false, new UTF8Encoding(false)))
        {
            using var reader = new StreamReader(inPath, Encoding.UTF8);
            var lineNo = 0;
            // Lines are read in order and annotated in small parallel batches, so memory stays flat and output keeps input order.
            var batch = new List<(int Line, string Text)>(64);
            string? line;
            while ((line = await reader.ReadLineAsync(ct)) is not null)
            {
                lineNo++;
                if (string.IsNullOrWhiteSpace(line))
                {
                    continue;
                }

                batch.Add((lineNo, line));
                if (batch.Count == 64)
                {
                    count += await FlushAsync(batch, annotator, inPath, writer, skipped, ct);
                }
            }

            count += await FlushAsync(batch, annotator, inPath, writer, skipped, ct);
        }

        return count;
    }

    /// <summary>Annotates one batch and writes its good records in input order; a bad line is warned about and skipped.</summary>
    private static async Task<int> FlushAsync(List<(int Line, string Text)> batch, ArticleAnnotator annotator, string inPath, StreamWriter writer, SkippedLines skipped, CancellationToken ct)
    {
        var results = new string[batch.Count];
        var failure = new HeraldException?[batch.Count];
        Parallel.For(0, batch.Count, new ParallelOptions { CancellationToken = ct }, i =>
        {
            try
            {
                results[i] = AnnotateLine(batch[i].Text, $"{inPath}:{batch[i].Line}", annotator);
            }
            catch (HeraldException e)
            {
                failure[i] = e;
            }
        });
        var n = 0;
        for (var i = 0; i < batch.Count; i++)
        {
            if (failure[i] is { } e)
            {
                skipped.Skip(e);
                continue;
            }

            await writer.WriteLineAsync(results[i].AsMemory(), ct);
            n++;
        }

        batch.Clear();
        return n;
    }

    internal static string AnnotateLine(string line, string where, ArticleAnnotator annotator)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(line);
        }
        catch (JsonException e)
        {
            throw new HeraldException(where, $"not valid JSON ({e.Message.Split('.')[0]})");
        }

        if (node is not JsonObject record)
        {
            throw new HeraldException(where, "expected a JSON object per line");
        }

        try
        {
            // A JsonObject reads its properties on first use and throws then on a repeated name (which the
            // document-based record reader of `ingest` and `cluster` accepts, last one winning); output that names a
            // property twice would be ambiguous, so such a record is refused here, before any annotation work.
            _ = record.Count;
        }
        catch (ArgumentException)
        {
            throw new HeraldException(where, "names a property more than once");
        }
        catch (InvalidOperationException)
        {
            throw new HeraldException(where, "has a property name that is not valid text (an unpaired surrogate escape)");
        }

        try
        {
            return Annotate(record, where, annotator);
        }
        catch (InvalidOperationException)
        {
            // The JSON reader accepts an escaped unpaired surrogate ("\udc00") and throws only when that text is
            // read, as a property name or a string value: the record is not valid text, not a crash.
            throw new HeraldException(where, "has text that is not valid (an unpaired surrogate escape)");
        }
    }

    private static string Annotate(JsonObject record, string where, ArticleAnnotator annotator)
    {
        if (record["id"] is not JsonValue idValue || (idValue.GetValueKind() is not (JsonValueKind.String or JsonValueKind.Number)))
        {
            throw new HeraldException(where, "record has no \"id\"");
        }

        var text = record["text"] switch
        {
            null => "",
            JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
            JsonValue v when v.GetValueKind() == JsonValueKind.Null => "",
            _ => throw new HeraldException(where, "\"text\" must be a string"),
        };
        var published = record["published"] is JsonValue p && p.GetValueKind() == JsonValueKind.String
            ? ArticleJson.ParseDate(p.GetValue<string>()).Value
            : null;
        // A republished article (estimated original date in "republished") resolves relative dates against that date.
        if (record["republished"] is JsonValue r && r.GetValueKind() == JsonValueKind.String
            && ArticleJson.ParseDate(r.GetValue<string>()).Value is { } original)
        {
            published = original;
        }
        AnnotationJson.AddTo(record, annotator.Annotate(text, published));
        return record.ToJsonString(Output);
    }
}
