using System.Collections.Concurrent;
using System.Text;

namespace Herald.Text;

/// <summary>A news outlet: canonical display name, comparison key and the domains it publishes on.</summary>
public sealed record Outlet(string Key, string Name, IReadOnlyList<string> Domains);

/// <summary>
/// Turns the ways listings write an outlet ("ABC News - Breaking News, Latest News and Videos",
/// "Crude Oil Prices Today | OilPrice.com", "euronews.com") into one canonical outlet.
/// Rules, not a table of strings: page-title parts are split off, slogan parts dropped, a known outlet
/// or a domain preferred, and names compared by a key that ignores case, "The", punctuation and the TLD.
/// Thread-safe; outlets first seen at run time are learned so later spellings map to the same name.
/// </summary>
public sealed class OutletRegistry
{
    private static readonly string[] TitleSeparators = [" | ", " - ", " – ", " — ", " :: ", " · ", " » "];

    private static readonly string[] SloganPhrases =
    [
        "breaking news", "latest news", "news and videos", "news & videos", "top stories", "headlines",
        "official site", "official website", "home page", "homepage", "news from", "live updates",
        "latest updates", "videos and", "and videos", "news, ", "prices today", "your source", "trusted source",
        "all the latest", "news online", "online news", "world news", "breaking stories",
    ];

