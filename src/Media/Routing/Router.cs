using Sfu.Contracts;
using Sfu.Contracts.Dumps;
using Sfu.Contracts.Rtp;
using Sfu.Media.Buffers;
using Sfu.Media.Rtp;
using Sfu.Media.Time;
using Sfu.Media.Transports;

namespace Sfu.Media.Routing;

/// <summary>Events a <see cref="Router"/> raises to whoever owns it (its actor). Called on the router's worker thread.</summary>
public interface IRouterListener
{
    void OnRouterClosed(Router router, string reason);
}

/// <summary>
/// mediasoup's Router: the room where producers are consumed. Lives on one worker thread; everything inside it
/// (transports, producers, consumers) lives on that thread too. It holds the producer → consumers table and does the
/// fan-out: each packet a producer accepts goes to each of its consumers by direct calls.
/// </summary>
public sealed class Router
{
    private readonly IRouterListener _listener;
    private readonly Dictionary<string, Transport> _transports = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Producer> _producers = new(StringComparer.Ordinal);
    private readonly Dictionary<Producer, List<Consumer>> _consumersByProducer = new(ReferenceEqualityComparer.Instance);

    public Router(string id, RtpCapabilities rtpCapabilities, WorkerContext context, IRouterListener listener)
    {
        Id = id;
        RtpCapabilities = rtpCapabilities;
        Context = context;
        _listener = listener;
    }

    public string Id { get; }

    /// <summary>The router's capabilities, from ORTC-1.</summary>
    public RtpCapabilities RtpCapabilities { get; }

    public WorkerContext Context { get; }

    public bool Closed { get; private set; }

    public IReadOnlyCollection<Transport> Transports => _transports.Values;

    public Producer? GetProducer(string producerId) => _producers.GetValueOrDefault(producerId);

    public bool HasProducer(string producerId) => _producers.ContainsKey(producerId);

    public Transport? GetTransport(string transportId) => _transports.GetValueOrDefault(transportId);

    /// <summary>R2: the router's tables.</summary>
    public RouterDump Dump() => new()
    {
        Id = Id,
        TransportIds = _transports.Keys.ToArray(),
        RtpObserverIds = [],
        MapProducerIdConsumerIds = _consumersByProducer
            .Select(e => new KeyValuesEntry<string, string>(e.Key.Id, e.Value.Select(c => c.Id).ToArray()))
            .ToArray(),
        MapConsumerIdProducerId = _consumersByProducer
            .SelectMany(e => e.Value.Select(c => new KeyValueEntry<string, string>(c.Id, e.Key.Id)))
            .ToArray(),
        MapProducerIdObserverIds = _producers.Keys.Select(id => new KeyValuesEntry<string, string>(id, [])).ToArray(),
        MapDataProducerIdDataConsumerIds = [],
        MapDataConsumerIdDataProducerId = [],
    };

    /// <summary>R4: whether a producer of this router can be consumed with the given capabilities. Never throws.</summary>
    public bool CanConsume(string? producerId, RtpCapabilities? rtpCapabilities)
    {
        if (Closed || producerId is null || rtpCapabilities is null || !_producers.TryGetValue(producerId, out var producer))
        {
            return false;
        }
        try
        {
            return Ortc.Ortc.CanConsume(producer.ConsumableRtpParameters, Ortc.Ortc.ValidateRtpCapabilities(rtpCapabilities));
        }
        catch (SfuException)
        {
            return false;
        }
    }

    /// <summary>Closes the router and everything in it (transports close with reason <c>routerclose</c>). Idempotent.</summary>
    public void Close(string reason)
    {
        if (Closed)
        {
            return;
        }
        Closed = true;
        foreach (var transport in _transports.Values.ToArray())
        {
            transport.Close(CloseReasons.RouterClose);
        }
        _listener.OnRouterClosed(this, reason);
    }

    // ---- tables (called by transports) ----

    internal void AddTransport(Transport transport)
    {
        if (Closed)
        {
            throw new SfuException($"router '{Id}' is closed");
        }
        _transports.Add(transport.Id, transport);
    }

