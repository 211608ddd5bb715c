namespace Herald.Broker;

/// <summary>The kinds of work the broker carries; a worker's `--roles` names some of them.</summary>
public enum WorkRole
{
    Fetch,
    Extract,
    Stories,
    Annotate,
}

/// <summary>
/// The queues of one Herald installation (all named PREFIX.something): one durable quorum queue per role, the story
/// queue with a single active consumer (clustering is stateful and order matters: one process clusters at a time,
/// another takes over when it dies), a dead-letter queue for messages that failed repeatedly, and a stream of
/// worker heartbeats that `herald status` reads without consuming.
/// </summary>
public sealed class WorkQueues(string prefix)
{
    /// <summary>Failures (exceptions while handling, not crashes) before a message is dead-lettered.</summary>
    public const int MaxFailures = 3;

    /// <summary>
    /// Deliveries after which the broker itself dead-letters a message (quorum queues count every return, a killed
    /// worker's too): the backstop for a message that kills every worker that takes it, so it cannot do so forever.
    /// Far above <see cref="MaxFailures"/> so workers killed in passing never push a healthy message there.
    /// </summary>
    public const int DeliveryLimit = 20;

    /// <summary>The story queue's delivery limit: high enough never to be reached by workers dying while they wait.</summary>
    public const int StoriesDeliveryLimit = 1_000_000;

    public static readonly IReadOnlyList<WorkRole> AllRoles = [WorkRole.Fetch, WorkRole.Extract, WorkRole.Stories, WorkRole.Annotate];

    public string Prefix { get; } = prefix;

    public string Of(WorkRole role) => $"{Prefix}.{RoleName(role)}";

    public string Dead => Prefix + ".dead";

    public string Heartbeats => Prefix + ".workers";

    public static string RoleName(WorkRole role) => role.ToString().ToLowerInvariant();

    /// <summary>Parses `--roles fetch,extract,...`; an unknown name is the user's error.</summary>
    public static IReadOnlyList<WorkRole> ParseRoles(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return AllRoles;
        }

        var roles = new List<WorkRole>();
        foreach (var name in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var role = AllRoles.FirstOrDefault(r => RoleName(r) == name.ToLowerInvariant(), (WorkRole)(-1));
            if ((int)role < 0)
            {
                throw new Herald.Model.HeraldException($"--roles {text}", $"\"{name}\" is not a role (fetch, extract, stories, annotate)");
            }

            if (!roles.Contains(role))
            {
                roles.Add(role);
            }
        }

        return roles.Count > 0 ? roles : AllRoles;
    }

    /// <summary>The declaration arguments of a work queue.</summary>
    public Dictionary<string, object?> Arguments(WorkRole role)
    {
        var args = new Dictionary<string, object?>
        {
            ["x-queue-type"] = "quorum",
            ["x-delivery-limit"] = DeliveryLimit,
            ["x-dead-letter-exchange"] = "",
            ["x-dead-letter-routing-key"] = Dead,
        };
        if (role == WorkRole.Stories)
        {
            args["x-single-active-consumer"] = true;
            // A nudge carries no data and is held while the extract and fetch work drains, so every worker death in
            // that time returns it: the fault test dead-lettered one after 20 kills. No practical limit here.
            args["x-delivery-limit"] = StoriesDeliveryLimit;
        }

        return args;
    }

    public static Dictionary<string, object?> DeadArguments() => new() { ["x-queue-type"] = "quorum" };

    /// <summary>Heartbeats: a stream kept for ten minutes, read from a point in time by `herald status`.</summary>
    public static Dictionary<string, object?> HeartbeatArguments() => new()
    {
        ["x-queue-type"] = "stream",
        ["x-max-age"] = "10m",
        ["x-stream-max-segment-size-bytes"] = 1_000_000,
    };
}
