using System.Text.Json.Nodes;
using Sfu.Contracts.Transports;

namespace Sfu.Contracts.Options;

// Options are read as sent: a missing field stays null (no defaults are filled in here), so the server applies
// mediasoup's defaults and raises mediasoup's TypeError for what is missing or wrong. JSON of the wrong type
// (a string for a number, a non-object appData) does not deserialize (JsonException → TypeError).

/// <summary>
/// WT1 <c>router.createWebRtcTransport(options)</c>. Exactly one of <see cref="WebRtcServerId"/>,
/// <see cref="ListenInfos"/> or <see cref="ListenIps"/> (+ <see cref="Port"/>) is expected.
/// </summary>
public sealed record WebRtcTransportOptions
{
    /// <summary>The WebRtcServer to use (mediasoup passes the server object; on this wire, its id).</summary>
    public string? WebRtcServerId { get; init; }

    public IReadOnlyList<TransportListenInfo>? ListenInfos { get; init; }

    /// <summary>Deprecated: listen IPs in order of preference, each a string or <c>{ip, announcedIp?}</c>.</summary>
    public IReadOnlyList<TransportListenIp>? ListenIps { get; init; }

    /// <summary>Deprecated, with <see cref="ListenIps"/>: a fixed port.</summary>
    public int? Port { get; init; }

    /// <summary>Default true.</summary>
    public bool? EnableUdp { get; init; }

    /// <summary>Default false, or true with a WebRtcServer.</summary>
    public bool? EnableTcp { get; init; }

    public bool? PreferUdp { get; init; }

    public bool? PreferTcp { get; init; }

    /// <summary>Seconds; default 30, 0 disables.</summary>
    public int? IceConsentTimeout { get; init; }

    /// <summary>bps; default 600000.</summary>
    public long? InitialAvailableOutgoingBitrate { get; init; }

    /// <summary>Default false.</summary>
    public bool? EnableSctp { get; init; }

    /// <summary>Default <c>{ OS: 1024, MIS: 1024 }</c>.</summary>
    public NumSctpStreams? NumSctpStreams { get; init; }

    /// <summary>Default 262144.</summary>
    public long? MaxSctpMessageSize { get; init; }

    /// <summary>Default 262144.</summary>
    public long? SctpSendBufferSize { get; init; }

    public JsonObject? AppData { get; init; }
}

/// <summary>
/// PT1 <c>router.createPlainTransport(options)</c>. Exactly one of <see cref="ListenInfo"/> or
/// <see cref="ListenIp"/> (+ <see cref="Port"/>) is expected; UDP only.
/// </summary>
public sealed record PlainTransportOptions
{
    public TransportListenInfo? ListenInfo { get; init; }

    /// <summary>A separate RTCP socket; forces <c>rtcpMux: false</c>.</summary>
    public TransportListenInfo? RtcpListenInfo { get; init; }

    /// <summary>Deprecated: a string or <c>{ip, announcedIp?}</c>.</summary>
    public TransportListenIp? ListenIp { get; init; }

    /// <summary>Deprecated, with <see cref="ListenIp"/>: a fixed port.</summary>
    public int? Port { get; init; }

    /// <summary>Default true.</summary>
    public bool? RtcpMux { get; init; }

    /// <summary>Learn the remote tuple from the first RTP/RTCP packet (PT4). Default false.</summary>
    public bool? Comedia { get; init; }

    /// <summary>Default false.</summary>
    public bool? EnableSctp { get; init; }

    /// <summary>Default <c>{ OS: 1024, MIS: 1024 }</c>.</summary>
    public NumSctpStreams? NumSctpStreams { get; init; }

    /// <summary>Default 262144.</summary>
    public long? MaxSctpMessageSize { get; init; }

    /// <summary>Default 262144.</summary>
    public long? SctpSendBufferSize { get; init; }

    /// <summary>Default false.</summary>
    public bool? EnableSrtp { get; init; }

    /// <summary>Default <c>'AES_CM_128_HMAC_SHA1_80'</c>.</summary>
    public SrtpCryptoSuite? SrtpCryptoSuite { get; init; }

    public JsonObject? AppData { get; init; }
}

/// <summary>
/// PP1 <c>router.createPipeTransport(options)</c>. Exactly one of <see cref="ListenInfo"/> or
/// <see cref="ListenIp"/> (+ <see cref="Port"/>) is expected; UDP only.
/// </summary>
public sealed record PipeTransportOptions
{
    public TransportListenInfo? ListenInfo { get; init; }

    /// <summary>Deprecated: a string or <c>{ip, announcedIp?}</c>.</summary>
    public TransportListenIp? ListenIp { get; init; }

    /// <summary>Deprecated, with <see cref="ListenIp"/>: a fixed port.</summary>
    public int? Port { get; init; }

    /// <summary>Default false.</summary>
    public bool? EnableSctp { get; init; }

    /// <summary>Default <c>{ OS: 1024, MIS: 1024 }</c>.</summary>
    public NumSctpStreams? NumSctpStreams { get; init; }

    /// <summary>Default 268435456.</summary>
    public long? MaxSctpMessageSize { get; init; }

    /// <summary>Default 268435456.</summary>
    public long? SctpSendBufferSize { get; init; }

    /// <summary>RTX and NACK between the two routers. Default false.</summary>
    public bool? EnableRtx { get; init; }

    /// <summary>SRTP with AEAD_AES_256_GCM. Default false.</summary>
    public bool? EnableSrtp { get; init; }

    public JsonObject? AppData { get; init; }
}

/// <summary>DT1 <c>router.createDirectTransport(options)</c>.</summary>
public sealed record DirectTransportOptions
{
    /// <summary>Maximum size of direct messages; default 262144.</summary>
    public long? MaxMessageSize { get; init; }

    public JsonObject? AppData { get; init; }
}

/// <summary>WT6 <c>webRtcTransport.connect({ dtlsParameters })</c>.</summary>
public sealed record WebRtcTransportConnectParameters
{
    public DtlsParameters? DtlsParameters { get; init; }
}

/// <summary>
/// PT3 <c>plainTransport.connect({ ip?, port?, rtcpPort?, srtpParameters? })</c>: <c>ip</c> and <c>port</c> are
/// required without comedia; <c>rtcpPort</c> only without rtcp-mux; <c>srtpParameters</c> only with SRTP.
/// </summary>
public sealed record PlainTransportConnectParameters
{
    public string? Ip { get; init; }

    public int? Port { get; init; }

    public int? RtcpPort { get; init; }

    public SrtpParameters? SrtpParameters { get; init; }
}

/// <summary>PP2 <c>pipeTransport.connect({ ip, port, srtpParameters? })</c>.</summary>
public sealed record PipeTransportConnectParameters
{
    public string? Ip { get; init; }

    public int? Port { get; init; }

    public SrtpParameters? SrtpParameters { get; init; }
}
