using System.Text.Json;
using Sfu.Actors.Cluster;
using Sfu.Actors.Runtime;
using Sfu.Contracts;
using Sfu.Contracts.Rtp;
using Sfu.Contracts.Wire;
using Sfu.Media.Routing;

namespace Sfu.Actors.Entities;

/// <summary>
/// A router as an entity: commands in, events out. Its mailbox runs on its worker's thread, so it calls its media
/// <see cref="Router"/> directly. When the router closes (by request, or because its worker stops) the actor
/// publishes <c>router.close</c> and stops.
/// </summary>
public sealed class RouterActor : ReceiveActor, IRouterListener
{
    private readonly Router _router;
    private readonly EntityContext _context;
    private long _eventSequence;

    public RouterActor(string routerId, RtpCapabilities rtpCapabilities, EntityContext context)
    {
        _context = context;
        _router = new Router(routerId, rtpCapabilities, this);

        Receive<RouterProtocol.Close>(close =>
        {
            _router.Close(close.Reason);
            Sender.Tell(Done.Instance);
        });
        Receive<RouterProtocol.Dump>(_ => Sender.Tell(_router.Dump()));
        Receive<RouterProtocol.CanConsume>(c => Sender.Tell(_router.CanConsume(c.ProducerId, c.RtpCapabilities)));
    }

    void IRouterListener.OnRouterClosed(Router router, string reason)
    {
        Publish(WireMethods.RouterClosed, new { routerId = router.Id, reason });
        _context.Registry.RemoveById(EntityKind.Router, router.Id, Self);
        Context.Parent.Tell(new WorkerProtocol.RouterClosed(router.Id));
        Context.Stop(Self);
    }

    protected override void PostStop()
    {
        // Stopped from outside (the worker is stopping): the router closes with it.
        _router.Close(CloseReasons.WorkerClose);
    }

    private void Publish(string method, object data) =>
        _context.Events.Publish(new RouterEvent(
            _router.Id,
            ++_eventSequence,
            new WireNotification(method, JsonSerializer.SerializeToElement(data, Contracts.Json.SfuJson.Options))));
}

/// <summary>What every entity actor of a node needs to know about where it lives.</summary>
public sealed record EntityContext(string NodeId, int WorkerId, EntityRegistry Registry, IRouterEventSink Events);
