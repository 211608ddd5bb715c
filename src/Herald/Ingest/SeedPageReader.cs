using System.Text;
using Herald.Model;
using Herald.Text;

namespace Herald.Ingest;

/// <summary>
/// Reads aggregator pages in the seed's text format. Related posts are parsed from the right (bracketed date,
/// date, outlet, headline) because headlines themselves contain " - " and "|". Damaged input gives a partial
/// parse with warnings; input that is not such a page at all gives a <see cref="HeraldException"/>.
/// </summary>
public sealed class SeedPageReader(OutletRegistry outlets)
{
    /// <summary>Pages are a few kilobytes; anything past this is not a topic page and is refused unread.</summary>
    public const long MaxBytes = 16L * 1024 * 1024;

    private static readonly string[] HeadlineSeparators = [" – ", " — ", " - "];

    private static readonly HashSet<string> Rubrics = new(StringComparer.OrdinalIgnoreCase)
    {
        "News", "Opinion", "Column", "Analysis", "Editorial", "Commentary", "Video", "Watch", "Live", "Breaking",
        "Exclusive", "Update", "Updated", "World", "Politics", "Business", "Sports", "Sport", "Review", "Feature",
        "Features", "Letters", "Podcast", "Explainer", "Press Release", "Blog", "Op-Ed", "Factbox", "Fact Check",
    };

    public SeedPage ReadFile(string path)
    {
        FileInfo info;
        try
        {
            info = new FileInfo(path);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new HeraldException(path, "not a valid file path");
        }

        if (Directory.Exists(path))
        {
            throw new HeraldException(path, "is a folder, not a page (use `herald ingest` for folders)");
        }

        if (!info.Exists)
        {
            throw new HeraldException(path, "no such file");
        }

        if (info.Length > MaxBytes)
        {
            throw new HeraldException(path, $"too large for a topic page ({info.Length / (1024.0 * 1024):0.0} MB; limit {MaxBytes / (1024 * 1024)} MB)");
        }

        return Read(File.ReadAllBytes(path), path);
    }

    public SeedPage Read(ReadOnlySpan<byte> bytes, string input)
    {
        if (bytes.Length == 0)
        {
            throw new HeraldException(input, "empty file");
        }

        if (LooksBinary(bytes))
        {
            throw new HeraldException(input, "binary data, not a text topic page");
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            bytes = bytes[3..];
        }

        return Parse(Encoding.UTF8.GetString(bytes), input);
    }

    public SeedPage Parse(string text, string input)
    {
        var lines = text.ReplaceLineEndings("\n").Split('\n');
        var warnings = new List<string>();
        var viewPostAt = Array.FindIndex(lines, l => l.Trim().StartsWith("View post:", StringComparison.OrdinalIgnoreCase));
        var firstRelated = Array.FindIndex(lines, l => IsRelatedLine(l));
        if (viewPostAt < 0)
        {
            warnings.Add("no \"View post:\" line; the lead ends at the first related post");
        }

        var leadEnd = viewPostAt >= 0 ? viewPostAt : firstRelated >= 0 ? firstRelated : lines.Length;
        var lead = ParseLead(lines.AsSpan(0, leadEnd), warnings);

        SeedViewPost? viewPost = null;
        var relatedFrom = leadEnd;
        if (viewPostAt >= 0)
        {
            var inline = lines[viewPostAt].Trim()["View post:".Length..].Trim();
            var backlink = inline;
            relatedFrom = viewPostAt + 1;
            if (backlink.Length == 0)
            {
                while (relatedFrom < lines.Length && lines[relatedFrom].Trim().Length == 0)
                {
                    relatedFrom++;
                }

                if (relatedFrom < lines.Length && !IsRelatedLine(lines[relatedFrom]))
                {
                    backlink = lines[relatedFrom].Trim();
                    relatedFrom++;
                }
            }

            if (backlink.Length > 0)
            {
                var (title, outlet) = SplitHeadline(backlink);
                var matches = lead is not null && TextFolding.HeadlineKey(title) == TextFolding.HeadlineKey(lead.Title);
                if (lead is not null && !matches)
                {
                    warnings.Add($"line {viewPostAt + 1}: the \"View post:\" headline differs from the lead's");
                }

                viewPost = new SeedViewPost(title, outlets.Normalize(outlet)?.Name, matches);
            }
            else
            {
                warnings.Add($"line {viewPostAt + 1}: \"View post:\" has no link text");
            }
        }

        var related = new List<SeedRelatedPost>();
        for (var i = relatedFrom; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0)
            {
                continue;
            }

            if (TryParseRelated(line, i + 1, out var post, out var problem))
            {
                related.Add(post);
            }
            else
            {
                warnings.Add($"line {i + 1}: {problem}");
            }
        }

