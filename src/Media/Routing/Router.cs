using Sfu.Contracts.Dumps;
using Sfu.Contracts.Rtp;

namespace Sfu.Media.Routing;

/// <summary>Events a <see cref="Router"/> raises to whoever owns it (its actor). Called on the router's worker thread.</summary>
public interface IRouterListener
{
    void OnRouterClosed(Router router, string reason);
}

/// <summary>
/// mediasoup's Router: the room where producers are consumed. Lives on one worker thread; everything inside it
/// (transports, producers, consumers, observers) lives on that thread too.
/// </summary>
public sealed class Router
{
    private readonly IRouterListener _listener;

    public Router(string id, RtpCapabilities rtpCapabilities, IRouterListener listener)
    {
        Id = id;
        RtpCapabilities = rtpCapabilities;
        _listener = listener;
    }

    public string Id { get; }

    /// <summary>The router's capabilities, from ORTC-1.</summary>
    public RtpCapabilities RtpCapabilities { get; }

    public bool Closed { get; private set; }

    /// <summary>R2: the router's tables.</summary>
    public RouterDump Dump() => new()
    {
        Id = Id,
        TransportIds = [],
        RtpObserverIds = [],
        MapProducerIdConsumerIds = [],
        MapConsumerIdProducerId = [],
        MapProducerIdObserverIds = [],
        MapDataProducerIdDataConsumerIds = [],
        MapDataConsumerIdDataProducerId = [],
    };

    /// <summary>R4: whether a producer of this router can be consumed with the given capabilities. Never throws.</summary>
    public bool CanConsume(string? producerId, RtpCapabilities? rtpCapabilities)
    {
        if (Closed || producerId is null || rtpCapabilities is null)
        {
            return false;
        }
        // No producer exists yet in this router (producers come with transports).
        return false;
    }

    /// <summary>Closes the router and everything in it. Idempotent.</summary>
    public void Close(string reason)
    {
        if (Closed)
        {
            return;
        }
        Closed = true;
        _listener.OnRouterClosed(this, reason);
    }
}
