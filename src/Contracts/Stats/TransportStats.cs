using System.Text.Json.Serialization;
using Sfu.Contracts.Json;
using Sfu.Contracts.Transports;

namespace Sfu.Contracts.Stats;

/// <summary>
/// §3.9 The fields every transport's <c>getStats()</c> entry has (T10). Byte counters are cumulative, bitrates
/// in bps, <c>timestamp</c> in ms. Written through a base reference, an instance writes all the fields of its
/// kind; read as this base type, the <c>type</c> field picks the kind.
/// </summary>
[JsonConverter(typeof(TransportStatsConverter))]
public abstract record BaseTransportStats
{
    /// <summary><c>'webrtc-transport'</c>, <c>'plain-rtp-transport'</c>, <c>'pipe-transport'</c> or <c>'direct-transport'</c>.</summary>
    public abstract string Type { get; }

    public string TransportId { get; init; } = "";

    public long Timestamp { get; init; }

    public SctpState? SctpState { get; init; }

    public long BytesReceived { get; init; }

    public long RecvBitrate { get; init; }

    public long BytesSent { get; init; }

    public long SendBitrate { get; init; }

    public long RtpBytesReceived { get; init; }

    public long RtpRecvBitrate { get; init; }

    public long RtpBytesSent { get; init; }

    public long RtpSendBitrate { get; init; }

    public long RtxBytesReceived { get; init; }

    public long RtxRecvBitrate { get; init; }

    public long RtxBytesSent { get; init; }

    public long RtxSendBitrate { get; init; }

    public long ProbationBytesSent { get; init; }

    public long ProbationSendBitrate { get; init; }

    public long? AvailableOutgoingBitrate { get; init; }

    public long? AvailableIncomingBitrate { get; init; }

    /// <summary>Absent until <c>setMaxIncomingBitrate</c> set a limit (WT10).</summary>
    public long? MaxIncomingBitrate { get; init; }

    public long? MaxOutgoingBitrate { get; init; }

    public long? MinOutgoingBitrate { get; init; }

    public double? RtpPacketLossReceived { get; init; }

    public double? RtpPacketLossSent { get; init; }
}

/// <summary>WT10 <c>{ ...base, type: 'webrtc-transport', iceRole, iceState, iceSelectedTuple?, dtlsState }</c>.</summary>
public sealed record WebRtcTransportStats : BaseTransportStats
{
    public const string TypeName = "webrtc-transport";

    public override string Type => TypeName;

    public IceRole IceRole { get; init; }

    public IceState IceState { get; init; }

    public TransportTuple? IceSelectedTuple { get; init; }

    public DtlsState DtlsState { get; init; }
}

/// <summary>PT8 <c>{ ...base, type: 'plain-rtp-transport', rtcpMux, comedia, tuple, rtcpTuple? }</c>.</summary>
public sealed record PlainTransportStats : BaseTransportStats
{
    public const string TypeName = "plain-rtp-transport";

    public override string Type => TypeName;

    public bool RtcpMux { get; init; }

    public bool Comedia { get; init; }

    public TransportTuple Tuple { get; init; } = new();

    public TransportTuple? RtcpTuple { get; init; }
}

/// <summary>PP4 <c>{ ...base, type: 'pipe-transport', tuple }</c>.</summary>
public sealed record PipeTransportStats : BaseTransportStats
{
    public const string TypeName = "pipe-transport";

    public override string Type => TypeName;

    public TransportTuple Tuple { get; init; } = new();
}

/// <summary>DT5 <c>{ ...base, type: 'direct-transport' }</c>.</summary>
public sealed record DirectTransportStats : BaseTransportStats
{
    public const string TypeName = "direct-transport";

    public override string Type => TypeName;
}

/// <summary>Reads a <see cref="BaseTransportStats"/> by its <c>type</c>; writes the runtime type's fields.</summary>
public sealed class TransportStatsConverter : TypeFieldConverter<BaseTransportStats>
{
    protected override Type? DerivedTypeFor(string type) => type switch
    {
        WebRtcTransportStats.TypeName => typeof(WebRtcTransportStats),
        PlainTransportStats.TypeName => typeof(PlainTransportStats),
        PipeTransportStats.TypeName => typeof(PipeTransportStats),
        DirectTransportStats.TypeName => typeof(DirectTransportStats),
        _ => null,
    };
}
