using System.Text.Json.Nodes;
using Sfu.Contracts.Dumps;
using Sfu.Contracts.Events;
using Sfu.Contracts.Rtp;
using Sfu.Contracts.Transports;

namespace Sfu.Contracts.Api;

/// <summary>
/// What <c>router.createPlainTransport</c> answers: the transport's id and public properties, as mediasoup's
/// PlainTransport exposes them.
/// </summary>
public sealed record PlainTransportInfo
{
    public required string Id { get; init; }

    public required string RouterId { get; init; }

    public string Type => "plain";

    public required TransportTuple Tuple { get; init; }

    public TransportTuple? RtcpTuple { get; init; }

    public bool RtcpMux { get; init; }

    public bool Comedia { get; init; }

    public SctpParameters? SctpParameters { get; init; }

    public SctpState? SctpState { get; init; }

    public SrtpParameters? SrtpParameters { get; init; }

    public JsonObject AppData { get; init; } = new();
}

/// <summary>What <c>router.createPipeTransport</c> answers.</summary>
public sealed record PipeTransportInfo
{
    public required string Id { get; init; }

    public required string RouterId { get; init; }

    public string Type => "pipe";

    public required TransportTuple Tuple { get; init; }

    public bool Rtx { get; init; }

    public SctpParameters? SctpParameters { get; init; }

    public SctpState? SctpState { get; init; }

    public SrtpParameters? SrtpParameters { get; init; }

    public JsonObject AppData { get; init; } = new();
}

/// <summary>What <c>transport.produce</c> answers: mediasoup's Producer properties, plus where it lives.</summary>
public sealed record ProducerInfo
{
    public required string Id { get; init; }

    public required string TransportId { get; init; }

    public required MediaKind Kind { get; init; }

    public required RtpParameters RtpParameters { get; init; }

    public required ProducerType Type { get; init; }

    public bool Paused { get; init; }

    public IReadOnlyList<ProducerScore> Score { get; init; } = [];

    public JsonObject AppData { get; init; } = new();
}

/// <summary>What <c>transport.consume</c> answers: mediasoup's Consumer properties, plus where it lives.</summary>
public sealed record ConsumerInfo
{
    public required string Id { get; init; }

    public required string TransportId { get; init; }

    public required string ProducerId { get; init; }

    public required MediaKind Kind { get; init; }

    public required RtpParameters RtpParameters { get; init; }

    public required ConsumerType Type { get; init; }

    public bool Paused { get; init; }

    public bool ProducerPaused { get; init; }

    public int Priority { get; init; } = 1;

    public required ConsumerScore Score { get; init; }

    public ConsumerLayers? PreferredLayers { get; init; }

    public ConsumerLayers? CurrentLayers { get; init; }

    public JsonObject AppData { get; init; } = new();
}

/// <summary>What <c>router.pipeToRouter</c> answers for a producer.</summary>
public sealed record PipeToRouterInfo(ConsumerInfo PipeConsumer, ProducerInfo PipeProducer);
