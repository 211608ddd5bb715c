using Herald.Annotate.Entities;
using Herald.Dedup;
using Herald.Pipeline;
using Herald.Stories;

namespace Herald.Composition;

/// <summary>
/// Builds the story clusterer with the stages it works with: Dedup's copy detector and Annotate's people tagger.
/// Stories depends on neither (only on their interfaces in Pipeline); this composition root is the one place that
/// wires them, so the CLI, the web host, the bench and the tests all cluster alike. No stage depends on it.
/// </summary>
public static class StoryClustering
{
    /// <summary>A one-pass clusterer that finds copies itself (`herald cluster`, evaluations).</summary>
    public static StoryClusterer NewClusterer(StoryClustererOptions? options = null)
    {
        options ??= new StoryClustererOptions();
        return new StoryClusterer(options, NewCopyDetector(options), PeopleTagger.Default);
    }

    /// <summary>
    /// The live pipeline's copies and stories over a store's window: Dedup's detector marks copies first, then the
    /// clusterer (with no detector of its own) places every article.
    /// </summary>
    public static StoryRebuilder NewRebuilder(IArticleStore store, StoryClustererOptions? options = null)
    {
        options ??= new StoryClustererOptions();
        return new StoryRebuilder(store, () => NewCopyDetector(options), () => new StoryClusterer(options, null, PeopleTagger.Default));
    }

    /// <summary>The live pipeline's copy detector (the rebuilder's and the copies step's are alike, so they agree).</summary>
    public static CopyDetector NewCopyDetector() => NewCopyDetector(new StoryClustererOptions());

    private static CopyDetector NewCopyDetector(StoryClustererOptions options) =>
        new(new CopyDetectorOptions { GenerationSize = options.CopyGenerationSize });
}
