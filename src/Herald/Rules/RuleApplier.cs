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

    /// <summary>A rule action by its name (keep, drop, tag, star), as the CLI and the REST API take it.</summary>
    public static RuleAction ParseAction(string action) => action.Trim().ToLowerInvariant() switch
    {
        "keep" => RuleAction.Keep,
        "drop" => RuleAction.Drop,
        "tag" => RuleAction.Tag,
        "star" => RuleAction.Star,
        _ => throw new HeraldException(action, "not a rule action (keep, drop, tag, star)"),
    };

    /// <summary>The ids of followed feeds named by URL (a rule's scope): the store's own followed feeds, or the
    /// reader API's view of them.</summary>
    public static async Task<IReadOnlyList<long>> FeedIdsAsync(object store, IReadOnlyList<string> urls, CancellationToken ct)
    {
        if (urls.Count == 0)
        {
            return [];
        }

        IReadOnlyList<(long Id, string Url)> followed = store switch
        {
            ISourceStore sources => (await sources.ListAsync(ct)).Select(f => (f.Id, f.Url)).ToList(),
            IReaderStore readers => (await readers.ListFeedsAsync(ct)).Select(f => (f.Id, f.Url)).ToList(),
            _ => [],
        };
        var ids = new List<long>();
        foreach (var url in urls)
        {
            var (id, _) = followed.FirstOrDefault(x => string.Equals(x.Url, url.Trim(), StringComparison.Ordinal));
            ids.Add(id != 0 ? id : throw new HeraldException(url, "not a followed feed (see `herald sources`)"));
        }

        return ids;
    }

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

    /// <summary>Applies every rule to the articles stored since the last call, then marks them met. The same step
    /// for every path that stores articles: the single process after a source stored its batch, and the broker's
    /// stories worker after the extract and fetch workers stored theirs.</summary>
    public async Task<RuleRun> ApplyNewAsync(CancellationToken ct)
    {
        var all = await rules.ListRulesAsync(ct);
        if (all.Count == 0)
        {
            await rules.RulesAppliedAsync(null, ct);
            return new RuleRun(0, 0, 0);
        }

        var run = new RuleRun(0, 0, 0);
        while (true)
        {
            var arrived = await rules.ArrivedForRulesAsync(Chunk, ct);
            if (arrived.Count == 0)
            {
                return run;
            }

            foreach (var rule in all)
            {
                run += await ActAsync(rule, await rules.MatchRuleAmongAsync(rule, rule.Action != RuleAction.Keep, arrived, ct), ct);
            }

            await rules.RulesAppliedAsync(arrived, ct);
            if (arrived.Count < Chunk)
            {
                return run;
            }
        }
    }

    /// <summary>Applies the store's rules to what arrived, when the store keeps rules (else does nothing).</summary>
    public static Task<RuleRun> ApplyNewToAsync(IArticleStore store, TimeProvider clock, CancellationToken ct) =>
        store is IRuleStore rules
            ? new RuleApplier(rules, store as IReaderStore, clock).ApplyNewAsync(ct)
            : Task.FromResult(new RuleRun(0, 0, 0));

    /// <summary>Re-runs one rule over every stored article. What it did before stays done and is not done again:
    /// an article it starred that a reader unstarred since stays unstarred.</summary>
    public async Task<RuleRun> RerunAsync(Rule rule, CancellationToken ct) =>
        await ApplyAsync(rule, 0, await rules.LatestSeqAsync(ct), ct);

    /// <summary>What the rule would act on over the stored articles: a keep rule, on what it would drop.</summary>
    public async Task<RulePreview> PreviewAsync(Rule rule, int first, CancellationToken ct)
    {
        var matching = rule.Action != RuleAction.Keep;
        var count = await rules.CountRuleMatchesAsync(rule, matching, ct);
        var seqs = await rules.MatchRuleAsync(rule, matching, 0, await rules.LatestSeqAsync(ct), first, ct);
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

            run += await ActAsync(rule, seqs, ct);
            if (seqs.Count < Chunk)
            {
                return run;
            }

            after = seqs[^1];
        }
    }

    /// <summary>Does the rule's action to the articles it matched; only the ones it had not acted on before.</summary>
    private async Task<RuleRun> ActAsync(Rule rule, IReadOnlyList<long> seqs, CancellationToken ct)
    {
        if (seqs.Count == 0)
        {
            return new RuleRun(0, 0, 0);
        }

        switch (rule.Action)
        {
            case RuleAction.Keep:
            case RuleAction.Drop:
                return new RuleRun((await rules.RecordEffectsAsync(rule.Id, "drop", seqs, ct)).Count, 0, 0);
            case RuleAction.Tag:
                return new RuleRun(0, (await rules.RecordEffectsAsync(rule.Id, "tag", seqs, ct)).Count, 0);
            case RuleAction.Star:
                // Only articles this rule never starred before: one a reader unstarred since keeps its reader's choice.
                var fresh = await rules.RecordEffectsAsync(rule.Id, "star", seqs, ct);
                if (readers is not null && fresh.Count > 0)
                {
                    foreach (var user in await readers.ListUsersAsync(ct))
                    {
                        await readers.SetFlagAsync(user.Id, fresh, ReaderFlag.Starred, true, clock.GetUtcNow(), ct);
                    }
                }

                return new RuleRun(0, 0, fresh.Count);
            default:
                throw new ArgumentOutOfRangeException(nameof(rule), rule.Action, "unknown rule action");
        }
    }
}
