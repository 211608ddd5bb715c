using Herald.Model;
using Herald.Pipeline;
using Herald.Query;

namespace Herald.Rules;

/// <summary>What applying rules did: articles dropped, tagged and starred.</summary>
public sealed record RuleRun(int Dropped, int Tagged, int Starred)
{
    public bool Empty => Dropped == 0 && Tagged == 0 && Starred == 0;

    public string OneLine() => $"rules: {Dropped} dropped, {Tagged} tagged, {Starred} starred";

    public static RuleRun operator +(RuleRun a, RuleRun b) => new(a.Dropped + b.Dropped, a.Tagged + b.Tagged, a.Starred + b.Starred);
}

/// <summary>What a rule would do over the stored articles: how many it would act on, and the first of them.</summary>
public sealed record RulePreview(int Count, IReadOnlyList<Article> First);

/// <summary>
/// Applies rules (keep, drop, tag, star when a query matches) to articles: to each new article once as it arrives
/// (<see cref="ApplyNewAsync"/>, after a source stored its batch, through a watermark over the store's sequence), and
/// to every stored article on request (<see cref="RerunAsync"/>). A rule's query is Herald's query language, run by
/// the store's search index, so a rule matches exactly what a search for it finds. Effects are recorded per rule
/// and article, so applying twice changes nothing.
/// </summary>
public sealed class RuleApplier(IRuleStore rules, IReaderStore? readers, TimeProvider clock)
{
    private const int Chunk = 5_000;

    /// <summary>Checks a rule before it is stored: its query parses, a tag rule has a tag, others none.</summary>
    public static TopicQuery Check(RuleAction action, string query, string? tag)
    {
        var parsed = TopicQuery.Parse(query);
        if (action == RuleAction.Tag && string.IsNullOrWhiteSpace(tag))
        {
            throw new HeraldException("tag", "a tag rule needs --tag NAME");
        }

        if (action != RuleAction.Tag && tag is not null)
        {
            throw new HeraldException("--tag", $"only tag rules take a tag (this is a {action.ToString().ToLowerInvariant()} rule)");
        }

        if (tag is { Length: > 64 } || (tag is not null && tag.Any(char.IsControl)))
        {
            throw new HeraldException("tag", "1-64 characters, no control characters");
        }

        return parsed;
    }

    /// <summary>Applies every rule to the articles stored since the last call, then moves the watermark.</summary>
    public async Task<RuleRun> ApplyNewAsync(CancellationToken ct)
    {
        var (latest, through) = await rules.RuleProgressAsync(ct);
        if (latest <= through)
        {
            return new RuleRun(0, 0, 0);
        }

        var run = new RuleRun(0, 0, 0);
        foreach (var rule in await rules.ListRulesAsync(ct))
        {
            run += await ApplyAsync(rule, through, latest, ct);
        }

        await rules.SetRulesAppliedThroughAsync(latest, ct);
        return run;
    }

    /// <summary>Re-runs one rule over every stored article (what it did before stays done).</summary>
    public async Task<RuleRun> RerunAsync(Rule rule, CancellationToken ct)
    {
        var (latest, _) = await rules.RuleProgressAsync(ct);
        return await ApplyAsync(rule, 0, latest, ct);
    }

    /// <summary>What the rule would act on over the stored articles: a keep rule, on what it would drop.</summary>
    public async Task<RulePreview> PreviewAsync(Rule rule, int first, CancellationToken ct)
    {
        var matching = rule.Action != RuleAction.Keep;
        var count = await rules.CountRuleMatchesAsync(rule, matching, ct);
        var (latest, _) = await rules.RuleProgressAsync(ct);
        var seqs = await rules.MatchRuleAsync(rule, matching, 0, latest, first, ct);
        return new RulePreview(count, await rules.GetArticlesBySeqAsync(seqs, ct));
    }

    private async Task<RuleRun> ApplyAsync(Rule rule, long after, long through, CancellationToken ct)
    {
        var run = new RuleRun(0, 0, 0);
        var matching = rule.Action != RuleAction.Keep;
        while (true)
        {
            var seqs = await rules.MatchRuleAsync(rule, matching, after, through, Chunk, ct);
            if (seqs.Count == 0)
            {
                return run;
            }

            switch (rule.Action)
            {
                case RuleAction.Keep:
                case RuleAction.Drop:
                    run += new RuleRun(await rules.RecordEffectsAsync(rule.Id, "drop", seqs, ct), 0, 0);
                    break;
                case RuleAction.Tag:
                    run += new RuleRun(0, await rules.RecordEffectsAsync(rule.Id, "tag", seqs, ct), 0);
                    break;
                case RuleAction.Star:
                    var fresh = await rules.RecordEffectsAsync(rule.Id, "star", seqs, ct);
                    if (readers is not null && fresh > 0)
                    {
                        foreach (var user in await readers.ListUsersAsync(ct))
                        {
                            await readers.SetFlagAsync(user.Id, seqs, ReaderFlag.Starred, true, clock.GetUtcNow(), ct);
                        }
                    }

                    run += new RuleRun(0, 0, fresh);
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(rule), rule.Action, "unknown rule action");
            }

            if (seqs.Count < Chunk)
            {
                return run;
            }

            after = seqs[^1];
        }
    }
}
