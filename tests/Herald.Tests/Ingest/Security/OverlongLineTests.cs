using Herald.Ingest;
using Herald.Tests.Cli;

namespace Herald.Tests.Ingest.Security;

/// <summary>
/// Overlong lines in JSONL input: a line past the limit is read past without being held whole, reported with its
/// file and line, and the records around it are read.
/// </summary>
public sealed class OverlongLineTests(Xunit.Abstractions.ITestOutputHelper output)
{
    [Fact]
    public async Task The_bounded_reader_splits_lines_like_read_line_and_drops_only_the_overlong_one()
    {
        var text = "first\r\nsecond\n" + new string('x', 100) + "\r\n\nlast";
        var reader = new BoundedLineReader(new StringReader(text), maxChars: 50);
        var got = new List<(string, bool)>();
        while (await reader.ReadLineAsync(CancellationToken.None) is { } line)
        {
            got.Add((line, reader.LastWasTooLong));
        }

        Assert.Equal([("first", false), ("second", false), ("", true), ("", false), ("last", false)], got);
    }

    [Fact]
    public async Task Ingest_skips_a_line_of_forty_million_characters_naming_it_and_reads_the_records_around_it()
    {
        var dir = TestPaths.TempDir("overlong");
        var input = Path.Combine(dir, "records.jsonl");
        await using (var w = new StreamWriter(input))
        {
            await w.WriteLineAsync("""{"id":"before","title":"The harbour reopened","text":"The harbour reopened on Monday after the storm.","published":"2025-03-01"}""");
            await w.WriteAsync("{\"id\":\"huge\",\"title\":\"");
            var chunk = new string('a', 1 << 20);
            for (var i = 0; i < 40; i++)
            {
                await w.WriteAsync(chunk);
            }

            await w.WriteLineAsync("\"}");
            await w.WriteLineAsync("""{"id":"after","title":"The school opened","text":"The new school opened its doors on Tuesday.","published":"2025-03-02"}""");
        }

        var data = TestPaths.TempDir("overlong-data");
        using var p = CliHarness.Start(data, ["ingest", input], new Dictionary<string, string> { ["HERALD_TIMINGS"] = "1" });
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        output.WriteLine(await stdout + await stderr);
        Assert.Equal(0, p.ExitCode);
        Assert.Contains($"{input}:2: longer than 8 M characters, skipped", await stderr, StringComparison.Ordinal);
        Assert.Contains("2 new", await stdout, StringComparison.Ordinal);
        File.Delete(input);
    }
}
