namespace Herald.Annotate.Quotes;

/// <summary>
/// Reporting and attitude verbs that introduce what someone said, wrote or thinks. Hand-written; the choice of verbs
/// was checked against the cue frequencies of PolNeAR's training split (said, says, told, according to, wrote, added…).
/// </summary>
internal static class CueLexicon
{
    // Verb forms that take their content after them ("X said (that) ...", "X told Y (that) ...").
    public static readonly HashSet<string> Verbs = new(StringComparer.OrdinalIgnoreCase)
    {
        "said", "says", "say", "saying", "told", "tells", "tell", "telling", "added", "adds", "adding", "noted", "notes",
        "noting", "wrote", "writes", "writing", "argued", "argues", "argue", "arguing", "claimed", "claims", "claim",
        "claiming", "warned", "warns", "warning", "announced", "announces", "acknowledged", "acknowledges", "acknowledging",
        "insisted", "insists", "insisting", "suggested", "suggests", "suggesting", "reported", "stated", "explained",
        "explains", "explaining", "declared", "declares", "admitted", "admits", "denied", "denies", "asserted", "asserts",
        "contended", "contends", "maintained", "maintains", "stressed", "stresses", "emphasized", "emphasised", "predicted",
        "predicts", "conceded", "concedes", "confirmed", "confirms", "revealed", "reveals", "recalled", "recalls", "recalling",
        "replied", "responded", "answered", "tweeted", "tweets", "posted", "vowed", "vows", "pledged", "pledges", "promised",
        "believes", "believe", "believed", "think", "thinks", "thought", "feel", "feels", "felt", "hope", "hopes", "hoped",
        "fear", "feared", "worry", "worries", "worried", "expects", "expected", "know", "knows", "knew", "agreed", "agrees",
        "indicated", "indicates", "signaled", "signalled", "mentioned", "testified", "observed", "complained", "complains",
        "countered", "charged", "alleged", "alleges", "urged", "urges", "asked", "asks", "asking", "cautioned", "reiterated",
        "concluded", "concludes", "estimated", "assured", "informed", "reminded", "questioned", "questions", "wondered",
        "suspects", "suspected", "doubts", "doubted", "understands", "learned", "announcing", "announce", "reads",
        "accused", "accuses", "criticized", "criticised", "blamed", "blames", "demanded", "demands", "stated", "states",
        "boasted", "joked", "speculated", "acknowledge", "insist", "deny", "admit", "warn", "predict", "explain", "argue",
        "continued", "continues", "proclaimed", "remarked", "shouted",
    };

    /// <summary>Verbs whose listener comes first: "told reporters that", "urged Congress to".</summary>
    public static readonly HashSet<string> TakesListener = new(StringComparer.OrdinalIgnoreCase)
    {
        "told", "tells", "tell", "telling", "assured", "informed", "reminded", "warned", "warns", "warning", "urged", "urges",
        "asked", "asks", "asking", "accused", "accuses", "criticized", "criticised", "blamed", "blames",
    };

    /// <summary>Present-tense forms that are also plural nouns ("reports of casualties", "the claims").</summary>
    public static readonly HashSet<string> AlsoNouns = new(StringComparer.OrdinalIgnoreCase)
    {
        "says", "claims", "claim", "notes", "fears", "fear", "hopes", "hope", "states", "reads", "read", "questions", "demands",
        "worries", "worry", "doubts", "tweets", "vows", "pledges", "thought", "warning", "continues", "know", "feel", "think",
        "believe", "tell", "say", "argue", "explain", "insist", "deny", "admit", "warn", "predict", "acknowledge", "announce",
    };

    /// <summary>Words that may sit between the speaker and the verb: "has also said", "later told".</summary>
    public static readonly HashSet<string> Auxiliaries = new(StringComparer.OrdinalIgnoreCase)
    {
        "has", "have", "had", "also", "previously", "later", "reportedly", "repeatedly", "again", "then", "would", "will",
        "has", "long", "already", "often", "once", "recently", "publicly", "privately", "initially", "first", "last",
        "earlier", "separately", "flatly", "simply", "openly", "bluntly", "quickly", "further", "still", "did", "does", "do",
        "may", "might", "could", "can", "should", "must", "never", "not", "always", "frequently", "just", "even", "had",
    };

    /// <summary>Subjects that are not speakers ("it said" is fine, "there said" is not).</summary>
    public static readonly HashSet<string> Pronouns = new(StringComparer.OrdinalIgnoreCase)
    {
        "he", "she", "they", "it", "we", "i", "you",
    };

    public static readonly HashSet<string> ClauseBoundaries = new(StringComparer.OrdinalIgnoreCase)
    {
        "that", "which", "who", "whom", "when", "because", "but", "and", "while", "as", "after", "before", "if", "so", "since",
        "though", "although", "where", "whether", "or", "until", "unless", "than", "what", "why", "how", "nor", "yet", "once",
        "is", "are", "was", "were", "be", "been", "being", "to", "for", "with", "at", "by", "in", "on", "from", "about",
        "into", "over", "under", "against", "also", "not", "even",
    };

    /// <summary>Time words that may follow the verb before the content: "said Thursday that", "told CNN last week".</summary>
    public static readonly HashSet<string> TimeWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "today", "yesterday", "tonight",
        "earlier", "later", "recently", "last", "this", "week", "month", "year", "night", "morning", "afternoon", "evening",
        "on", "late", "early", "previously", "again", "repeatedly", "also", "then", "in", "a", "an", "the", "statement",
        "interview", "at", "news", "conference", "briefing", "press", "release", "twitter", "tweet", "speech", "letter",
        "email", "emailed", "post", "facebook", "radio", "television", "tv", "message", "recent", "weekend", "friday's",
        "privately", "publicly", "flatly", "bluntly", "simply", "repeatedly", "pointedly", "told",
    };

    /// <summary>Listeners a "told" verb may name before its content.</summary>
    public static readonly HashSet<string> Listeners = new(StringComparer.OrdinalIgnoreCase)
    {
        "him", "her", "them", "me", "us", "you", "reporters", "journalists", "lawmakers", "supporters", "voters", "viewers",
        "audience", "crowd", "the", "a", "an", "his", "their", "its", "members", "officials", "congress", "listeners",
    };
}
