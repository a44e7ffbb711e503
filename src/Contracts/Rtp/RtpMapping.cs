namespace Sfu.Contracts.Rtp;

/// <summary>
/// How a producer's payload types and SSRCs map onto the router's (ORTC-3): <c>{codecs, encodings}</c>,
/// as in <c>producer.dump().rtpMapping</c>.
/// </summary>
public sealed record RtpMapping
{
    public IReadOnlyList<RtpMappingCodec> Codecs { get; init; } = [];

    public IReadOnlyList<RtpMappingEncoding> Encodings { get; init; } = [];
}

/// <summary><c>{payloadType, mappedPayloadType}</c>: producer PT → router PT.</summary>
public sealed record RtpMappingCodec(int PayloadType, int MappedPayloadType);

/// <summary><c>{ssrc?, rid?, scalabilityMode?, mappedSsrc}</c>: one producer encoding and the SSRC it gets inside the router.</summary>
public sealed record RtpMappingEncoding
{
    public uint? Ssrc { get; init; }

    public string? Rid { get; init; }

    public string? ScalabilityMode { get; init; }

    public uint MappedSsrc { get; init; }
}
