namespace Herald.Stories;

/// <summary>Settings of <see cref="StoryClusterer"/>. Thresholds are tuned by cross-validation over ECB+ topics.</summary>
public sealed record StoryClustererOptions
{
    /// <summary>An article joins the best story when its similarity reaches this; otherwise it starts a story.</summary>
    public double JoinThreshold { get; init; } = 0.14;
    /// <summary>Share of centroid similarity in the score; the rest is the best single member's similarity.</summary>
    public double CentroidShare { get; init; } = 0.7;
    /// <summary>Two stories whose centroids reach this similarity merge (the older id survives).</summary>
    public double MergeThreshold { get; init; } = 0.6;
    /// <summary>Similarity halves for every this many days between the article and the story's time span.</summary>
    public double DecayHalfLifeDays { get; init; } = 2.0;
    /// <summary>Similarity is multiplied by this when article and story both name years but share none.</summary>
    public double YearConflictFactor { get; init; } = 0.6;
    /// <summary>
    /// Similarity is multiplied by (1 - this × conflict) when the article's heaviest names are missing from the
    /// story and the story's core names are missing from the article (conflict in 0..1): a second event of one
    /// kind shares the story's words but names another person or place.
    /// </summary>
    public double NameConflictPenalty { get; init; } = 0.5;
    /// <summary>Heaviest names of an article and core names of a story compared by the name-conflict test.</summary>
    public int ConflictNames { get; init; } = 4;
    /// <summary>Stories without a new article for this long are frozen (evicted from memory).</summary>
    public TimeSpan IdleWindow { get; init; } = TimeSpan.FromDays(3);
    /// <summary>Without dates, stories idle for this many articles are frozen.</summary>
    public int IdleArticles { get; init; } = 20_000;
    /// <summary>Members kept per story for member-level similarity and the representative headline.</summary>
    public int MembersKept { get; init; } = 6;
    /// <summary>Terms of each article entered in the candidate index.</summary>
    public int IndexTerms { get; init; } = 15;
    /// <summary>Heaviest terms of an article looked up in the candidate index (fewer than are indexed: speed).</summary>
    public int QueryTerms { get; init; } = 10;
    /// <summary>Candidate stories scored in full per article, after ranking by shared heavy terms.</summary>
    public int CandidatesScored { get; init; } = 8;
    /// <summary>Index terms held by more stories than this are skipped when looking up candidates, merging stories and consolidating fragments.</summary>
    public int MaxPostings { get; init; } = 1_000;
    /// <summary>Headline-only items join an earlier item's story at this normalised-headline similarity.</summary>
    public double HeadlineThreshold { get; init; } = 0.4;
    /// <summary>
    /// How far back (before its own date) a headline-only item looks for a matching headline; zero for no limit.
    /// A related-post link matches coverage of the last days or weeks (the seed page's syndicated column reappears
    /// ten days after its first printing); without a bound, every item of a months-long stream walked the long
    /// postings of its common words.
    /// </summary>
    public TimeSpan HeadlineWindow { get; init; } = TimeSpan.FromDays(14);
    /// <summary>Stories with at most this many articles hold them all and can be split; bigger ones are settled.</summary>
    public int RefineCap { get; init; } = 64;
    /// <summary>
    /// A story is split in two when the mean similarity between its two best-separated groups, after the year and
    /// name conflict factors, is below this share of the mean similarity within them.
    /// </summary>
    public double SplitRatio { get; init; } = 0.45;
    /// <summary>At the end of input, two stories whose cut has at least this ratio are merged (0: never).</summary>
    public double FragmentRatio { get; init; } = 0.5;
    /// <summary>Smallest group a split may cut off.</summary>
    public int SplitMinGroup { get; init; } = 2;
    /// <summary>
    /// When refining, the between-groups similarity is multiplied by (1 - this × conflict) when the people the two
    /// groups mostly name (the trained tagger over each article's lead) are not shared (0: off, leads not kept).
    /// </summary>
    public double PersonConflictPenalty { get; init; } = 0.85;
    /// <summary>Share of a group's members that must name a person for the person to count as one of the group's own.</summary>
    public double DominantShare { get; init; } = 0.5;
    /// <summary>
    /// People are compared only for cuts whose ratio (words, names, years) is at least the split ratio (not split
    /// anyway) and below this: the members of a cut above it are too alike to be two events, and a story holding
    /// only such cuts is never tagged (tagging is costly).
    /// </summary>
    public double EntityGate { get; init; } = 0.8;
    /// <summary>Characters of each article tagged for people: the headline and the first words of the body.</summary>
    public int EntityLeadChars { get; init; } = 120;
    /// <summary>At the end of input, the cohesion of two fragments is multiplied by (1 + this × the share of people they both name).</summary>
    public double FragmentAgreementBonus { get; init; } = 0.7;
    /// <summary>
    /// When refining, the between-groups similarity is multiplied by (1 - this × conflict) when the weekdays and
    /// years the two groups mostly name (in each article's opening) are not shared, a year among them (0: off, not read).
    /// </summary>
    public double DateConflictPenalty { get; init; } = 1.0;
    /// <summary>Characters of each article (headline and body start) read for weekdays and years.</summary>
    public int DateLeadChars { get; init; } = 300;
    /// <summary>Share of a group's members that must name a weekday or year for it to count as the group's own.</summary>
    public double DateShare { get; init; } = 0.3;
    /// <summary>
    /// Articles with fewer terms than this count as short (a headline and a sentence or two, as most feeds carry
    /// them; 0: none). A short article joins at <see cref="ShortJoinThreshold"/>, and a story or pair of fragments
    /// whose members average fewer terms is refined with <see cref="ShortSplitRatio"/> and
    /// <see cref="ShortFragmentRatio"/>: a few words share less with each other than full texts do, within one
    /// event as between two, so the full-text cut ratios split one event's short items apart and leave its
    /// fragments unmerged. Tuned on ECB+ cut to its opening (bench `stories short`).
    /// </summary>
    public int ShortTerms { get; init; } = 40;
    /// <summary>Join threshold of a short article (see <see cref="ShortTerms"/>).</summary>
    public double ShortJoinThreshold { get; init; } = 0.10;
    /// <summary>Split ratio of a story of short articles (see <see cref="ShortTerms"/>).</summary>
    public double ShortSplitRatio { get; init; } = 0.35;
    /// <summary>Fragment ratio of two stories of short articles (see <see cref="ShortTerms"/>).</summary>
    public double ShortFragmentRatio { get; init; } = 0.2;
    /// <summary>Fragments' agreement bonus for stories of short articles (see <see cref="ShortTerms"/>).</summary>
    public double ShortFragmentAgreementBonus { get; init; } = 0.0;
    /// <summary>Whether leads are kept and tagged.</summary>
    internal bool UsesEntities => PersonConflictPenalty > 0;
    /// <summary>These settings with the short-text join threshold and cut ratios in place of the full-text ones.</summary>
    internal StoryClustererOptions ForShortTexts() =>
        this with
        {
            JoinThreshold = ShortJoinThreshold, SplitRatio = ShortSplitRatio, FragmentRatio = ShortFragmentRatio,
            FragmentAgreementBonus = ShortFragmentAgreementBonus,
        };
    public FeatureWeights Features { get; init; } = new();
    /// <summary>Articles remembered per generation by the copy detector the host builds, the headline index and the article-to-story map.</summary>
    public int CopyGenerationSize { get; init; } = 25_000;
}
