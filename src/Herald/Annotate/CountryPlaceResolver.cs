using Herald.Model;

namespace Herald.Annotate;

/// <summary>
/// Fallback place resolver for when the GeoNames geoparser is not plugged in: resolves country names and capitals
/// found among the entities to their ISO country codes. It has no gazetteer, so GeoNames ids and coordinates stay null
/// and other toponyms are left out rather than guessed.
/// </summary>
public sealed class CountryPlaceResolver : IPlaceResolver
{
    public IReadOnlyList<PlaceMention> Resolve(string text, IReadOnlyList<EntityMention>? entities)
    {
        entities ??= new CapitalisedNameFinder().Recognize(text);
        var places = new List<PlaceMention>();
        foreach (var e in entities)
        {
            if (e.Type == EntityType.Place && CountryLexicon.TryFind(e.Text, out var country, out var demonym, out var capital) && !demonym)
            {
                places.Add(new PlaceMention(e.Text, e.Start, e.End, capital ? e.Text : country.Name, null, country.Iso2, null, null));
            }
        }

        return places;
    }
}
