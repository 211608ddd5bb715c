namespace Herald.Tests.Annotate.Entities;

/// <summary>Finds ../shared next to the repository root; tests that need it return early when it is absent.</summary>
internal static class SharedData
{
    public static string? Root { get; } = Directory.Exists(TestPaths.Shared) ? TestPaths.Shared : null;

    public static string? PathTo(params string[] parts)
    {
        if (Root is null)
        {
            return null;
        }

        string path = Path.Combine([Root, .. parts]);
        return File.Exists(path) || Directory.Exists(path) ? path : null;
    }
}
