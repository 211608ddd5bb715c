using Herald.Model;
using Herald.Query;

namespace Herald.Pipeline;

/// <summary>What a rule does with the articles its query matches.</summary>
public enum RuleAction
{
    /// <summary>Keep only what matches: articles in the rule's scope that do not match are dropped.</summary>
    Keep,

    /// <summary>Drop what matches: reader apps (Google Reader, Fever) no longer list it. It stays stored and
    /// searchable, and stories and exports still count it.</summary>
    Drop,

    /// <summary>Give what matches a tag (a label in reader apps).</summary>
    Tag,

    /// <summary>Star what matches for every reader account.</summary>
    Star,
}

/// <summary>A rule: when <paramref name="Query"/> (Herald's query language, as search and topics use it) matches an
/// article from one of <paramref name="FeedIds"/> (any source when empty), do <paramref name="Action"/>.</summary>
public sealed record Rule(long Id, RuleAction Action, string Query, string? Tag, IReadOnlyList<long> FeedIds, DateTimeOffset Created)
{
    public TopicQuery Parsed => TopicQuery.Parse(Query);
}

/// <summary>
/// Rules and what they did, with the articles that arrived since rules last ran. How arrivals are tracked is the
/// store's own: SQLite, with one writer committing its sequence in order, keeps a watermark over it; PostgreSQL, whose
/// concurrent writers commit sequence numbers out of order (a watermark could pass one still uncommitted), keeps a
/// queue written in the same transaction as the article.
/// </summary>
public interface IRuleStore
{
    Task<Rule> AddRuleAsync(RuleAction action, string query, string? tag, IReadOnlyList<long> feedIds, DateTimeOffset now, CancellationToken ct);

    Task<IReadOnlyList<Rule>> ListRulesAsync(CancellationToken ct);

    /// <summary>Removes a rule and its effects (what it dropped is listed again, what it starred stays starred);
    /// false when there is none.</summary>
    Task<bool> RemoveRuleAsync(long id, CancellationToken ct);

    /// <summary>Seqs of articles in the rule's scope with <c>afterSeq &lt; seq &lt;= throughSeq</c> that its query
    /// matches (or, with <paramref name="matching"/> false, does not match), oldest first, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<long>> MatchRuleAsync(Rule rule, bool matching, long afterSeq, long throughSeq, int limit, CancellationToken ct);

    /// <summary>Which of <paramref name="seqs"/> are in the rule's scope and matched (or not) by its query, oldest first.</summary>
    Task<IReadOnlyList<long>> MatchRuleAmongAsync(Rule rule, bool matching, IReadOnlyList<long> seqs, CancellationToken ct);

    /// <summary>How many articles in the rule's scope the query matches (or does not) over the whole store.</summary>
    Task<int> CountRuleMatchesAsync(Rule rule, bool matching, CancellationToken ct);

    /// <summary>Articles by seq, in the order given (unknown seqs are left out).</summary>
    Task<IReadOnlyList<Article>> GetArticlesBySeqAsync(IReadOnlyList<long> seqs, CancellationToken ct);

    /// <summary>Records effects; an effect recorded before for the same rule and article is kept. Returns the seqs
    /// that were new, so an effect is carried out once per rule and article however often the rule runs (a star
    /// a reader took off again stays off).</summary>
    Task<IReadOnlyList<long>> RecordEffectsAsync(long ruleId, string effect, IReadOnlyList<long> seqs, CancellationToken ct);

    Task<int> CountEffectsAsync(long ruleId, CancellationToken ct);

    /// <summary>The highest stored seq (what <c>rerun</c> and <c>preview</c> run up to).</summary>
    Task<long> LatestSeqAsync(CancellationToken ct);

    /// <summary>Seqs of articles stored since rules last ran over them, oldest first, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<long>> ArrivedForRulesAsync(int limit, CancellationToken ct);

    /// <summary>Marks arrived articles as met by the rules (seqs from <see cref="ArrivedForRulesAsync"/>, all of one
    /// page); with null, every article stored so far (there were no rules to apply).</summary>
    Task RulesAppliedAsync(IReadOnlyList<long>? seqs, CancellationToken ct);
}
