namespace Herald.Annotate.Places;

/// <summary>How <see cref="PlaceResolver"/> finds toponyms on its own (without entity spans).</summary>
public sealed record PlaceResolverOptions
{
    /// <summary>
    /// Also report country adjectives ("Russian ambassador", "Turkish troops") as mentions of the country. Off by
    /// default: they are not place names, and corpora disagree (TR-News marks them, GeoVirus does not).
    /// </summary>
    public bool IncludeDemonyms { get; init; }
}
