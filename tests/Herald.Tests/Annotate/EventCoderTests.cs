using Herald.Annotate;
using Herald.Annotate.Events;

namespace Herald.Tests.Annotate;

public sealed class EventCoderTests
{
    private static IReadOnlyList<Herald.Model.EventMention> Code(string text) =>
        EventCoder.CreateDefault().Code(text, new CapitalisedNameFinder().Recognize(text));

    [Fact]
    public void Codes_a_country_condemning_another()
    {
        var e = Assert.Single(Code("Russia condemned the United States on Sunday."));
        Assert.Equal(("RUS", "USA", "111", 3), (e.Source, e.Target, e.Code, e.QuadClass));
        Assert.True(e.Goldstein < 0);
    }

    [Fact]
    public void Composes_agents_from_roles()
    {
        var e = Assert.Single(Code("Russia's Ministry of Defense accused the US military of hiding the footage."));
        Assert.Equal(("RUSGOV", "USAMIL", "112"), (e.Source, e.Target, e.Code));
    }

    [Fact]
    public void Swaps_source_and_target_in_the_passive()
    {
        var e = Assert.Single(Code("Iraqi police were attacked by Syrian rebels near the border."));
        Assert.Equal(("SYRREB", "IRQCOP"), (e.Source, e.Target));
        Assert.StartsWith("18", e.Code, StringComparison.Ordinal);
    }

    [Fact]
    public void Skips_nouns_negations_and_same_country_pairs()
    {
        Assert.Empty(Code("The French attack on Germany was a surprise."));
        Assert.Empty(Code("France did not attack Germany."));
        Assert.Empty(Code("The US has expanded its review of all US military airstrikes."));
    }

    [Fact]
    public void Splits_compound_actors()
    {
        var events = Code("Egypt and Jordan praised Israel.");
        Assert.Equal(["EGY", "JOR"], events.Select(e => e.Source).Order(StringComparer.Ordinal));
        Assert.All(events, e => Assert.Equal(("ISR", "051"), (e.Target, e.Code)));
    }

    [Fact]
    public void Compound_subjects_of_reciprocal_events_act_on_each_other()
    {
        var events = Code("Egypt and Jordan signed a water treaty on Monday.");
        Assert.Equal([("EGY", "JOR"), ("JOR", "EGY")], events.Select(e => (e.Source, e.Target)).Order());
        Assert.All(events, e => Assert.Equal("057", e.Code));
    }

    [Fact]
    public void Stops_the_target_search_at_a_subordinate_clause()
    {
        Assert.Empty(Code("Egypt criticised the plan after fighting was reported near Israel."));
        Assert.Equal("ISR", Assert.Single(Code("Egypt criticised the plan of Israel.")).Target);
    }

    [Fact]
    public void Matches_negated_patterns_through_contractions_and_phrases()
    {
        var clash = new[] { "clash", "clashes", "clashed", "clashing" };
        var verbs = new Dictionary<string, List<EventCoder.VerbPattern>>(StringComparer.Ordinal);
        var plain = new EventCoder.VerbPattern("190", -10, [clash, ["*"], ["over"]], 2);
        var negated = new EventCoder.VerbPattern("905", 0, [clash, ["*"], ["over"]], 4) { Before = [["did n't", "will not"], ["ever"]] };
        foreach (var f in clash)
        {
            verbs[f] = [plain, negated];
        }

        var coder = new EventCoder(new CameoActorCoder(), verbs);
        IReadOnlyList<Herald.Model.EventMention> Run(string text) => coder.Code(text, new CapitalisedNameFinder().Recognize(text));
        Assert.Equal("905", Assert.Single(Run("Egypt didn't ever clash over water with Jordan.")).Code);
        Assert.Equal("905", Assert.Single(Run("Egypt will not ever clash over water with Jordan.")).Code);
        Assert.Equal("190", Assert.Single(Run("Egypt clashed over water with Jordan.")).Code);
        Assert.Empty(Run("Egypt did not clash over water with Jordan."));
    }

    [Fact]
    public void Does_not_join_a_possessor_to_the_noun_it_owns()
    {
        // "and" inside "Egypt's ally and neighbour Jordan" joins two nouns describing Jordan, not two actors.
        var events = Code("Egypt's ally and neighbour Jordan criticised Israel.");
        Assert.Equal(["JOR"], events.Select(e => e.Source).Distinct());
    }

    [Fact]
    public void Negated_verbs_take_the_code_their_ontology_gives_them()
    {
        var clash = new[] { "clash", "clashes", "clashed", "clashing" };
        var verbs = new Dictionary<string, List<EventCoder.VerbPattern>>(StringComparer.Ordinal);
        var overIt = new EventCoder.VerbPattern("110", 0, [clash, ["*"], ["over"]], 2);
        var plain = new EventCoder.VerbPattern("190", 0, [clash], 1);
        foreach (var f in clash)
        {
            verbs[f] = [plain, overIt];
        }

        // Not disapproving is cooperating diplomatically; fighting has no negated meaning here.
        var coder = new EventCoder(new CameoActorCoder(), verbs, new Dictionary<string, string>(StringComparer.Ordinal) { ["110"] = "050" });
        IReadOnlyList<Herald.Model.EventMention> Run(string text) => coder.Code(text, new CapitalisedNameFinder().Recognize(text));
        Assert.Equal("050", Assert.Single(Run("Egypt did not clash over water with Jordan.")).Code);
        Assert.Equal("110", Assert.Single(Run("Egypt clashed over water with Jordan.")).Code);
        Assert.Empty(Run("Egypt did not clash with Jordan."));
    }

    [Fact]
    public void A_swapped_pattern_makes_the_subject_the_target()
    {
        var receive = new[] { "receive", "receives", "received", "receiving" };
        var verbs = new Dictionary<string, List<EventCoder.VerbPattern>>(StringComparer.Ordinal);
        var money = new EventCoder.VerbPattern("071", 0, [receive, ["*"], ["money"]], 2) { Swapped = true };
        foreach (var f in receive)
        {
            verbs[f] = [money];
        }

        var coder = new EventCoder(new CameoActorCoder(), verbs);
        var e = Assert.Single(coder.Code("Egypt received money from Jordan.", new CapitalisedNameFinder().Recognize("Egypt received money from Jordan.")));
        Assert.Equal(("JOR", "EGY", "071"), (e.Source, e.Target, e.Code));
    }

    [Fact]
    public void A_verb_form_after_a_preposition_is_a_noun()
    {
        Assert.Empty(Code("Egypt, in attacks reported on Monday, Israel."));
        Assert.Single(Code("Russia condemned the United States on Sunday."));
    }

    [Fact]
    public void What_a_target_is_urged_to_do_is_no_event_of_its_own()
    {
        var e = Assert.Single(Code("Russia requested Iran to condemn Israel on Sunday."));
        Assert.Equal(("RUS", "IRN", "020"), (e.Source, e.Target, e.Code));
        var own = Assert.Single(Code("Iran condemned Israel on Sunday."));
        Assert.Equal(("IRN", "ISR"), (own.Source, own.Target));
    }
}
