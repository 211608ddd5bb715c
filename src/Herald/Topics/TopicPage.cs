using Herald.Model;

namespace Herald.Topics;

/// <summary>
/// A rendered topic: the lead (the newest matching article that has a body), then every other matching
/// article newest first, as the seed page lays them out; plus the stories they form.
/// </summary>
public sealed record TopicPage(
    string Name,
    string Query,
    Article? Lead,
    IReadOnlyList<Article> Related,
    IReadOnlyList<TopicStory> Stories,
    DateTimeOffset Generated);

/// <summary>A story on a topic page: its articles, representative headline and outlets.</summary>
public sealed record TopicStory(string Id, string Headline, IReadOnlyList<Article> Articles)
{
    public IReadOnlyList<string> Outlets =>
        Articles.Select(a => a.Outlet).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
}
