using Sfu.Actors.Cluster;
using Sfu.Actors.Runtime;
using Sfu.Contracts;
using Sfu.Contracts.Ids;
using Sfu.Contracts.Options;
using Sfu.Contracts.Rtp;
using Sfu.Contracts.Wire;
using Sfu.Media.Routing;
using Sfu.Media.Transports;

namespace Sfu.Actors.Entities;

/// <summary>
/// A router as an entity: commands in, events out. Its mailbox runs on its worker's thread, so it calls its media
/// <see cref="Router"/> directly. Transports it creates are its children. When the router closes (by request, or
/// because its worker stops) the actor publishes <c>router.close</c> and stops.
/// </summary>
public sealed class RouterActor : ReceiveActor, IRouterListener
{
    private readonly Router _router;
    private readonly EntityContext _context;
    private readonly RouterEvents _events;

    public RouterActor(string routerId, RtpCapabilities rtpCapabilities, EntityContext context)
    {
        _context = context;
        _events = new RouterEvents(routerId, context.Events);
        _router = new Router(routerId, rtpCapabilities, context.Media, this);

        Receive<RouterProtocol.Close>(close =>
        {
            _router.Close(close.Reason);
            Sender.Tell(Done.Instance);
        });
        Receive<RouterProtocol.Dump>(_ => Sender.Tell(_router.Dump()));
        Receive<RouterProtocol.CanConsume>(c => Sender.Tell(_router.CanConsume(c.ProducerId, c.RtpCapabilities)));
        Receive<RouterProtocol.CreatePlainTransport>(create =>
        {
            var transport = Spawn(listener => PlainTransport.Create(NewId(), _router, create.Options, listener));
            Sender.Tell(Infos.Of((PlainTransport)transport));
        });
        Receive<RouterProtocol.CreatePipeTransport>(create =>
        {
            var transport = Spawn(listener => PipeTransport.Create(NewId(), _router, create.Options, listener));
            Sender.Tell(Infos.Of((PipeTransport)transport));
        });
        Receive<RouterProtocol.GetProducerForPipe>(get =>
        {
            var producer = _router.GetProducer(get.ProducerId) ?? throw new TypeError("Producer not found");
            Sender.Tell(new RouterProtocol.ProducerForPipe(producer.Id, producer.Kind, producer.Paused, producer.AppData.DeepClone().AsObject()));
        });
    }

    void IRouterListener.OnRouterClosed(Router router, string reason)
    {
        _events.Publish(WireMethods.RouterClosed, new { routerId = router.Id, reason });
        _context.Registry.RemoveById(EntityKind.Router, router.Id, Self);
        _context.Pipes.OnRouterClosed(router.Id);
        Context.Parent.Tell(new WorkerProtocol.RouterClosed(router.Id));
        Context.Stop(Self);
    }

    protected override void PostStop()
    {
        // Stopped from outside (the worker is stopping): the router closes with it.
        _router.Close(CloseReasons.WorkerClose);
    }

    private string NewId() => EntityId.New(_context.NodeId, _context.Incarnation);

    /// <summary>Creates a media transport (validation errors go to the asker) and its actor.</summary>
    private Transport Spawn(Func<ITransportListener, Transport> create)
    {
        var listener = new TransportEvents(_events, _context);
        var transport = create(listener);
        var actor = Context.ActorOf(Props.Create(() => new TransportActor(transport, _events, _context)).WithDispatcher(Context.Dispatcher));
        listener.Actor = actor;
        _context.Registry.Add(new EntityEntry(EntityKind.Transport, transport.Id, actor, _context.WorkerId, _router.Id, transport.Id));
        return transport;
    }
}

/// <summary>What every entity actor of a node needs to know about where it lives.</summary>
public sealed record EntityContext(
    string NodeId,
    long Incarnation,
    int WorkerId,
    EntityRegistry Registry,
    IRouterEventSink Events,
    WorkerContext Media,
    PipeCoordinator Pipes,
    ActorSystem System);
