using Herald.Annotate.Entities;
using Herald.Dedup;
using Herald.Stories;

namespace Herald.Composition;

/// <summary>
/// Builds the story clusterer with the stages it works with: Dedup's copy detector and Annotate's people tagger.
/// Stories depends on neither (only on their interfaces in Pipeline); this composition root is the one place that
/// wires them, so the CLI, the web host, the bench and the tests all cluster alike. No stage depends on it.
/// </summary>
public static class StoryClustering
{
    public static StoryClusterer NewClusterer(StoryClustererOptions? options = null)
    {
        options ??= new StoryClustererOptions();
        var copies = new CopyDetector(new CopyDetectorOptions { GenerationSize = options.CopyGenerationSize });
        return new StoryClusterer(options, copies, PeopleTagger.Default);
    }
}
