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
    public static Task<IArticleStore> OpenStoreAsync(ParseResult r, CancellationToken ct) => GlobalOptions.StoreUrl(r).OpenAsync(ct);

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

    /// <summary>The store's webhooks (both stores keep them beside the articles).</summary>
    public static IWebhookStore Webhooks(IArticleStore store) =>
        store as IWebhookStore ?? throw new Herald.Model.HeraldException(store.GetType().Name, "keeps no webhooks");

    public static OutletRegistry Outlets { get; } = OutletRegistry.CreateDefault();

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
