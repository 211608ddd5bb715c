using System.Diagnostics;
using System.Text.Json;
using Herald.Model;
using Xunit.Abstractions;

namespace Herald.Tests.Stories;

public sealed class ClusterCommandTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("herald-cluster-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Writes_one_story_line_per_record_in_file_order_with_copies_and_republications()
    {
        var seed = SharedData.Directory("seed/000_4ddfc6bcc6cd5d23.txt", output);
        if (seed is null)
        {
            return;
        }

        var lines = File.ReadLines(seed).TakeWhile(l => !l.StartsWith("View post:", StringComparison.Ordinal)).ToList();
        var lead = new Article
        {
            Id = "lead",
            Title = lines[0],
            Text = string.Join("\n\n", lines.Skip(1)),
            Published = new DateTimeOffset(2025, 7, 8, 0, 0, 0, TimeSpan.Zero),
            Url = "https://www.cnn.com/2017/04/02/politics/russia-mosul",
        };
        var posts = SharedData.SeedRelatedPosts(seed).Where(p => p.Title.StartsWith("World Bank", StringComparison.Ordinal)).ToList();
        var records = new List<Article> { lead };
        records.AddRange(posts);
        records.Add(lead with { Id = "reprint", Url = "https://example.org/reprint", Title = "Russia slams US over Mosul" });
        var input = Path.Combine(_dir, "in.jsonl");
        File.WriteAllLines(input, records.Select(ArticleJson.Serialize));
        var outPath = Path.Combine(_dir, "out.jsonl");

        var (code, _, stderr) = RunCli("cluster", "--in", input, "--out", outPath);
        Assert.True(code == 0, stderr);
        var rows = File.ReadAllLines(outPath).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(records.Select(r => r.Id), rows.Select(r => r.GetProperty("id").GetString()));
        Assert.Equal("2017-04-01", rows[0].GetProperty("republished").GetString());
        Assert.Equal(JsonValueKind.Null, rows[1].GetProperty("duplicateOf").ValueKind);
        Assert.Single(rows.Skip(1).Take(posts.Count).Select(r => r.GetProperty("story").GetString()).Distinct());
        Assert.Equal("lead", rows[^1].GetProperty("duplicateOf").GetString());
        Assert.Equal(rows[0].GetProperty("story").GetString(), rows[^1].GetProperty("story").GetString());
    }

    [Fact]
    public void Names_the_line_of_a_broken_record_skips_it_and_clusters_the_rest()
    {
        var input = Path.Combine(_dir, "in.jsonl");
        File.WriteAllLines(input, ["{\"id\":\"a\",\"title\":\"One\",\"text\":\"\"}", "{broken"]);
        var outPath = Path.Combine(_dir, "out.jsonl");
        var (code, _, stderr) = RunCli("cluster", "--in", input, "--out", outPath);
        Assert.True(code == 0, stderr);
        var lines = stderr.Trim().Split('\n');
        Assert.Equal(2, lines.Length);
        Assert.StartsWith($"herald: warning: {input}:2: not valid JSON", lines[0]);
        Assert.EndsWith("; 1 line skipped (1 not valid JSON)", lines[1]);
        Assert.Single(File.ReadAllLines(outPath));
    }

    [Fact]
    public void Says_so_when_the_input_file_is_missing()
    {
        var (code, _, stderr) = RunCli("cluster", "--in", Path.Combine(_dir, "nope.jsonl"), "--out", Path.Combine(_dir, "out.jsonl"));
        Assert.Equal(2, code);
        Assert.Contains("nope.jsonl: file not found", stderr, StringComparison.Ordinal);
    }

    private static (int Code, string Stdout, string Stderr) RunCli(params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Herald.Cli.dll"));
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        p.WaitForExit();
        return (p.ExitCode, stdout.Result, stderr.Result);
    }
}
