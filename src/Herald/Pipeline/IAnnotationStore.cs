using Herald.Model;

namespace Herald.Pipeline;

/// <summary>Each article's annotations, stored as one JSON document, and the backlog of articles still without them.</summary>
public interface IAnnotationStore
{
    /// <summary>
    /// Articles with a body or a headline (headline-only items are annotated from the headline), not copies of
    /// another, that have no stored annotations yet (oldest first).
    /// </summary>
    IAsyncEnumerable<Article> ListUnannotatedAsync(CancellationToken ct);

    Task SaveAnnotationsAsync(string articleId, string annotationsJson, CancellationToken ct);

    /// <summary>Saves many articles' annotations in one transaction.</summary>
    Task SaveAnnotationsAsync(IReadOnlyList<(string ArticleId, string Json)> annotations, CancellationToken ct);

    Task<string?> GetAnnotationsAsync(string articleId, CancellationToken ct);
}
