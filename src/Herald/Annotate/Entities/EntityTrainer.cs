using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace Herald.Annotate.Entities;

/// <summary>What to train the entity tagger on, and how long.</summary>
public sealed record EntityTrainingOptions
{
    /// <summary>Folder holding conll2003/, wikigold/, btc/, wnut17/, re3d/ (../shared/data/ner).</summary>
    public required string DataDirectory { get; init; }

    public int Epochs { get; init; } = 10;

    /// <summary>log2 of the number of hashed feature rows.</summary>
    public int HashBits { get; init; } = 20;

    /// <summary>Also learn from wikigold's sentences (CoNLL tags, Wikipedia text), not just its names.</summary>
    public bool TrainOnWikigold { get; init; } = true;

    public int Seed { get; init; } = 17;

    /// <summary>Induce word clusters from unlabelled news text beside the corpora (never CoNLL-2003 valid).</summary>
    public bool Clusters { get; init; } = true;

    /// <summary>Add the second pass that reads the first pass's tags across the text.</summary>
    public bool TwoPass { get; init; } = true;

    /// <summary>
    /// Corpora (wikigold, btc, wnut17, re3d) the run must not read at all, neither sentences nor names, so they can
    /// serve as unseen sets for the model it writes.
    /// </summary>
    public IReadOnlySet<string> HoldOut { get; init; } = new HashSet<string>();

    /// <summary>
    /// Also learn from the sentences of btc, wnut17 and re3d (their person, organisation, location and nationality
    /// types mapped to CoNLL's), not just their names.
    /// </summary>
    public bool TrainOnAll { get; init; }

    /// <summary>
    /// Share of name tokens whose own word and lowercase form are hidden in each training step, so the tagger also
    /// learns to find a name from its shape, context, clusters and gazetteer matches, as it must for names it never
    /// saw (0 turns it off).
    /// </summary>
    public double WordDropout { get; init; }

    /// <summary>
    /// Measure in the unlabelled text how often each word is capitalised mid-sentence and give the tagger that as a
    /// feature: a name never seen labelled is still capitalised wherever it occurs, a title word is not.
    /// </summary>
    public bool CasePrior { get; init; }

    /// <summary>Extra unlabelled text for the word clusters: every text under ../shared/data, not just the news bodies.</summary>
    public bool AllUnlabelled { get; init; }
}

/// <summary>
/// Trains the entity tagger: an averaged structured perceptron with BILOU Viterbi decoding over CoNLL-2003
/// train (and wikigold), with gazetteers of names taken from the labelled corpora. A name list built from the
/// same sentences the tagger learns from would fire on every training name and teach the tagger to trust it
/// blindly, so each training record sees a gazetteer built from the other half of the records (plus the
/// gazetteer-only corpora); the shipped model carries the full list.
/// </summary>
public static class EntityTrainer
{
    private const int T = BilouTags.Count;
    private const int Folds = 2;

