using Sfu.Actors.Cluster;
using Sfu.Actors.Runtime;
using Sfu.Contracts.Events;
using Sfu.Contracts.Transports;
using Sfu.Contracts.Wire;
using Sfu.Media.Routing;
using Sfu.Media.Transports;

namespace Sfu.Actors.Entities;

/// <summary>
/// Turns a media transport's events into notifications, and its close into the end of its actor. Runs on the worker
/// thread, called by the media object; the actor is set right after it is spawned.
/// </summary>
internal sealed class TransportEvents(RouterEvents events, EntityContext context) : ITransportListener
{
    public IActorRef Actor { get; set; } = Nobody.Instance;

    public void OnTransportClosed(Transport transport, string reason)
    {
        events.Publish(WireMethods.TransportClosed, new { transportId = transport.Id, reason });
        context.Registry.RemoveById(EntityKind.Transport, transport.Id, Actor);
        context.Pipes.OnTransportClosed(transport.Id);
        context.System.Stop(Actor);
    }

    public void OnTransportTuple(Transport transport)
    {
        if (transport is PlainTransport plain)
        {
            events.Publish(WireMethods.TransportTupleNotification, new { transportId = transport.Id, tuple = plain.Tuple });
        }
    }

    public void OnTransportRtcpTuple(Transport transport)
    {
        if (transport is PlainTransport { RtcpTuple: { } rtcpTuple })
        {
            events.Publish(WireMethods.TransportRtcpTupleNotification, new { transportId = transport.Id, rtcpTuple });
        }
    }

    public void OnTransportTrace(Transport transport, TraceEvent trace) =>
        events.Publish(WireMethods.TransportTraceNotification, new { transportId = transport.Id, trace });

    public void OnTransportSctpStateChange(Transport transport, SctpState sctpState) =>
        events.Publish(WireMethods.TransportSctpStateChangeNotification, new { transportId = transport.Id, sctpState });
}

/// <summary>A media producer's events as notifications; its close ends its actor.</summary>
internal sealed class ProducerEvents(RouterEvents events, EntityContext context) : IProducerListener
{
    public IActorRef Actor { get; set; } = Nobody.Instance;

    public void OnProducerClosed(Producer producer, string reason)
    {
        events.Publish(WireMethods.ProducerClosed, new { producerId = producer.Id, transportId = producer.Transport.Id, reason });
        context.Registry.RemoveById(EntityKind.Producer, producer.Id, Actor);
        context.Pipes.OnProducerClosed(producer.Transport.Id, producer.Id);
        context.System.Stop(Actor);
    }

    public void OnProducerScore(Producer producer) =>
        events.Publish(WireMethods.ProducerScoreNotification, new { producerId = producer.Id, transportId = producer.Transport.Id, score = producer.Score });

    public void OnProducerPauseChange(Producer producer, bool paused) =>
        events.Publish(paused ? WireMethods.ProducerPauseNotification : WireMethods.ProducerResumeNotification,
            new { producerId = producer.Id, transportId = producer.Transport.Id });

    public void OnProducerVideoOrientationChange(Producer producer, ProducerVideoOrientation videoOrientation) =>
        events.Publish(WireMethods.ProducerVideoOrientationChangeNotification,
            new { producerId = producer.Id, transportId = producer.Transport.Id, videoOrientation });

    public void OnProducerTrace(Producer producer, TraceEvent trace) =>
        events.Publish(WireMethods.ProducerTraceNotification, new { producerId = producer.Id, transportId = producer.Transport.Id, trace });
}

/// <summary>A media consumer's events as notifications; its close ends its actor.</summary>
internal sealed class ConsumerEvents(RouterEvents events, EntityContext context) : IConsumerListener
{
    public IActorRef Actor { get; set; } = Nobody.Instance;

    public void OnConsumerClosed(Consumer consumer, string reason)
    {
        if (reason == Contracts.CloseReasons.ProducerClose)
        {
            events.Publish(WireMethods.ConsumerProducerCloseNotification, new { consumerId = consumer.Id });
        }
        events.Publish(WireMethods.ConsumerClosed, new { consumerId = consumer.Id, transportId = consumer.Transport.Id, reason });
        context.Registry.RemoveById(EntityKind.Consumer, consumer.Id, Actor);
        context.Pipes.OnConsumerClosed(consumer.Id);
        context.System.Stop(Actor);
    }

    // PR4: a pipe consumer's pause and resume, its own or its producer's, act on its pipe producer.
    public void OnConsumerPaused(Consumer consumer) => context.Pipes.OnConsumerPaused(consumer.Id);

    public void OnConsumerResumed(Consumer consumer) => context.Pipes.OnConsumerResumed(consumer.Id);

    public void OnConsumerProducerPaused(Consumer consumer) =>
        events.Publish(WireMethods.ConsumerProducerPauseNotification, new { consumerId = consumer.Id });

    public void OnConsumerProducerResumed(Consumer consumer) =>
        events.Publish(WireMethods.ConsumerProducerResumeNotification, new { consumerId = consumer.Id });

    public void OnConsumerScore(Consumer consumer) =>
        events.Publish(WireMethods.ConsumerScoreNotification, new { consumerId = consumer.Id, score = consumer.Score });

    public void OnConsumerTrace(Consumer consumer, TraceEvent trace) =>
        events.Publish(WireMethods.ConsumerTraceNotification, new { consumerId = consumer.Id, trace });
}
