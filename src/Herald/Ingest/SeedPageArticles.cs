using Herald.Model;
using Herald.Pipeline;

namespace Herald.Ingest;

/// <summary>Turns a parsed seed page into article records: the lead with its body, and one headline-only record per related post.</summary>
public static class SeedPageArticles
{
    public static IEnumerable<Article> ToArticles(SeedPage page, DateTimeOffset seenAt)
    {
        if (page.Lead is { } lead)
        {
            // The page gives the lead no date of its own; it is listed with the page's newest posts, so that is its
            // listing date. The Stories stage compares it with the text's own clues to flag stale republications.
            var listed = page.Related.Select(p => p.Date ?? p.ListedDate).Max();
            var article = new Article
            {
                Id = "",
                Title = lead.Title,
                Outlet = lead.Outlet,
                Authors = lead.Contributors,
                Text = string.Join("\n\n", lead.Paragraphs),
                Language = "en",
                Published = listed is { } d ? new DateTimeOffset(d.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) : null,
                PublishedSource = listed is null ? DateSource.Unknown : DateSource.Listing,
                DateOnly = listed is not null,
                FirstSeen = seenAt,
            };
            yield return article with { Id = ArticleKeys.IdOf(article) };
        }

        foreach (var post in page.Related)
        {
            var day = post.Date ?? post.ListedDate;
            var article = new Article
            {
                Id = "",
                Title = post.Title,
                Section = post.Section,
                Outlet = post.Outlet,
                Published = day is { } d ? new DateTimeOffset(d.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) : null,
                PublishedSource = day is null ? DateSource.Unknown : DateSource.Listing,
                DateOnly = true,
                FirstSeen = seenAt,
            };
            yield return article with { Id = ArticleKeys.IdOf(article) };
        }
    }
}
