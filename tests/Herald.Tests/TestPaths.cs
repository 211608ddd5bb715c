namespace Herald.Tests;

/// <summary>Finds the repository and the shared datasets beside it (../shared from the repository root).</summary>
internal static class TestPaths
{
    public static string RepoRoot { get; } = FindRepoRoot();

    public static string Shared => Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared"));

    public static string SeedPage => Path.Combine(Shared, "seed", "000_4ddfc6bcc6cd5d23.txt");

    /// <summary>The seed page as bundled in samples/ (always present; the shared copy may be absent).</summary>
    public static string SampleSeedPage => Path.Combine(RepoRoot, "samples", "000_4ddfc6bcc6cd5d23.txt");

    public static string Data(params string[] parts) => Path.Combine([Shared, "data", .. parts]);

    public static string TempDir(string name)
    {
        var dir = Path.Combine(Path.GetTempPath(), "herald-tests", name + "-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        return dir;
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Herald.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Herald.slnx not found above " + AppContext.BaseDirectory);
    }
}
