using Sfu.Contracts.Options;

namespace Sfu.Actors.Cluster;

/// <summary>What a node is started with (the host builds it from configuration).</summary>
public sealed record NodeSettings
{
    /// <summary>The node id, embedded in every entity id it creates. See <see cref="Contracts.Ids.EntityId.IsValidNodeId"/>.</summary>
    public required string NodeId { get; init; }

    /// <summary>Media workers (threads). 0 = one per core.</summary>
    public int Workers { get; init; }

    /// <summary>Use epoll where the OS has it (else the portable poller).</summary>
    public bool PreferEpoll { get; init; } = true;

    public int RtcMinPort { get; init; } = 10000;

    public int RtcMaxPort { get; init; } = 59999;

    public WorkerLogLevel LogLevel { get; init; } = WorkerLogLevel.Error;

    public IReadOnlyList<string> LogTags { get; init; } = [];

    /// <summary>How long a request may take before it fails with DeadlineExceeded.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The node's incarnation; default: the start time in milliseconds since the Unix epoch.</summary>
    public long? Incarnation { get; init; }

    public int EffectiveWorkers => Workers > 0 ? Workers : Environment.ProcessorCount;
}
