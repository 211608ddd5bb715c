using System.CommandLine;
using Herald.Extract;
using Herald.Ingest;
using Herald.Ingest.Feeds;
using Herald.Ingest.Warc;
using Herald.Pipeline;
using Herald.Text;

namespace Herald.Cli;

/// <summary>Services a verb needs, made from the parse result.</summary>
internal static class CliContext
{
    /// <summary>The store --store, HERALD_STORE or the data folder names: every verb opens it through here.</summary>
    public static Task<IArticleStore> OpenStoreAsync(ParseResult r, CancellationToken ct)
    {
        var url = GlobalOptions.StoreUrl(r);
        OpenedStore = url.SqlitePath ?? url.Display;
        return url.OpenAsync(ct);
    }

    /// <summary>The store this run opened (its file, or its redacted URL), for errors that only the store can explain.</summary>
    public static string? OpenedStore { get; private set; }

    /// <summary>
    /// The followed feeds of the store --store, HERALD_STORE or the data folder names: in PostgreSQL beside the
    /// articles, or in the SQLite file's own source tables.
    /// </summary>
    public static async Task<OpenedSources> OpenSourcesAsync(ParseResult r, CancellationToken ct)
    {
        var url = GlobalOptions.StoreUrl(r);
        if (url.Kind == Herald.Storage.StoreKind.Sqlite)
        {
            var sqlite = Herald.Storage.Sqlite.SourceStore.Open(url.SqlitePath!);
            return new OpenedSources(sqlite, sqlite);
        }

        var store = await url.OpenAsync(ct);
        return new OpenedSources((ISourceStore)store, store);
    }

    /// <summary>The store's reader accounts (both stores keep them beside the articles).</summary>
    public static IReaderStore Readers(IArticleStore store) =>
        store as IReaderStore ?? throw new Herald.Model.HeraldException(store.GetType().Name, "keeps no reader accounts");

    /// <summary>The store's webhooks (both stores keep them beside the articles).</summary>
    public static IWebhookStore Webhooks(IArticleStore store) =>
        store as IWebhookStore ?? throw new Herald.Model.HeraldException(store.GetType().Name, "keeps no webhooks");

    public static OutletRegistry Outlets { get; } = OutletRegistry.CreateDefault();

    /// <summary>`--allow-address`, shared by the verbs that fetch.</summary>
    public static readonly Option<string[]> AllowAddress = new("--allow-address")
    {
        Description = "A private address or network feeds may still be fetched from, e.g. 10.1.2.3 or 10.0.0.0/8 (repeatable)",
    };

    /// <summary>The networks `--allow-address` names; a value that is neither an address nor a network is the user's error.</summary>
    public static IReadOnlyList<System.Net.IPNetwork> AllowedNetworks(ParseResult r) =>
        (r.GetValue(AllowAddress) ?? []).Select(value =>
            System.Net.IPNetwork.TryParse(value, out var network) ? network
            : System.Net.IPAddress.TryParse(value, out var address) ? new System.Net.IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128)
            : throw new Herald.Model.HeraldException($"--allow-address {value}", "not an address or a network (e.g. 10.1.2.3 or 10.0.0.0/8)")).ToList();

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

/// <summary>A source store and what closes it.</summary>
internal sealed class OpenedSources(ISourceStore store, IAsyncDisposable owner) : IAsyncDisposable
{
    public ISourceStore Store { get; } = store;

    public ValueTask DisposeAsync() => owner.DisposeAsync();
}
