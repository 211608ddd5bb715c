using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Herald.Model;

/// <summary>The JSONL article contract (DESIGN.md): one object per line, camelCase fields.</summary>
public static class ArticleJson
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Serialize(Article a)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, WriterOptions))
        {
            Write(w, a);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    public static void Write(Utf8JsonWriter w, Article a)
    {
        w.WriteStartObject();
        w.WriteString("id", a.Id);
        w.WriteString("url", a.Url);
        if (a.CanonicalUrl is not null && a.CanonicalUrl != a.Url)
        {
            w.WriteString("canonicalUrl", a.CanonicalUrl);
        }

        w.WriteString("title", a.Title);
        if (a.Section is not null)
        {
            w.WriteString("section", a.Section);
        }

        w.WriteStartArray("authors");
        foreach (var author in a.Authors)
        {
            w.WriteStringValue(author);
        }

        w.WriteEndArray();
        if (a.Published is { } p)
        {
            w.WriteString("published", FormatDate(p, a.DateOnly));
        }
        else
        {
            w.WriteNull("published");
        }

        if (a.PublishedSource != DateSource.Unknown)
        {
            w.WriteString("publishedSource", a.PublishedSource.ToString().ToLowerInvariant());
        }

        w.WriteString("outlet", a.Outlet);
        w.WriteString("language", a.Language);
        w.WriteString("text", a.Text);
        if (a.Image is not null)
        {
            w.WriteString("image", a.Image);
        }

        if (a.Story is not null)
        {
            w.WriteString("story", a.Story);
        }

        if (a.DuplicateOf is not null)
        {
            w.WriteString("duplicateOf", a.DuplicateOf);
        }

        if (a.Republished is { } r)
        {
            w.WriteString("republished", FormatDate(r, dateOnly: true));
        }

        w.WriteEndObject();
    }

    public static string FormatDate(DateTimeOffset value, bool dateOnly) =>
        dateOnly
            ? value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
            : value.ToString("yyyy-MM-dd'T'HH:mm:ssK", CultureInfo.InvariantCulture);

    /// <summary>Parses one JSONL line; <paramref name="input"/> names it in errors.</summary>
    /// <summary>
    /// A string value, or a <see cref="HeraldException"/> naming the field when it cannot be text: the reader accepts
    /// an escaped unpaired surrogate ("\udff3") and only throws when the value is read (found by fuzzing).
    /// </summary>
    private static string Text(JsonElement value, string name, string input)
    {
        try
        {
            return value.GetString()!;
        }
        catch (InvalidOperationException)
        {
            throw new HeraldException(input, $"\"{name}\" is not valid text (an unpaired surrogate escape)");
        }
    }

    public static Article Parse(string line, string input)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(line);
        }
        catch (JsonException e)
        {
            throw new HeraldException(input, $"not valid JSON ({e.Message.Split('.')[0]})");
        }

        using (doc)
        {
            try
            {
                return Read(doc.RootElement, input);
            }
            catch (InvalidOperationException)
            {
                // The JSON reader accepts an escaped unpaired surrogate ("\ud83c") and throws only when text is
                // unescaped, as in a property name it compares (found by fuzzing); values name their field in Text().
                throw new HeraldException(input, "has a property name that is not valid text (an unpaired surrogate escape)");
            }
        }
    }

    private static Article Read(JsonElement root, string input)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new HeraldException(input, "expected a JSON object per line");
        }

        string? Str(string name) =>
            root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? Text(v, name, input) : null;

        var id = Str("id");
        if (string.IsNullOrWhiteSpace(id))
        {
            throw new HeraldException(input, "record has no \"id\"");
        }

        var authors = new List<string>();
        if (root.TryGetProperty("authors", out var au) && au.ValueKind == JsonValueKind.Array)
        {
            foreach (var x in au.EnumerateArray())
            {
                if (x.ValueKind == JsonValueKind.String && Text(x, "authors", input) is { } author && !string.IsNullOrWhiteSpace(author))
                {
                    authors.Add(author);
                }
            }
        }

        var (published, dateOnly) = ParseDate(Str("published"));
        var (republished, _) = ParseDate(Str("republished"));
        var source = Enum.TryParse<DateSource>(Str("publishedSource"), ignoreCase: true, out var s) ? s : DateSource.Unknown;
        return new Article
        {
            Id = id,
            Url = Str("url"),
            CanonicalUrl = Str("canonicalUrl") ?? Str("url"),
            Title = Str("title") ?? "",
            Section = Str("section"),
            Authors = authors,
            Published = published,
            DateOnly = dateOnly,
            PublishedSource = published is null ? DateSource.Unknown : source,
            Outlet = Str("outlet"),
            Language = Str("language"),
            Text = Str("text") ?? "",
            Image = Str("image"),
            Story = Str("story"),
            DuplicateOf = Str("duplicateOf"),
            Republished = republished,
        };
    }

    /// <summary>ISO 8601 dates and times; a bare date is flagged as date-only (midnight UTC).</summary>
    public static (DateTimeOffset? Value, bool DateOnly) ParseDate(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return (null, false);
        }

        text = text.Trim();
        if (text.Length == 10 && DateTime.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture,
                DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var d))
        {
            return (new DateTimeOffset(d, TimeSpan.Zero), true);
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out var dto))
        {
            return (dto, false);
        }

        return (null, false);
    }
}
