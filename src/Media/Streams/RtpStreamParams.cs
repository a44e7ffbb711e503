using Sfu.Contracts.Dumps;
using Sfu.Contracts.Rtp;
using Sfu.Media.Codecs;

namespace Sfu.Media.Streams;

/// <summary>
/// The parameters of one RTP stream (mediasoup <c>RtpStream::Params</c>; the dump's
/// <c>{ encodingIdx, ssrc, payloadType, mimeType, clockRate, rid?, cname, rtxSsrc?, rtxPayloadType?, useNack, usePli,
/// useFir, useInBandFec, useDtx, spatialLayers, temporalLayers }</c>).
/// </summary>
public sealed record RtpStreamParams
{
    /// <summary>Index of the encoding in the producer's <c>rtpParameters.encodings</c>.</summary>
    public int EncodingIndex { get; init; }

    /// <summary>The media SSRC.</summary>
    public uint Ssrc { get; init; }

    /// <summary>The media payload type.</summary>
    public byte PayloadType { get; init; }

    /// <summary>Mime type of the media codec, e.g. <c>"video/VP8"</c>.</summary>
    public string MimeType { get; init; } = "";

    /// <summary>RTP clock rate (Hz).</summary>
    public int ClockRate { get; init; }

    /// <summary>The encoding's RID, if any.</summary>
    public string? Rid { get; init; }

    /// <summary>RTCP CNAME.</summary>
    public string Cname { get; init; } = "";

    /// <summary>RTX SSRC (RFC 4588), if RTX is used.</summary>
    public uint? RtxSsrc { get; init; }

    /// <summary>RTX payload type, if RTX is used.</summary>
    public byte? RtxPayloadType { get; init; }

    /// <summary>Generic NACK (RFC 4585) is negotiated.</summary>
    public bool UseNack { get; init; }

    /// <summary>PLI is negotiated.</summary>
    public bool UsePli { get; init; }

    /// <summary>FIR (RFC 5104) is negotiated.</summary>
    public bool UseFir { get; init; }

    /// <summary>Opus in-band FEC is on (<c>useinbandfec=1</c>).</summary>
    public bool UseInBandFec { get; init; }

    /// <summary>DTX is on (<c>usedtx=1</c>).</summary>
    public bool UseDtx { get; init; }

    /// <summary>Spatial layers of the encoding (≥ 1).</summary>
    public int SpatialLayers { get; init; } = 1;

    /// <summary>Temporal layers of the encoding (≥ 1).</summary>
    public int TemporalLayers { get; init; } = 1;

    /// <summary>Audio or video, from <see cref="MimeType"/>.</summary>
    public MediaKind Kind => MimeType.StartsWith("audio/", StringComparison.OrdinalIgnoreCase) ? MediaKind.Audio : MediaKind.Video;

    /// <summary>The codec kind, from <see cref="MimeType"/>.</summary>
    public CodecKind CodecKind => CodecKinds.FromMimeType(MimeType);

    /// <summary>True when both an RTX SSRC and an RTX payload type are set.</summary>
    public bool HasRtx => RtxSsrc.HasValue && RtxPayloadType.HasValue;

    /// <summary>The dump shape (§3.9 <c>params</c>).</summary>
    public RtpStreamParametersDump ToDump() => new()
    {
        EncodingIdx = EncodingIndex,
        Ssrc = Ssrc,
        PayloadType = PayloadType,
        MimeType = MimeType,
        ClockRate = ClockRate,
        Rid = Rid,
        Cname = Cname,
        RtxSsrc = HasRtx ? RtxSsrc : null,
        RtxPayloadType = HasRtx ? RtxPayloadType : null,
        UseNack = UseNack,
        UsePli = UsePli,
        UseFir = UseFir,
        UseInBandFec = UseInBandFec,
        UseDtx = UseDtx,
        SpatialLayers = SpatialLayers,
        TemporalLayers = TemporalLayers,
    };

    /// <summary>Throws <see cref="ArgumentException"/> for values no stream can work with.</summary>
    internal void Validate()
    {
        if (ClockRate <= 0)
        {
            throw new ArgumentException("clockRate must be positive", nameof(ClockRate));
        }

        if (PayloadType > 127 || RtxPayloadType > 127)
        {
            throw new ArgumentException("payload types are 7 bits", nameof(PayloadType));
        }

        if (SpatialLayers < 1 || TemporalLayers < 1)
        {
            throw new ArgumentException("spatialLayers and temporalLayers must be at least 1", nameof(SpatialLayers));
        }
    }
}
