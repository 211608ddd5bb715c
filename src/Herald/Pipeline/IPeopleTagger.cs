namespace Herald.Pipeline;

/// <summary>
/// The people a short text names, as full names (a later bare surname is linked to the full name that came first).
/// Stories use it to tell apart two events that share their vocabulary but not their people; the entity tagger of
/// Annotate implements it and the host passes it in, so Stories never depends on Annotate.
/// </summary>
public interface IPeopleTagger
{
    IReadOnlyList<string> PeopleIn(string text);
}