    private static readonly HashSet<string> OutletWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "news", "times", "post", "daily", "agency", "tv", "radio", "herald", "journal", "tribune", "telegraph",
        "guardian", "press", "media", "network", "gazette", "chronicle", "observer", "wire", "report", "insider",
        "today", "online", "express", "independent", "mail", "star", "sun", "monitor", "review", "standard",
        "week", "weekly", "magazine", "broadcasting", "channel", "courier", "dispatch", "examiner", "inquirer",
        "bulletin", "record", "register", "sentinel", "leader", "world", "globe", "nation", "national", "mercury",
        "institute", "forum", "stripes", "bank", "web", "insight", "economist", "politico", "reuters", "bloomberg",
    };

    private static readonly HashSet<string> Connectors = new(StringComparer.OrdinalIgnoreCase)
    {
        "the", "of", "and", "&", "for", "de", "la", "le", "el", "al", "in", "on",
    };

    private readonly ConcurrentDictionary<string, Outlet> _byKey = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Outlet> _byDomain = new(StringComparer.OrdinalIgnoreCase);

    // Listings repeat the same outlet strings; remembering raw → outlet skips the splitting and keying.
    private readonly ConcurrentDictionary<string, Outlet> _byRaw = new(StringComparer.Ordinal);

    // Outlets first seen at run time; saved to the store so the next run names them the same way.
    private readonly ConcurrentDictionary<string, Outlet> _learned = new(StringComparer.Ordinal);

    /// <summary>A registry that knows the major international outlets (KnownOutlets) and learns the rest.</summary>
    public static OutletRegistry CreateDefault()
    {
        var registry = new OutletRegistry();
        foreach (var (name, domains, aliases) in KnownOutlets.All)
        {
            registry.Add(name, domains, aliases);
        }

        return registry;
    }

    public IEnumerable<Outlet> Outlets => _byKey.Values.Distinct();

    /// <summary>Outlets learned from data since this registry was made or loaded.</summary>
    public IReadOnlyCollection<Outlet> Learned => _learned.Values.ToList();

    /// <summary>Adds outlets learned in earlier runs; names already known (built in or loaded) win.</summary>
    public void Load(IEnumerable<Outlet> outlets)
    {
        foreach (var o in outlets)
        {
            if (_byKey.TryAdd(o.Key, o))
            {
                foreach (var d in o.Domains)
                {
                    _byDomain.TryAdd(d, o);
                }
            }
        }
    }

    /// <summary>Registers an outlet under its name, its aliases and its domains.</summary>
    public Outlet Add(string name, IEnumerable<string> domains, IEnumerable<string> aliases)
    {
        var domainList = domains.Select(d => d.ToLowerInvariant()).ToArray();
        var outlet = new Outlet(KeyOf(name), name, domainList);
        _byKey[outlet.Key] = outlet;
        foreach (var alias in aliases)
        {
            _byKey.TryAdd(KeyOf(alias), outlet);
        }

        foreach (var domain in domainList)
        {
            _byDomain[domain] = outlet;
            _byKey.TryAdd(KeyOf(domain), outlet);
        }

        return outlet;
    }

    /// <summary>The outlet a URL's host belongs to, when known (sub-domains such as www. and edition. included).</summary>
    public Outlet? FromUrl(string? url)
    {
        if (url is null || !Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return null;
        }

        var host = uri.Host.ToLowerInvariant();
        while (host.Contains('.', StringComparison.Ordinal))
        {
            if (_byDomain.TryGetValue(host, out var outlet))
            {
                return outlet;
            }

            host = host[(host.IndexOf('.', StringComparison.Ordinal) + 1)..];
        }

        return null;
    }

    /// <summary>
    /// Canonical outlet for a name as a listing wrote it, or null for an empty name. Unknown outlets are learned.
    /// </summary>
    public Outlet? Normalize(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return null;
        }

        if (_byRaw.TryGetValue(raw, out var seen))
        {
            return seen;
        }

        var outlet = NormalizeUncached(raw);
        if (outlet is not null && _byRaw.Count < 100_000)
        {
            _byRaw.TryAdd(raw, outlet);
        }

        return outlet;
    }

    private Outlet? NormalizeUncached(string raw)
    {
        var name = ChooseName(TextFolding.FoldPunctuation(raw.AsSpan()));
        var key = KeyOf(name);
        if (key.Length == 0)
        {
            return null;
        }

        if (_byKey.TryGetValue(key, out var known))
        {
            return known;
        }

        var learned = new Outlet(key, name, IsDomain(name) ? [name.ToLowerInvariant()] : []);
        var winner = _byKey.GetOrAdd(key, learned);
        if (ReferenceEquals(winner, learned))
        {
            _learned[key] = learned;
        }

        return winner;
    }

    /// <summary>Picks the part of a page-title-like outlet string that names the outlet.</summary>
    private string ChooseName(string raw)
    {
        var parts = SplitTitle(raw);
        if (parts.Count == 1)
        {
            return parts[0];
        }

        var kept = parts.Where(p => !IsSlogan(p)).ToList();
        if (kept.Count == 0)
        {
            return raw;
        }

        foreach (var part in kept)
        {
            if (_byKey.TryGetValue(KeyOf(part), out var known))
            {
                return known.Name;
            }
        }

        foreach (var part in kept)
        {
            if (IsDomain(part))
            {
                return part;
            }
        }

        return kept[0];
    }

    private static List<string> SplitTitle(string raw)
    {
        var parts = new List<string> { raw };
        foreach (var sep in TitleSeparators)
        {
            parts = parts.SelectMany(p => p.Split(sep, StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)).ToList();
        }

        return parts.Count == 0 ? [raw] : parts;
    }

    /// <summary>True for tag lines that are not a name: "Breaking News, Latest News and Videos", "Crude Oil Prices Today".</summary>
    public static bool IsSlogan(string part)
    {
        var lower = part.ToLowerInvariant();
        foreach (var phrase in SloganPhrases)
        {
            if (lower.Contains(phrase, StringComparison.Ordinal))
            {
                return true;
            }
        }

        // "Crude Oil Prices Today" is a tag line, "USA Today" a name: only longer phrases ending in "today" count.
        var words = lower.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return words.Length > 2 && words[^1] == "today";
    }

    /// <summary>
    /// True when a headline's last " - " part is probably an outlet name ("Shafaq News"), used to recover
    /// outlets that listings left empty.
    /// </summary>
    public bool LooksLikeOutlet(string part)
    {
        part = part.Trim();
        if (part.Length is 0 or > 60)
        {
            return false;
        }

        if (_byKey.ContainsKey(KeyOf(part)) || IsDomain(part))
        {
            return true;
        }

        var words = part.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length > 5)
        {
            return false;
        }

        var hasOutletWord = false;
        foreach (var w in words)
        {
            if (Connectors.Contains(w))
            {
                continue;
            }

            if (!char.IsUpper(w[0]) && !char.IsDigit(w[0]))
            {
                return false;
            }

            hasOutletWord |= OutletWords.Contains(w.TrimEnd('.', ','));
        }

        return hasOutletWord;
    }

    public static bool IsDomain(string text)
    {
        var s = text.AsSpan().Trim();
        if (s.Length < 4 || s.Contains(' ') || !s.Contains('.'))
        {
            return false;
        }

        var lastDot = s.LastIndexOf('.');
        var tld = s[(lastDot + 1)..];
        if (tld.Length < 2)
        {
            return false;
        }

        foreach (var c in tld)
        {
            if (!char.IsAsciiLetter(c))
            {
                return false;
            }
        }

        foreach (var c in s)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not '.' and not '-')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The comparison key: lower-case letters and digits of the name, without a leading "The" and without the
    /// domain's TLD, so "The Times of Israel", "Times of Israel" and "timesofisrael.com" share one key.
    /// </summary>
    public static string KeyOf(string name)
    {
        var s = name.Trim();
        if (IsDomain(s))
        {
            s = s.ToLowerInvariant();
            if (s.StartsWith("www.", StringComparison.Ordinal))
            {
                s = s[4..];
            }

            // Drop the public suffix: the last label, and a second-level one such as .co.uk / .com.au.
            var labels = s.Split('.');
            var keep = labels.Length - 1;
            if (keep >= 2 && labels[keep - 1] is "co" or "com" or "org" or "net" or "gov" or "ac")
            {
                keep--;
            }

            s = string.Join(' ', labels.Take(keep));
        }

        if (s.StartsWith("the ", StringComparison.OrdinalIgnoreCase))
        {
            s = s[4..];
        }

        var sb = new StringBuilder(s.Length);
        foreach (var c in s)
        {
            if (char.IsLetterOrDigit(c))
            {
                sb.Append(char.ToLowerInvariant(c));
            }
            else if (c == '&')
            {
                sb.Append("and");
            }
        }

        return sb.ToString();
    }
}
