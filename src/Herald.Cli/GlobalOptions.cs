using System.CommandLine;

namespace Herald.Cli;

/// <summary>Options every verb accepts.</summary>
internal static class GlobalOptions
{
    public static readonly Option<string?> Data = new("--data")
    {
        Description = "Data folder (default: $HERALD_DATA or ./herald-data)",
        Recursive = true,
    };

    public static string DataDirectory(ParseResult result) =>
        result.GetValue(Data)
        ?? (Environment.GetEnvironmentVariable("HERALD_DATA") is { Length: > 0 } env
            ? env
            : Path.Combine(Environment.CurrentDirectory, "herald-data"));
}
