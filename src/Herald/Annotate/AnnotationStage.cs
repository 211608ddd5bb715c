using Herald.Pipeline;

namespace Herald.Annotate;

/// <summary>
/// The Annotate stage in the pipeline: annotates each article that has a body and is not a copy of another
/// (copies share their original's annotations). Pure CPU work, so it runs on every core while keeping order.
/// </summary>
public sealed class AnnotationStage(ArticleAnnotator annotator) : IPipelineStage
{
    public string Name => "annotate";

    public int Parallelism => Math.Max(1, Environment.ProcessorCount);

    public ValueTask<PipelineItem> ProcessAsync(PipelineItem item, CancellationToken ct)
    {
        var a = item.Article;
        if (a.Text.Length == 0 || a.DuplicateOf is not null)
        {
            return ValueTask.FromResult(item);
        }

        // A republished article's "last month" and "on Tuesday" speak from when it was written, not from its listing.
        return ValueTask.FromResult(item with { Annotations = annotator.Annotate(a.Text, a.Republished ?? a.Published) });
    }
}
