using System.CommandLine;
using Herald.Annotate.Entities;
using Herald.Model;

namespace Herald.Cli.Commands;

/// <summary>`herald train-ner`: retrains the entity tagger whose weights ship inside the library.</summary>
internal static class TrainNerCommand
{
    public static Command Create()
    {
        var data = new Option<string>("--corpora")
        {
            Description = "Folder with the CoNLL-format corpora (conll2003/, wikigold/, btc/, wnut17/, re3d/)",
            DefaultValueFactory = _ => Path.Combine("..", "shared", "data", "ner"),
        };
        var output = new Option<string>("--out")
        {
            Description = "Model file to write",
            DefaultValueFactory = _ => Path.Combine("src", "Herald", "Annotate", "Entities", "Model", "ner.bin.gz"),
        };
        var epochs = new Option<int>("--epochs") { Description = "Passes over the training data", DefaultValueFactory = _ => 10 };
        var bits = new Option<int>("--bits") { Description = "log2 of the hashed feature rows (16-24)", DefaultValueFactory = _ => 20 };
        var noWikigold = new Option<bool>("--no-wikigold") { Description = "Train on CoNLL-2003 train only (wikigold still feeds the gazetteer)" };
        var onePass = new Option<bool>("--one-pass") { Description = "Skip the second pass that reads the first pass's tags across the text" };
        var noClusters = new Option<bool>("--no-clusters") { Description = "Skip inducing word clusters from unlabelled news text" };
        var all = new Option<bool>("--all") { Description = "Also learn from wnut17's and re3d's sentences, not just their names" };
        var moreText = new Option<bool>("--more-text") { Description = "Feed the word clusters every unlabelled text under the shared data (GUM, tweets, the multilingual extraction pages)" };
        var casePrior = new Option<bool>("--case-prior") { Description = "Add how often each word is capitalised mid-sentence in the unlabelled text as a feature" };
        var dropout = new Option<double>("--dropout") { Description = "Share of name tokens whose word is hidden in each training step (0-0.9)", DefaultValueFactory = _ => new EntityTrainingOptions { DataDirectory = "" }.WordDropout };
        var cmd = new Command("train-ner", "Train the named-entity tagger (averaged perceptron) from CoNLL-format corpora; never reads CoNLL-2003 valid")
        {
            data, output, epochs, bits, noWikigold, onePass, noClusters, all, moreText, casePrior, dropout,
        };
        cmd.SetAction((ParseResult r, CancellationToken ct) => CliRunner.RunAsync(async () =>
        {
            string dir = r.GetValue(data)!;
            string outPath = r.GetValue(output)!;
            int e = r.GetValue(epochs), b = r.GetValue(bits);
            if (!Directory.Exists(dir))
            {
                throw new HeraldException(dir, "corpora folder not found");
            }

            if (e is < 1 or > 100)
            {
                throw new HeraldException("--epochs", "must be between 1 and 100");
            }

            if (b is < 16 or > 24)
            {
                throw new HeraldException("--bits", "must be between 16 and 24");
            }

            double p = r.GetValue(dropout);
            if (p is < 0 or > 0.9 || double.IsNaN(p))
            {
                throw new HeraldException("--dropout", "must be between 0 and 0.9");
            }

            var options = new EntityTrainingOptions { DataDirectory = dir, Epochs = e, HashBits = b, TrainOnWikigold = !r.GetValue(noWikigold), TwoPass = !r.GetValue(onePass), Clusters = !r.GetValue(noClusters), TrainOnAll = r.GetValue(all), AllUnlabelled = r.GetValue(moreText), CasePrior = r.GetValue(casePrior), WordDropout = p };
            string temp = outPath + ".tmp";
            await using (var stream = File.Create(temp))
            {
                await Task.Run(() => EntityTrainer.Train(options, stream, Console.Error.WriteLine, ct), ct);
            }

            File.Move(temp, outPath, overwrite: true);
            Console.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"wrote {outPath} ({new FileInfo(outPath).Length / 1024} KiB)"));
            return 0;
        }));
        return cmd;
    }
}
