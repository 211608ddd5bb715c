using Herald.Cli.Commands;
using Herald.Ingest;
using Herald.Text;

namespace Herald.Tests.Ingest;

/// <summary>
/// Golden folders: TestData/Ingest/SeedPage/CASE/page.txt is parsed and compared with expected.json (the
/// `read-page --json` output). Set HERALD_ACCEPT=1 to rewrite the expected files; the diff is then the review.
/// </summary>
public sealed class SeedPageGoldenTests
{
    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var dir in Directory.GetDirectories(Path.Combine(AppContext.BaseDirectory, "TestData", "Ingest", "SeedPage")).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(dir));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Parses_as_expected(string name)
    {
        var dir = Path.Combine(AppContext.BaseDirectory, "TestData", "Ingest", "SeedPage", name);
        var page = new SeedPageReader(OutletRegistry.CreateDefault()).ReadFile(Path.Combine(dir, "page.txt"));
        var actual = ReadPageCommand.ToJson(page) + "\n";
        var expectedPath = Path.Combine(dir, "expected.json");
        if (Environment.GetEnvironmentVariable("HERALD_ACCEPT") == "1")
        {
            var source = Path.Combine(TestPaths.RepoRoot, "tests", "Herald.Tests", "TestData", "Ingest", "SeedPage", name, "expected.json");
            File.WriteAllText(source, actual);
            return;
        }

        Assert.True(File.Exists(expectedPath), $"{expectedPath} is missing; run with HERALD_ACCEPT=1 to create it");
        Assert.Equal(File.ReadAllText(expectedPath), actual);
    }
}
