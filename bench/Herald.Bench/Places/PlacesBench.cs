using System.Diagnostics;
using System.Globalization;
using System.Xml.Linq;
using Herald.Annotate.Places;
using Herald.Model;

namespace Herald.Bench.Places;

/// <summary>
/// `places [--set GeoVirus|TR-News] [--errors tune|held|all] [--text TEXT]`: geoparsing figures on
/// ../shared/data/geo/eval (GeoVirus, TR-News). For each dataset and each half (the first half of the articles is the
/// tuning half, the second half is held out): (a) the resolver's own toponym finder end to end — exact-span precision,
/// recall, F1, and the share of matched toponyms placed within 161 km of the gold coordinates; (b) resolution alone,
/// given the gold spans as PLACE entities — the share within 161 km. `--errors` writes, for the chosen half, each wrong
/// resolution of (a) to stderr with its cause — (a) missing: no gazetteer row of that name lies within 161 km of the
/// gold point; (b) candidate: a row that close exists but another won; (c) convention: the same area, placed at
/// another point than the gold data's — and the spans the finder missed (FN) or invented (FP), then a count per cause.
/// `--text TEXT` shows one text's places.
/// </summary>
internal static class PlacesBench
{
    private const double AccuracyKm = 161;

    public static Task<int> RunAsync(string[] args)
    {
        if (args is ["--text", var sample, ..])
        {
            foreach (var p in PlaceResolver.LoadDefault().Resolve(sample))
            {
                Console.WriteLine(p);
            }

            return Task.FromResult(0);
        }

        var errors = Option(args, "--errors");
        var set = Option(args, "--set");
        if (errors is not (null or "tune" or "held" or "all"))
        {
            Console.Error.WriteLine($"places: --errors takes tune, held or all, not '{errors}'");
            return Task.FromResult(2);
        }

        var root = FindRoot();
        var evalDir = Path.Combine(root, "..", "shared", "data", "geo", "eval");
        if (!Directory.Exists(evalDir))
        {
            Console.Error.WriteLine($"places: {evalDir} is missing (the shared evaluation data)");
            return Task.FromResult(2);
        }

        var files = new[] { "GeoVirus.xml", "TR-News.xml" }
            .Where(f => set is null || f.StartsWith(set, StringComparison.OrdinalIgnoreCase)).ToList();
        if (files.Count == 0)
        {
            Console.Error.WriteLine($"places: --set '{set}' names no dataset (GeoVirus or TR-News)");
            return Task.FromResult(2);
        }

        var load = Stopwatch.StartNew();
        var resolver = PlaceResolver.LoadDefault();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"gazetteer loaded in {load.Elapsed.TotalSeconds:F2} s"));
        foreach (var file in files)
        {
            var docs = EvalDocument.Load(Path.Combine(evalDir, file));
            var half = docs.Count / 2;
            var causes = new Dictionary<string, int>(StringComparer.Ordinal);
            Report(resolver, file, "tune (first half)", docs[..half], errors is "tune" or "all" ? causes : null);
            Report(resolver, file, "held-out (second half)", docs[half..], errors is "held" or "all" ? causes : null);
            Report(resolver, file, "all", docs, null);
            Report(resolver.With(new PlaceResolverOptions { IncludeDemonyms = true }), file, "all, with demonyms", docs, null);
            if (errors is not null)
            {
                Console.Error.WriteLine($"{file} {errors}: " + string.Join("  ", causes.OrderByDescending(c => c.Value).Select(c => $"{c.Key} {c.Value}")));
            }
        }

        return Task.FromResult(0);
    }

    private static string? Option(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    private static void Report(PlaceResolver resolver, string file, string part, List<EvalDocument> docs, Dictionary<string, int>? causes)
    {
        int tp = 0, fp = 0, fn = 0, matchedWithCoords = 0, matchedClose = 0, goldWithCoords = 0, goldClose = 0, unresolved = 0;
        int towns = 0, townsClose = 0;
        var chars = 0L;
        var timer = Stopwatch.StartNew();
        foreach (var doc in docs)
        {
            chars += doc.Text.Length;
            var predicted = resolver.Resolve(doc.Text);
            var goldBySpan = doc.Gold.GroupBy(g => (g.Start, g.End)).ToDictionary(g => g.Key, g => g.First());
            var predictedSpans = new HashSet<(int, int)>();
            foreach (var p in predicted)
            {
                predictedSpans.Add((p.Start, p.End));
                if (goldBySpan.TryGetValue((p.Start, p.End), out var g))
                {
                    tp++;
                    if (g.Lat is { } glat && g.Lon is { } glon)
                    {
                        matchedWithCoords++;
                        var close = p.Lat is { } plat && p.Lon is { } plon && Geo.DistanceKm(glat, glon, plat, plon) <= AccuracyKm;
                        matchedClose += close ? 1 : 0;
                        if (!close && causes is not null)
                        {
                            var cause = Cause(resolver.Gazetteer, p, g);
                            causes[cause.Split(' ')[0]] = causes.GetValueOrDefault(cause.Split(' ')[0]) + 1;
                            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                                $"WRONG\t{file}\t{p.Text}\t{cause}\tgold {g.Ref} ({glat:F2},{glon:F2})\t{Context(doc.Text, p.Start, p.End)}"));
                        }
                    }
                }
                else
                {
                    fp++;
                    if (causes is not null)
                    {
                        causes["FP"] = causes.GetValueOrDefault("FP") + 1;
                        Console.Error.WriteLine($"FP\t{file}\t{p.Text}\t-> {p.Name} {p.CountryCode}\t{Context(doc.Text, p.Start, p.End)}");
                    }
                }
            }

            foreach (var g in goldBySpan.Values)
            {
                if (!predictedSpans.Contains((g.Start, g.End)))
                {
                    fn++;
                    if (causes is not null)
                    {
                        causes["FN"] = causes.GetValueOrDefault("FN") + 1;
                        var inGazetteer = resolver.Gazetteer.Find(PlaceNames.Key(g.Name)).Count > 0 ? "in gazetteer" : "not in gazetteer";
                        Console.Error.WriteLine($"FN\t{file}\t{g.Name}\t{inGazetteer}\t{Context(doc.Text, g.Start, g.End)}");
                    }
                }
            }

            // (b) resolution given the gold spans, as the entity tagger would hand them over.
            var entities = goldBySpan.Values.Select(g => new EntityMention(g.Name, EntityType.Place, g.Start, g.End, g.Name)).ToList();
            var resolved = resolver.Resolve(doc.Text, entities).ToDictionary(p => (p.Start, p.End));
            foreach (var g in goldBySpan.Values)
            {
                if (g.Lat is not { } glat || g.Lon is not { } glon)
                {
                    continue;
                }

                goldWithCoords++;
                if (resolved.TryGetValue((g.Start, g.End), out var p) && p.Lat is { } plat && p.Lon is { } plon)
                {
                    var close = Geo.DistanceKm(glat, glon, plat, plon) <= AccuracyKm;
                    goldClose += close ? 1 : 0;
                    if (p.GeonameId is not null)
                    {
                        towns++;
                        townsClose += close ? 1 : 0;
                    }
                }
                else
                {
                    unresolved++;
                }
            }
        }

        var seconds = timer.Elapsed.TotalSeconds;
        var precision = tp / (double)Math.Max(1, tp + fp);
        var recall = tp / (double)Math.Max(1, tp + fn);
        var f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{file,-13} {part,-23} docs {docs.Count,4}  (a) finder: P {precision:F3} R {recall:F3} F1 {f1:F3}  " +
            $"≤161 km {Pct(matchedClose, matchedWithCoords)} of {matchedWithCoords}  " +
            $"(b) gold spans: ≤161 km {Pct(goldClose, goldWithCoords)} of {goldWithCoords} ({unresolved} unplaced; " +
            $"towns {Pct(townsClose, towns)} of {towns}, areas {Pct(goldClose - townsClose, goldWithCoords - unresolved - towns)})  " +
            $"{chars / 1000.0 / seconds:F0} kchar/s"));
    }

    /// <summary>Why a matched toponym was placed more than 161 km from the gold point, and what was chosen instead.</summary>
    private static string Cause(Gazetteer gazetteer, PlaceMention p, GoldToponym g)
    {
        var key = PlaceNames.Key(p.Text);
        var rows = gazetteer.Find(key).Select(r => gazetteer.Entries[r]).ToList();
        var chosen = rows.FirstOrDefault(e => e.Name == p.Name && Math.Abs(e.Lat - (p.Lat ?? 0)) < 1e-6 && Math.Abs(e.Lon - (p.Lon ?? 0)) < 1e-6);
        var near = rows.Where(e => Geo.DistanceKm(e.Lat, e.Lon, g.Lat!.Value, g.Lon!.Value) <= AccuracyKm)
            .OrderByDescending(e => e.Population).FirstOrDefault();
        var was = chosen is null
            ? $"{p.Name} {p.CountryCode} (not a row of '{key}': placed in its container)"
            : $"{chosen.Name} {chosen.CountryCode} {chosen.Kind} {chosen.FeatureCode} pop {chosen.Population}";
        var distance = Geo.DistanceKm(p.Lat ?? 0, p.Lon ?? 0, g.Lat!.Value, g.Lon!.Value);
        string cause;
        if (near is not null)
        {
            cause = $"candidate (wanted {near.Name} {near.CountryCode} {near.Kind} {near.FeatureCode} pop {near.Population})";
        }
        else if (chosen is not null && chosen.Kind != PlaceKind.Town && distance < 2500)
        {
            cause = "convention";
        }
        else
        {
            cause = rows.Count == 0 ? "missing (name not in gazetteer)" : "missing (no row of that name near gold)";
        }

        return string.Create(CultureInfo.InvariantCulture, $"{cause} -> {was} ({p.Lat:F2},{p.Lon:F2}) {distance:F0} km");
    }

    private static string Pct(int a, int b) => string.Create(CultureInfo.InvariantCulture, $"{100.0 * a / Math.Max(1, b):F1}%");

    private static string Context(string text, int start, int end)
    {
        var a = Math.Max(0, start - 40);
        var b = Math.Min(text.Length, end + 40);
        return (text[a..start] + "[[" + text[start..end] + "]]" + text[end..b]).Replace('\n', ' ');
    }

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Herald.slnx")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? Directory.GetCurrentDirectory();
    }
}

