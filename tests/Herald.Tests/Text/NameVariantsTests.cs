using Herald.Text;

namespace Herald.Tests.Text;

public sealed class NameVariantsTests
{
    private static IReadOnlyDictionary<string, string> Fold(NameKind kind, params (string Name, int Count)[] names) =>
        NameVariants.Canonicalise(names.ToDictionary(n => n.Name, n => n.Count), kind);

    [Fact]
    public void Spellings_of_one_country_fold_into_its_name()
    {
        var map = Fold(NameKind.Place, ("US", 8), ("United States", 8), ("U.S.", 3), ("USA", 1), ("Iraq", 76), ("Iran", 16));
        Assert.Equal("United States", map["US"]);
        Assert.Equal("United States", map["U.S."]);
        Assert.Equal("United States", map["USA"]);
        Assert.Equal("United States", map["United States"]);
        Assert.Equal("Iraq", map["Iraq"]);
        Assert.Equal("Iran", map["Iran"]);
    }

    [Fact]
    public void An_acronym_is_the_one_longer_name_it_spells_and_stays_apart_when_it_could_be_two()
    {
        var map = Fold(NameKind.Organisation, ("AP", 2), ("Associated Press", 1), ("IAEA", 3), ("International Atomic Energy Agency", 1), ("World Bank", 3), ("WB", 1));
        Assert.Equal("Associated Press", map["AP"]);
        Assert.Equal("International Atomic Energy Agency", map["IAEA"]);
        Assert.Equal("World Bank", map["WB"]);
        Assert.Equal("World Bank", map["World Bank"]);

        var twoMeanings = Fold(NameKind.Organisation, ("PA", 2), ("Palestinian Authority", 1), ("Press Association", 1));
        Assert.Equal("PA", twoMeanings["PA"]);
        // Without the longer name in the set, an unknown acronym stays itself; a known alias still folds.
        Assert.Equal("KDP", Fold(NameKind.Organisation, ("KDP", 1))["KDP"]);
        Assert.Equal("Associated Press", Fold(NameKind.Organisation, ("AP", 1))["AP"]);
    }

    [Fact]
    public void A_surname_is_the_one_person_of_the_set_who_bears_it()
    {
        var map = Fold(NameKind.Person, ("Biden", 3), ("Joe Biden", 2), ("Trump", 11), ("Donald Trump", 1), ("Trump's", 1), ("Rice", 1), ("Condi Rice", 1), ("Susan Rice", 1));
        Assert.Equal("Joe Biden", map["Biden"]);
        Assert.Equal("Donald Trump", map["Trump"]);
        Assert.Equal("Donald Trump", map["Trump's"]);
        // Two people named Rice: "Rice" could be either, so it stays apart.
        Assert.Equal("Rice", map["Rice"]);
        Assert.Equal("Condi Rice", map["Condi Rice"]);
        // People are never folded by the country and agency table: a person called "Ap" stays.
        Assert.Equal("Ap", Fold(NameKind.Person, ("Ap", 1))["Ap"]);
    }

    [Fact]
    public void Case_dots_and_possessives_are_one_spelling_named_by_the_most_frequent()
    {
        var map = Fold(NameKind.Organisation, ("ISIS", 5), ("Isis", 1), ("ISIS's", 1));
        Assert.All(map.Values, v => Assert.Equal("ISIS", v));
        Assert.Equal("TRUMP", NameVariants.Key("Trump’s"));
        Assert.Equal("US", NameVariants.Key(" U.S. "));
    }
}
