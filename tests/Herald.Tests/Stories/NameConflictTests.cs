using Herald.Model;
using Herald.Stories;

namespace Herald.Tests.Stories;

public sealed class NameConflictTests
{
    private static Article Felt(string id) => new()
    {
        Id = id,
        Title = "Mark Felt, Watergate's Deep Throat, dies at 95",
        Text = "Mark Felt, the FBI official known as Deep Throat in the Watergate scandal, died on Thursday. Felt was 95.",
    };

    [Fact]
    public void A_new_persons_article_conflicts_with_a_story_about_another_person()
    {
        var features = new ArticleFeatures(new FeatureWeights());
        var story = new Story("s");
        story.Add(Felt("a"), features.Vectorize(features.Counts(Felt("a"))), null, 1, 6, 64, null, null);
        var larue = new Article
        {
            Id = "b",
            Title = "Fred LaRue, Nixon aide in Watergate, dies at 75",
            Text = "Fred LaRue, who delivered hush money in the Watergate cover-up for Nixon, died in a Biloxi hotel. LaRue was 75.",
        };

        var conflict = story.NameConflict(features.Vectorize(features.Counts(larue)), 4);
        var same = story.NameConflict(features.Vectorize(features.Counts(Felt("c"))), 4);

        Assert.True(conflict > 0.5, $"conflict {conflict}");
        Assert.Equal(0, same);
    }
}