    internal void RemoveTransport(Transport transport) => _transports.Remove(transport.Id);

    internal void AddProducer(Producer producer)
    {
        if (!_producers.TryAdd(producer.Id, producer))
        {
            throw new SfuException($"a Producer with same producerId \"{producer.Id}\" already exists");
        }
        _consumersByProducer[producer] = new List<Consumer>();
    }

    /// <summary>
    /// A producer closed: its consumers close with reason <c>producerclose</c> (C0.3). Not while the router itself
    /// closes: then every consumer closes with its own transport (<c>transportclose</c>), as in mediasoup, whichever
    /// transport happens to close first.
    /// </summary>
    internal void RemoveProducer(Producer producer)
    {
        if (!_producers.Remove(producer.Id))
        {
            return;
        }
        if (_consumersByProducer.Remove(producer, out var consumers) && !Closed)
        {
            foreach (var consumer in consumers.ToArray())
            {
                consumer.OnProducerClosed();
            }
        }
    }

    internal void AddConsumer(Consumer consumer)
    {
        if (_consumersByProducer.TryGetValue(consumer.Producer, out var consumers))
        {
            consumers.Add(consumer);
        }
    }

    internal void RemoveConsumer(Consumer consumer)
    {
        if (_consumersByProducer.TryGetValue(consumer.Producer, out var consumers))
        {
            consumers.Remove(consumer);
        }
    }

    // ---- the data path (hot) ----

    /// <summary>A producer accepted a packet, already rewritten into router space: every consumer gets it.</summary>
    internal void OnProducerRtpPacket(Producer producer, in RtpPacketView packet, bool isKeyFrame, Instant now)
    {
        if (!_consumersByProducer.TryGetValue(producer, out var consumers))
        {
            return;
        }
        for (var i = 0; i < consumers.Count; i++)
        {
            consumers[i].SendRtpPacket(in packet, isKeyFrame, now);
        }
        if (_sharedPacket is not null)
        {
            _sharedPacket.Release();
            _sharedPacket = null;
        }
    }

    private PacketBuffer? _sharedPacket;

    /// <summary>
    /// During a fan-out: one pooled copy of the router-space packet that the consumers' retransmission buffers share
    /// (each retains it); made on first request, so packets nobody keeps are never copied.
    /// </summary>
    internal PacketBuffer? SharedPacket(in RtpPacketView packet) => _sharedPacket ??= Context.Pool.RentCopy(packet.Buffer);

    /// <summary>A consumer's receiver wants a key frame: ask the producer for one on the stream the consumer uses.</summary>
    internal static void OnConsumerKeyFrameRequested(Consumer consumer, uint mappedSsrc, Instant now) =>
        consumer.Producer.RequestKeyFrame(mappedSsrc, now);

    internal void OnProducerPaused(Producer producer)
    {
        if (_consumersByProducer.TryGetValue(producer, out var consumers))
        {
            foreach (var consumer in consumers.ToArray())
            {
                consumer.OnProducerPaused();
            }
        }
    }

    internal void OnProducerResumed(Producer producer, Instant now)
    {
        if (_consumersByProducer.TryGetValue(producer, out var consumers))
        {
            foreach (var consumer in consumers.ToArray())
            {
                consumer.OnProducerResumed(now);
            }
        }
    }

    /// <summary>A producer's encoding (router SSRC <paramref name="mappedSsrc"/>) has a new sender stream.</summary>
    internal void OnProducerStreamReplaced(Producer producer, uint mappedSsrc, Instant now)
    {
        if (_consumersByProducer.TryGetValue(producer, out var consumers))
        {
            foreach (var consumer in consumers)
            {
                consumer.OnProducerStreamReplaced(mappedSsrc, now);
            }
        }
    }

    /// <summary>A producer stream's score changed: its consumers' scores carry it.</summary>
    internal void OnProducerScores(Producer producer)
    {
        if (_consumersByProducer.TryGetValue(producer, out var consumers))
        {
            foreach (var consumer in consumers)
            {
                consumer.OnProducerScores();
            }
        }
    }
}
