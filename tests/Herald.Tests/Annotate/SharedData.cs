namespace Herald.Tests.Annotate;

/// <summary>Finds ../shared next to the repository; tests that need it return early with a message when it is absent.</summary>
internal static class SharedData
{
    public static string? Folder(params string[] parts)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Herald.slnx")))
            {
                var path = Path.GetFullPath(Path.Combine([dir.FullName, "..", "shared", .. parts]));
                if (Directory.Exists(path) || File.Exists(path))
                {
                    return path;
                }

                Console.WriteLine($"skipped: {path} is not here (shared data absent)");
                return null;
            }
        }

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
