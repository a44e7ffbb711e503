using System.Text.Json;
using Sfu.Actors.Cluster;
using Sfu.Contracts.Json;
using Sfu.Contracts.Wire;

namespace Sfu.Actors.Entities;

/// <summary>
/// Publishes the notifications of one router and of everything in it, numbered per router so a subscriber can tell
/// a gap. Worker thread only (every entity of a router lives there).
/// </summary>
public sealed class RouterEvents(string routerId, IRouterEventSink sink)
{
    private long _sequence;

    public string RouterId => routerId;

    public void Publish(string method, object data) =>
        sink.Publish(new RouterEvent(routerId, ++_sequence, new WireNotification(method, JsonSerializer.SerializeToElement(data, data.GetType(), SfuJson.Options))));
}
