using System.CommandLine;

namespace Herald.Cli.Commands;

/// <summary>Every verb of the CLI, in the order `herald --help` lists them. One line per verb.</summary>
internal static class CommandCatalog
{
    public static IEnumerable<Command> All()
    {
        yield return ExtractCommand.Create();
    }
}
