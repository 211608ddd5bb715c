using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Herald.Publish.Webhooks;

/// <summary>
/// A story announcement, or a digest of several, as an ntfy message: a plain-text body, a Title, and a Click link to
/// the story's first article. Headlines and outlet names are scraped strings: line breaks are folded and lengths
/// capped, and a non-ASCII title is sent RFC 2047-encoded, which ntfy decodes.
/// </summary>
public static class NtfyMessage
{
    private const int MaxTitle = 200;
    private const int MaxBody = 3_500;

    public static (string Title, string Body, string? Click) Render(string topic, IReadOnlyList<string> payloads, bool digest)
    {
        var stories = payloads.Select(p => JsonDocument.Parse(p).RootElement.Clone()).ToList();
        if (!digest && stories.Count == 1)
        {
            var s = stories[0];
            var story = s.GetProperty("story");
            var headline = OneLine(story.GetProperty("headline").GetString() ?? "");
            var body = new StringBuilder();
            body.Append(headline).Append('\n').Append(Counts(story)).Append(Outlets(story));
            return (Cap("Herald: " + topic, MaxTitle), Cap(body.ToString(), MaxBody), FirstLink(s));
        }

        var text = new StringBuilder();
        foreach (var s in stories)
        {
            var story = s.GetProperty("story");
            text.Append("• ").Append(OneLine(story.GetProperty("headline").GetString() ?? "")).Append(" (").Append(Counts(story)).Append(")\n");
        }

        var title = string.Create(CultureInfo.InvariantCulture, $"Herald: {stories.Count} new {(stories.Count == 1 ? "story" : "stories")} on {topic}");
        return (Cap(title, MaxTitle), Cap(text.ToString().TrimEnd('\n'), MaxBody), stories.Select(FirstLink).FirstOrDefault(l => l is not null));
    }

    /// <summary>A header value ntfy reads back: ASCII as is, anything else as an RFC 2047 UTF-8 encoded word.</summary>
    public static string HeaderValue(string text)
    {
        text = OneLine(text);
        return text.All(c => c is >= ' ' and <= '~') ? text : "=?UTF-8?B?" + Convert.ToBase64String(Encoding.UTF8.GetBytes(text)) + "?=";
    }

    private static string Counts(JsonElement story)
    {
        var articles = story.GetProperty("articles").GetInt32();
        var outlets = story.GetProperty("outlets").GetArrayLength();
        return string.Create(CultureInfo.InvariantCulture, $"{articles} {(articles == 1 ? "article" : "articles")} from {outlets} {(outlets == 1 ? "outlet" : "outlets")}");
    }

    private static string Outlets(JsonElement story)
    {
        var names = story.GetProperty("outlets").EnumerateArray()
            .Select(o => o.ValueKind == JsonValueKind.String ? OneLine(o.GetString()!) : null)
            .OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase).Take(8).ToList();
        return names.Count == 0 ? "" : ": " + string.Join(", ", names);
    }

    private static string? FirstLink(JsonElement s) =>
        s.GetProperty("items").EnumerateArray()
            .Select(i => i.TryGetProperty("url", out var u) && u.ValueKind == JsonValueKind.String ? u.GetString() : null)
            .FirstOrDefault(u => u is not null && Uri.TryCreate(u, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
                && u.All(c => c is > ' ' and <= '~'));

    private static string OneLine(string text) => string.Join(' ', text.Split((char[])['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries)).Trim();

    private static string Cap(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
