namespace Herald.Tests.Annotate.Entities;

/// <summary>Finds ../shared next to the repository root; tests that need it return early when it is absent.</summary>
internal static class SharedData
{
    public static string? Root { get; } = Find();

    public static string? PathTo(params string[] parts)
    {
        if (Root is null)
        {
            return null;
        }

        string path = Path.Combine([Root, .. parts]);
        return File.Exists(path) || Directory.Exists(path) ? path : null;
    }

    private static string? Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Herald.slnx")))
            {
                string shared = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared"));
                return Directory.Exists(shared) ? shared : null;
            }
        }

        return null;
    }
}
