using Herald.Model;

namespace Herald.Topics;

/// <summary>
/// A rendered topic: the lead (the newest matching article that has a body), then every other matching
/// article newest first, as the seed page lays them out; plus the stories they form, ranked for a monitor
/// (distinct outlets, then recency) with each story's copies collapsed under their originals.
/// </summary>
public sealed record TopicPage(
    string Name,
    string Query,
    Article? Lead,
    IReadOnlyList<Article> Related,
    IReadOnlyList<TopicStory> Stories,
    DateTimeOffset Generated)
{
    /// <summary>Matching articles that are originals (not a copy of another article on the page).</summary>
    public int Originals => Stories.Sum(s => s.Versions.Count);

    /// <summary>Matching articles shown collapsed as copies of an original.</summary>
    public int Copies => Stories.Sum(s => s.CopyCount);
}

/// <summary>One original article and the copies of it (other outlets' republications), oldest first.</summary>
public sealed record StoryVersion(Article Original, IReadOnlyList<Article> Copies);

/// <summary>
/// A story on a topic page: its articles, representative headline and outlets; its originals each with their
/// copies (<see cref="Versions"/>, earliest first); a snippet; and when it was first and last seen.
/// </summary>
public sealed record TopicStory(string Id, string Headline, IReadOnlyList<Article> Articles)
{
    /// <summary>Distinct outlets of every article, copies included (a copy is still that outlet's coverage), earliest first.</summary>
    public IReadOnlyList<string> Outlets =>
        Articles.OrderBy(TopicStories.When).Select(a => a.Outlet).OfType<string>().Distinct(StringComparer.Ordinal).ToList();

    public IReadOnlyList<StoryVersion> Versions { get; init; } = TopicStories.Versions(Articles);

    public int CopyCount => Versions.Sum(v => v.Copies.Count);

    /// <summary>The first paragraph of the earliest original with a body, cut at a word near 240 characters; null when every article is headline-only.</summary>
    public string? Snippet => TopicStories.Snippet(Versions.Select(v => v.Original));

    public DateTimeOffset? First => Articles.Select(TopicStories.When).Where(d => d is not null).Min();

    public DateTimeOffset? Last => Articles.Select(TopicStories.When).Where(d => d is not null).Max();

    /// <summary>True when every original is flagged as republished (an old article a listing carried again).</summary>
    public bool AllRepublished => Versions.All(v => v.Original.Republished is not null);
}

/// <summary>How a story's articles fold into originals and copies, and the small facts a story card shows.</summary>
public static class TopicStories
{
    /// <summary>When an article appeared: its publication time, else when Herald first saw it.</summary>
    public static DateTimeOffset? When(Article a) => a.Published ?? a.FirstSeen;

    /// <summary>
    /// Originals with their copies, earliest original first. A copy is an article the copy detector marked
    /// (<see cref="Article.DuplicateOf"/>) whose original is among <paramref name="articles"/>; a headline-only item
    /// with the same folded headline as an earlier headline-only item of the story is shown as its copy too (two
    /// listings of one syndicated item). The original of a group is its earliest article.
    /// </summary>
    public static IReadOnlyList<StoryVersion> Versions(IReadOnlyList<Article> articles)
    {
        var ordered = articles.OrderBy(a => When(a) ?? DateTimeOffset.MaxValue).ThenBy(a => a.Id, StringComparer.Ordinal).ToList();
        var byId = new Dictionary<string, Article>(StringComparer.Ordinal);
        foreach (var a in ordered)
        {
            byId.TryAdd(a.Id, a);
        }

        // Union copies with their originals (following chains), then headline-only twins.
        var root = new Dictionary<string, string>(StringComparer.Ordinal);
        string Find(string id)
        {
            while (root.TryGetValue(id, out var up) && up != id)
            {
                id = up;
            }

            return id;
        }

        void Union(string a, string b)
        {
            var ra = Find(a);
            var rb = Find(b);
            if (ra != rb)
            {
                root[rb] = ra;
            }
        }

        foreach (var a in ordered)
        {
            root.TryAdd(a.Id, a.Id);
        }

        foreach (var a in ordered)
        {
            if (a.DuplicateOf is { } of && byId.ContainsKey(of))
            {
                Union(of, a.Id);
            }
        }

        var firstByHeadline = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var a in ordered.Where(a => a.Text.Length == 0))
        {
            var key = Herald.Text.TextFolding.HeadlineKey(a.Title);
            if (key.Length == 0)
            {
                continue;
            }

            if (firstByHeadline.TryGetValue(key, out var first))
            {
                Union(first, a.Id);
            }
            else
            {
                firstByHeadline[key] = a.Id;
            }
        }

        return ordered.GroupBy(a => Find(a.Id), StringComparer.Ordinal)
            .Select(g =>
            {
                // The original is the earliest article of the group (groups keep the time order).
                var members = g.ToList();
                return new StoryVersion(members[0], members.Skip(1).ToList());
            })
            .ToList();
    }

    public static string? Snippet(IEnumerable<Article> originals)
    {
        var withBody = originals.FirstOrDefault(a => a.Text.Length > 0);
        if (withBody is null)
        {
            return null;
        }

        var first = withBody.Paragraphs.FirstOrDefault() ?? "";
        return Cut(first, 240);
    }

    /// <summary>Text cut at a word boundary near <paramref name="max"/> characters, with an ellipsis when cut.</summary>
    public static string Cut(string text, int max)
    {
        if (text.Length <= max)
        {
            return text;
        }

        var cut = text.LastIndexOf(' ', max);
        return text[..(cut > max / 2 ? cut : max)].TrimEnd(',', ';', ':', ' ') + "…";
    }
}
