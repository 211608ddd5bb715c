namespace Herald.Text;

/// <summary>What a name names, for <see cref="NameVariants"/>: the rules differ a little per kind.</summary>
public enum NameKind
{
    Person,
    Organisation,
    Place,
}

/// <summary>
/// One entity, one entry: folds the variants of a name found in one set of articles (a topic, a story, a search
/// page) into one canonical name. The rules (docs/NAMES.md), applied in this order:
/// <list type="number">
/// <item>Spelling: names that differ only in case, dots, spaces or a possessive are one ("U.S." = "US", "Trump's" = "Trump");
/// the most frequent spelling names them.</item>
/// <item>Known aliases: a short table of abbreviations news text uses for countries and bodies ("US", "USA", "America's
/// government" is not guessed) maps them to one name ("United States", "United Kingdom", "Associated Press").</item>
/// <item>Acronyms (organisations and places): an all-capital name of 2–6 letters that spells the initials of exactly one
/// longer name in the set, ignoring "of", "the", "and", "for", "&amp;" ("AP" = "Associated Press", "IAEA" =
/// "International Atomic Energy Agency"), is that name.</item>
/// <item>Surnames (people): a one-word name that is the last word of exactly one longer person name in the set ("Biden" =
/// "Joe Biden") is that person; when two people in the set share the surname, it stays apart (it could be either).</item>
/// </list>
/// Counts are the caller's: it maps each article's names through the result and counts each canonical name once per article.
/// </summary>
public static class NameVariants
{
    private static readonly Dictionary<string, string> Aliases = new(StringComparer.Ordinal)
    {
        ["US"] = "United States", ["USA"] = "United States", ["UNITEDSTATESOFAMERICA"] = "United States", ["UNITEDSTATES"] = "United States",
        ["UK"] = "United Kingdom", ["BRITAIN"] = "United Kingdom", ["GREATBRITAIN"] = "United Kingdom", ["UNITEDKINGDOM"] = "United Kingdom",
        ["UAE"] = "United Arab Emirates", ["UNITEDARABEMIRATES"] = "United Arab Emirates",
        ["UN"] = "United Nations", ["UNITEDNATIONS"] = "United Nations",
        ["EU"] = "European Union", ["EUROPEANUNION"] = "European Union",
        ["AP"] = "Associated Press", ["ASSOCIATEDPRESS"] = "Associated Press",
        ["AFP"] = "Agence France-Presse", ["AGENCEFRANCEPRESSE"] = "Agence France-Presse",
        ["NATO"] = "NATO", ["NORTHATLANTICTREATYORGANIZATION"] = "NATO", ["NORTHATLANTICTREATYORGANISATION"] = "NATO",
        ["DPRK"] = "North Korea", ["NORTHKOREA"] = "North Korea",
        ["ROK"] = "South Korea", ["SOUTHKOREA"] = "South Korea",
        ["PRC"] = "China", ["CHINA"] = "China",
    };

    private static readonly HashSet<string> Minor = new(StringComparer.OrdinalIgnoreCase) { "of", "the", "and", "for", "&", "de", "du", "la" };

    /// <summary>
    /// Maps every name of <paramref name="names"/> (each with how often it occurs) to its canonical name. Names that
    /// fold into nothing map to themselves.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Canonicalise(IReadOnlyDictionary<string, int> names, NameKind kind)
    {
        // 1. Spelling: group by key, the most frequent spelling (then the longest, then ordinal) names the group.
        var groups = names.Where(kv => kv.Key.Length > 0).GroupBy(kv => Key(kv.Key), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.OrderByDescending(kv => kv.Value).ThenByDescending(kv => kv.Key.Length).ThenBy(kv => kv.Key, StringComparer.Ordinal).First().Key, StringComparer.Ordinal);

        // canonical name per key; starts as the group's spelling.
        var canonical = groups.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);

        // 2. Known aliases (not for people: "AP" is never a person's name here).
        if (kind != NameKind.Person)
        {
            foreach (var key in groups.Keys)
            {
                if (Aliases.TryGetValue(key, out var name))
                {
                    canonical[key] = name;
                }
            }
        }

        // 3. Acronyms of exactly one longer name in the set.
        if (kind != NameKind.Person)
        {
            var byInitials = groups.Values.Select(n => (Name: n, Initials: Initials(n))).Where(x => x.Initials.Length >= 2)
                .GroupBy(x => x.Initials, StringComparer.Ordinal).Where(g => g.Select(x => Key(x.Name)).Distinct().Count() == 1)
                .ToDictionary(g => g.Key, g => g.First().Name, StringComparer.Ordinal);
            foreach (var (key, spelling) in groups)
            {
                if (IsAcronym(spelling) && !Aliases.ContainsKey(key) && byInitials.TryGetValue(key, out var full) && Key(full) != key)
                {
                    canonical[key] = canonical[Key(full)];
                }
            }
        }

        // 4. Surnames of exactly one longer person name.
        if (kind == NameKind.Person)
        {
            var bySurname = groups.Values.Select(n => n.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Where(w => w.Length >= 2)
                .GroupBy(w => Key(w[^1]), StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Select(w => string.Join(' ', w)).Distinct(StringComparer.Ordinal).ToList(), StringComparer.Ordinal);
            foreach (var (key, spelling) in groups)
            {
                if (!spelling.Contains(' ', StringComparison.Ordinal) && bySurname.TryGetValue(key, out var full) && full.Count == 1)
                {
                    canonical[key] = canonical[Key(full[0])];
                }
            }
        }

        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in names.Keys)
        {
            result[name] = name.Length == 0 ? name : canonical[Key(name)];
        }

        return result;
    }

    /// <summary>The spelling key: letters and digits only, upper case, a possessive dropped ("U.S." → "US", "Trump's" → "TRUMP").</summary>
    public static string Key(string name)
    {
        var s = name.Trim();
        if (s.EndsWith("'s", StringComparison.OrdinalIgnoreCase) || s.EndsWith("’s", StringComparison.OrdinalIgnoreCase))
        {
            s = s[..^2];
        }

        return string.Concat(s.Where(char.IsLetterOrDigit)).ToUpperInvariant();
    }

    private static bool IsAcronym(string name)
    {
        var letters = name.Where(char.IsLetter).ToList();
        return letters.Count is >= 2 and <= 6 && letters.All(char.IsUpper) && name.All(c => char.IsLetter(c) || c == '.');
    }

    /// <summary>Initials of a multi-word name, minor words skipped, hyphenated parts counted ("Agence France-Presse" → "AFP").</summary>
    private static string Initials(string name)
    {
        var words = name.Split([' ', '-'], StringSplitOptions.RemoveEmptyEntries).Where(w => !Minor.Contains(w)).ToList();
        return words.Count < 2 || words.Any(w => !char.IsLetter(w[0])) ? "" : string.Concat(words.Select(w => char.ToUpperInvariant(w[0])));
    }
}
