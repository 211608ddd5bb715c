using System.IO.Compression;
using Xunit.Abstractions;

namespace Herald.Tests.Extract;

/// <summary>Finds the repository and the shared scrapinghub pages; tests return early, saying so, when they are absent.</summary>
internal static class ExtractTestData
{
    public static string RepoRoot { get; } = FindRoot();

    public static string Scrapinghub => Path.Combine(RepoRoot, "..", "shared", "data", "extraction", "scrapinghub");

    public static bool Available(ITestOutputHelper output)
    {
        if (Directory.Exists(Path.Combine(Scrapinghub, "html")))
        {
            return true;
        }

        output.WriteLine($"SKIPPED: {Scrapinghub} is absent; this test needs the shared scrapinghub pages.");
        return false;
    }

    /// <summary>The decompressed bytes of the page whose id starts with <paramref name="idPrefix"/>.</summary>
    public static (string Id, byte[] Bytes) Page(string idPrefix)
    {
        var file = Directory.EnumerateFiles(Path.Combine(Scrapinghub, "html"), idPrefix + "*.html.gz").Single();
        using var fs = File.OpenRead(file);
        using var gz = new GZipStream(fs, CompressionMode.Decompress);
        using var ms = new MemoryStream();
        gz.CopyTo(ms);
        return (Path.GetFileName(file)[..^".html.gz".Length], ms.ToArray());
    }

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Herald.slnx")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Herald.slnx not found above the test binaries");
    }
}