    public static void Train(EntityTrainingOptions options, Stream output, Action<string> log, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        string dir = options.DataDirectory;
        var training = new List<ConllCorpus> { ConllCorpus.Read(Path.Combine(dir, "conll2003", "train.txt")) };
        bool wikigold = !options.HoldOut.Contains("wikigold");
        if (options.TrainOnWikigold && wikigold)
        {
            training.Add(ConllCorpus.Read(Path.Combine(dir, "wikigold", "wikigold.conll.txt")));
        }

        // Names only unless TrainOnAll: their tag sets differ from CoNLL's (and their text is tweets or defence reports).
        // btc marks no MISC, so its sentences would teach that nationalities and events are not names: names only.
        var namesOnly = new List<ConllCorpus>();
        if (wikigold && !options.TrainOnWikigold)
        {
            namesOnly.Add(ConllCorpus.Read(Path.Combine(dir, "wikigold", "wikigold.conll.txt")));
        }

        if (!options.HoldOut.Contains("btc"))
        {
            namesOnly.AddRange("abefgh".Select(f => ConllCorpus.Read(Path.Combine(dir, "btc", $"{f}.conll"), typeMap: MapOther)));
        }

        var tagged = new List<ConllCorpus>();
        if (!options.HoldOut.Contains("wnut17"))
        {
            tagged.Add(ConllCorpus.Read(Path.Combine(dir, "wnut17", "wnut17train.conll"), typeMap: options.TrainOnAll ? MapForTraining : MapOther));
        }

        if (!options.HoldOut.Contains("re3d"))
        {
            tagged.Add(ConllCorpus.Read(Path.Combine(dir, "re3d", "re3d-train.conll"), typeMap: options.TrainOnAll ? MapForTraining : MapOther));
        }

        (options.TrainOnAll ? training : namesOnly).AddRange(tagged);

        var shared = new HashSet<ulong>();
        foreach (var corpus in namesOnly)
        {
            foreach (var r in corpus.Records)
            {
                AddNames(r, shared);
            }
        }

        int places = AddGeoNames(Path.Combine(dir, "..", "geo", "geonames"), shared);
        log(places > 0 ? $"gazetteer: {places} place names from GeoNames" : "gazetteer: no GeoNames folder beside the corpora, place names from the corpora only");

        var records = training.SelectMany(c => c.Records).ToList();
        var byFold = new HashSet<ulong>[Folds];
        for (int f = 0; f < Folds; f++)
        {
            byFold[f] = [];
        }

        for (int k = 0; k < records.Count; k++)
        {
            AddNames(records[k], byFold[k % Folds]);
        }

        var full = new HashSet<ulong>(shared);
        var foldGazetteers = new Gazetteer[Folds];
        for (int f = 0; f < Folds; f++)
        {
            full.UnionWith(byFold[f]);
            var others = new HashSet<ulong>(shared);
            for (int g = 0; g < Folds; g++)
            {
                if (g != f)
                {
                    others.UnionWith(byFold[g]);
                }
            }

            foldGazetteers[f] = new Gazetteer(others);
        }

        log(string.Create(CultureInfo.InvariantCulture,
            $"read {records.Count} records, {records.Sum(r => r.Tokens.Count)} tokens; gazetteer {full.Count} names ({clock.Elapsed.TotalSeconds:F1} s)"));

        // Features are fixed for the whole run, so extract them once.
        var sentences = new List<Sentence>();
        var scratch = new FeatureExtractor.Scratch();
        var clusters = options.Clusters
            ? ClusterInduction.Induce(UnlabelledTexts(dir, records, options.AllUnlabelled ? options.HoldOut : null, log), 256, 32, 4, 600, log, ct, options.CasePrior)
            : WordClusters.Empty;
        log(string.Create(CultureInfo.InvariantCulture, $"{clusters.Count} words clustered ({clock.Elapsed.TotalSeconds:F1} s)"));
        var extractors = foldGazetteers.Select(g => new FeatureExtractor(options.HashBits, g, clusters)).ToArray();
        var contexts = new RecordContext[records.Count];
        for (int k = 0; k < records.Count; k++)
        {
            ct.ThrowIfCancellationRequested();
            var r = records[k];
            contexts[k] = RecordContext.Build(r.Text, r.Tokens, r.Sentences);
            var tags = new int[r.Tokens.Count];
            BilouTags.Encode(CollectionsMarshal.AsSpan(r.Spans), tags);
            var all = CollectionsMarshal.AsSpan(r.Tokens);
            foreach (var s in r.Sentences)
            {
                var rows = new int[s.Count * FeatureExtractor.MaxFeatures];
                extractors[k % Folds].Extract(r.Text, all.Slice(s.Start, s.Count), TokenShapes.IsHeadline(r.Text, r.Tokens, s), contexts[k], scratch, rows);
                sentences.Add(new Sentence(k, s, rows, tags[s.Start..s.End]));
            }
        }

        log(string.Create(CultureInfo.InvariantCulture, $"features for {sentences.Count} sentences ({clock.Elapsed.TotalSeconds:F1} s)"));
        var first = Perceptron(sentences, options, "first pass", log, clock, ct);
        TaggerWeights? second = null;
        if (options.TwoPass)
        {
            // The second pass must learn from first-pass tags as wrong as they will be on new text, so each
            // record is tagged by a first pass trained without it (two folds, the gazetteer's folds).
            var firstTags = records.Select(r => new int[r.Tokens.Count]).ToArray();
            for (int f = 0; f < Folds; f++)
            {
                var held = Perceptron([.. sentences.Where(x => x.Record % Folds != f)], options, $"first pass without fold {f}", log, clock, ct);
                foreach (var x in sentences.Where(x => x.Record % Folds == f))
                {
                    Decode(held, x.Rows, x.Range.Count, firstTags[x.Record].AsSpan(x.Range.Start, x.Range.Count));
                }
            }

            var secondSentences = new List<Sentence>(sentences.Count);
            for (int k = 0; k < records.Count; k++)
            {
                var r = records[k];
                var prior = PriorPass.Build(r.Text, r.Tokens, r.Sentences, firstTags[k]);
                var all = CollectionsMarshal.AsSpan(r.Tokens);
                foreach (var x in sentences.Where(x => x.Record == k))
                {
                    var rows = new int[x.Range.Count * FeatureExtractor.MaxFeatures];
                    extractors[k % Folds].Extract(r.Text, all.Slice(x.Range.Start, x.Range.Count), TokenShapes.IsHeadline(r.Text, r.Tokens, x.Range),
                        contexts[k], scratch, rows, prior, x.Range.Start);
                    secondSentences.Add(x with { Rows = rows });
                }
            }

            second = Perceptron(secondSentences, options, "second pass", log, clock, ct);
        }

        var model = new NerModel(options.HashBits, first, second, new Gazetteer(full), clusters);
        model.Save(output);
        log(string.Create(CultureInfo.InvariantCulture, $"saved ({clock.Elapsed.TotalSeconds:F1} s)"));
    }

