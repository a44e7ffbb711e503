using Sfu.Actors.Api;
using Sfu.Actors.Cluster;
using Sfu.Actors.Runtime;
using Sfu.Contracts.Api;
using Sfu.Contracts.Ids;
using Sfu.Contracts.Options;
using Sfu.Media.Routing;
using Sfu.Media.Transports;

namespace Sfu.Actors.Entities;

/// <summary>
/// A transport as an entity: connect, produce, consume, dump, stats, close. Its mailbox runs on the router's worker
/// thread, so it calls its media <see cref="Transport"/> directly; producers and consumers it creates are its children.
/// </summary>
public sealed class TransportActor : ReceiveActor
{
    private readonly Transport _transport;
    private readonly RouterEvents _events;
    private readonly EntityContext _context;

    public TransportActor(Transport transport, RouterEvents events, EntityContext context)
    {
        _transport = transport;
        _events = events;
        _context = context;

        Receive<TransportProtocol.Connect>(connect =>
        {
            switch (_transport)
            {
                case PlainTransport plain:
                    plain.Connect(WireData.Whole<PlainTransportConnectParameters>(connect.Parameters));
                    Sender.Tell(Infos.Of(plain));
                    break;
                case PipeTransport pipe:
                    pipe.Connect(WireData.Whole<PipeTransportConnectParameters>(connect.Parameters));
                    Sender.Tell(Infos.Of(pipe));
                    break;
                default:
                    Sender.Tell(Done.Instance);
                    break;
            }
        });
        Receive<TransportProtocol.Produce>(OnProduce);
        Receive<TransportProtocol.Consume>(OnConsume);
        Receive<TransportProtocol.Dump>(_ => Sender.Tell(_transport.Dump()));
        Receive<TransportProtocol.GetStats>(_ => Sender.Tell(new[] { _transport.GetStats(_context.Media.Loop.Now) }));
        Receive<TransportProtocol.EnableTraceEvent>(e =>
        {
            _transport.EnableTraceEvent(e.Types);
            Sender.Tell(Done.Instance);
        });
        Receive<TransportProtocol.SetBitrateLimit>(set =>
        {
            _transport.SetBitrateLimit(set.Limit, set.Bitrate);
            Sender.Tell(Done.Instance);
        });
        Receive<TransportProtocol.Close>(close =>
        {
            _transport.Close(close.Reason);
            Sender.Tell(Done.Instance);
        });
    }

    protected override void PostStop() => _transport.Close(Contracts.CloseReasons.WorkerClose);

    private void OnProduce(TransportProtocol.Produce produce)
    {
        var listener = new ProducerEvents(_events, _context);
        var id = produce.Options.Id ?? EntityId.New(_context.NodeId, _context.Incarnation);
        var producer = _transport.Produce(id, produce.Options, listener);
        var actor = Context.ActorOf(Props.Create(() => new ProducerActor(producer, _context)).WithDispatcher(Context.Dispatcher));
        listener.Actor = actor;
        _context.Registry.Add(new EntityEntry(EntityKind.Producer, id, actor, _context.WorkerId, _transport.Router.Id, _transport.Id));
        Sender.Tell(Infos.Of(producer));
    }

    private void OnConsume(TransportProtocol.Consume consume)
    {
        var listener = new ConsumerEvents(_events, _context);
        var consumer = _transport.Consume(EntityId.New(_context.NodeId, _context.Incarnation), consume.Options, listener);
        var actor = Context.ActorOf(Props.Create(() => new ConsumerActor(consumer, _context)).WithDispatcher(Context.Dispatcher));
        listener.Actor = actor;
        _context.Registry.Add(new EntityEntry(EntityKind.Consumer, consumer.Id, actor, _context.WorkerId, _transport.Router.Id, _transport.Id));
        Sender.Tell(Infos.Of(consumer));
    }
}

