using System.Globalization;
using System.Text;
using Herald.Model;

namespace Herald.Web.Html;

/// <summary>
/// CAMEO events and tone as a reader says them: "Russia's Ministry of Defense criticised US officials", with the
/// code, its Goldstein score and the sentence it was read from. The verb is the event's CAMEO root category
/// (the first two digits, 01–20) in the past tense; the actors are the words the coder matched, or their codes.
/// </summary>
internal static class EventSentences
{
    /// <summary>CAMEO 1.1b3 root categories, said as past-tense verbs that take the target as their object.</summary>
    private static readonly Dictionary<string, string> Roots = new(StringComparer.Ordinal)
    {
        ["01"] = "made a public statement about",
        ["02"] = "appealed to",
        ["03"] = "expressed intent to cooperate with",
        ["04"] = "consulted",
        ["05"] = "engaged in diplomatic cooperation with",
        ["06"] = "engaged in material cooperation with",
        ["07"] = "provided aid to",
        ["08"] = "yielded to",
        ["09"] = "investigated",
        ["10"] = "made demands of",
        ["11"] = "criticised",
        ["12"] = "rejected",
        ["13"] = "threatened",
        ["14"] = "protested against",
        ["15"] = "showed force against",
        ["16"] = "reduced relations with",
        ["17"] = "coerced",
        ["18"] = "assaulted",
        ["19"] = "fought",
        ["20"] = "used mass violence against",
    };

    /// <summary>One event as a sentence, or null when its code has no CAMEO root.</summary>
    public static string? Sentence(EventMention e) =>
        e.Code.Length >= 2 && Roots.TryGetValue(e.Code[..2], out var verb)
            ? $"{e.SourceText ?? e.Source} {verb} {e.TargetText ?? e.Target}"
            : null;

    /// <summary>The "Events" section of an article page: each distinct event once, in the order read; empty when none.</summary>
    public static string List(IReadOnlyList<EventMention> events)
    {
        var said = events.Select(e => (Event: e, Sentence: Sentence(e))).Where(x => x.Sentence is not null)
            .DistinctBy(x => (x.Sentence, x.Event.Code), EqualityComparer<(string?, string)>.Default).Take(50).ToList();
        if (said.Count == 0)
        {
            return "";
        }

        var sb = new StringBuilder("<h2>Events</h2><ul class=\"related events\">");
        foreach (var (e, sentence) in said)
        {
            sb.Append("<li><span class=\"event\">").Append(Html.Text(sentence)).Append("</span> <span class=\"muted\">(CAMEO ")
                .Append(Html.Text(e.Code)).Append(", Goldstein ").Append(e.Goldstein.ToString("+0.#;−0.#;0", CultureInfo.InvariantCulture))
                .Append(")</span><br><span class=\"muted\">“").Append(Html.Text(e.Sentence)).Append("”</span></li>");
        }

        return sb.Append("</ul>").ToString();
    }

    /// <summary>Tone as GDELT gives it (positive minus negative words per 100 words), with a word for its sign.</summary>
    public static string Tone(ToneScore tone)
    {
        var word = tone.Tone switch
        {
            <= -1.5 => "negative",
            >= 1.5 => "positive",
            _ => "neutral",
        };
        return tone.Tone.ToString("+0.0;−0.0;0.0", CultureInfo.InvariantCulture) + " (" + word + ")";
    }
}