    /// <summary>
    /// Text for word clusters: the training records themselves and, where they are beside the corpora, the
    /// PolNeAR train articles, the ECB+ documents and the article-extraction benchmark's bodies (all news).
    /// </summary>
    private static IEnumerable<string> UnlabelledTexts(string dir, List<ConllRecord> records, IReadOnlySet<string>? moreExcept, Action<string> log)
    {
        foreach (var r in records)
        {
            yield return r.Text;
        }

        string data = Path.Combine(dir, "..");
        if (moreExcept is not null)
        {
            foreach (string text in MoreUnlabelled(dir, data, moreExcept, log))
            {
                yield return text;
            }
        }

        string polnear = Path.Combine(data, "quotes", "polnear", "train", "text");
        if (Directory.Exists(polnear))
        {
            foreach (string file in Directory.EnumerateFiles(polnear, "*.txt").Order(StringComparer.Ordinal))
            {
                yield return File.ReadAllText(file);
            }
        }
        else
        {
            log($"clusters: {polnear} not found, skipped");
        }

        string ecb = Path.Combine(data, "stories", "ecbplus", "docs");
        if (Directory.Exists(ecb))
        {
            foreach (string file in Directory.EnumerateFiles(ecb, "*.xml", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                var doc = System.Xml.Linq.XDocument.Load(file);
                yield return string.Join(' ', doc.Descendants("token").Select(t => t.Value));
            }
        }

        string truth = Path.Combine(data, "extraction", "scrapinghub", "ground-truth.json");
        if (File.Exists(truth))
        {
            using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(truth));
            foreach (var page in json.RootElement.EnumerateObject())
            {
                if (page.Value.TryGetProperty("articleBody", out var body) && body.GetString() is { } text)
                {
                    yield return text;
                }
            }
        }
    }

    /// <summary>
    /// More text for the clusters when asked: GUM's sentences (many genres), the other tagged corpora's sentences
    /// (tweets, defence reports) and the article bodies of the multilingual extraction pages. Their tags are not
    /// read here; a corpus held out of the run is skipped.
    /// </summary>
    private static IEnumerable<string> MoreUnlabelled(string dir, string data, IReadOnlySet<string> except, Action<string> log)
    {
        foreach (string corpus in new[] { "gum", "re3d", "wnut17" }.Where(c => !except.Contains(c)))
        {
            string path = Path.Combine(dir, corpus, corpus == "wnut17" ? "wnut17train.conll" : $"{corpus}-train.conll");
            if (File.Exists(path))
            {
                foreach (var r in ConllCorpus.Read(path, typeMap: static _ => null).Records)
                {
                    yield return r.Text;
                }
            }
        }

        string pages = Path.Combine(data, "extraction", "readability-testpages", "pages");
        if (!Directory.Exists(pages))
        {
            log($"clusters: {pages} not found, skipped");
            yield break;
        }

        var parser = new AngleSharp.Html.Parser.HtmlParser();
        foreach (string page in Directory.EnumerateDirectories(pages).Order(StringComparer.Ordinal))
        {
            string expected = Path.Combine(page, "expected.html.gz");
            if (!File.Exists(expected))
            {
                continue;
            }

            using var gz = new System.IO.Compression.GZipStream(File.OpenRead(expected), System.IO.Compression.CompressionMode.Decompress);
            using var doc = parser.ParseDocument(gz);
            foreach (var block in doc.QuerySelectorAll("p, h1, h2, h3, li"))
            {
                yield return block.TextContent;
            }
        }
    }

