namespace Herald.Pipeline;

/// <summary>
/// Herald's store: the union of the aggregates one database holds (articles, search, topics, stories,
/// annotations), so hosts pass one object. Code that needs one aggregate takes that interface alone. The embedded
/// default is SQLite (Herald.Storage); a PostgreSQL store satisfies the same interfaces and test suite. Sources
/// (<see cref="ISourceStore"/>) and webhooks (<see cref="IWebhookStore"/>) are their own aggregates beside it.
/// </summary>
public interface IArticleStore : IArticleRecordStore, ISearchStore, ITopicStore, IStoryStore, IAnnotationStore, IAsyncDisposable;
