namespace Herald.Storage;

/// <summary>
/// What a store copy needs beyond the pipeline's interfaces: the rows no stage reads back as a list (story aliases,
/// the ingest ledger). Both stores implement it; <see cref="StoreCopier"/> uses it.
/// </summary>
public interface IStoreExport
{
    /// <summary>Every story alias: an id merged away and the living story it resolves to.</summary>
    Task<IReadOnlyList<(string Alias, string Story)>> ListStoryAliasesAsync(CancellationToken ct);

    /// <summary>Every ingested file: the hash of its bytes and engine build, and its path.</summary>
    Task<IReadOnlyList<(string Hash, string Path)>> ListIngestedFilesAsync(CancellationToken ct);
}