    private sealed record Sentence(int Record, SentenceRange Range, int[] Rows, int[] Gold);

    private static void Decode(TaggerWeights stage, int[] rows, int n, Span<int> tags)
    {
        var scores = new float[n * T];
        NerModel.Score(stage, rows, n, scores);
        NerModel.Viterbi(scores, stage.Transitions, n, new float[n * T], new int[n * T], tags);
    }

    /// <summary>Averaged structured perceptron over the given sentences.</summary>
    private static TaggerWeights Perceptron(List<Sentence> sentences, EntityTrainingOptions options, string name, Action<string> log, Stopwatch clock, CancellationToken ct)
    {
        var weights = new float[(1 << options.HashBits) * T];
        var weightSums = new double[weights.Length];
        var transitions = new float[(T + 1) * T];
        var transitionSums = new double[transitions.Length];
        var live = new TaggerWeights(weights, transitions);
        long step = 1;
        int maxLen = sentences.Max(s => s.Gold.Length);
        var scores = new float[maxLen * T];
        var dp = new float[maxLen * T];
        var back = new int[maxLen * T];
        var predicted = new int[maxLen];
        var order = Enumerable.Range(0, sentences.Count).ToArray();
        var random = new Random(options.Seed);
        int[] masked = [];
        int shift = 64 - options.HashBits;
        var unknown = (Exact: (int)(FeatureHash.Of(1, 0x2545F4914F6CDD1DUL) >> shift), Norm: (int)(FeatureHash.Of(2, 0x2545F4914F6CDD1DUL) >> shift));
        for (int epoch = 1; epoch <= options.Epochs; epoch++)
        {
            random.Shuffle(order);
            int errors = 0, tokens = 0;
            foreach (int index in order)
            {
                ct.ThrowIfCancellationRequested();
                var (rows, gold) = (sentences[index].Rows, sentences[index].Gold);
                int n = gold.Length;
                if (options.WordDropout > 0)
                {
                    rows = Dropout(rows, gold, n, options.WordDropout, random, ref masked, unknown);
                }

                NerModel.Score(live, rows, n, scores);
                NerModel.Viterbi(scores, transitions, n, dp, back, predicted);
                tokens += n;
                for (int i = 0; i < n; i++)
                {
                    int g = gold[i], p = predicted[i];
                    int gp = i == 0 ? T : gold[i - 1], pp = i == 0 ? T : predicted[i - 1];
                    if (g != p)
                    {
                        errors++;
                        foreach (int r in rows.AsSpan(i * FeatureExtractor.MaxFeatures, FeatureExtractor.MaxFeatures))
                        {
                            if (r < 0)
                            {
                                break;
                            }

                            weights[r * T + g] += 1;
                            weightSums[r * T + g] += step;
                            weights[r * T + p] -= 1;
                            weightSums[r * T + p] -= step;
                        }
                    }

                    if (g != p || gp != pp)
                    {
                        transitions[gp * T + g] += 1;
                        transitionSums[gp * T + g] += step;
                        transitions[pp * T + p] -= 1;
                        transitionSums[pp * T + p] -= step;
                    }
                }

                step++;
            }

            if (epoch == 1 || epoch == options.Epochs)
            {
                log(string.Create(CultureInfo.InvariantCulture,
                    $"{name}, epoch {epoch}: {errors} token errors in {tokens} ({100.0 * errors / tokens:F2}%) ({clock.Elapsed.TotalSeconds:F1} s)"));
            }
        }

        // Averaged perceptron: the mean of the weights over every step, w - sum(step * update) / steps.
        var averaged = new float[weights.Length];
        for (int k = 0; k < weights.Length; k++)
        {
            averaged[k] = (float)(weights[k] - weightSums[k] / step);
        }

        var averagedTransitions = new float[transitions.Length];
        for (int k = 0; k < transitions.Length; k++)
        {
            averagedTransitions[k] = (float)(transitions[k] - transitionSums[k] / step);
        }

        return new TaggerWeights(averaged, averagedTransitions);
    }

