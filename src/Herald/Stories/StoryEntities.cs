using Herald.Model;
using Herald.Pipeline;
using Herald.Text;

namespace Herald.Stories;

/// <summary>
/// The people an article's lead names, as the project's trained tagger reads them, keyed by surname ("Jackson" for
/// "Vincent Jackson" and for a later "Jackson"). Organisations and places were measured too and dropped: on leads
/// short enough to tag cheaply they did not change a cross-validated result.
/// </summary>
internal sealed record StoryEntities(ulong[] People)
{
    public static readonly StoryEntities Empty = new([]);
}

/// <summary>
/// Tags the lead of an article (the headline and the first words of the body) for people. Tagging is the costliest
/// step of story clustering by far (about 150,000 tokens a second against some 6,000 articles a second for the rest),
/// so it runs only on leads, and only when a refinement decision could turn on it (see <see cref="StorySplitter"/>).
/// The tagger itself is the host's (<see cref="IPeopleTagger"/>, Annotate's entity tagger), which keeps its answers.
/// </summary>
internal static class StoryEntityTagger
{
    /// <summary>The headline and the start of the body, up to <paramref name="leadChars"/> characters cut at a word boundary.</summary>
    public static string Lead(Article article, int leadChars)
    {
        var title = article.Title.Trim();
        var text = article.Text;
        if (text.StartsWith(title, StringComparison.Ordinal))
        {
            text = text[title.Length..];
        }

        var room = leadChars - title.Length;
        if (room <= 0 || text.Length == 0)
        {
            return title;
        }

        var body = text.Length <= room ? text : text[..room];
        if (body.Length < text.Length && body.LastIndexOf(' ') is var space and > 0)
        {
            body = body[..space];
        }

        return title.Length == 0 ? body.Trim() : title + ".\n\n" + body.Trim();
    }

    public static StoryEntities Tag(IPeopleTagger tagger, string lead)
    {
        if (lead.Length == 0)
        {
            return StoryEntities.Empty;
        }

        var people = new HashSet<ulong>();
        foreach (var name in tagger.PeopleIn(lead))
        {
            if (Surname(name) is { Length: > 1 } surname)
            {
                people.Add(Fingerprints.NormalizedHash(surname));
            }
        }

        return people.Count == 0 ? StoryEntities.Empty : new StoryEntities([.. people]);
    }

    /// <summary>The last word of a person's name, without a possessive or a generational suffix ("LaCalamita" for "Anthony LaCalamita III").</summary>
    internal static string Surname(string name)
    {
        var span = name.AsSpan().Trim().TrimEnd('.');
        var space = span.LastIndexOf(' ');
        if (space > 0 && IsSuffix(span[(space + 1)..]))
        {
            span = span[..space].TrimEnd(',');
            space = span.LastIndexOf(' ');
        }

        var surname = space >= 0 ? span[(space + 1)..] : span;
        if (surname.EndsWith("'s", StringComparison.Ordinal) || surname.EndsWith("’s", StringComparison.Ordinal))
        {
            surname = surname[..^2];
        }

        return surname.ToString();
    }

    private static bool IsSuffix(ReadOnlySpan<char> word) =>
        word.Equals("Jr", StringComparison.OrdinalIgnoreCase) || word.Equals("Sr", StringComparison.OrdinalIgnoreCase)
        || word is "II" or "III" or "IV";
}
