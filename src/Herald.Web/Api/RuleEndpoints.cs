using System.Globalization;
using Herald.Pipeline;
using Herald.Rules;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Herald.Web.Api;

/// <summary>A rule to add or preview: an action (keep, drop, tag, star), a query, a tag for tag rules, and the
/// followed feeds (by URL) it is limited to (none: every source).</summary>
public sealed record RuleInput(string? Action, string? Query, string? Tag, string[]? Feeds);

/// <summary>A rule as the API shows it, with how many articles it has acted on.</summary>
public sealed record RuleDto(long Id, string Action, string Query, string? Tag, IReadOnlyList<long> FeedIds, DateTimeOffset Created, int Articles);

/// <summary>What a run of a rule did.</summary>
public sealed record RuleRunDto(int Dropped, int Tagged, int Starred);

/// <summary>What a rule would act on over the stored articles: how many, and the first of them.</summary>
public sealed record RulePreviewDto(int Count, IReadOnlyList<ArticleDto> First);

/// <summary>
/// /api/rules: list, add, preview, re-run and remove rules, as `herald rule` does (<see cref="RuleApplier"/>
/// carries out each). Reads are open like the rest of the read API; changes need the Bearer token.
/// </summary>
internal static class RuleEndpoints
{
    private const string BadInput = "Send JSON with action (keep, drop, tag or star), query (as search takes it), tag (tag rules only) and optionally feeds (followed feeds' URLs).";

    public static void Map(WebApplication app)
    {
        var api = app.MapGroup("/api/rules").WithTags("Rules");

        api.MapGet("", async (IRuleStore rules, CancellationToken ct) =>
        {
            var list = new List<RuleDto>();
            foreach (var rule in await rules.ListRulesAsync(ct))
            {
                list.Add(Dto(rule, await rules.CountEffectsAsync(rule.Id, ct)));
            }

            return ApiResults.Ok(list);
        }).WithSummary("List rules with how many articles each has acted on").Produces<List<RuleDto>>();

        api.MapPost("/preview", async (RuleInput? input, IArticleStore store, IRuleStore rules, IReaderStore readers, TimeProvider clock, CancellationToken ct) =>
        {
            if (input is null)
            {
                return ApiResults.Problem(400, "Bad request", BadInput);
            }

            var rule = await ParseAsync(input, 0, store, clock, ct);
            var preview = await new RuleApplier(rules, readers, clock).PreviewAsync(rule, 10, ct);
            return ApiResults.Ok(new RulePreviewDto(preview.Count, preview.First.Select(a => ArticleDto.From(a, false)).ToList()));
        }).WithSummary("What a rule would act on over the stored articles (nothing is changed)").Produces<RulePreviewDto>().ProducesProblem(400);

        api.MapPost("", async (HttpContext http, RuleInput? input, WebSecurity security, IArticleStore store, IRuleStore rules, TimeProvider clock, CancellationToken ct) =>
        {
            if (ApiEndpoints.Unauthorized(http, security) is { } denied)
            {
                return denied;
            }

            if (input is null)
            {
                return ApiResults.Problem(400, "Bad request", BadInput);
            }

            var draft = await ParseAsync(input, 0, store, clock, ct);
            var rule = await rules.AddRuleAsync(draft.Action, draft.Query, draft.Tag, draft.FeedIds, clock.GetUtcNow(), ct);
            return Results.Created("/api/rules/" + rule.Id.ToString(CultureInfo.InvariantCulture), Dto(rule, 0));
        }).WithSummary("Add a rule; it applies to articles stored from now on (Bearer token)").Produces<RuleDto>(201).ProducesProblem(400).ProducesProblem(401);

        api.MapPost("/{id}/rerun", async (string id, HttpContext http, WebSecurity security, IRuleStore rules, IReaderStore readers, TimeProvider clock, CancellationToken ct) =>
        {
            if (ApiEndpoints.Unauthorized(http, security) is { } denied)
            {
                return denied;
            }

            if (ParseId(id) is not { } n || (await rules.ListRulesAsync(ct)).FirstOrDefault(r => r.Id == n) is not { } rule)
            {
                return NotFound(id);
            }

            var run = await new RuleApplier(rules, readers, clock).RerunAsync(rule, ct);
            return ApiResults.Ok(new RuleRunDto(run.Dropped, run.Tagged, run.Starred));
        }).WithSummary("Apply a rule to every stored article (what it did before is not done again; Bearer token)").Produces<RuleRunDto>().ProducesProblem(401).ProducesProblem(404);

        api.MapDelete("/{id}", async (string id, HttpContext http, WebSecurity security, IRuleStore rules, CancellationToken ct) =>
        {
            if (ApiEndpoints.Unauthorized(http, security) is { } denied)
            {
                return denied;
            }

            return ParseId(id) is { } n && await rules.RemoveRuleAsync(n, ct) ? Results.NoContent() : NotFound(id);
        }).WithSummary("Remove a rule and what it did (dropped articles are listed again; stars stay; Bearer token)").Produces(204).ProducesProblem(401).ProducesProblem(404);
    }

    /// <summary>A checked rule from the input, as `herald rule add` checks it (bad input is a HeraldException: 400).</summary>
    private static async Task<Rule> ParseAsync(RuleInput input, long id, IArticleStore store, TimeProvider clock, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(input.Action) || string.IsNullOrWhiteSpace(input.Query))
        {
            throw new Herald.Model.HeraldException("rule", BadInput);
        }

        var action = RuleApplier.ParseAction(input.Action);
        var tag = string.IsNullOrWhiteSpace(input.Tag) ? null : input.Tag.Trim();
        RuleApplier.Check(action, input.Query, tag);
        var feeds = await RuleApplier.FeedIdsAsync(store, input.Feeds ?? [], ct);
        return new Rule(id, action, input.Query, tag, feeds, clock.GetUtcNow());
    }

    private static RuleDto Dto(Rule r, int articles) =>
        new(r.Id, r.Action.ToString().ToLowerInvariant(), r.Query, r.Tag, r.FeedIds, r.Created, articles);

    private static long? ParseId(string id) => long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;

    private static IResult NotFound(string id) => ApiResults.Problem(404, "Not found", $"There is no rule {id}.");
}