    /// <summary>
    /// wnut17 and re3d types as CoNLL would tag them when their sentences are trained on: groups (teams, bands) are
    /// organisations, products and creative works are MISC like CoNLL's titles and brands.
    /// </summary>
    /// <summary>
    /// A copy of a sentence's feature rows in which some name tokens' word and lowercase-word features (slots 1 and
    /// 2, see <see cref="FeatureExtractor"/>) point at one shared "unknown word" row instead.
    /// </summary>
    private static int[] Dropout(int[] rows, int[] gold, int n, double rate, Random random, ref int[] masked, (int Exact, int Norm) unknown)
    {
        int[]? copy = null;
        for (int i = 0; i < n; i++)
        {
            if (gold[i] == BilouTags.Outside || random.NextDouble() >= rate)
            {
                continue;
            }

            if (copy is null)
            {
                if (masked.Length < rows.Length)
                {
                    masked = new int[rows.Length];
                }

                Array.Copy(rows, masked, n * FeatureExtractor.MaxFeatures);
                copy = masked;
            }

            copy[i * FeatureExtractor.MaxFeatures + 1] = unknown.Exact;
            copy[i * FeatureExtractor.MaxFeatures + 2] = unknown.Norm;
        }

        return copy ?? rows;
    }

    private static string? MapForTraining(string type) => type.ToUpperInvariant() switch
    {
        "GROUP" => "ORG",
        "PRODUCT" or "CREATIVE-WORK" => "MISC",
        _ => MapOther(type),
    };

    private static string? MapOther(string type) => type.ToUpperInvariant() switch
    {
        "PER" or "PERSON" => "PER",
        "ORG" or "ORGANISATION" or "ORGANIZATION" or "CORPORATION" => "ORG",
        "LOC" or "LOCATION" or "GPE" => "LOC",
        "NATIONALITY" => "MISC",
        _ => null,
    };

    private static void AddNames(ConllRecord record, HashSet<ulong> names)
    {
        var all = CollectionsMarshal.AsSpan(record.Tokens);
        foreach (var (start, end, type) in record.Spans)
        {
            if (end - start > Gazetteer.MaxTokens || !Capitalised(all[start].In(record.Text)) || !Capitalised(all[end - 1].In(record.Text)))
            {
                continue;
            }

            names.Add(Gazetteer.Key(Gazetteer.PhraseHash(record.Text, all[start..end]), type));
        }
    }

    /// <summary>
    /// Country, first-level division and city names (population 15,000 and more) from GeoNames (CC-BY 4.0) as
    /// LOC names; they come from no training record, so every record may see them.
    /// </summary>
    private static int AddGeoNames(string dir, HashSet<ulong> names)
    {
        if (!Directory.Exists(dir))
        {
            return 0;
        }

        int before = names.Count;
        void Add(string name)
        {
            var tokens = EntityTokenizer.Tokenize(name);
            if (tokens.Count is > 0 and <= Gazetteer.MaxTokens && Capitalised(tokens[0].In(name)) && Capitalised(tokens[^1].In(name)))
            {
                names.Add(Gazetteer.Key(Gazetteer.PhraseHash(name, CollectionsMarshal.AsSpan(tokens)), BilouTags.TypeIndex("LOC")));
            }
        }

        foreach (string line in File.ReadLines(Path.Combine(dir, "countryInfo.txt")))
        {
            var cols = line.Split('\t');
            if (!line.StartsWith('#') && cols.Length > 5)
            {
                Add(cols[4]);
            }
        }

        foreach (string line in File.ReadLines(Path.Combine(dir, "admin1CodesASCII.txt")))
        {
            var cols = line.Split('\t');
            if (cols.Length > 2)
            {
                Add(cols[1]);
                Add(cols[2]);
            }
        }

        foreach (string line in File.ReadLines(Path.Combine(dir, "cities15000.txt")))
        {
            var cols = line.Split('\t');
            if (cols.Length > 2)
            {
                Add(cols[1]);
                Add(cols[2]);
            }
        }

        return names.Count - before;
    }

    private static bool Capitalised(ReadOnlySpan<char> t) => char.IsUpper(t[0]) || char.IsDigit(t[0]);
}
