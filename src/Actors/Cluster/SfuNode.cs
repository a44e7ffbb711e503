using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Sfu.Actors.Api;
using Sfu.Actors.Entities;
using Sfu.Actors.Runtime;
using Sfu.Actors.Workers;
using Sfu.Contracts;
using Sfu.Contracts.Api;
using Sfu.Contracts.Ids;
using Sfu.Contracts.Options;
using Sfu.Contracts.Rtp;

namespace Sfu.Actors.Cluster;

/// <summary>
/// One SFU node: its media workers (threads), the entity actors placed on them, and its API gateway. Joined to a bus,
/// it executes the requests whose targets it owns; its gateway serves any request from its app sessions, forwarding
/// to the owner node. The embedded default is one node on an <see cref="InProcessBus"/>.
/// </summary>
public sealed class SfuNode : IBusNode, IAsyncDisposable
{
    private readonly ILogger _logger;
    private readonly IDisposable _membership;
    private readonly MediaWorker[] _workers;
    private volatile NodeState _state = NodeState.Serving;
    private int _disposed;

    private SfuNode(NodeSettings settings, IBus bus, ILoggerFactory loggerFactory)
    {
        if (!EntityId.IsValidNodeId(settings.NodeId))
        {
            throw new TypeError($"invalid node id '{settings.NodeId}': 1–48 characters of [A-Za-z0-9._-]");
        }
        Settings = settings;
        Bus = bus;
        NodeId = settings.NodeId;
        Incarnation = settings.Incarnation ?? DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        _logger = loggerFactory.CreateLogger<SfuNode>();
        System = ActorSystem.Create($"sfu-{NodeId}", loggerFactory);
        Registry = new EntityRegistry();

        Pipes = new PipeCoordinator();
        Pipes.Attach(Registry, NodeId, settings.RequestTimeout);
        _workers = new MediaWorker[settings.EffectiveWorkers];
        var ports = new Media.Net.PortAllocator(settings.RtcMinPort, settings.RtcMaxPort);
        for (var i = 0; i < _workers.Length; i++)
        {
            var worker = new MediaWorker(i, NodeId, settings, loggerFactory, ports);
            worker.Start();
            var context = new EntityContext(NodeId, Incarnation, i, Registry, bus, worker.Media, Pipes, System);
            worker.Actor = System.ActorOf(
                Props.Create(() => new WorkerActor(worker, context, settings.LogLevel, settings.LogTags)).WithDispatcher(worker.Dispatcher),
                $"worker-{i}");
            _workers[i] = worker;
        }

        Gateway = new ApiGateway(this, bus, loggerFactory.CreateLogger<ApiGateway>());
        _membership = bus.Join(this);
        _logger.LogInformation("node {NodeId} (incarnation {Incarnation}) started with {Workers} media workers ({Poller})",
            NodeId, Incarnation, _workers.Length, _workers[0].Loop.PollerKind);
    }

    /// <summary>Starts a node on <paramref name="bus"/> (default: a new in-process bus: one embedded node).</summary>
    public static SfuNode Start(NodeSettings settings, IBus? bus = null, ILoggerFactory? loggerFactory = null) =>
        new(settings, bus ?? new InProcessBus(), loggerFactory ?? NullLoggerFactory.Instance);

    public string NodeId { get; }

    public long Incarnation { get; }

    public NodeSettings Settings { get; }

    public NodeState State => _state;

    public IBus Bus { get; }

    public ActorSystem System { get; }

    public EntityRegistry Registry { get; }

    /// <summary>pipeToRouter between this node's routers.</summary>
    public PipeCoordinator Pipes { get; }

    public ApiGateway Gateway { get; }

    public IReadOnlyList<MediaWorker> Workers => _workers;

    /// <summary>Ready to take requests: serving, and every worker thread alive.</summary>
    public bool IsReady => _state == NodeState.Serving && _workers.All(w => !w.Loop.Completion.IsCompleted);

    /// <summary>An in-process connection to this node's API: the same requests and notifications as the WebSocket.</summary>
    public ISfuConnection Connect(string? sessionId = null) => new LocalSfuConnection(Gateway, sessionId);

    public NodeInfo GetStatus() =>
        new(NodeId, _state, _workers.Select(w => new WorkerInfo(w.WorkerId, w.RouterCount)).ToArray()) { Incarnation = Incarnation };

    public void OnRouterEvent(RouterEvent routerEvent) => Gateway.OnRouterEvent(routerEvent);

