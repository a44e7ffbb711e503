using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Sfu.Contracts.Json;

namespace Sfu.Contracts.Events;

/// <summary>
/// T6, P9, C11 A <c>'trace'</c> event: <c>{ type, timestamp, direction, info }</c>. <c>type</c> is one of the
/// transport, producer or consumer trace types; <c>info</c> depends on it (for <c>bwe</c>: <c>{ desiredBitrate,
/// effectiveDesiredBitrate, minBitrate, maxBitrate, startBitrate, maxPaddingBitrate, availableBitrate, bweType }</c>).
/// </summary>
public sealed record TraceEvent
{
    /// <summary><c>'probation'</c>, <c>'bwe'</c>, <c>'rtp'</c>, <c>'keyframe'</c>, <c>'nack'</c>, <c>'pli'</c>, <c>'fir'</c> or <c>'sr'</c>.</summary>
    public string Type { get; init; } = "";

    /// <summary>Milliseconds.</summary>
    public long Timestamp { get; init; }

    public TraceDirection Direction { get; init; }

    public JsonObject Info { get; init; } = new();
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
