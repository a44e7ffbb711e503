using Microsoft.Extensions.Logging;
using Sfu.Actors.Runtime;
using Sfu.Actors.Cluster;
using Sfu.Media.Net;
using Sfu.Media.Routing;

namespace Sfu.Actors.Workers;

/// <summary>
/// One media worker: a <see cref="MediaLoop"/> thread that owns its sockets and media objects, and a dispatcher that
/// drains the mailboxes of the entity actors placed on it between I/O batches, so those actors can call their media
/// objects directly and without locks.
/// </summary>
public sealed class MediaWorker : IAsyncDisposable
{
    private int _routerCount;

    /// <param name="ports">The node's port allocator (shared by its workers); null: one for this worker from the settings.</param>
    public MediaWorker(int workerId, string nodeId, NodeSettings settings, ILoggerFactory? loggerFactory, PortAllocator? ports = null)
    {
        WorkerId = workerId;
        Loop = new MediaLoop($"sfu-worker-{nodeId}-{workerId}", loggerFactory?.CreateLogger<MediaLoop>(), settings.PreferEpoll,
            ports ?? new PortAllocator(settings.RtcMinPort, settings.RtcMaxPort));
        Dispatcher = new MediaLoopDispatcher(Loop);
        Media = new WorkerContext(Loop, workerId, loggerFactory);
    }

    /// <summary>What the worker's media objects share (pool, scratch buffers, drop log).</summary>
    public WorkerContext Media { get; }

    public int WorkerId { get; }

    public MediaLoop Loop { get; }

    /// <summary>Runs actor mailboxes on this worker's thread.</summary>
    public IDispatcher Dispatcher { get; }

    /// <summary>The worker's actor (set once the node has created it).</summary>
    public IActorRef Actor { get; internal set; } = Nobody.Instance;

    /// <summary>Routers placed on this worker (read by placement and <c>cluster.getNodes</c> without asking the actor).</summary>
    public int RouterCount => Volatile.Read(ref _routerCount);

    public void Start() => Loop.Start();

    internal void RouterCountChanged(int delta) => Interlocked.Add(ref _routerCount, delta);

    public async ValueTask DisposeAsync()
    {
        await Loop.StopAsync().ConfigureAwait(false);
        Loop.Dispose();
    }
}

/// <summary>An <see cref="IDispatcher"/> that runs work on a media loop's thread.</summary>
public sealed class MediaLoopDispatcher(MediaLoop loop) : IDispatcher
{
    private static readonly Action<object?> RunWork = static state => ((IRunnable)state!).Run();

    public MediaLoop Loop => loop;

    public void Schedule(IRunnable work) => loop.Post(RunWork, work);
}
