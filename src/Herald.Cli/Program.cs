using System.CommandLine;
using Herald.Cli;
using Herald.Cli.Commands;

var root = new RootCommand("Herald: a self-hosted news monitoring engine")
{
    GlobalOptions.Data,
};

foreach (var command in CommandCatalog.All())
{
    root.Subcommands.Add(command);
}

return await root.Parse(args).InvokeAsync();
