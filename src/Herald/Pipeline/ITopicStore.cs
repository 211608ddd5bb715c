namespace Herald.Pipeline;

/// <summary>A saved query with a name; renders as a topic page.</summary>
public sealed record Topic(string Name, string Query, DateTimeOffset Created);

/// <summary>Saved topics (named queries).</summary>
public interface ITopicStore
{
    Task SaveTopicAsync(Topic topic, CancellationToken ct);

    Task<Topic?> GetTopicAsync(string name, CancellationToken ct);

    Task<IReadOnlyList<Topic>> ListTopicsAsync(CancellationToken ct);

    Task<bool> DeleteTopicAsync(string name, CancellationToken ct);
}
