using Herald.Model;
using Herald.Pipeline;

namespace Herald.Storage;

/// <summary>How many of each kind of record a store holds, as the copy counts them.</summary>
public sealed record StoreCounts(int Articles, int WithBody, int Outlets, int Stories, int Annotations, int Topics, int Headlines, int Aliases, int LearnedOutlets, int IngestedFiles)
{
    public override string ToString() =>
        $"{Articles} articles ({WithBody} with full text), {Stories} stories, {Annotations} annotated, {Topics} topics, " +
        $"{Headlines} story headlines, {Aliases} story aliases, {LearnedOutlets} learned outlets, {IngestedFiles} ingested files";
}

/// <summary>
/// Copies one store into another, empty one (SQLite to PostgreSQL and back): articles in publication order with their
/// stories and copies, annotations, topics, story headlines and aliases, learned outlets and the ingest ledger; then
/// counts both sides. Only the interfaces are used, so any two stores that implement them can be copied.
/// Webhooks and followed feeds are not copied (their ids would change under the deliveries and item keys that name them).
/// </summary>
public sealed class StoreCopier(IArticleStore from, IArticleStore to)
{
    private const int Batch = 500;

    /// <summary>Articles copied so far, for a progress display.</summary>
    public IProgress<int>? Progress { get; init; }

    /// <summary>Copies everything and returns both sides' counts, which the caller compares.</summary>
    public async Task<(StoreCounts From, StoreCounts To)> CopyAsync(string target, CancellationToken ct)
    {
        if ((await to.SummarizeAsync(null, ct)).Articles is var held and > 0)
        {
            throw new HeraldException(target, $"already holds {held:N0} articles; migrate copies into an empty store");
        }

        var ids = new List<string>();
        var stories = new HashSet<string>(StringComparer.Ordinal);
        var batch = new List<Article>(Batch);
        var annotations = 0;
        async Task FlushAsync()
        {
            if (batch.Count == 0)
            {
                return;
            }

            await to.UpsertAsync(batch, ct);
            var notes = new List<(string, string)>();
            foreach (var a in batch)
            {
                if (await from.GetAnnotationsAsync(a.Id, ct) is { } json)
                {
                    notes.Add((a.Id, json));
                }
            }

            await to.SaveAnnotationsAsync(notes, ct);
            annotations += notes.Count;
            Progress?.Report(ids.Count);
            batch.Clear();
        }

        await foreach (var a in from.ReadChronologicalAsync(null, ct))
        {
            ids.Add(a.Id);
            stories.Add(a.Story ?? a.Id);
            batch.Add(a);
            if (batch.Count == Batch)
            {
                await FlushAsync();
            }
        }

        await FlushAsync();

        var topics = await from.ListTopicsAsync(ct);
        foreach (var t in topics)
        {
            await to.SaveTopicAsync(t, ct);
        }

        var headlines = new List<StoryHeadline>();
        foreach (var chunk in stories.Chunk(Batch))
        {
            headlines.AddRange((await from.GetStoryHeadlinesAsync(chunk, ct)).Select(h => new StoryHeadline(h.Key, h.Value)));
        }

        var aliases = from is IStoreExport fx ? await fx.ListStoryAliasesAsync(ct) : [];
        await to.ApplyStoryChangesAsync([], aliases, headlines, ct);

        var outlets = 0;
        if (from is IOutletStore fo && to is IOutletStore tout)
        {
            var learned = await fo.LoadOutletsAsync(ct);
            await tout.SaveOutletsAsync(learned, ct);
            outlets = learned.Count;
        }

        var files = 0;
        if (from is IStoreExport fl && to is IIngestLedger tl)
        {
            var ledger = await fl.ListIngestedFilesAsync(ct);
            await tl.RecordFilesAsync(ledger, ct);
            files = ledger.Count;
        }

        var source = await from.SummarizeAsync(null, ct);
        var copied = new StoreCounts(source.Articles, source.WithBody, source.Outlets, source.Stories, annotations, topics.Count, headlines.Count, aliases.Count, outlets, files);
        return (copied, await CountAsync(to, ids, stories, ct));
    }

    /// <summary>Counts a store the same way the copy counted its source, reading every record back.</summary>
    private static async Task<StoreCounts> CountAsync(IArticleStore store, IReadOnlyList<string> ids, IReadOnlyCollection<string> stories, CancellationToken ct)
    {
        var summary = await store.SummarizeAsync(null, ct);
        var annotated = 0;
        foreach (var id in ids)
        {
            annotated += await store.GetAnnotationsAsync(id, ct) is null ? 0 : 1;
        }

        var headlines = 0;
        foreach (var chunk in stories.Chunk(Batch))
        {
            headlines += (await store.GetStoryHeadlinesAsync(chunk, ct)).Count;
        }

        return new StoreCounts(
            summary.Articles, summary.WithBody, summary.Outlets, summary.Stories, annotated, (await store.ListTopicsAsync(ct)).Count, headlines,
            store is IStoreExport x ? (await x.ListStoryAliasesAsync(ct)).Count : 0,
            store is IOutletStore o ? (await o.LoadOutletsAsync(ct)).Count : 0,
            store is IStoreExport l ? (await l.ListIngestedFilesAsync(ct)).Count : 0);
    }
}
