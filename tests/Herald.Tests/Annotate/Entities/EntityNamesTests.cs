using Herald.Annotate.Entities;
using Herald.Model;

namespace Herald.Tests.Annotate.Entities;

public sealed class EntityNamesTests
{
    [Theory]
    [InlineData("Col. Joseph Scrocca", EntityType.Person, "Joseph Scrocca")]
    [InlineData("President Bill Clinton", EntityType.Person, "Bill Clinton")]
    [InlineData("Dr.  Jane\nGoodall", EntityType.Person, "Jane Goodall")]
    [InlineData("Scrocca's", EntityType.Person, "Scrocca")]
    [InlineData("ISIS'", EntityType.Org, "ISIS")]
    [InlineData("the Pentagon", EntityType.Org, "Pentagon")]
    [InlineData("General Motors", EntityType.Org, "General Motors")]
    public void Normalises_names(string text, EntityType type, string expected) =>
        Assert.Equal(expected, EntityNames.Normalise(text, type));
}
