using Herald.Model;
using Herald.Pipeline;
using Herald.Text;

namespace Herald.Evaluation.Dedup;

/// <summary>A source text for the copy evaluation: an id, a group of related texts (hard negatives), title and body.</summary>
public sealed record CopySource(string Id, string Group, string Title, string Text);

/// <summary>Pairwise precision and recall of copy groups.</summary>
public readonly record struct CopyScore(double Precision, double Recall, int Articles, int GoldPairs, int PredictedPairs)
{
    public override string ToString() =>
        FormattableString.Invariant($"P {Precision:0.000} R {Recall:0.000} ({Articles} articles, {GoldPairs} copy pairs, {PredictedPairs} predicted)");
}

/// <summary>
/// Builds a copy-detection test set from real texts at run time and scores a detector on it. Each source gets
/// syndicated copies made the ways outlets make them: truncated, wrapped in other boilerplate, with a few
/// sentences edited, under a changed headline. Every other source of the same group (the other reports of one
/// ECB+ topic: same kind of event, often the same event) is a hard negative.
/// </summary>
public static class CopyEvaluation
{
    private static readonly string[] Boilerplate =
    [
        "Sign up for our daily newsletter to get the latest headlines delivered to your inbox every morning.",
        "Copyright 2024 The Associated Press. All rights reserved. This material may not be published, broadcast, rewritten or redistributed.",
        "Follow us on Twitter and Facebook for more breaking news and updates from around the world.",
        "This story has been updated with additional information as it became available to our reporters.",
        "Click here to download our free app and never miss a story from our newsroom again.",
        "Reporting by our correspondents; editing by the international desk and the night staff.",
        "Have a news tip? Contact our newsroom by email or call the tip line at any time of day.",
        "Advertisement. Story continues below this advertisement, which helps fund our independent journalism.",
    ];

    private static readonly string[] Fillers = ["reportedly", "also", "now", "officially", "on Monday", "recently", "late", "again"];

    /// <summary>The articles to stream (shuffled) and, for each, the source it derives from.</summary>
    public static (List<Article> Articles, Dictionary<string, string> SourceOf) Build(IEnumerable<CopySource> sources, int seed, int copiesPerSource = 2)
    {
        var rng = new Random(seed);
        var articles = new List<Article>();
        var sourceOf = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var s in sources)
        {
            var paragraphs = s.Text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
            if (paragraphs.Length < 5 || Fingerprints.CountWords(s.Text) < 120)
            {
                continue;
            }

            articles.Add(new Article { Id = s.Id, Title = s.Title, Text = s.Text, Outlet = "original", Url = $"https://origin.example/{s.Id}" });
            sourceOf[s.Id] = s.Id;
            for (var c = 0; c < copiesPerSource; c++)
            {
                var copy = MakeCopy(paragraphs, rng);
                var title = rng.NextDouble() < 0.5 ? s.Title : NewHeadline(s.Title, rng);
                var id = $"{s.Id}~copy{c}";
                articles.Add(new Article { Id = id, Title = title, Text = string.Join("\n\n", copy), Outlet = $"outlet{c}", Url = $"https://outlet{c}.example/{id}" });
                sourceOf[id] = s.Id;
            }
        }

        for (var i = articles.Count - 1; i > 0; i--)
        {
            var j = rng.Next(i + 1);
            (articles[i], articles[j]) = (articles[j], articles[i]);
        }

