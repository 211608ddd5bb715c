using System.CommandLine;
using System.Text.Json;
using Herald.Model;
using Herald.Query;

namespace Herald.Cli.Commands;

/// <summary>`herald export --out FILE.jsonl [--topic NAME]`: stored articles as JSONL (extract fields plus story).</summary>
internal static class ExportCommand
{
    public static Command Create()
    {
        var output = new Option<string>("--out") { Description = "Output JSONL file", Required = true };
        var topic = new Option<string?>("--topic") { Description = "Only the articles of this topic" };
        var command = new Command("export", "Write stored articles as JSONL records") { output, topic };
        command.SetAction((r, ct) => CliRunner.RunAsync(async () =>
        {
            await using var store = await CliContext.OpenStoreAsync(r, ct);
            TopicQuery? query = null;
            if (r.GetValue(topic) is { } name)
            {
                var t = await store.GetTopicAsync(name, ct) ?? throw new HeraldException($"topic \"{name}\"", "no such topic");
                query = TopicQuery.Parse(t.Query);
            }

            var path = r.GetValue(output)!;
            var n = await AtomicFile.WriteLinesAsync(path, async (stream, token) =>
            {
                var count = 0;
                using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
                await foreach (var a in store.ExportAsync(query, token))
                {
                    ArticleJson.Write(w, a);
                    await w.FlushAsync(token);
                    w.Reset();
                    stream.WriteByte((byte)'\n');
                    count++;
                }

                return count;
            }, ct);
            await Console.Out.WriteLineAsync($"exported {n} articles to {path}");
            return 0;
        }));
        return command;
    }
}
