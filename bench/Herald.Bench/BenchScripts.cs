namespace Herald.Bench;

/// <summary>End-to-end figure scripts, by name. Each prints the figures an issue asks for.</summary>
internal static class BenchScripts
{
    private static readonly Dictionary<string, Func<string[], Task<int>>> Scripts = new(StringComparer.Ordinal)
    {
        ["ingest"] = Ingest.IngestBench.RunAsync,
        ["ingest-profile"] = Ingest.IngestProfile.RunAsync,
        ["fetch"] = Fetch.FetchBench.RunAsync,
        ["ner"] = Ner.NerBench.RunAsync,
        ["ner-unseen"] = Ner.NerBench.RunUnseenAsync,
        ["places"] = Places.PlacesBench.RunAsync,
        ["annotate"] = Annotate.AnnotateBench.RunAsync,
        ["stories"] = Stories.StoriesBench.Run,
        ["republication"] = Stories.RepublicationBench.RunAsync,
        ["extract"] = Extract.ExtractBench.RunAsync,
        ["extract-sets"] = Extract.ExtractSetsBench.RunAsync,
        ["web"] = Web.WebBench.RunAsync,
        ["pipeline"] = Pipeline.PipelineBench.RunAsync,
        ["headlines"] = Pipeline.HeadlinesBench.RunAsync,
        ["soak"] = Soak.SoakBench.RunAsync,
        ["scale"] = Scale.ScaleBench.RunAsync,
        ["ceilings"] = Scale.CeilingsBench.RunAsync,
    };

    public static IEnumerable<string> Names => Scripts.Keys.Order(StringComparer.Ordinal);

    public static bool TryGet(string name, out Func<string[], Task<int>> script) =>
        Scripts.TryGetValue(name, out script!);
}
