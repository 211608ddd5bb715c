using Herald.Pipeline;

namespace Herald.Annotate;

/// <summary>
/// The Annotate stage in the pipeline: annotates each article that is not a copy of another (copies share their
/// original's annotations). An article with a body is annotated from its body; a headline-only item (a seed-page
/// post, a feed item without a summary) from its headline, so people, organisations, places and events of every
/// item reach a topic's facets and map. Offsets refer to the text annotated: the body, or the headline when there
/// is no body. Pure CPU work, so it runs on every core while keeping order.
/// </summary>
public sealed class AnnotationStage(ArticleAnnotator annotator) : IPipelineStage
{
    public string Name => "annotate";

    /// <summary>What an article's annotations describe: its body, or its headline when it has no body.</summary>
    public static string AnnotatedText(Herald.Model.Article a) => a.Text.Length > 0 ? a.Text : a.Title.Trim();

    public int Parallelism => Math.Max(1, Environment.ProcessorCount);

    public ValueTask<PipelineItem> ProcessAsync(PipelineItem item, CancellationToken ct)
    {
        var a = item.Article;
        if (a.DuplicateOf is not null || AnnotatedText(a) is not { Length: > 0 } text)
        {
            return ValueTask.FromResult(item);
        }

        // A republished article's "last month" and "on Tuesday" speak from when it was written, not from its listing.
        return ValueTask.FromResult(item with { Annotations = annotator.Annotate(text, a.Republished ?? a.Published) });
    }
}