    public async Task<JsonElement> HandleRequestAsync(BusRequest request, CancellationToken cancellationToken)
    {
        if (request.Method == WireApi.NodeCreateRouter)
        {
            return await CreateRouterAsync(request, cancellationToken).ConfigureAwait(false);
        }
        if (!WireApi.TryGet(request.Method, out var method) || method.Target == WireTarget.Cluster)
        {
            throw WireApi.Unimplemented(request.Method);
        }

        if (method.Target == WireTarget.NodeService)
        {
            var routerId = WireData.RequiredString(request.Data, method.IdField);
            var options = (PipeToRouterOptions)method.Parse(request.Data);
            return WireApi.ToData(await Pipes.PipeToRouterAsync(routerId, options, cancellationToken).ConfigureAwait(false));
        }

        IActorRef target;
        if (method.Target == WireTarget.Worker)
        {
            target = ResolveWorker(request.Data).Actor;
        }
        else
        {
            var id = WireData.RequiredString(request.Data, method.IdField);
            if (!TryResolveEntity(method.Kind, id, request.Data, out var entry))
            {
                if (method.IdempotentOnClosed && Registry.WasClosed(id))
                {
                    return default;
                }
                throw NotFound(method.Kind, id);
            }
            target = entry.Actor;
        }

        var command = method.Parse(request.Data);
        var result = await Ask(target, command, cancellationToken).ConfigureAwait(false);
        return WireApi.ToData(result);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }
        _state = NodeState.ShuttingDown;
        // Close every router with reason NodeShutdown, so sessions hear about it, then stop the workers.
        var routers = Registry.All.Where(e => e.Kind == EntityKind.Router).ToArray();
        foreach (var router in routers)
        {
            try
            {
                await router.Actor.Ask<Done>(new RouterProtocol.Close(CloseReasons.NodeShutdown), TimeSpan.FromSeconds(5)).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                _logger.LogWarning(e, "closing router {RouterId} at shutdown failed", router.Id);
            }
        }
        _membership.Dispose();
        await System.Terminate().ConfigureAwait(false);
        foreach (var worker in _workers)
        {
            await worker.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task<JsonElement> CreateRouterAsync(BusRequest request, CancellationToken cancellationToken)
    {
        if (_state != NodeState.Serving)
        {
            throw new DrainingError($"node '{NodeId}' is {_state} and takes no new routers");
        }
        var mediaCodecs = WireData.Optional<List<RtpCodecCapability>>(request.Data, "mediaCodecs");
        var appData = WireData.Optional<System.Text.Json.Nodes.JsonObject>(request.Data, "appData");
        var worker = WireData.OptionalInt(request.Data, "workerId") is not null
            ? ResolveWorker(request.Data)
            : _workers.OrderBy(w => w.RouterCount).ThenBy(w => w.WorkerId).First();
        var routerId = EntityId.New(NodeId, Incarnation);
        var created = (WorkerProtocol.RouterCreated)await Ask(
            worker.Actor, new WorkerProtocol.CreateRouter(routerId, mediaCodecs, appData), cancellationToken).ConfigureAwait(false);
        return WireApi.ToData(new RouterInfo(created.Id, NodeId, worker.WorkerId, created.RtpCapabilities, created.AppData));
    }

    private MediaWorker ResolveWorker(JsonElement data)
    {
        var workerId = WireData.OptionalInt(data, "workerId") ?? throw new TypeError("missing workerId");
        if (workerId < 0 || workerId >= _workers.Length)
        {
            throw new TypeError($"invalid workerId {workerId}: node '{NodeId}' has workers 0–{_workers.Length - 1}");
        }
        return _workers[workerId];
    }

    private bool TryResolveEntity(EntityKind kind, string id, JsonElement data, out EntityEntry entry)
    {
        entry = null!;
        if (EntityId.TryParseOwner(id, out var owner, out var incarnation) && owner == NodeId && incarnation != Incarnation)
        {
            return false; // an id of an earlier incarnation of this node: that entity is gone
        }
        var scope = WireData.OptionalString(data, "transportId") ?? (kind == EntityKind.Router ? null : WireData.OptionalString(data, "routerId"));
        return Registry.TryGet(kind, id, kind == EntityKind.Transport || kind == EntityKind.Router ? null : scope, out entry);
    }

    private static SfuException NotFound(EntityKind kind, string id) =>
        new($"{char.ToLowerInvariant(kind.ToString()[0])}{kind.ToString()[1..]} '{id}' not found (closed or never existed)");

    private async Task<object> Ask(IActorRef target, object command, CancellationToken cancellationToken)
    {
        try
        {
            return await target.Ask(command, Settings.RequestTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (AskTimeoutException)
        {
            throw new DeadlineExceededError($"no answer within {Settings.RequestTimeout.TotalSeconds:0.###} s");
        }
        catch (ActorTerminatedException)
        {
            throw new SfuException("the target closed before it could answer");
        }
    }
}