        if (lead is null && related.Count == 0)
        {
            throw new HeraldException(input, "not a topic page: no lead article and no related posts found");
        }

        // Plain text with neither a "View post:" line nor one related post is some other text file (notes, a
        // README, an article body saved as .txt); stored as a lead article it would pollute every topic it matches.
        if (viewPostAt < 0 && related.Count == 0)
        {
            throw new HeraldException(input, "not a topic page in the seed's format: no \"View post:\" line and no related posts");
        }

        return new SeedPage(lead, viewPost, related, warnings);
    }

    private SeedLead? ParseLead(ReadOnlySpan<string> lines, List<string> warnings)
    {
        var paragraphs = new List<string>();
        foreach (var l in lines)
        {
            var t = l.Trim();
            if (t.Length > 0)
            {
                paragraphs.Add(t);
            }
        }

        if (paragraphs.Count == 0)
        {
            return null;
        }

        var (title, outletRaw) = SplitHeadline(paragraphs[0]);
        var outlet = outlets.Normalize(outletRaw)?.Name;
        paragraphs.RemoveAt(0);
        var contributors = new List<string>();
        if (paragraphs.Count > 0 && TryParseContributors(paragraphs[^1], outletRaw, contributors))
        {
            paragraphs.RemoveAt(paragraphs.Count - 1);
        }

        if (paragraphs.Count == 0)
        {
            warnings.Add("the lead article has a headline but no body");
        }

        return new SeedLead(title, outlet, paragraphs, contributors);
    }

    /// <summary>"CNN's Tim Lister, Radina Gigova and Ryan Brown contributed to this report" → the names.</summary>
    private static bool TryParseContributors(string line, string? outlet, List<string> names)
    {
        var t = line.TrimEnd('.', ' ');
        string[] endings = [" contributed to this report", " contributed reporting", " contributed to this story"];
        var ending = endings.FirstOrDefault(e => t.EndsWith(e, StringComparison.OrdinalIgnoreCase));
        if (ending is null || t.Length > 300)
        {
            return false;
        }

        var list = t[..^ending.Length].Trim();

        // "CNN's Tim Lister, …" / "Reuters' Aref Mohammed": the outlet's possessive is not a contributor.
        foreach (var mark in (string[])["'s ", "’s ", "' ", "’ "])
        {
            var possessive = list.IndexOf(mark, StringComparison.Ordinal);
            if (possessive > 0 && (outlet is null || string.Equals(list[..possessive], outlet, StringComparison.OrdinalIgnoreCase) ||
                                   !list[..possessive].Contains(' ', StringComparison.Ordinal)))
            {
                list = list[(possessive + mark.Length)..];
                break;
            }
        }

        foreach (var part in list.Replace(", and ", ", ", StringComparison.Ordinal).Replace(" and ", ", ", StringComparison.Ordinal).Split(','))
        {
            var name = part.Trim();
            if (name.Length > 0)
            {
                names.Add(name);
            }
        }

        return names.Count > 0;
    }

    /// <summary>"Headline – Outlet" → (headline, outlet); the outlet part must look like one.</summary>
    private (string Title, string? Outlet) SplitHeadline(string line)
    {
        var best = -1;
        var sepLength = 0;
        foreach (var sep in HeadlineSeparators)
        {
            var at = line.LastIndexOf(sep, StringComparison.Ordinal);
            if (at > best)
            {
                best = at;
                sepLength = sep.Length;
            }
        }

        if (best <= 0)
        {
            return (line, null);
        }

        var tail = line[(best + sepLength)..].Trim();
        return tail.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length <= 6 && tail.Length > 0
            ? (line[..best].Trim(), tail)
            : (line, null);
    }

    private static bool IsRelatedLine(string line)
    {
        var t = line.TrimStart();
        return t.StartsWith("- ", StringComparison.Ordinal) && t.TrimEnd().EndsWith(']');
    }

    /// <summary>Parses "- HEADLINE - OUTLET - DATE [DATE]" from the right.</summary>
    public bool TryParseRelated(string line, int lineNumber, out SeedRelatedPost post, out string problem)
    {
        post = null!;
        if (!line.StartsWith("- ", StringComparison.Ordinal))
        {
            problem = "not a related post (expected \"- HEADLINE - OUTLET - DATE [DATE]\")";
            return false;
        }

        var s = line[2..].Trim();
        DateOnly? listed = null;
        if (s.EndsWith(']'))
        {
            var lb = s.LastIndexOf('[');
            if (lb < 0)
            {
                problem = "unbalanced \"]\" at the end";
                return false;
            }

            if (ListingDates.TryParse(s.AsSpan(lb + 1, s.Length - lb - 2), out var d))
            {
                listed = d;
            }

            s = s[..lb].TrimEnd();
        }

        var dateAt = s.LastIndexOf(" - ", StringComparison.Ordinal);
        if (dateAt < 0 || !ListingDates.TryParse(s.AsSpan(dateAt + 3), out var date))
        {
            problem = "no date after the last \" - \" (truncated line?)";
            return false;
        }

        var rest = s[..dateAt].TrimEnd();
        string headline;
        string? outletRaw;
        if (rest.EndsWith(" -", StringComparison.Ordinal) || rest == "-")
        {
            // "HEADLINE - - DATE": the listing lost the outlet; the headline may still end in " - Outlet".
            headline = rest[..^1].TrimEnd();
            outletRaw = null;
            var tailAt = headline.LastIndexOf(" - ", StringComparison.Ordinal);
            if (tailAt > 0 && outlets.LooksLikeOutlet(headline[(tailAt + 3)..]))
            {
                outletRaw = headline[(tailAt + 3)..].Trim();
                headline = headline[..tailAt].TrimEnd();
            }
        }
        else
        {
            var outletAt = rest.LastIndexOf(" - ", StringComparison.Ordinal);
            if (outletAt < 0)
            {
                problem = "no \" - OUTLET\" before the date";
                return false;
            }

            headline = rest[..outletAt].TrimEnd();
            outletRaw = rest[(outletAt + 3)..].Trim();

            // "Headline - Rudaw English - rudaw.net": a name part before the outlet's own domain belongs to the outlet.
            if (OutletRegistry.IsDomain(outletRaw) && headline.LastIndexOf(" - ", StringComparison.Ordinal) is var before and > 0 &&
                OutletRegistry.KeyOf(headline[(before + 3)..]) is { Length: > 0 } nameKey &&
                nameKey.StartsWith(OutletRegistry.KeyOf(outletRaw), StringComparison.Ordinal))
            {
                outletRaw = headline[(before + 3)..].Trim() + " - " + outletRaw;
                headline = headline[..before].TrimEnd();
            }

            // A slogan after the outlet ("ABC News - Breaking News, Latest News and Videos") belongs to the outlet part.
            while (OutletRegistry.IsSlogan(outletRaw.Split(" - ")[0]) &&
                   headline.LastIndexOf(" - ", StringComparison.Ordinal) is var more and > 0 &&
                   !OutletRegistry.IsSlogan(headline[(more + 3)..]))
            {
                outletRaw = headline[(more + 3)..].Trim() + " - " + outletRaw;
                headline = headline[..more].TrimEnd();
            }
        }

        string? section = null;
        var sectionAt = headline.IndexOf(" - ", StringComparison.Ordinal);
        if (sectionAt > 0 && Rubrics.Contains(headline[..sectionAt].Trim()))
        {
            section = headline[..sectionAt].Trim();
            headline = headline[(sectionAt + 3)..].TrimStart();
        }

        if (headline.Length == 0)
        {
            problem = "empty headline";
            return false;
        }

        post = new SeedRelatedPost(headline, section, outlets.Normalize(outletRaw)?.Name, outletRaw, date, listed, lineNumber);
        problem = "";
        return true;
    }

    private static bool LooksBinary(ReadOnlySpan<byte> bytes)
    {
        var sample = bytes[..Math.Min(bytes.Length, 8192)];
        var control = 0;
        foreach (var b in sample)
        {
            if (b == 0)
            {
                return true;
            }

            if (b < 0x20 && b is not (byte)'\n' and not (byte)'\r' and not (byte)'\t' and not 0x0C)
            {
                control++;
            }
        }

        return control > sample.Length / 20;
    }
}
