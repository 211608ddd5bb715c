using System.CommandLine;

namespace Herald.Cli.Commands;

/// <summary>Every verb of the CLI, in the order `herald --help` lists them. One line per verb.</summary>
internal static class CommandCatalog
{
    public static IEnumerable<Command> All()
    {
        yield return DemoCommand.Create();
        yield return ReadPageCommand.Create();
        yield return ExtractCommand.Create();
        yield return IngestCommand.Create();
        yield return AnnotateCommand.Create();
        yield return ClusterCommand.Create();
        yield return TopicCommand.Create();
        yield return ExportCommand.Create();
        yield return SearchCommand.Create();
        yield return SearchCommand.CreateStories();
        yield return ServeCommand.Create();
        yield return RunCommand.Create();
        yield return FeedCommands.AddFeed();
        yield return FeedCommands.ImportOpml();
        yield return FeedCommands.Fetch();
        yield return FeedCommands.Sources();
        yield return WorkerCommand.Create();
        yield return StatusCommand.Create();
        yield return TrainNerCommand.Create();
        yield return WebhookCommand.Create();
        yield return MigrateCommand.Create();
        yield return BackupCommand.Create();
        yield return UserCommand.Create();
        yield return RuleCommand.Create();
    }
}
