using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Sfu.Contracts.Json;

namespace Sfu.Contracts.Events;

/// <summary>
/// T6, P9, C11 A <c>'trace'</c> event: <c>{ type, timestamp, direction, info }</c>. <c>type</c> is one of the
/// transport, producer or consumer trace types; <c>info</c> depends on it:
/// <list type="bullet">
/// <item><c>rtp</c> / <c>keyframe</c>: <c>{ rtpPacket: <see cref="RtpPacketDump"/>, isRtx }</c></item>
/// <item><c>pli</c> / <c>fir</c>: <c>{ ssrc }</c></item>
/// <item><c>nack</c>: <c>{}</c></item>
/// <item><c>sr</c>: <c>{ ssrc, ntpSec, ntpFrac, rtpTs, packetCount, octetCount }</c></item>
/// <item><c>bwe</c>: <c>{ desiredBitrate, effectiveDesiredBitrate, minBitrate, maxBitrate, startBitrate,
/// maxPaddingBitrate, availableBitrate, bweType }</c></item>
/// </list>
/// The factories build each of mediasoup's shapes; they allocate, so the media engine calls them only for an enabled type.
/// </summary>
public sealed record TraceEvent
{
    /// <summary><c>'probation'</c>, <c>'bwe'</c>, <c>'rtp'</c>, <c>'keyframe'</c>, <c>'nack'</c>, <c>'pli'</c>, <c>'fir'</c> or <c>'sr'</c>.</summary>
    public string Type { get; init; } = "";

    /// <summary>Milliseconds (Unix time, as the stats' <c>timestamp</c>).</summary>
    public long Timestamp { get; init; }

    public TraceDirection Direction { get; init; }

    public JsonObject Info { get; init; } = new();

    /// <summary><c>info.rtpPacket</c> of an <c>rtp</c> or <c>keyframe</c> trace, read as its record; null for other types.</summary>
    [JsonIgnore]
    public RtpPacketDump? RtpPacket => Info["rtpPacket"] is JsonObject packet ? packet.Deserialize<RtpPacketDump>(SfuJson.Options) : null;

    /// <summary>An <c>rtp</c> or <c>keyframe</c> trace: <c>{ rtpPacket, isRtx }</c>.</summary>
    public static TraceEvent ForRtpPacket(string type, long timestamp, TraceDirection direction, RtpPacketDump packet, bool isRtx) => new()
    {
        Type = type,
        Timestamp = timestamp,
        Direction = direction,
        Info = new JsonObject
        {
            ["rtpPacket"] = JsonSerializer.SerializeToNode(packet, SfuJson.Options),
            ["isRtx"] = isRtx,
        },
    };

    /// <summary>A <c>pli</c> or <c>fir</c> trace: <c>{ ssrc }</c>, the media SSRC the request names.</summary>
    public static TraceEvent ForKeyFrameRequest(string type, long timestamp, TraceDirection direction, uint ssrc) => new()
    {
        Type = type,
        Timestamp = timestamp,
        Direction = direction,
        Info = new JsonObject { ["ssrc"] = ssrc },
    };

    /// <summary>A <c>nack</c> trace: an empty <c>info</c>.</summary>
    public static TraceEvent ForNack(long timestamp, TraceDirection direction) => new()
    {
        Type = "nack",
        Timestamp = timestamp,
        Direction = direction,
    };

    /// <summary>An <c>sr</c> trace (always <c>in</c>): the sender info of the RTCP SR (RFC 3550 §6.4.1).</summary>
    public static TraceEvent ForSenderReport(long timestamp, uint ssrc, uint ntpSec, uint ntpFrac, uint rtpTs, uint packetCount, uint octetCount) => new()
    {
        Type = "sr",
        Timestamp = timestamp,
        Direction = TraceDirection.In,
        Info = new JsonObject
        {
            ["ssrc"] = ssrc,
            ["ntpSec"] = ntpSec,
            ["ntpFrac"] = ntpFrac,
            ["rtpTs"] = rtpTs,
            ["packetCount"] = packetCount,
            ["octetCount"] = octetCount,
        },
    };
}

/// <summary>
/// P9/C11 <c>info.rtpPacket</c> of an <c>rtp</c> or <c>keyframe</c> trace (mediasoup's <c>RtpPacket</c> dump):
/// <c>{ payloadType, sequenceNumber, timestamp, marker, ssrc, isKeyFrame, size, payloadSize, spatialLayer,
/// temporalLayer, mid, rid, rrid, wideSequenceNumber? }</c>. <c>mid</c>, <c>rid</c> and <c>rrid</c> are
/// <c>null</c> when the packet does not carry them; <c>wideSequenceNumber</c> is absent without a transport-wide-cc
/// extension.
/// </summary>
public sealed record RtpPacketDump
{
    public byte PayloadType { get; init; }

    public ushort SequenceNumber { get; init; }

    /// <summary>The RTP timestamp.</summary>
    public uint Timestamp { get; init; }

    public bool Marker { get; init; }

    public uint Ssrc { get; init; }

    public bool IsKeyFrame { get; init; }

    /// <summary>The whole packet, in bytes.</summary>
    public int Size { get; init; }

    /// <summary>The payload, without header and padding, in bytes.</summary>
    public int PayloadSize { get; init; }

    public byte SpatialLayer { get; init; }

    public byte TemporalLayer { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? Mid { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? Rid { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? Rrid { get; init; }

    public ushort? WideSequenceNumber { get; init; }
}

/// <summary><c>'in'|'out'</c>.</summary>
[JsonConverter(typeof(WireEnumConverter<TraceDirection>))]
public enum TraceDirection
{
    [JsonStringEnumMemberName("in")] In,
    [JsonStringEnumMemberName("out")] Out,
}

/// <summary>P9 Producer trace event types: <c>'rtp'|'keyframe'|'nack'|'pli'|'fir'|'sr'</c>.</summary>
[JsonConverter(typeof(WireEnumConverter<ProducerTraceEventType>))]
public enum ProducerTraceEventType
{
    [JsonStringEnumMemberName("rtp")] Rtp,
    [JsonStringEnumMemberName("keyframe")] KeyFrame,
    [JsonStringEnumMemberName("nack")] Nack,
    [JsonStringEnumMemberName("pli")] Pli,
    [JsonStringEnumMemberName("fir")] Fir,
    [JsonStringEnumMemberName("sr")] Sr,
}

/// <summary>C11 Consumer trace event types: <c>'rtp'|'keyframe'|'nack'|'pli'|'fir'</c>.</summary>
[JsonConverter(typeof(WireEnumConverter<ConsumerTraceEventType>))]
public enum ConsumerTraceEventType
{
    [JsonStringEnumMemberName("rtp")] Rtp,
    [JsonStringEnumMemberName("keyframe")] KeyFrame,
    [JsonStringEnumMemberName("nack")] Nack,
    [JsonStringEnumMemberName("pli")] Pli,
    [JsonStringEnumMemberName("fir")] Fir,
}
