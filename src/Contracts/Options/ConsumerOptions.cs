using System.Text.Json.Nodes;
using Sfu.Contracts.Rtp;

namespace Sfu.Contracts.Options;

/// <summary>
/// C1 <c>transport.consume({ producerId, rtpCapabilities, paused?, mid?, preferredLayers?, ignoreDtx?, enableRtx?,
/// pipe?, appData? })</c>. A PipeTransport's <c>consume</c> takes only <c>producerId</c> and <c>appData</c>.
/// </summary>
public sealed record ConsumerOptions
{
    public string? ProducerId { get; init; }

    /// <summary>The consuming endpoint's capabilities (mediasoup-client's <c>device.rtpCapabilities</c>).</summary>
    public RtpCapabilities? RtpCapabilities { get; init; }

    /// <summary>Default false; creating video consumers paused and resuming later is the best practice (C5).</summary>
    public bool? Paused { get; init; }

    /// <summary>A non-empty MID; otherwise the transport's counter is used (T8).</summary>
    public string? Mid { get; init; }

    public ConsumerPreferredLayers? PreferredLayers { get; init; }

    /// <summary>Drop Opus DTX packets (C15). Default false.</summary>
    public bool? IgnoreDtx { get; init; }

    /// <summary>Default true for video, false for audio (C1).</summary>
    public bool? EnableRtx { get; init; }

    /// <summary>Consume every stream of the producer (a pipe consumer, C3). Default false.</summary>
    public bool? Pipe { get; init; }

    public JsonObject? AppData { get; init; }
}

/// <summary>
/// C7 <c>{ spatialLayer, temporalLayer? }</c> for <c>consume</c> and <c>setPreferredLayers</c>.
/// A missing <c>spatialLayer</c> stays null (TypeError in mediasoup); a missing temporal layer means the highest.
/// </summary>
public sealed record ConsumerPreferredLayers
{
    public int? SpatialLayer { get; init; }

    public int? TemporalLayer { get; init; }
}
