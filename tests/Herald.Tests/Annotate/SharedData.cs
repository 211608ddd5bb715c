namespace Herald.Tests.Annotate;

/// <summary>Finds ../shared next to the repository; tests that need it return early with a message when it is absent.</summary>
internal static class SharedData
{
    public static string? Folder(params string[] parts)
    {
        var path = Path.Combine([TestPaths.Shared, .. parts]);
        if (Directory.Exists(path) || File.Exists(path))
        {
            return path;
        }

        Console.WriteLine($"skipped: {path} is not here (shared data absent)");
        return null;
    }

    /// <summary>The seed page's lead article: the lines between the headline and "View post:".</summary>
    public static string? SeedLead()
    {
        var seed = Folder("seed", "000_4ddfc6bcc6cd5d23.txt");
        if (seed is null)
        {
            return null;
        }

        var lines = File.ReadAllLines(seed);
        var stop = Array.FindIndex(lines, l => l.StartsWith("View post:", StringComparison.Ordinal));
        return string.Join('\n', lines[1..stop]).Trim();
    }
}
