using System.Text.Json.Serialization;

namespace Sfu.Contracts.Rtp;

/// <summary>§3.4 What a producer sends or a consumer receives.</summary>
public sealed record RtpParameters
{
    public string? Mid { get; init; }

    public IReadOnlyList<RtpCodecParameters> Codecs { get; init; } = [];

    public IReadOnlyList<RtpHeaderExtensionParameters>? HeaderExtensions { get; init; }

    public IReadOnlyList<RtpEncodingParameters>? Encodings { get; init; }

    public RtcpParameters? Rtcp { get; init; }
}

/// <summary>§3.4 A negotiated codec with its payload type.</summary>
public sealed record RtpCodecParameters
{
    public string MimeType { get; init; } = "";

    public int PayloadType { get; init; }

    public int ClockRate { get; init; }

    public int? Channels { get; init; }

    public IReadOnlyDictionary<string, CodecParameterValue>? Parameters { get; init; }

    public IReadOnlyList<RtcpFeedback>? RtcpFeedback { get; init; }
}

/// <summary>§3.4 <c>{ uri, id, encrypt?, parameters? }</c>.</summary>
public sealed record RtpHeaderExtensionParameters
{
    public string Uri { get; init; } = "";

    public int Id { get; init; }

    public bool? Encrypt { get; init; }

    public IReadOnlyDictionary<string, CodecParameterValue>? Parameters { get; init; }
}

/// <summary>§3.4 One RTP stream (simulcast layer) of a producer or consumer.</summary>
public sealed record RtpEncodingParameters
{
    public uint? Ssrc { get; init; }

    public string? Rid { get; init; }

    public int? CodecPayloadType { get; init; }

    public RtpEncodingRtx? Rtx { get; init; }

    public bool? Dtx { get; init; }

    /// <summary><c>'L1T3'</c>, <c>'L3T3_KEY'</c>, <c>'S2T3'</c> …</summary>
    public string? ScalabilityMode { get; init; }

    public double? ScaleResolutionDownBy { get; init; }

    public long? MaxBitrate { get; init; }
}

/// <summary><c>encoding.rtx = { ssrc }</c>.</summary>
public sealed record RtpEncodingRtx
{
    public RtpEncodingRtx() { }

    public RtpEncodingRtx(uint ssrc) => Ssrc = ssrc;

    public uint Ssrc { get; init; }
}

/// <summary>§3.4 <c>{ cname?, reducedSize? }</c>.</summary>
public sealed record RtcpParameters
{
    public string? Cname { get; init; }

    public bool? ReducedSize { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? Mux { get; init; }
}