        return (articles, sourceOf);
    }

    /// <summary>
    /// Streams the set through <paramref name="detector"/> and scores the copy groups it forms. Real corpora hold
    /// real reprints (ECB+ has one AP story from several outlets), so two sources whose exact word 4-shingle
    /// containment reaches <paramref name="ambiguousContainment"/> are neither a copy pair nor a negative: pairs
    /// across them are left out of both counts.
    /// </summary>
    public static CopyScore Score(ICopyDetector detector, List<Article> articles, Dictionary<string, string> sourceOf,
        double ambiguousContainment = 0.2)
    {
        var root = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var a in articles)
        {
            root[a.Id] = detector.FindAndAdd(a)?.OriginalId is { } o ? root.GetValueOrDefault(o, o) : a.Id;
        }

        var family = SourceFamilies(articles.Where(a => sourceOf[a.Id] == a.Id), ambiguousContainment);
        long tp = 0, predicted = 0, gold = 0;
        var ids = articles.Select(a => a.Id).ToList();
        for (var i = 0; i < ids.Count; i++)
        {
            for (var j = i + 1; j < ids.Count; j++)
            {
                var si = sourceOf[ids[i]];
                var sj = sourceOf[ids[j]];
                var same = si == sj;
                if (!same && family.GetValueOrDefault(si, si) == family.GetValueOrDefault(sj, sj))
                {
                    continue;
                }

                var together = root[ids[i]] == root[ids[j]];
                gold += same ? 1 : 0;
                predicted += together ? 1 : 0;
                tp += same && together ? 1 : 0;
            }
        }

        return new CopyScore(predicted == 0 ? 1 : tp / (double)predicted, gold == 0 ? 1 : tp / (double)gold,
            articles.Count, (int)gold, (int)predicted);
    }

    /// <summary>Groups sources that are themselves reprints of one text (exact shingle containment), by union-find.</summary>
    private static Dictionary<string, string> SourceFamilies(IEnumerable<Article> originals, double containment)
    {
        var list = originals.Select(a => (a.Id, Shingles: Fingerprints.Shingles(a.Text))).ToList();
        var parent = list.ToDictionary(x => x.Id, x => x.Id, StringComparer.Ordinal);
        string Find(string x) => parent[x] == x ? x : parent[x] = Find(parent[x]);
        for (var i = 0; i < list.Count; i++)
        {
            for (var j = i + 1; j < list.Count; j++)
            {
                var (a, b) = (list[i].Shingles, list[j].Shingles);
                var min = Math.Min(a.Count, b.Count);
                if (min > 0 && a.Count(b.Contains) >= containment * min)
                {
                    parent[Find(list[i].Id)] = Find(list[j].Id);
                }
            }
        }

        return list.ToDictionary(x => x.Id, x => Find(x.Id), StringComparer.Ordinal);
    }

    private static List<string> MakeCopy(string[] paragraphs, Random rng)
    {
        var copy = paragraphs.ToList();
        // Each copy goes through two or three of the four edits, in random combination.
        var edits = Enumerable.Range(0, 4).OrderBy(_ => rng.Next()).Take(rng.Next(2, 4)).ToHashSet();
        if (edits.Contains(0))
        {
            // Truncation: a reprint keeps the first half to four fifths.
            var keep = Math.Max(3, (int)Math.Round(copy.Count * (0.5 + (0.3 * rng.NextDouble()))));
            copy = copy.Take(keep).ToList();
        }

        if (edits.Contains(1))
        {
            copy.Insert(0, Boilerplate[rng.Next(Boilerplate.Length)]);
            copy.Add(Boilerplate[rng.Next(Boilerplate.Length)]);
            if (rng.NextDouble() < 0.5)
            {
                copy.Insert(rng.Next(1, copy.Count), Boilerplate[rng.Next(Boilerplate.Length)]);
            }
        }

        if (edits.Contains(2))
        {
            // Edited sentences: a quarter of the paragraphs lose a word, gain a filler or swap two words.
            for (var i = 0; i < copy.Count; i++)
            {
                if (rng.NextDouble() < 0.25)
                {
                    copy[i] = EditSentence(copy[i], rng);
                }
            }
        }

        if (edits.Contains(3))
        {
            // Restyled: curly quotes, doubled spaces and a dateline, which normalisation must see through.
            copy = copy.Select(p => p.Replace("\"", "\u201c", StringComparison.Ordinal).Replace(" ", rng.NextDouble() < 0.1 ? "  " : " ", StringComparison.Ordinal)).ToList();
            copy[0] = "WASHINGTON (Wire) \u2014 " + copy[0];
        }

        return copy;
    }

    private static string EditSentence(string sentence, Random rng)
    {
        var words = sentence.Split(' ').ToList();
        if (words.Count < 4)
        {
            return sentence;
        }

        switch (rng.Next(3))
        {
            case 0:
                words.RemoveAt(rng.Next(1, words.Count - 1));
                break;
            case 1:
                words.Insert(rng.Next(1, words.Count - 1), Fillers[rng.Next(Fillers.Length)]);
                break;
            default:
                var k = rng.Next(1, words.Count - 2);
                (words[k], words[k + 1]) = (words[k + 1], words[k]);
                break;
        }

        return string.Join(' ', words);
    }

    private static string NewHeadline(string title, Random rng)
    {
        var words = title.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var kept = words.Take(Math.Max(2, words.Length * 2 / 3));
        return (rng.NextDouble() < 0.5 ? "UPDATE: " : "") + string.Join(' ', kept) + (rng.NextDouble() < 0.5 ? " - report" : "");
    }
}