/// <summary>A producer as an entity.</summary>
public sealed class ProducerActor : ReceiveActor
{
    public ProducerActor(Producer producer, EntityContext context)
    {
        Receive<ProducerProtocol.Pause>(_ =>
        {
            producer.Pause();
            Sender.Tell(Done.Instance);
        });
        Receive<ProducerProtocol.Resume>(_ =>
        {
            producer.Resume(context.Media.Loop.Now);
            Sender.Tell(Done.Instance);
        });
        Receive<ProducerProtocol.Dump>(_ => Sender.Tell(producer.Dump()));
        Receive<ProducerProtocol.GetStats>(_ => Sender.Tell(producer.GetStats(context.Media.Loop.Now)));
        Receive<ProducerProtocol.EnableTraceEvent>(e =>
        {
            producer.EnableTraceEvent(e.Types);
            Sender.Tell(Done.Instance);
        });
        Receive<ProducerProtocol.Close>(close =>
        {
            producer.Close(close.Reason);
            Sender.Tell(Done.Instance);
        });
    }
}

/// <summary>A consumer as an entity.</summary>
public sealed class ConsumerActor : ReceiveActor
{
    public ConsumerActor(Consumer consumer, EntityContext context)
    {
        Receive<ConsumerProtocol.Pause>(_ =>
        {
            consumer.Pause();
            Sender.Tell(Done.Instance);
        });
        Receive<ConsumerProtocol.Resume>(_ =>
        {
            consumer.Resume(context.Media.Loop.Now);
            Sender.Tell(Done.Instance);
        });
        Receive<ConsumerProtocol.RequestKeyFrame>(_ =>
        {
            consumer.RequestKeyFrame(context.Media.Loop.Now);
            Sender.Tell(Done.Instance);
        });
        Receive<ConsumerProtocol.SetPriority>(p =>
        {
            consumer.SetPriority(p.Priority);
            Sender.Tell(Done.Instance);
        });
        Receive<ConsumerProtocol.SetPreferredLayers>(p =>
        {
            consumer.SetPreferredLayers(p.Layers);
            Sender.Tell(new ConsumerProtocol.SetPreferredLayersResult(consumer.PreferredLayers));
        });
        Receive<ConsumerProtocol.Dump>(_ => Sender.Tell(consumer.Dump()));
        Receive<ConsumerProtocol.GetStats>(_ => Sender.Tell(consumer.GetStats(context.Media.Loop.Now)));
        Receive<ConsumerProtocol.EnableTraceEvent>(e =>
        {
            consumer.EnableTraceEvent(e.Types);
            Sender.Tell(Done.Instance);
        });
        Receive<ConsumerProtocol.Close>(close =>
        {
            consumer.Close(close.Reason);
            Sender.Tell(Done.Instance);
        });
    }
}

/// <summary>The API shapes of created media objects.</summary>
internal static class Infos
{
    public static PlainTransportInfo Of(PlainTransport t) => new()
    {
        Id = t.Id,
        RouterId = t.Router.Id,
        Tuple = t.Tuple,
        RtcpTuple = t.RtcpTuple,
        RtcpMux = t.RtcpMux,
        Comedia = t.Comedia,
        SctpParameters = t.SctpParameters,
        SctpState = t.SctpState,
        SrtpParameters = t.SrtpParameters,
        AppData = t.AppData,
    };

    public static PipeTransportInfo Of(PipeTransport t) => new()
    {
        Id = t.Id,
        RouterId = t.Router.Id,
        Tuple = t.Tuple,
        Rtx = t.Rtx,
        SctpParameters = t.SctpParameters,
        SctpState = t.SctpState,
        SrtpParameters = t.SrtpParameters,
        AppData = t.AppData,
    };

    public static ProducerInfo Of(Producer p) => new()
    {
        Id = p.Id,
        TransportId = p.Transport.Id,
        Kind = p.Kind,
        RtpParameters = p.RtpParameters,
        Type = p.Type,
        Paused = p.Paused,
        Score = p.Score,
        AppData = p.AppData,
    };

    public static ConsumerInfo Of(Consumer c) => new()
    {
        Id = c.Id,
        TransportId = c.Transport.Id,
        ProducerId = c.Producer.Id,
        Kind = c.Kind,
        RtpParameters = c.RtpParameters,
        Type = c.Type,
        Paused = c.Paused,
        ProducerPaused = c.ProducerPaused,
        Priority = c.Priority,
        Score = c.Score,
        PreferredLayers = c.PreferredLayers,
        CurrentLayers = c.CurrentLayers,
        AppData = c.AppData,
    };
}
