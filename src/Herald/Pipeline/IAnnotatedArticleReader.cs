using Herald.Model;
using Herald.Query;

namespace Herald.Pipeline;

/// <summary>
/// One stored document with the annotations that describe it: its own when it is an original, its original's when it
/// is a copy (<see cref="Article.DuplicateOf"/> set; copies are not annotated again). <see cref="Seq"/> is the store's
/// arrival order. For an original, <see cref="Copies"/> counts the stored copies of it (up to the read's upper seq) and
/// <see cref="CopyOutlets"/> the distinct outlets among them other than its own; for a copy both are 0 and
/// <see cref="OriginalFirstSeen"/> is when its original was first seen.
/// </summary>
public sealed record AnnotatedArticle(
    long Seq, Article Article, string AnnotationsJson, int Copies, int CopyOutlets, DateTimeOffset? OriginalFirstSeen);

/// <summary>
/// Streams annotated documents in arrival order for exports that describe each document (the GDELT-format files):
/// bounded memory whatever the store's size, never the whole result at once.
/// </summary>
public interface IAnnotatedArticleReader
{
    /// <summary>
    /// Documents whose annotations are stored (originals, and copies of annotated originals) that match the query,
    /// with <c>afterSeq &lt; Seq &lt;= throughSeq</c>, in seq order.
    /// </summary>
    IAsyncEnumerable<AnnotatedArticle> ReadAnnotatedAsync(TopicQuery? query, long afterSeq, long throughSeq, CancellationToken ct);

    /// <summary>
    /// The highest seq up to which every stored article is settled: annotated, or needing no annotation (no body, or a
    /// copy). A periodic export that reads up to here never skips an article whose annotations are still to come.
    /// </summary>
    Task<long> AnnotationSettledThroughAsync(CancellationToken ct);
}
