using Herald.Pipeline;
using Herald.Stories;

namespace Herald.Composition;

/// <summary>
/// The step of the live pipeline before stories: what each new article (stored, no story yet) is by itself, marked
/// in the store — whether it copies an earlier article (Dedup's detector, streamed over the window in publication
/// order, every article entering its index as the story rebuilder's detector sees them) and whether it is a stale
/// republication (<see cref="RepublicationDetector"/>, from its own text). Annotation needs both (copies are not
/// annotated; a republished article's relative dates resolve against its original date) and nothing else of
/// stories, so once they are marked it runs beside story clustering. The rebuilder reaches the same answers over the
/// same window; a stored article that already has a story is left to it (whether it becomes a copy depends on
/// whether its story moves). The detector's answers for the whole window are handed to the rebuilder
/// (<see cref="MarkedWindow.Copies"/>), so copies are looked for once per window, not once here and again there.
/// </summary>
public sealed class NewArticleMarks(IArticleStore store, Func<ICopyDetector> newCopies)
{
    /// <summary>Marks written per transaction.</summary>
    private const int Batch = 2000;

    /// <summary>Marks the new articles among those published from <paramref name="from"/> up to
    /// <paramref name="until"/> (all later ones when null); returns how many rows it changed and the detector's
    /// answer for every article of the window it found to be a copy.</summary>
    public async Task<MarkedWindow> MarkAsync(DateTimeOffset? from, DateTimeOffset? until, CancellationToken ct)
    {
        var copies = newCopies();
        var pending = new List<ArticleMark>();
        var answers = new Dictionary<string, string>(StringComparer.Ordinal);
        await foreach (var article in store.ReadChronologicalAsync(from, until, ct))
        {
            var found = copies.FindAndAdd(article);
            if (found is not null)
            {
                answers[article.Id] = found.OriginalId;
            }

            if (article.Story is not null)
            {
                continue;
            }

            var original = article.DuplicateOf ?? found?.OriginalId;
            var republished = RepublicationDetector.Estimate(article);
            if (original != article.DuplicateOf || republished != article.Republished)
            {
                pending.Add(new ArticleMark(article.Id, original, republished));
            }
        }

        // Written after the read, so the store is never written while its window is being streamed.
        for (var i = 0; i < pending.Count; i += Batch)
        {
            await store.MarkNewArticlesAsync(pending.GetRange(i, Math.Min(Batch, pending.Count - i)), ct);
        }

        return new MarkedWindow(pending.Count, answers);
    }
}

/// <summary>What marking one window did: rows changed, and the copy detector's answers (article id → original id)
/// for every article of the window it streamed, new or already placed.</summary>
public sealed record MarkedWindow(int Changed, IReadOnlyDictionary<string, string> Copies);
