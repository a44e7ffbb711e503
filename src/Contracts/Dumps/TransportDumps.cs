using System.Text.Json.Serialization;
using Sfu.Contracts.Transports;

namespace Sfu.Contracts.Dumps;

/// <summary>
/// §3.9 The fields every <c>transport.dump()</c> has (T10): <c>{ id, direct, producerIds, consumerIds,
/// mapSsrcConsumerId, mapRtxSsrcConsumerId, recvRtpHeaderExtensions, rtpListener, maxMessageSize, dataProducerIds,
/// dataConsumerIds, sctpParameters?, sctpState?, sctpListener?, traceEventTypes }</c>.
/// </summary>
/// <remarks>
/// Dumps carry no <c>type</c> field, so the kind is known from the transport asked. Written through a base
/// reference, a dump still writes all the fields of its runtime kind (derived types without a discriminator);
/// reading needs the concrete record.
/// </remarks>
[JsonDerivedType(typeof(WebRtcTransportDump))]
[JsonDerivedType(typeof(PlainTransportDump))]
[JsonDerivedType(typeof(PipeTransportDump))]
[JsonDerivedType(typeof(DirectTransportDump))]
public abstract record BaseTransportDump
{
    public string Id { get; init; } = "";

    /// <summary>True only for DirectTransport (DT1).</summary>
    public bool Direct { get; init; }

    public IReadOnlyList<string> ProducerIds { get; init; } = [];

    public IReadOnlyList<string> ConsumerIds { get; init; } = [];

    /// <summary>Consumer SSRC → consumer id.</summary>
    public IReadOnlyList<KeyValueEntry<uint, string>> MapSsrcConsumerId { get; init; } = [];

    /// <summary>Consumer RTX SSRC → consumer id.</summary>
    public IReadOnlyList<KeyValueEntry<uint, string>> MapRtxSsrcConsumerId { get; init; } = [];

    public RecvRtpHeaderExtensions RecvRtpHeaderExtensions { get; init; } = new();

    public RtpListenerDump RtpListener { get; init; } = new();

    public long MaxMessageSize { get; init; }

    public IReadOnlyList<string> DataProducerIds { get; init; } = [];

    public IReadOnlyList<string> DataConsumerIds { get; init; } = [];

    public SctpParameters? SctpParameters { get; init; }

    public SctpState? SctpState { get; init; }

    public SctpListenerDump? SctpListener { get; init; }

    /// <summary>The enabled trace event types (T6), e.g. <c>['probation']</c>.</summary>
    public IReadOnlyList<string> TraceEventTypes { get; init; } = [];

    /// <summary>
    /// Not in mediasoup: incoming datagrams this transport dropped, by reason (only non-zero reasons). Bad network input
    /// is dropped and counted, never an error.
    /// </summary>
    public IReadOnlyDictionary<string, long>? PacketDrops { get; init; }
}

/// <summary>
/// The header extension ids (RFC 8285) the transport reads on receive:
/// <c>{ mid?, rid?, rrid?, absSendTime?, transportWideCc01? }</c>.
/// </summary>
public sealed record RecvRtpHeaderExtensions
{
    public int? Mid { get; init; }

    public int? Rid { get; init; }

    public int? Rrid { get; init; }

    public int? AbsSendTime { get; init; }

    public int? TransportWideCc01 { get; init; }
}

/// <summary>
/// MP1 <c>{ ssrcTable[{key,value}], midTable[…], ridTable[…] }</c>: SSRC, MID and RID → producer id.
/// </summary>
/// <remarks>
/// mediasoup's TypeScript declares every key as a number, but the worker sends MIDs and RIDs as strings
/// (flatbuffers <c>StringString</c>); the keys here follow the worker.
/// </remarks>
public sealed record RtpListenerDump
{
    public IReadOnlyList<KeyValueEntry<uint, string>> SsrcTable { get; init; } = [];

    public IReadOnlyList<KeyValueEntry<string, string>> MidTable { get; init; } = [];

    public IReadOnlyList<KeyValueEntry<string, string>> RidTable { get; init; } = [];
}

/// <summary><c>{ streamIdTable[{key,value}] }</c>: SCTP stream id → data producer id.</summary>
public sealed record SctpListenerDump
{
    public IReadOnlyList<KeyValueEntry<int, string>> StreamIdTable { get; init; } = [];
}

/// <summary>
/// The WebRtcTransport dump: base plus <c>{ iceRole, iceParameters, iceCandidates, iceState, iceSelectedTuple?,
/// dtlsParameters, dtlsState, dtlsRemoteCert? }</c>.
/// </summary>
public sealed record WebRtcTransportDump : BaseTransportDump
{
    public IceRole IceRole { get; init; }

    public required IceParameters IceParameters { get; init; }

    public IReadOnlyList<IceCandidate> IceCandidates { get; init; } = [];

    public IceState IceState { get; init; }

    public TransportTuple? IceSelectedTuple { get; init; }

    public required DtlsParameters DtlsParameters { get; init; }

    public DtlsState DtlsState { get; init; }

    /// <summary>The remote certificate in PEM, once DTLS is connected.</summary>
    public string? DtlsRemoteCert { get; init; }
}

/// <summary>PT8 The PlainTransport dump: base plus <c>{ rtcpMux, comedia, tuple, rtcpTuple?, srtpParameters? }</c>.</summary>
public sealed record PlainTransportDump : BaseTransportDump
{
    public bool RtcpMux { get; init; }

    public bool Comedia { get; init; }

    public TransportTuple Tuple { get; init; } = new();

    public TransportTuple? RtcpTuple { get; init; }

    public SrtpParameters? SrtpParameters { get; init; }
}

/// <summary>PP4 The PipeTransport dump: base plus <c>{ tuple, rtx, srtpParameters? }</c>.</summary>
public sealed record PipeTransportDump : BaseTransportDump
{
    public TransportTuple Tuple { get; init; } = new();

    public bool Rtx { get; init; }

    public SrtpParameters? SrtpParameters { get; init; }
}

/// <summary>DT1 The DirectTransport dump: the base fields, with <c>direct: true</c>.</summary>
public sealed record DirectTransportDump : BaseTransportDump;
