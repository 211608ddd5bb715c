using Herald.Annotate.Entities;
using Herald.Evaluation.Annotate;
using Herald.Model;
using Xunit.Abstractions;

namespace Herald.Tests.Annotate.Entities;

public sealed class EntityTrainerTests(ITestOutputHelper output)
{
    [Fact]
    public void Trains_a_model_that_loads_back_and_finds_names_in_unseen_text()
    {
        string? corpora = SharedData.PathTo("data", "ner");
        string? valid = SharedData.PathTo("data", "ner", "conll2003", "valid.txt");
        if (corpora is null || valid is null)
        {
            output.WriteLine("skipped: ../shared/data/ner is not here");
            return;
        }

        // A small, quick model: one pass, no clusters, few rows and epochs. It still has to generalise.
        var options = new EntityTrainingOptions { DataDirectory = corpora, Epochs = 2, HashBits = 18, TwoPass = false, Clusters = false };
        using var file = new MemoryStream();
        EntityTrainer.Train(options, file, output.WriteLine, CancellationToken.None);
        file.Position = 0;
        var recognizer = EntityRecognizer.Load(file);

        var all = EntityScores.Evaluate(recognizer, ConllCorpus.Read(valid).Records.Take(10))[^1];
        output.WriteLine($"F1 {all.F1:F3} over {all.Gold} gold mentions");
        Assert.True(all.F1 > 0.75, $"F1 {all.F1:F3}");
        var mentions = recognizer.Recognize("Prime Minister Tony Blair flew to Paris on Monday.");
        Assert.Contains(mentions, m => m.Type == EntityType.Person && m.Name == "Tony Blair");
    }

    [Fact]
    public void Names_the_file_when_a_corpus_is_missing()
    {
        var options = new EntityTrainingOptions { DataDirectory = Path.Combine(Path.GetTempPath(), "no-such-herald-corpora") };
        var e = Assert.Throws<HeraldException>(() => EntityTrainer.Train(options, new MemoryStream(), _ => { }, CancellationToken.None));
        Assert.Contains("train.txt", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_a_file_that_is_not_a_model()
    {
        using var junk = new MemoryStream();
        using (var gz = new System.IO.Compression.GZipStream(junk, System.IO.Compression.CompressionMode.Compress, leaveOpen: true))
        {
            gz.Write("not a model at all"u8);
        }

        junk.Position = 0;
        Assert.Throws<InvalidDataException>(() => EntityRecognizer.Load(junk));
    }
}
