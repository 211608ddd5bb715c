using Herald.Text;

namespace Herald.Pipeline;

/// <summary>Persists outlets learned from data so every run names an outlet the same way.</summary>
public interface IOutletStore
{
    Task<IReadOnlyList<Outlet>> LoadOutletsAsync(CancellationToken ct);

    /// <summary>Adds outlets not yet stored; a stored outlet keeps its first name.</summary>
    Task SaveOutletsAsync(IEnumerable<Outlet> outlets, CancellationToken ct);
}
