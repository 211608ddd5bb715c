using Herald.Pipeline;
using System.Runtime.CompilerServices;
using Herald.Model;

namespace Herald.Ingest.Feeds;

/// <summary>
/// `herald ingest` for saved feeds (.rss, .atom, .rdf, .xml, .json): every item becomes an article with
/// the same identity it would have had if polled, so ingesting a saved copy and polling the live feed
/// do not double anything that carries a URL.
/// </summary>
public sealed class FeedFileImporter(TimeProvider time) : IFileImporter
{
    private static readonly string[] Extensions = [".rss", ".atom", ".rdf", ".xml", ".json", ".feed"];

    private readonly FeedParser _parser = new();

    public bool CanRead(string path) => Extensions.Any(e => path.EndsWith(e, StringComparison.OrdinalIgnoreCase));

    public async IAsyncEnumerable<Article> ReadAsync(string path, Action<string> warn, [EnumeratorCancellation] CancellationToken ct)
    {
        var bytes = await File.ReadAllBytesAsync(path, ct);
        var feed = _parser.Parse(bytes, null, null);
        if (!feed.IsFeed)
        {
            throw new HeraldException(path, feed.Problem ?? "not an RSS, Atom or JSON feed");
        }

        if (!feed.WellFormed)
        {
            warn($"{path}: {feed.Problem}; read what could be recovered");
        }

        var self = feed.Channel.Links.FirstOrDefault(l => l.Rel == "self")?.Href ?? feed.Channel.Link ?? Path.GetFileName(path);
        var sourceKey = "file:" + self;
        var now = time.GetUtcNow();
        foreach (var item in feed.Items)
        {
            var article = FeedArticleMapper.ToArticle(item, feed, sourceKey, now);
            if (article.Title.Length > 0 || article.Url is not null)
            {
                yield return article;
            }
        }
    }
}
