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
        // Attitudes and positions PolNeAR counts as attributions too ("polls show", "X endorsed Y", "X wants…").
        "show", "shows", "showed", "showing", "found", "finds", "called", "calling", "calls", "wants", "want", "wanted",
        "cited", "citing", "cites", "endorsed", "endorses", "endorse", "endorsing", "sought", "seeks", "seeking", "supports",
        "supported", "supporting", "support", "defended", "defends", "defending", "opposed", "opposes", "oppose", "opposing",
        "praised", "praises", "praising", "slammed", "slams", "blasted", "ripped", "mocked", "dismissed", "dismisses",
        "rejected", "rejects", "disputed", "disputes", "challenged", "lamented", "touted", "touts", "hailed", "welcomed",
        "welcomes", "proposed", "proposes", "recommended", "favors", "favored", "prefers", "preferred", "backed", "backs",
        "condemned", "condemns", "denounced", "denounces", "decried", "decries", "criticizing", "attacking", "accusing",
        "blaming", "urging", "demanding", "insisting", "promising", "vowing", "pledging", "predicting", "warning",
    };

    /// <summary>Nouns that report what someone said or thinks when "that" follows: "his suggestion that…".</summary>
    public static readonly HashSet<string> Nouns = new(StringComparer.OrdinalIgnoreCase)
    {
        "claim", "claims", "suggestion", "belief", "assertion", "argument", "statement", "view", "warning", "promise", "pledge",
        "insistence", "allegation", "allegations", "accusation", "accusations", "fear", "fears", "hope", "concern", "concerns",
        "recognition", "notion", "comments", "remarks", "contention", "charge", "prediction", "assurance", "assurances",
        "acknowledgment", "admission", "announcement", "report", "reports", "sense", "conviction", "expectation", "expectations",
        "insinuation", "impression", "message", "vow", "demand", "complaint", "suspicion", "worry", "worries", "doubts",
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
        "show", "shows", "calls", "wants", "want", "support", "supports", "backs", "finds", "cites", "touts", "favors",
        "welcomes", "oppose", "endorse", "rejects", "disputes", "proposes", "slams",
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

    /// <summary>Words that cannot open reported content: "said with USA TODAY", "told cheering supporters in Nashua".</summary>
    public static readonly HashSet<string> NotContentStart = new(StringComparer.OrdinalIgnoreCase)
    {
        "with", "as", "and", "on", "in", "at", "for", "by", "from", "of", "during", "after", "before", "while", "when", "but",
        "or", "to", "into", "over", "under", "through", "via", "out", "up", "off", "down", "back", "earlier", "later", "ago",
        "dressed", "wearing", "holding", "cheering", "standing", "sitting", "outside", "inside", "near", "than", "since",
    };

    /// <summary>Subjects that are not sources: "the way", "the day".</summary>
    public static readonly HashSet<string> NotSpeakers = new(StringComparer.OrdinalIgnoreCase)
    {
        "way", "day", "time", "thing", "things", "fact", "issue", "question", "reason", "point", "part", "lot", "kind", "sort",
        "number", "money", "vote", "votes", "only", "what", "much", "many", "most", "more", "less", "all", "some", "none",
        "both", "either", "neither", "each", "there", "here", "also", "now", "then", "just", "even", "still", "swing", "new",
    };

    /// <summary>Role nouns that name a source by its job: "the official", "the ministry", "the spokesman".</summary>
    public static readonly HashSet<string> RoleNouns = new(StringComparer.OrdinalIgnoreCase)
    {
        "official", "officials", "ministry", "spokesman", "spokeswoman", "spokesperson", "statement", "department", "agency",
        "government", "minister", "secretary", "president", "senator", "governor", "candidate", "campaign", "aide", "aides",
        "adviser", "advisor", "diplomat", "commander", "general", "colonel", "source", "sources", "report", "military", "army",
        "police", "company", "group", "committee", "court", "judge", "lawyer", "attorney", "prosecutor", "leader", "chairman",
        "mayor", "ambassador", "coalition", "pentagon", "kremlin", "congressman", "congresswoman", "businessman", "billionaire",
        "nominee", "frontrunner", "front-runner", "party", "team", "network", "newspaper", "paper", "ad", "letter", "lawmaker",
    };

    /// <summary>Words that only ever say when: never a speaker ("…, said Saturday").</summary>
    public static readonly HashSet<string> DayWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "today", "yesterday", "tonight",
        "week", "month", "year", "night", "morning", "afternoon", "evening", "weekend", "earlier", "later", "recently",
    };

    /// <summary>Listeners a "told" verb may name before its content.</summary>
    public static readonly HashSet<string> Listeners = new(StringComparer.OrdinalIgnoreCase)
    {
        "him", "her", "them", "me", "us", "you", "reporters", "journalists", "lawmakers", "supporters", "voters", "viewers",
        "audience", "crowd", "the", "a", "an", "his", "their", "its", "members", "officials", "congress", "listeners",
    };
}
