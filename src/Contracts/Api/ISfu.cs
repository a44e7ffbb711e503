using System.Text.Json.Nodes;
using Sfu.Contracts.Dumps;
using Sfu.Contracts.Options;
using Sfu.Contracts.Rtp;

namespace Sfu.Contracts.Api;

/// <summary>
/// The SFU as an app server sees it: one embedded node or a whole cluster, behind the same interface.
/// mediasoup's module and workers, with placement: routers go to a node and worker chosen for you (or named).
/// </summary>
public interface ISfu : IAsyncDisposable
{
    /// <summary><c>cluster.getNodes</c>: the nodes present, their state and their workers' load.</summary>
    Task<ClusterNodes> GetNodesAsync(CancellationToken cancellationToken = default);

    /// <summary><c>cluster.createRouter</c> (mediasoup's <c>worker.createRouter</c>, placed by the cluster).</summary>
    Task<IRouter> CreateRouterAsync(RouterOptions options, CancellationToken cancellationToken = default);

    /// <summary>A handle on one worker of one node.</summary>
    IWorker GetWorker(string nodeId, int workerId);
}

/// <summary>mediasoup's Worker: a media thread of a node.</summary>
public interface IWorker
{
    string NodeId { get; }

    int WorkerId { get; }

    /// <summary>W5.</summary>
    Task<WorkerDump> DumpAsync(CancellationToken cancellationToken = default);

    /// <summary>W6: the worker thread's resource usage.</summary>
    Task<WorkerResourceUsage> GetResourceUsageAsync(CancellationToken cancellationToken = default);

    /// <summary>W7: <c>{logLevel, logTags}</c>; a bad level is a TypeError.</summary>
    Task UpdateSettingsAsync(WorkerUpdateableSettings settings, CancellationToken cancellationToken = default);
}

/// <summary>Why an object closed: one of <see cref="CloseReasons"/>.</summary>
public sealed class ClosedEventArgs(string reason) : EventArgs
{
    public string Reason { get; } = reason;
}

/// <summary>mediasoup's Router.</summary>
public interface IRouter
{
    string Id { get; }

    /// <summary>The node that owns the router (its id is embedded in <see cref="Id"/>).</summary>
    string NodeId { get; }

    int WorkerId { get; }

    /// <summary>ORTC-1 capabilities, to hand to clients (mediasoup-client's <c>device.load</c>).</summary>
    RtpCapabilities RtpCapabilities { get; }

    JsonObject AppData { get; }

    bool IsClosed { get; }

    /// <summary>R3. Idempotent.</summary>
    Task CloseAsync(CancellationToken cancellationToken = default);

    /// <summary>R2.</summary>
    Task<RouterDump> DumpAsync(CancellationToken cancellationToken = default);

    /// <summary>R4: never fails for an unknown producer or bad capabilities; answers false.</summary>
    Task<bool> CanConsumeAsync(string producerId, RtpCapabilities rtpCapabilities, CancellationToken cancellationToken = default);

    /// <summary>PT1: a PlainTransport on this router's worker.</summary>
    Task<IPlainTransport> CreatePlainTransportAsync(PlainTransportOptions options, CancellationToken cancellationToken = default);

    /// <summary>PP1: a PipeTransport on this router's worker.</summary>
    Task<IPipeTransport> CreatePipeTransportAsync(PipeTransportOptions options, CancellationToken cancellationToken = default);

    /// <summary>PR1–PR4: makes a producer of this router available in another router (a pipe consumer here, a pipe producer there).</summary>
    Task<PipeToRouterResult> PipeToRouterAsync(PipeToRouterOptions options, CancellationToken cancellationToken = default);

    /// <summary>The router closed: by <see cref="CloseAsync"/> (<c>app</c>), its worker or node stopping, or its owner lost.</summary>
    event EventHandler<ClosedEventArgs>? Closed;
}
