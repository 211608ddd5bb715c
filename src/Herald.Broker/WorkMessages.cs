using System.Text.Json;
using System.Text.Json.Nodes;
using Herald.Model;

namespace Herald.Broker;

/// <summary>
/// The bodies of work messages, small JSON objects: a file to ingest (<c>{"file":PATH}</c>, a path every worker can
/// read), a followed feed to poll (<c>{"feed":ID}</c>), a nudge to cluster what is new (<c>{"after":ROLE}</c>) and
/// articles to annotate (<c>{"ids":[...]}</c>). A body that is not one of them is the message's own fault: it fails
/// with the reason and, after <see cref="WorkQueues.MaxFailures"/> tries, is dead-lettered.
/// </summary>
public static class WorkMessages
{
    public static byte[] File(string path) => Write(new JsonObject { ["file"] = path });

    public static byte[] Feed(long id) => Write(new JsonObject { ["feed"] = id });

    public static byte[] Stories(string after) => Write(new JsonObject { ["after"] = after });

    public static byte[] Annotate(IEnumerable<string> ids) => Write(new JsonObject { ["ids"] = new JsonArray([.. ids.Select(i => (JsonNode)i)]) });

    public static string ReadFile(ReadOnlyMemory<byte> body) =>
        Read(body, "file")?.GetValueKind() == JsonValueKind.String && Read(body, "file")!.GetValue<string>() is { Length: > 0 } path
            ? path
            : throw Bad(body, "{\"file\": PATH}");

    public static long ReadFeed(ReadOnlyMemory<byte> body) =>
        Read(body, "feed") is { } node && node.GetValueKind() == JsonValueKind.Number && node.AsValue().TryGetValue<long>(out var id)
            ? id
            : throw Bad(body, "{\"feed\": ID}");

    public static IReadOnlyList<string> ReadIds(ReadOnlyMemory<byte> body) =>
        Read(body, "ids") is JsonArray ids && ids.All(i => i?.GetValueKind() == JsonValueKind.String)
            ? [.. ids.Select(i => i!.GetValue<string>())]
            : throw Bad(body, "{\"ids\": [ID, ...]}");

    /// <summary>The body as text for messages and `herald status`, cut to <paramref name="max"/> characters.</summary>
    public static string Preview(ReadOnlyMemory<byte> body, int max = 200)
    {
        string text;
        try
        {
            text = new System.Text.UTF8Encoding(false, true).GetString(body.Span);
        }
        catch (System.Text.DecoderFallbackException)
        {
            return $"({body.Length} bytes, not UTF-8)";
        }

        text = text.ReplaceLineEndings(" ");
        return text.Length <= max ? text : text[..max] + "…";
    }

    private static byte[] Write(JsonObject o) => System.Text.Encoding.UTF8.GetBytes(o.ToJsonString());

    private static JsonNode? Read(ReadOnlyMemory<byte> body, string property)
    {
        try
        {
            return JsonNode.Parse(body.Span) is JsonObject o ? o[property] : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static HeraldException Bad(ReadOnlyMemory<byte> body, string expected) =>
        new($"message {Preview(body, 80)}", $"is not a work message of this queue (expected {expected})");
}
