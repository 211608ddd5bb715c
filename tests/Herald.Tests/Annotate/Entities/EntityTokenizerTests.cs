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

    [Fact]
    public void Covers_odd_text_with_ordered_non_empty_tokens_and_well_formed_mentions()
    {
        const string alphabet = "aZ. '’s\"“”—–-()[]…!?,;:\n\t\u00A0U.S.Col.\u0301😀0";
        var random = new Random(7);
        var recognizer = EntityRecognizer.LoadDefault();
        for (int round = 0; round < 2000; round++)
        {
            var chars = new char[random.Next(0, 40)];
            for (int k = 0; k < chars.Length; k++)
            {
                chars[k] = alphabet[random.Next(alphabet.Length)];
            }

            string text = new(chars);
            var tokens = EntityTokenizer.Tokenize(text);
            int last = 0;
            foreach (var t in tokens)
            {
                Assert.True(t.Start >= last && t.End > t.Start && t.End <= text.Length, $"bad token {t} in {text}");
                Assert.False(text.AsSpan(t.Start, t.Length).ContainsAny(" \n\t"), $"token with a space in {text}");
                last = t.End;
            }

            var sentences = EntityTokenizer.SplitSentences(text, tokens);
            Assert.Equal(tokens.Count, sentences.Sum(s => s.Count));
            foreach (var m in recognizer.Recognize(text))
            {
                Assert.Equal(m.Text, text[m.Start..m.End]);
            }
        }
    }
}
