using System.CommandLine;
using System.IO.Compression;
using System.Text;
using Herald.Cli.Commands;
using Herald.Model;
using Xunit.Abstractions;

namespace Herald.Tests.Extract;

public sealed class ExtractCommandTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("herald-extract-").FullName;

    private const string Page = """
        <html lang="en"><head><title>Harbour reopens after storm | Coast Daily</title></head><body>
        <article><h1>Harbour reopens after storm</h1>
        <p>The harbour reopened on Monday after a week of repairs to the sea wall, the port authority said.</p>
        <p>Fishing boats returned to their moorings by the afternoon, and the ferry service will resume on Wednesday.</p>
        </article></body></html>
        """;

    [Fact]
    public async Task Extracts_a_folder_of_html_and_gzipped_pages_to_json_lines()
    {
        await File.WriteAllTextAsync(Path.Combine(_dir, "plain.html"), Page);
        await using (var gz = new GZipStream(File.Create(Path.Combine(_dir, "zipped.html.gz")), CompressionLevel.Fastest))
        {
            await gz.WriteAsync(Encoding.UTF8.GetBytes(Page));
        }

        await File.WriteAllBytesAsync(Path.Combine(_dir, "broken.htm"), [0x89, (byte)'P', (byte)'N', (byte)'G', 0, 0]);
        await File.WriteAllTextAsync(Path.Combine(_dir, "notes.txt"), "ignored");
        var outPath = Path.Combine(_dir, "out", "articles.jsonl");
        Directory.CreateDirectory(Path.GetDirectoryName(outPath)!);

        var (code, stderr) = await RunAsync("extract", _dir, "--out", outPath);
        output.WriteLine(stderr);

        Assert.Equal(0, code);
        var lines = await File.ReadAllLinesAsync(outPath);
        var articles = lines.Select((l, i) => ArticleJson.Parse(l, $"line {i + 1}")).ToList();
        Assert.Equal(["plain", "zipped"], articles.Select(a => a.Id));
        Assert.All(articles, a =>
        {
            Assert.Equal("Harbour reopens after storm", a.Title);
            Assert.Equal(2, a.Paragraphs.Count());
            Assert.Equal("Coast Daily", a.Outlet);
        });
        Assert.Contains("broken.htm: not extracted (Binary)", stderr, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(outPath)!, "*.tmp"));
    }

    [Fact]
    public async Task A_missing_input_is_a_one_line_error()
    {
        var (code, stderr) = await RunAsync("extract", Path.Combine(_dir, "nope"));
        Assert.Equal(2, code);
        Assert.Equal($"herald: {Path.Combine(_dir, "nope")}: no such file or folder", stderr.Trim());
    }

    [Theory]
    [InlineData("page.html", "page")]
    [InlineData("page.HTM", "page")]
    [InlineData("0a1b.html.gz", "0a1b")]
    public void Ids_are_file_names_without_the_html_ending(string file, string id) =>
        Assert.Equal(id, ExtractCommand.IdOf(Path.Combine("/x", file)));

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static async Task<(int Code, string Stderr)> RunAsync(params string[] args)
    {
        var root = new RootCommand { ExtractCommand.Create() };
        var error = new StringWriter();
        var previous = Console.Error;
        Console.SetError(error);
        try
        {
            var code = await root.Parse(args).InvokeAsync();
            return (code, error.ToString());
        }
        finally
        {
            Console.SetError(previous);
        }
    }
}
