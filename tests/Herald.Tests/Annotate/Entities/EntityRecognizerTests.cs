using Herald.Annotate.Entities;
using Herald.Evaluation.Annotate;
using Herald.Model;
using Xunit.Abstractions;

namespace Herald.Tests.Annotate.Entities;

public sealed class EntityRecognizerTests(ITestOutputHelper output)
{
    private static readonly EntityRecognizer Recognizer = EntityRecognizer.LoadDefault();

    [Fact]
    public void Finds_people_places_and_organisations_in_the_seed_lead_article()
    {
        string? seed = SharedData.PathTo("seed", "000_4ddfc6bcc6cd5d23.txt");
        if (seed is null)
        {
            output.WriteLine("skipped: ../shared/seed is not here");
            return;
        }

        string text = string.Join('\n', File.ReadLines(seed).Take(12));
        var mentions = Recognizer.Recognize(text);
        foreach (var m in mentions)
        {
            output.WriteLine($"{m.Type} {m.Text} -> {m.Name}");
            Assert.Equal(m.Text, text[m.Start..m.End]);
        }

        bool Has(EntityType type, string name) => mentions.Any(m => m.Type == type && m.Name == name);
        Assert.True(Has(EntityType.Person, "Joseph Scrocca"));
        Assert.True(Has(EntityType.Person, "Mohammad Shumari"));
        Assert.DoesNotContain(mentions, m => m.Name.StartsWith("Col", StringComparison.Ordinal));
        Assert.True(Has(EntityType.Place, "Russia"));
        Assert.True(Has(EntityType.Place, "Mosul"));
        Assert.True(Has(EntityType.Place, "Iraq"));
        Assert.True(Has(EntityType.Org, "Pentagon"));
        Assert.True(Has(EntityType.Org, "ISIS"));
    }

    [Fact]
    public void Keeps_f1_above_its_floor_on_a_slice_of_conll_valid()
    {
        string? valid = SharedData.PathTo("data", "ner", "conll2003", "valid.txt");
        if (valid is null)
        {
            output.WriteLine("skipped: ../shared/data/ner/conll2003/valid.txt is not here");
            return;
        }

        var records = ConllCorpus.Read(valid).Records.Take(40).ToList();
        var all = EntityScores.Evaluate(Recognizer, records)[^1];
        output.WriteLine($"F1 {all.F1:F3} over {all.Gold} gold mentions");
        Assert.True(all.Gold > 1000);
        Assert.True(all.F1 >= 0.90, $"F1 {all.F1:F3} fell below 0.90");
    }

    [Fact]
    public void Gives_the_same_answer_from_many_threads()
    {
        const string text = "German Chancellor Helmut Kohl met Boris Yeltsin in Moscow on Tuesday, Interfax said.";
        var expected = Recognizer.Recognize(text);
        Assert.Contains(expected, m => m.Type == EntityType.Person && m.Name == "Helmut Kohl");
        Assert.Contains(expected, m => m.Type == EntityType.Place && m.Name == "Moscow");
        var results = new IReadOnlyList<EntityMention>[16];
        Parallel.For(0, results.Length, k => results[k] = Recognizer.Recognize(text));
        Assert.All(results, r => Assert.Equal(expected, r));
    }

    [Fact]
    public void Returns_nothing_for_empty_or_lowercase_text()
    {
        Assert.Empty(Recognizer.Recognize(""));
        Assert.Empty(Recognizer.Recognize("   \n\n  "));
        Assert.Empty(Recognizer.Recognize("the cat sat on the mat ."));
    }
}
