using System.Diagnostics;
using System.Globalization;
using Herald.Annotate.Entities;
using Herald.Evaluation.Annotate;

namespace Herald.Bench.Ner;

/// <summary>
/// `ner [MODEL.bin.gz]`: exact-span entity P/R/F1 on CoNLL-2003 valid, laid out as herald_eval.py lays it out
/// (25 sentences per text, tokens joined by spaces), and single-thread tagging speed in tokens per second
/// (tokenising, sentence splitting, features and decoding included). Without an argument it scores the
/// model embedded in the library.
/// </summary>
internal static class NerBench
{
    public static Task<int> RunAsync(string[] args)
    {
        string root = FindRoot();
        string valid = Path.Combine(root, "..", "shared", "data", "ner", "conll2003", "valid.txt");
        if (!File.Exists(valid))
        {
            Console.Error.WriteLine($"ner: {valid} not found (the shared data folder is needed)");
            return Task.FromResult(2);
        }

        // `--errors N` prints N wrong or missed spans with their line, for error analysis.
        int showErrors = 0;
        int at = Array.IndexOf(args, "--errors");
        if (at >= 0 && at + 1 < args.Length)
        {
            showErrors = int.Parse(args[at + 1], CultureInfo.InvariantCulture);
            args = [.. args[..at], .. args[(at + 2)..]];
        }

        // `--dump OUT.jsonl` writes the predictions as `herald annotate` records (ids as herald_eval.py numbers
        // them), so the script's own scoring can be run on them and compared with the figures printed here.
        string? dump = null;
        at = Array.IndexOf(args, "--dump");
        if (at >= 0 && at + 1 < args.Length)
        {
            dump = args[at + 1];
            args = [.. args[..at], .. args[(at + 2)..]];
        }

        var load = Stopwatch.StartNew();
        EntityRecognizer recognizer;
        if (args.Length > 0)
        {
            using var stream = File.OpenRead(args[0]);
            recognizer = EntityRecognizer.Load(stream);
        }
        else
        {
            recognizer = EntityRecognizer.LoadDefault();
        }

        double loadSeconds = load.Elapsed.TotalSeconds;
        var corpus = ConllCorpus.Read(valid);
        var scores = EntityScores.Evaluate(recognizer, corpus.Records);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"ner (CoNLL-2003 valid, {corpus.Records.Count} texts, {corpus.TokenCount} tokens, exact spans; model loaded in {loadSeconds:F2} s, {recognizer.WeightCount * 4 / (1 << 20)} MiB of weights):"));
        foreach (var s in scores)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {s.Type,-4} P {s.Precision:F3} R {s.Recall:F3} F1 {s.F1:F3}  (gold {s.Gold}, predicted {s.Predicted}, correct {s.Correct})"));
        }

        PrintHalves(recognizer, valid);
        if (dump is not null)
        {
            Dump(recognizer, corpus, dump);
        }

        if (showErrors > 0)
        {
            PrintErrors(recognizer, corpus, showErrors);
        }

        // Speed: best of five single-thread passes over every text.
        double best = double.MaxValue;
        int mentions = 0;
        var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        for (int pass = 0; pass < 5; pass++)
        {
            var clock = Stopwatch.StartNew();
            mentions = 0;
            foreach (var r in corpus.Records)
            {
                mentions += recognizer.Recognize(r.Text).Count;
            }

            best = Math.Min(best, clock.Elapsed.TotalSeconds);
        }

        // On a shared machine the wall clock counts time spent waiting for a core; CPU time counts only the work
        // (the process's, so the runtime's own threads are charged too).
        process.Refresh();
        double cpu = (process.TotalProcessorTime - cpuBefore).TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  speed: {corpus.TokenCount / best:F0} tokens/s on one thread ({best * 1000:F0} ms for {corpus.TokenCount} tokens, {mentions} mentions); {5.0 * corpus.TokenCount / cpu:F0} tokens per CPU-second (per core busy)"));
        return Task.FromResult(0);
    }

    /// <summary>
    /// CoNLL-2003 valid as whole documents (as news arrives), split in two by a hash of each document's position:
    /// the tuning half (changes are judged there) and the held half (reported, never tuned on).
    /// </summary>
    private static void PrintHalves(EntityRecognizer recognizer, string valid)
    {
        var documents = ConllCorpus.ReadDocuments(valid).Records;
        for (int half = 0; half < 2; half++)
        {
            var part = documents.Where((_, k) => ConllCorpus.HalfOf(k) == half).ToList();
            var all = EntityScores.Evaluate(recognizer, part)[^1];
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  by document, {(half == 0 ? "tune half" : "held half")}: {part.Count} documents, {part.Sum(r => r.Tokens.Count)} tokens: P {all.Precision:F3} R {all.Recall:F3} F1 {all.F1:F3}"));
        }
    }

    /// <summary>
    /// `ner-unseen [--epochs N] [--all] [--more-text] [--dropout P] [--case-prior]`: trains a tagger as `herald train-ner` does but without reading
    /// wikigold or btc at all (neither sentences nor names), then scores it on them as sets of a kind it has never
    /// seen — wikigold (Wikipedia, CoNLL types) and btc (tweets; PER, ORG and LOC only, so predicted MISC is ignored)
    /// — and on the two halves of CoNLL-2003 valid by document. `--all` also trains on wnut17's and re3d's sentences;
    /// `--more-text` feeds the word clusters every unlabelled text of ../shared/data; `--dropout P` hides the word
    /// of that share of name tokens in each training step; `--case-prior` adds how often each word is capitalised
    /// mid-sentence in the unlabelled text.
    /// </summary>
    public static Task<int> RunUnseenAsync(string[] args)
    {
        string root = FindRoot();
        string data = Path.Combine(root, "..", "shared", "data", "ner");
        if (!Directory.Exists(data))
        {
            Console.Error.WriteLine($"ner-unseen: {data} not found (the shared data folder is needed)");
            return Task.FromResult(2);
        }

        int epochs = 10;
        int at = Array.IndexOf(args, "--epochs");
        if (at >= 0 && (at + 1 >= args.Length || !int.TryParse(args[at + 1], CultureInfo.InvariantCulture, out epochs) || epochs is < 1 or > 100))
        {
            Console.Error.WriteLine("ner-unseen: --epochs takes a number from 1 to 100");
            return Task.FromResult(2);
        }

        double dropout = new EntityTrainingOptions { DataDirectory = data }.WordDropout;
        at = Array.IndexOf(args, "--dropout");
        if (at >= 0 && (at + 1 >= args.Length || !double.TryParse(args[at + 1], CultureInfo.InvariantCulture, out dropout) || dropout is < 0 or >= 1))
        {
            Console.Error.WriteLine("ner-unseen: --dropout takes a share from 0 to below 1");
            return Task.FromResult(2);
        }

        var options = new EntityTrainingOptions
        {
            WordDropout = dropout,
            DataDirectory = data,
            Epochs = epochs,
            HoldOut = new HashSet<string> { "wikigold", "btc" },
            TrainOnAll = args.Contains("--all"),
            AllUnlabelled = args.Contains("--more-text"),
            CasePrior = args.Contains("--case-prior") || new EntityTrainingOptions { DataDirectory = data }.CasePrior,
        };
        var clock = Stopwatch.StartNew();
        using var model = new MemoryStream();
        EntityTrainer.Train(options, model, _ => { }, CancellationToken.None);
        model.Position = 0;
        var recognizer = EntityRecognizer.Load(model);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"ner-unseen: trained without wikigold and btc in {clock.Elapsed.TotalSeconds:F0} s ({epochs} epochs{(options.TrainOnAll ? ", wnut17 and re3d sentences" : "")}{(options.AllUnlabelled ? ", more unlabelled text" : "")}{(options.CasePrior ? ", case prior" : "")}, word dropout {dropout:F2})"));
        PrintHalves(recognizer, Path.Combine(data, "conll2003", "valid.txt"));
        var wikigold = ConllCorpus.ReadDocuments(Path.Combine(data, "wikigold", "wikigold.conll.txt")).Records;
        Print("wikigold (unseen, PER ORG LOC MISC)", EntityScores.Evaluate(recognizer, wikigold), wikigold);
        var btc = "abefgh".SelectMany(f => ConllCorpus.Read(Path.Combine(data, "btc", $"{f}.conll")).Records).ToList();
        Print("btc (unseen tweets, PER ORG LOC)", EntityScores.Evaluate(recognizer, btc, ["PER", "ORG", "LOC"]), btc);
        return Task.FromResult(0);
    }

    private static void Print(string name, IReadOnlyList<SpanScore> scores, IReadOnlyList<ConllRecord> records)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {name}: {records.Count} texts, {records.Sum(r => r.Tokens.Count)} tokens"));
        foreach (var s in scores)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"    {s.Type,-4} P {s.Precision:F3} R {s.Recall:F3} F1 {s.F1:F3}  (gold {s.Gold}, predicted {s.Predicted}, correct {s.Correct})"));
        }
    }

    private static void Dump(EntityRecognizer recognizer, ConllCorpus corpus, string path)
    {
        using var writer = new StreamWriter(path);
        for (int k = 0; k < corpus.Records.Count; k++)
        {
            var entities = recognizer.Recognize(corpus.Records[k].Text).Select(m => new
            {
                text = m.Text,
                type = m.Type switch { Herald.Model.EntityType.Person => "PERSON", Herald.Model.EntityType.Org => "ORG", Herald.Model.EntityType.Place => "PLACE", _ => "OTHER" },
                start = m.Start,
                end = m.End,
                name = m.Name,
            });
            writer.WriteLine(System.Text.Json.JsonSerializer.Serialize(new { id = string.Create(CultureInfo.InvariantCulture, $"c{k * 25}"), entities }));
        }
    }

    private static void PrintErrors(EntityRecognizer recognizer, ConllCorpus corpus, int limit)
    {
        foreach (var r in corpus.Records)
        {
            var gold = r.Spans.Select(x => (r.Tokens[x.Start].Start, r.Tokens[x.End - 1].End, BilouTags.TypeNames[x.Type])).ToHashSet();
            var predicted = recognizer.Recognize(r.Text).Select(m => (m.Start, m.End, EntityScores.ConllType(m.Type))).ToHashSet();
            foreach (var (start, end, type) in gold.Except(predicted).Select(x => ("missed", x)).Concat(predicted.Except(gold).Select(x => ("wrong ", x)))
                         .OrderBy(e => e.Item2.Item1).Select(e => (e.Item2.Item1, e.Item2.Item2, $"{e.Item1} {e.Item2.Item3}")))
            {
                int lineStart = r.Text.LastIndexOf('\n', Math.Max(0, start - 1)) + 1;
                int lineEnd = r.Text.IndexOf('\n', end);
                string line = r.Text[lineStart..(lineEnd < 0 ? r.Text.Length : lineEnd)];
                Console.WriteLine($"  {type,-12} [{r.Text[start..end]}]  in: {line}");
                if (--limit == 0)
                {
                    return;
                }
            }
        }
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Herald.slnx")))
            {
                return dir.FullName;
            }
        }

        return Environment.CurrentDirectory;
    }
}
