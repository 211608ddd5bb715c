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

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  speed: {corpus.TokenCount / best:F0} tokens/s on one thread ({best * 1000:F0} ms for {corpus.TokenCount} tokens, {mentions} mentions)"));
        return Task.FromResult(0);
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
