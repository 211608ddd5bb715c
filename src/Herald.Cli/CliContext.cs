using System.CommandLine;
using Herald.Extract;
using Herald.Ingest;
using Herald.Ingest.Feeds;
using Herald.Ingest.Warc;
using Herald.Pipeline;
using Herald.Storage.Sqlite;
using Herald.Text;

namespace Herald.Cli;

/// <summary>Services a verb needs, made from the parse result.</summary>
internal static class CliContext
{
    public static SqliteStore OpenStore(ParseResult r) => SqliteStore.OpenFolder(GlobalOptions.DataDirectory(r));

    public static OutletRegistry Outlets { get; } = OutletRegistry.CreateDefault();

    /// <summary>The verb's loggers, at the level asked for (or <paramref name="fallback"/>).</summary>
    public static Microsoft.Extensions.Logging.ILoggerFactory Logging(ParseResult r, Microsoft.Extensions.Logging.LogLevel fallback) =>
        Herald.Web.HeraldLogging.CreateFactory(GlobalOptions.Level(r, fallback));

    /// <summary>Every importer `herald ingest` knows, most specific first.</summary>
    public static IReadOnlyList<IFileImporter> Importers() =>
    [
        new SeedPageImporter(Outlets, TimeProvider.System),
        new JsonlImporter(Outlets),
        new HtmlFileImporter(new ArticleExtractor(), Outlets, TimeProvider.System),
        new FeedFileImporter(TimeProvider.System),
        new WarcImporter(new ExtractorPageAdapter(new ArticleExtractor())),
    ];
}
