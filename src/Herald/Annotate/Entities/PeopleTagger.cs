using System.Collections.Concurrent;
using Herald.Model;
using Herald.Pipeline;

namespace Herald.Annotate.Entities;

/// <summary>
/// The people a short text names, read by the entity tagger with surnames linked to the full names before them.
/// Stories ask it for the people of article leads (<see cref="IPeopleTagger"/>): tagging is the costliest step of
/// story clustering, and `herald cluster`, the story rebuilder and the bench see the same leads again, so the
/// answer for a text is kept, a bounded number of them.
/// </summary>
public sealed class PeopleTagger(IEntityRecognizer entities) : IPeopleTagger
{
    private const int CacheSize = 50_000;

    private static readonly Lazy<PeopleTagger> Shared = new(() => new PeopleTagger(EntityRecognizer.LoadDefault()));

    private readonly ConcurrentDictionary<string, IReadOnlyList<string>> _cache = new(StringComparer.Ordinal);

    /// <summary>The tagger over the trained model embedded in the library (loaded once, shared).</summary>
    public static PeopleTagger Default => Shared.Value;

    public IReadOnlyList<string> PeopleIn(string text)
    {
        if (_cache.TryGetValue(text, out var known))
        {
            return known;
        }

        if (_cache.Count >= CacheSize)
        {
            _cache.Clear();
        }

        return _cache[text] = [.. ArticleAnnotator.LinkSurnames(entities.Recognize(text)).Where(e => e.Type == EntityType.Person).Select(e => e.Name)];
    }
}
