using System.Text.Json.Serialization;
using Sfu.Contracts.Json;

namespace Sfu.Contracts.Transports;

/// <summary>
/// §3.8 The transport's SCTP association: <c>{ port, OS, MIS, maxMessageSize }</c> (RFC 8841 §5 <c>sctp-port</c>,
/// <c>max-message-size</c>; OS/MIS as in the INIT chunk, RFC 9260 §3.3.2). The getter and the dump also carry
/// <c>sendBufferSize, sctpBufferedAmount, isDataChannel</c>, which clients ignore.
/// </summary>
public sealed record SctpParameters
{
    /// <summary>Always 5000.</summary>
    public int Port { get; init; }

    /// <summary>Number of outgoing streams (used by data consumers).</summary>
    [JsonPropertyName("OS")]
    public int OS { get; init; }

    /// <summary>Maximum number of incoming streams (used by data producers).</summary>
    [JsonPropertyName("MIS")]
    public int MIS { get; init; }

    public long MaxMessageSize { get; init; }

    /// <summary>Dump only.</summary>
    public long? SendBufferSize { get; init; }

    /// <summary>Dump only.</summary>
    public long? SctpBufferedAmount { get; init; }

    /// <summary>Dump only: true on WebRtcTransports (SCTP over DTLS, RFC 8831).</summary>
    public bool? IsDataChannel { get; init; }
}

/// <summary>§3.8 An endpoint's SCTP capabilities: <c>{ numStreams: { OS, MIS } }</c> (mediasoup-client's <c>device.sctpCapabilities</c>).</summary>
public sealed record SctpCapabilities
{
    public required NumSctpStreams NumStreams { get; init; }
}

/// <summary>
/// §3.8 <c>{ OS, MIS }</c>: initially requested outgoing streams and maximum incoming streams.
/// As an option, a missing value stays null and the server applies mediasoup's default (1024).
/// </summary>
public sealed record NumSctpStreams
{
    [JsonPropertyName("OS")]
    public int? OS { get; init; }

    [JsonPropertyName("MIS")]
    public int? MIS { get; init; }
}

/// <summary>
/// §3.8 The reliability of one SCTP stream (RFC 8831 §6.1, RFC 3758 PR-SCTP):
/// <c>{ streamId, ordered?, maxPacketLifeTime?, maxRetransmits? }</c>.
/// <c>streamId</c> is required: JSON without it does not deserialize (a TypeError on the API).
/// </summary>
public sealed record SctpStreamParameters
{
    /// <summary>0 … 65534.</summary>
    public required int StreamId { get; init; }

    public bool? Ordered { get; init; }

    /// <summary>Milliseconds; only with <c>ordered: false</c>, and not with <see cref="MaxRetransmits"/>.</summary>
    public int? MaxPacketLifeTime { get; init; }

    /// <summary>Only with <c>ordered: false</c>, and not with <see cref="MaxPacketLifeTime"/>.</summary>
    public int? MaxRetransmits { get; init; }
}

/// <summary>SCTP association state: <c>new|connecting|connected|failed|closed</c>.</summary>
[JsonConverter(typeof(WireEnumConverter<SctpState>))]
public enum SctpState
{
    [JsonStringEnumMemberName("new")] New,
    [JsonStringEnumMemberName("connecting")] Connecting,
    [JsonStringEnumMemberName("connected")] Connected,
    [JsonStringEnumMemberName("failed")] Failed,
    [JsonStringEnumMemberName("closed")] Closed,
}
