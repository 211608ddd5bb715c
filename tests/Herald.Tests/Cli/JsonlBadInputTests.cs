using System.Text.Json;

namespace Herald.Tests.Cli;

/// <summary>
/// The bad-input contract of the verbs that read JSONL records, run as the real CLI: `cluster` and `annotate` skip a
/// broken line with a one-line warning naming the file, the line and the problem, process the good lines, say in
/// their summary how many lines were skipped and why, and exit 2 only when nothing usable was read — as `ingest`
/// does with the same file.
/// </summary>
public sealed class JsonlBadInputTests
{
    private static readonly string[] Mixed =
    [
        """{"id":"a","title":"Dam on the river runs dry","text":"The reservoir fell to a record low on Monday, officials said."}""",
        "{broken",
        """{"id":"b","title":"Drought hits farms","text":"Farmers in the valley lost half the harvest."}""",
        "[1,2]",
        "",
        """{"title":"no id here","text":"x"}""",
        """{"id":"c","title":"Rain returns","text":"Rain fell across the region on Thursday."}""",
        "\"just a string\"",
    ];

    [Theory]
    [InlineData("cluster")]
    [InlineData("annotate")]
    public async Task Skips_each_broken_line_with_a_warning_processes_the_rest_and_exits_0(string verb)
    {
        var dir = TestPaths.TempDir("jsonl-mixed-" + verb);
        var input = Path.Combine(dir, "in.jsonl");
        await File.WriteAllLinesAsync(input, Mixed);
        var outPath = Path.Combine(dir, "out.jsonl");

        var run = await CliHarness.RunAsync(dir, verb, "--in", input, "--out", outPath);

        Assert.True(run.ExitCode == 0, run.Stderr);
        var stderr = Lines(run.Stderr);
        Assert.StartsWith($"herald: warning: {input}:2: not valid JSON (", stderr[0], StringComparison.Ordinal);
        Assert.EndsWith("; line skipped", stderr[0], StringComparison.Ordinal);
        Assert.Equal(
            [
                $"herald: warning: {input}:4: expected a JSON object per line; line skipped",
                $"herald: warning: {input}:6: record has no \"id\"; line skipped",
                $"herald: warning: {input}:8: expected a JSON object per line; line skipped",
            ],
            stderr.Skip(1).Take(3));
        var verbed = verb == "cluster" ? "clustered" : "annotated";
        Assert.Equal(
            $"{verbed} 3 records → {outPath}; 4 lines skipped (1 not valid JSON, 2 expected a JSON object per line, 1 record has no \"id\")",
            Assert.Single(stderr.Skip(4)));
        var ids = (await File.ReadAllLinesAsync(outPath)).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("id").GetString());
        Assert.Equal(["a", "b", "c"], ids);
        Assert.Empty(Directory.GetFiles(dir, "*.part*"));
    }

    [Theory]
    [InlineData("cluster")]
    [InlineData("annotate")]
    public async Task A_file_with_no_usable_record_exits_2_in_one_line_and_leaves_the_previous_output(string verb)
    {
        var dir = TestPaths.TempDir("jsonl-none-" + verb);
        var input = Path.Combine(dir, "in.jsonl");
        await File.WriteAllLinesAsync(input, ["{broken", "", "[]"]);
        var outPath = Path.Combine(dir, "out.jsonl");
        await File.WriteAllTextAsync(outPath, "previous\n");

        var run = await CliHarness.RunAsync(dir, verb, "--in", input, "--out", outPath);

        Assert.Equal(2, run.ExitCode);
        var stderr = Lines(run.Stderr);
        Assert.Equal(3, stderr.Count);
        Assert.StartsWith($"herald: warning: {input}:1: not valid JSON", stderr[0], StringComparison.Ordinal);
        Assert.Equal($"herald: warning: {input}:3: expected a JSON object per line; line skipped", stderr[1]);
        Assert.Equal($"herald: {input}: no usable article record: all 2 non-empty lines were skipped (1 not valid JSON, 1 expected a JSON object per line)", stderr[2]);
        Assert.Equal("previous\n", await File.ReadAllTextAsync(outPath));
        Assert.Equal([input, outPath], Directory.GetFiles(dir).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("cluster")]
    [InlineData("annotate")]
    public async Task An_empty_file_exits_2_naming_it_and_writes_no_output(string verb)
    {
        var dir = TestPaths.TempDir("jsonl-empty-" + verb);
        var input = Path.Combine(dir, "in.jsonl");
        await File.WriteAllTextAsync(input, "\n  \n");
        var outPath = Path.Combine(dir, "out.jsonl");

        var run = await CliHarness.RunAsync(dir, verb, "--in", input, "--out", outPath);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal($"herald: {input}: no article record in the file (it is empty)", run.Stderr.Trim());
        Assert.False(File.Exists(outPath));
        Assert.Single(Directory.GetFiles(dir));
    }

    /// <summary>
    /// A record whose text is an escaped unpaired surrogate: the JSON reader accepts it and throws only when the text
    /// is read (what fuzzing found in the ingest reader), so each verb must turn it into a skipped line, not a crash.
    /// </summary>
    [Theory]
    [InlineData("cluster")]
    [InlineData("annotate")]
    public async Task A_record_whose_text_is_not_valid_unicode_is_skipped_not_a_crash(string verb)
    {
        var dir = TestPaths.TempDir("jsonl-surrogate-" + verb);
        var input = Path.Combine(dir, "in.jsonl");
        await File.WriteAllLinesAsync(input, [Mixed[0], """{"id":"s","title":"t","text":"\udc00 broken"}""", """{"\ud800":1,"id":"t"}"""]);
        var outPath = Path.Combine(dir, "out.jsonl");

        var run = await CliHarness.RunAsync(dir, verb, "--in", input, "--out", outPath);

        Assert.True(run.ExitCode == 0, run.Stderr);
        var stderr = Lines(run.Stderr);
        Assert.Equal(3, stderr.Count);
        Assert.StartsWith($"herald: warning: {input}:2: ", stderr[0], StringComparison.Ordinal);
        Assert.StartsWith($"herald: warning: {input}:3: ", stderr[1], StringComparison.Ordinal);
        Assert.Contains("; 2 lines skipped (", stderr[2], StringComparison.Ordinal);
        Assert.Single(await File.ReadAllLinesAsync(outPath));
    }

    /// <summary>
    /// A record naming a property twice: the record reader of `ingest` and `cluster` takes the last value; `annotate`,
    /// which writes the record back, refuses it with a warning (it used to crash with an internal error).
    /// </summary>
    [Fact]
    public async Task Annotate_skips_a_record_that_names_a_property_twice()
    {
        var dir = TestPaths.TempDir("jsonl-repeated");
        var input = Path.Combine(dir, "in.jsonl");
        await File.WriteAllLinesAsync(input, ["""{"id":"d","id":"e","title":"t","text":"x"}""", Mixed[0]]);
        var outPath = Path.Combine(dir, "out.jsonl");

        var run = await CliHarness.RunAsync(dir, "annotate", "--in", input, "--out", outPath);

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal(
            [$"herald: warning: {input}:1: names a property more than once; line skipped", $"annotated 1 records → {outPath}; 1 line skipped (1 names a property more than once)"],
            Lines(run.Stderr));
        Assert.Equal("a", JsonDocument.Parse(Assert.Single(await File.ReadAllLinesAsync(outPath))).RootElement.GetProperty("id").GetString());
    }

    /// <summary>`ingest` reads the same file the same way: the same warning for each broken line, and exit 0.</summary>
    [Fact]
    public async Task Cluster_annotate_and_ingest_warn_alike_about_the_same_broken_lines()
    {
        var dir = TestPaths.TempDir("jsonl-alike");
        var input = Path.Combine(dir, "in.jsonl");
        await File.WriteAllLinesAsync(input, Mixed);
        var warnings = new List<List<string>>();
        foreach (var args in new[]
        {
            new[] { "ingest", input },
            ["cluster", "--in", input, "--out", Path.Combine(dir, "clustered.jsonl")],
            ["annotate", "--in", input, "--out", Path.Combine(dir, "annotated.jsonl")],
        })
        {
            var run = await CliHarness.RunAsync(Path.Combine(dir, "data"), args);
            Assert.True(run.ExitCode == 0, $"{args[0]}: {run.Stderr}");
            warnings.Add(Lines(run.Stderr).Where(l => l.StartsWith("herald: warning: ", StringComparison.Ordinal)).ToList());
        }

        Assert.Equal(4, warnings[0].Count);
        Assert.Equal(warnings[0], warnings[1]);
        Assert.Equal(warnings[0], warnings[2]);
    }

    private static List<string> Lines(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
}
