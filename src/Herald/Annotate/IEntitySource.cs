using Herald.Model;

namespace Herald.Annotate;

/// <summary>Finds named entities in a text. Implementations are pure and safe to share between threads.</summary>
public interface IEntityRecognizer
{
    IReadOnlyList<EntityMention> Recognize(string text);
}

/// <summary>Resolves toponyms to places, using the entities already found when the caller has them.</summary>
public interface IPlaceResolver
{
    IReadOnlyList<PlaceMention> Resolve(string text, IReadOnlyList<EntityMention>? entities);
}
