namespace Herald.Extract;

/// <summary>
/// Turns bylines and author fields into person names: no "By", no outlet, no dates, roles or profile URLs;
/// "A, B and C" becomes three names.
/// </summary>
internal static class AuthorNames
{
    private static readonly string[] Prefixes = ["by ", "by:", "von ", "par ", "por ", "di ", "door ", "av ", "written by ", "words by ", "reporting by "];

    private static readonly string[] Splitters = [" and ", " & ", ", ", ";", " und ", " et ", " y ", " e ", " en ", " og ", " och ", "|", "\n"];

    private static readonly HashSet<string> NotNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "staff", "admin", "editor", "editors", "reporter", "correspondent", "news desk", "newsdesk", "web desk", "wires",
        "associated press", "reuters", "afp", "ap", "the associated press", "bloomberg", "staff writer", "staff reporter",
        "contributor", "guest", "opinion", "more", "view profile", "follow", "email", "twitter", "facebook",
    };

    public static IReadOnlyList<string> Clean(IEnumerable<string?> raw, string? outlet)
    {
        var names = new List<string>();
        foreach (var item in raw)
        {
            if (string.IsNullOrWhiteSpace(item))
            {
                continue;
            }

            foreach (var value in item.Split('\u001F'))
            {
                AddFrom(value, outlet, names);
            }
        }

        return names;
    }

    private static void AddFrom(string value, string? outlet, List<string> names)
    {
        var s = MetadataReader.Clean(value);
        if (s is null || s.Length > 300 || LooksLikeUrl(s))
        {
            return;
        }

        s = StripPrefix(s);
        // Parts split by the outlet's name or a dash usually carry roles or the outlet: "Jane Doe - Reuters".
        foreach (var cut in new[] { " - ", " — ", " – ", " | ", " for ", " at ", " in " })
        {
            var at = s.IndexOf(cut, StringComparison.OrdinalIgnoreCase);
            if (at > 0)
            {
                s = s[..at];
            }
        }

        var parts = new List<string> { s };
        foreach (var splitter in Splitters)
        {
            var next = new List<string>();
            foreach (var p in parts)
            {
                next.AddRange(p.Split(splitter, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            }

            parts = next;
        }

        foreach (var p in parts)
        {
            var name = StripPrefix(p).Trim(' ', '.', ',', ':', '-', '—', '–', '·', '"', '\'', '(', ')');
            name = TitleCaseShouting(name);
            if (IsName(name, outlet) && !names.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                names.Add(name);
            }
        }
    }

    /// <summary>Bylines set in capitals ("ROBERT BURNS") become "Robert Burns"; mixed case is left as written.</summary>
    private static string TitleCaseShouting(string name)
    {
        // One word in capitals is an acronym ("PTI"), which IsName refuses; only full names are re-cased.
        if (!name.Contains(' ', StringComparison.Ordinal) || !name.Any(char.IsLetter) || name.Any(char.IsLower))
        {
            return name;
        }

        var chars = name.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (i > 0 && char.IsLetter(chars[i - 1]))
            {
                chars[i] = char.ToLowerInvariant(chars[i]);
            }
        }

        return new string(chars);
    }

    private static readonly string[] RoleWords =
    [
        "writer", "reporter", "correspondent", "editor", "staff", "contributor", "columnist", "producer", "desk", "journalist",
        "news service", "media", "press", "newsroom", "team", "agency", "association", "institute", "university",
        "ministry", "council", "department", "company", "news", "magazine", "online", "blog",
    ];

    private static string StripPrefix(string s)
    {
        var t = s.TrimStart();
        foreach (var prefix in Prefixes)
        {
            if (t.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return t[prefix.Length..].TrimStart();
            }
        }

        return t;
    }

    private static bool IsName(string name, string? outlet)
    {
        if (name.Length is < 3 or > 60 || NotNames.Contains(name))
        {
            return false;
        }

        foreach (var role in RoleWords)
        {
            if (name.Contains(role, StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
        }

        if (outlet is not null && (name.Contains(outlet, StringComparison.OrdinalIgnoreCase)
            || outlet.Contains(name, StringComparison.OrdinalIgnoreCase)))
        {
            return false;
        }

        var words = 0;
        var capitalised = 0;
        foreach (var w in name.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            words++;
            if (char.IsUpper(w[0]) || !char.IsLetter(w[0]))
            {
                capitalised++;
            }
        }

        // A single capitalised token in capitals is an agency ("PTI", "AFP"), not a person.
        if (words > 5 || (words == 1 && name.Length <= 5 && !name.Any(char.IsLower)))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (char.IsDigit(c) || c is '@' or '/' or ':' or '=' or '{')
            {
                return false;
            }
        }

        // Scripts without case (CJK, Arabic…) pass; in cased scripts a name has capitals.
        var cased = name.Any(char.IsUpper) || name.Any(char.IsLower);
        return !cased || capitalised * 2 >= words;
    }

    private static bool LooksLikeUrl(string s) =>
        s.StartsWith("http", StringComparison.OrdinalIgnoreCase) || s.StartsWith("www.", StringComparison.OrdinalIgnoreCase)
        || s.Contains(".com/", StringComparison.OrdinalIgnoreCase);
}
