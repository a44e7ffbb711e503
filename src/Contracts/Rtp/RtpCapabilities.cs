namespace Sfu.Contracts.Rtp;

/// <summary>§3.1 <c>{ codecs?, headerExtensions? }</c>: what a router or an endpoint can send or receive.</summary>
public sealed record RtpCapabilities
{
    public IReadOnlyList<RtpCodecCapability>? Codecs { get; init; }

    public IReadOnlyList<RtpHeaderExtension>? HeaderExtensions { get; init; }
}

/// <summary>§3.2 A codec an endpoint can use.</summary>
public sealed record RtpCodecCapability
{
    public MediaKind Kind { get; init; }

    /// <summary><c>'audio/opus'</c>, <c>'video/VP8'</c>, <c>'video/rtx'</c> …</summary>
    public string MimeType { get; init; } = "";

    public int? PreferredPayloadType { get; init; }

    public int ClockRate { get; init; }

    /// <summary>Audio only; defaults to 1 after normalization.</summary>
    public int? Channels { get; init; }

    public IReadOnlyDictionary<string, CodecParameterValue>? Parameters { get; init; }

    public IReadOnlyList<RtcpFeedback>? RtcpFeedback { get; init; }
}

/// <summary>§3.2 <c>{ type, parameter? }</c>: <c>nack</c>, <c>nack pli</c>, <c>ccm fir</c>, <c>goog-remb</c>, <c>transport-cc</c> …</summary>
public sealed record RtcpFeedback
{
    public RtcpFeedback() { }

    public RtcpFeedback(string type, string? parameter = null)
    {
        Type = type;
        Parameter = parameter;
    }

    public string Type { get; init; } = "";

    public string? Parameter { get; init; }
}

/// <summary>§3.3 A header extension an endpoint can use, with the router-wide id.</summary>
public sealed record RtpHeaderExtension
{
    public MediaKind Kind { get; init; }

    public string Uri { get; init; } = "";

    public int PreferredId { get; init; }

    public bool? PreferredEncrypt { get; init; }

    public RtpHeaderExtensionDirection? Direction { get; init; }
}
