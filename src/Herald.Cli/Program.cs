using System.CommandLine;
using Herald.Cli;
using Herald.Cli.Commands;

// A plain command named "herald" rather than RootCommand, whose name is the executable's file name
// (Herald.Cli): usage lines then read `herald VERB`, as the user types it through the ./herald script.
var root = new Command("herald", "Herald: a self-hosted news monitoring engine")
{
    GlobalOptions.Data,
    GlobalOptions.Store,
    GlobalOptions.Broker,
    GlobalOptions.LogLevel,
    new System.CommandLine.Help.HelpOption(),
    new VersionOption(),
};

foreach (var command in CommandCatalog.All())
{
    root.Subcommands.Add(command);
}

var parsed = root.Parse(args);
if (parsed.Errors.Count > 0 && args.Length > 0 && !args.Any(a => a is "-h" or "--help" or "-?"))
{
    // The contract is one line naming the problem, not a page of usage: usage stays one --help away.
    var verb = parsed.CommandResult.Command == root ? "" : " " + string.Join(' ', CommandPath(parsed.CommandResult.Command));
    var error = parsed.Errors.FirstOrDefault(e => e.Message.StartsWith("Unrecognized", StringComparison.Ordinal)) ?? parsed.Errors[0];
    var message = string.Join(" ", error.Message.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
    await Console.Error.WriteLineAsync($"herald{verb}: {message} (see `herald{verb} --help`)");
    return CliRunner.UserError;
}

// Ctrl+C and SIGTERM cancel the verb's token; `herald run` then finishes the fetch cycle in flight, so the process is
// given that long before it is ended (other verbs stop within moments of the token's cancellation).
return await parsed.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = RunCommand.ShutdownTimeout });

IEnumerable<string> CommandPath(Command command)
{
    var names = new List<string>();
    for (Command? c = command; c is not null && c != root; c = c.Parents.OfType<Command>().FirstOrDefault())
    {
        names.Insert(0, c.Name);
    }

    return names;
}
