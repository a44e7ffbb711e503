using Sfu.Contracts.Wire;

namespace Sfu.Actors.Cluster;

/// <summary>
/// A notification about a router or anything inside it, on its way to the sessions that follow the router.
/// <paramref name="Sequence"/> counts per router, so a subscriber can tell a gap.
/// </summary>
public sealed record RouterEvent(string RouterId, long Sequence, WireNotification Notification);

/// <summary>Where entity actors publish their events (the node's bus).</summary>
public interface IRouterEventSink
{
    void Publish(RouterEvent routerEvent);
}