/// <summary>One evaluation text with its gold toponyms (offsets re-aligned to the text; see <see cref="Load"/>).</summary>
internal sealed record EvalDocument(string Text, IReadOnlyList<GoldToponym> Gold)
{
    /// <summary>
    /// Reads GeoVirus (&lt;location&gt;: name, start, end, lat, lon) or TR-News (&lt;toponym&gt;: phrase, start, end,
    /// gaztag lat/lon). Both files' offsets are sometimes off by one or a few characters, so each span is re-anchored to
    /// the nearest occurrence of its name; a toponym whose name is not within 20 characters is dropped.
    /// </summary>
    public static List<EvalDocument> Load(string path)
    {
        var docs = new List<EvalDocument>();
        foreach (var article in XDocument.Load(path).Descendants("article"))
        {
            var text = (string?)article.Element("text") ?? "";
            var gold = new List<GoldToponym>();
            foreach (var loc in article.Descendants().Where(e => e.Name == "location" || e.Name == "toponym"))
            {
                var name = ((string?)loc.Element("name") ?? (string?)loc.Element("phrase") ?? "").Trim();
                if (name.Length == 0)
                {
                    continue;
                }

                var start = int.Parse((string?)loc.Element("start") ?? "0", CultureInfo.InvariantCulture);
                var coords = loc.Name == "location" ? loc : loc.Element("gaztag");
                double? lat = coords?.Element("lat") is { } la ? double.Parse(la.Value, CultureInfo.InvariantCulture) : null;
                double? lon = coords?.Element("lon") is { } lo ? double.Parse(lo.Value, CultureInfo.InvariantCulture) : null;
                var reference = loc.Name == "location"
                    ? ((string?)loc.Element("page") ?? "").Replace("https://en.wikipedia.org/wiki/", "wiki:", StringComparison.Ordinal)
                    : coords is null ? "" : $"{(string?)coords.Attribute("geonameid")} {(string?)coords.Element("name")} {(string?)coords.Element("fcode")}";
                if (Anchor(text, name, start) is { } at)
                {
                    gold.Add(new GoldToponym(name, at, at + name.Length, lat, lon, reference));
                }
            }

            docs.Add(new EvalDocument(text, gold));
        }

        return docs;
    }

    private static int? Anchor(string text, string name, int start)
    {
        for (var d = 0; d <= 20; d++)
        {
            foreach (var at in new[] { start - d, start + d })
            {
                if (at >= 0 && at + name.Length <= text.Length && string.CompareOrdinal(text, at, name, 0, name.Length) == 0)
                {
                    return at;
                }
            }
        }

        return null;
    }
}

/// <summary>A gold toponym; <see cref="Ref"/> is GeoVirus' Wikipedia page or TR-News' "geonameid name fcode".</summary>
internal sealed record GoldToponym(string Name, int Start, int End, double? Lat, double? Lon, string Ref = "");
