using Herald.Annotate.Entities;

namespace Herald.Tests.Annotate.Entities;

public sealed class EntityTokenizerTests
{
    private static string[] Tokens(string text) =>
        [.. EntityTokenizer.Tokenize(text).Select(t => text[t.Start..t.End])];

    [Fact]
    public void Splits_possessives_and_final_punctuation_but_keeps_abbreviations()
    {
        Assert.Equal(
            ["Col.", "Joseph", "Scrocca", "'s", "comments", "on", "the", "U.S.", "-", "led", "coalition", "."],
            Tokens("Col. Joseph Scrocca's comments on the U.S. - led coalition."));
    }

    [Fact]
    public void Separates_quotes_brackets_and_plural_possessives()
    {
        Assert.Equal(
            ["\"", "ISIS", "is", "smuggling", "(", "civilians", ")", ",", "\"", "he", "said", "of", "ISIS", "'", "tactic", "."],
            Tokens("\"ISIS is smuggling (civilians),\" he said of ISIS' tactic."));
    }

    [Fact]
    public void Keeps_hyphenated_words_and_splits_em_dashes()
    {
        Assert.Equal(["US-led", "strike", "—", "and", "al-Jadidah", "--", "again"], Tokens("US-led strike—and al-Jadidah -- again"));
    }

    [Fact]
    public void Leaves_conll_tokens_as_they_are()
    {
        Assert.Equal(["Peter", "Blackburn", "'s", "1996-08-22", "S&P", "Corp.", "."], Tokens("Peter Blackburn 's 1996-08-22 S&P Corp. ."));
    }

    [Fact]
    public void Ends_sentences_at_terminal_punctuation_and_line_breaks_but_not_after_titles()
    {
        const string text = "Col. Smith spoke. \"It worked,\" he said. Then\nNext line";
        var tokens = EntityTokenizer.Tokenize(text);
        var sentences = EntityTokenizer.SplitSentences(text, tokens);
        var words = sentences.Select(s => string.Join(' ', tokens[s.Start..s.End].Select(t => text[t.Start..t.End]))).ToArray();
        Assert.Equal(["Col. Smith spoke .", "\" It worked , \" he said .", "Then", "Next line"], words);
    }
}
