namespace Sfu.Contracts.Dumps;

/// <summary>
/// One RTP stream in a producer's <c>rtpStreams</c> or a consumer's <c>rtpStream(s)</c>:
/// <c>{ params, score, rtxStream? }</c>.
/// </summary>
public sealed record RtpStreamDump
{
    public RtpStreamParametersDump Params { get; init; } = new();

    /// <summary>0 … 10.</summary>
    public int Score { get; init; }

    public RtxStreamDump? RtxStream { get; init; }
}

/// <summary>
/// <c>{ encodingIdx, ssrc, payloadType, mimeType, clockRate, rid?, cname, rtxSsrc?, rtxPayloadType?, useNack,
/// usePli, useFir, useInBandFec, useDtx, spatialLayers, temporalLayers }</c>.
/// </summary>
public sealed record RtpStreamParametersDump
{
    public int EncodingIdx { get; init; }

    public uint Ssrc { get; init; }

    public int PayloadType { get; init; }

    public string MimeType { get; init; } = "";

    public int ClockRate { get; init; }

    public string? Rid { get; init; }

    public string Cname { get; init; } = "";

    public uint? RtxSsrc { get; init; }

    public int? RtxPayloadType { get; init; }

    public bool UseNack { get; init; }

    public bool UsePli { get; init; }

    public bool UseFir { get; init; }

    public bool UseInBandFec { get; init; }

    public bool UseDtx { get; init; }

    public int SpatialLayers { get; init; }

    public int TemporalLayers { get; init; }
}

/// <summary><c>{ params }</c>: the RTX stream (RFC 4588) paired with an RTP stream.</summary>
public sealed record RtxStreamDump
{
    public RtxStreamParameters Params { get; init; } = new();
}

/// <summary><c>{ ssrc, payloadType, mimeType, clockRate, rrid?, cname }</c>.</summary>
public sealed record RtxStreamParameters
{
    public uint Ssrc { get; init; }

    public int PayloadType { get; init; }

    public string MimeType { get; init; } = "";

    public int ClockRate { get; init; }

    public string? Rrid { get; init; }

    public string Cname { get; init; } = "";
}
