using System.CommandLine;
using System.Text.Json;
using Herald.Ingest;

namespace Herald.Cli.Commands;

/// <summary>`herald read-page FILE [--json]`: parse a seed-format aggregator page.</summary>
internal static class ReadPageCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("FILE") { Description = "A topic page in the seed's text format" };
        var json = new Option<bool>("--json") { Description = "Print the parsed page as JSON" };
        var command = new Command("read-page", "Parse an aggregator page: lead article, View post link, related posts") { file, json };
        command.SetAction((r, ct) => CliRunner.RunAsync(async () =>
        {
            var page = new SeedPageReader(CliContext.Outlets).ReadFile(r.GetValue(file)!);
            foreach (var w in page.Warnings)
            {
                await Console.Error.WriteLineAsync($"herald: warning: {r.GetValue(file)}: {w}");
            }

            await Console.Out.WriteLineAsync(r.GetValue(json) ? ToJson(page) : ToText(page));
            return 0;
        }));
        return command;
    }

    internal static string ToJson(SeedPage page)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            if (page.Lead is { } lead)
            {
                w.WriteStartObject("lead");
                w.WriteString("title", lead.Title);
                w.WriteString("outlet", lead.Outlet);
                w.WriteStartArray("paragraphs");
                lead.Paragraphs.ToList().ForEach(w.WriteStringValue);
                w.WriteEndArray();
                w.WriteStartArray("contributors");
                lead.Contributors.ToList().ForEach(w.WriteStringValue);
                w.WriteEndArray();
                w.WriteEndObject();
            }
            else
            {
                w.WriteNull("lead");
            }

            if (page.ViewPost is { } vp)
            {
                w.WriteStartObject("viewPost");
                w.WriteString("title", vp.Title);
                w.WriteString("outlet", vp.Outlet);
                w.WriteBoolean("matchesLead", vp.MatchesLead);
                w.WriteEndObject();
            }
            else
            {
                w.WriteNull("viewPost");
            }

            w.WriteStartArray("related");
            foreach (var p in page.Related)
            {
                w.WriteStartObject();
                w.WriteString("title", p.Title);
                w.WriteString("outlet", p.Outlet);
                w.WriteString("date", p.Date?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
                if (p.Section is not null)
                {
                    w.WriteString("section", p.Section);
                }

                if (p.OutletAsListed is not null && p.OutletAsListed != p.Outlet)
                {
                    w.WriteString("outletAsListed", p.OutletAsListed);
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("warnings");
            page.Warnings.ToList().ForEach(w.WriteStringValue);
            w.WriteEndArray();
            w.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static string ToText(SeedPage page)
    {
        var lines = new List<string>();
        if (page.Lead is { } lead)
        {
            lines.Add($"Lead: {lead.Title} ({lead.Outlet ?? "unknown outlet"}), {lead.Paragraphs.Count} paragraphs");
            if (lead.Contributors.Count > 0)
            {
                lines.Add($"Contributors: {string.Join(", ", lead.Contributors)}");
            }
        }

        if (page.ViewPost is { } vp)
        {
            lines.Add($"View post: {vp.Title} ({vp.Outlet ?? "unknown outlet"}){(vp.MatchesLead ? ", same as the lead" : "")}");
        }

        lines.Add($"Related posts: {page.Related.Count}");
        foreach (var p in page.Related)
        {
            lines.Add($"  {p.Date:yyyy-MM-dd}  {p.Outlet ?? "(unknown outlet)",-32}  {(p.Section is null ? "" : p.Section + ": ")}{p.Title}");
        }

        return string.Join('\n', lines);
    }
}
