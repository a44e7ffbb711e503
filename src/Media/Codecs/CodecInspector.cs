using System.Runtime.CompilerServices;

namespace Sfu.Media.Codecs;

/// <summary>
/// What one RTP payload says about itself, for the stream and forwarding logic: key frame, layers, DTX.
/// </summary>
/// <param name="Parsed">The payload's descriptor could be read (false for opaque codecs and malformed payloads).</param>
/// <param name="IsKeyFrame">The packet starts a key frame.</param>
/// <param name="SpatialLayer">Spatial layer (0 when unknown).</param>
/// <param name="TemporalLayer">Temporal layer (0 when unknown).</param>
/// <param name="IsDtx">An Opus DTX packet.</param>
public readonly record struct CodecPayloadInfo(bool Parsed, bool IsKeyFrame, byte SpatialLayer, byte TemporalLayer, bool IsDtx)
{
    /// <summary>Nothing known: not a key frame, layer 0.0, not DTX.</summary>
    public static CodecPayloadInfo None => default;
}

/// <summary>
/// Per-codec payload inspection behind one switch (mediasoup <c>Codecs::Tools::ProcessRtpPacket</c>), allocation-free
/// and safe on any input: malformed payloads give <see cref="CodecPayloadInfo.None"/>.
/// </summary>
public static class CodecInspector
{
    /// <summary>Inspects <paramref name="payload"/> as <paramref name="kind"/>.</summary>
    /// <param name="kind">The stream's codec.</param>
    /// <param name="payload">The RTP payload (without padding).</param>
    /// <param name="frameMarking">The frame-marking header extension value (H264), or empty.</param>
    public static CodecPayloadInfo Inspect(CodecKind kind, ReadOnlySpan<byte> payload, ReadOnlySpan<byte> frameMarking = default)
    {
        switch (kind)
        {
            case CodecKind.Vp8:
                return Vp8PayloadDescriptor.TryParse(payload, out Vp8PayloadDescriptor vp8, out _)
                    ? new CodecPayloadInfo(true, vp8.IsKeyFrame, 0, vp8.TemporalLayer, false)
                    : CodecPayloadInfo.None;
            case CodecKind.Vp9:
                return Vp9PayloadDescriptor.TryParse(payload, out Vp9PayloadDescriptor vp9, out _)
                    ? new CodecPayloadInfo(true, vp9.IsKeyFrame, vp9.SpatialLayer, vp9.TemporalLayer, false)
                    : CodecPayloadInfo.None;
            case CodecKind.H264:
                return H264PayloadDescriptor.TryParse(payload, frameMarking, out H264PayloadDescriptor h264, out _)
                    ? new CodecPayloadInfo(true, h264.IsKeyFrame, h264.SpatialLayer, h264.TemporalLayer, false)
                    : CodecPayloadInfo.None;
            case CodecKind.H264Svc:
                return H264PayloadDescriptor.TryParseSvc(payload, frameMarking, out H264PayloadDescriptor svc, out _)
                    ? new CodecPayloadInfo(true, svc.IsKeyFrame, svc.SpatialLayer, svc.TemporalLayer, false)
                    : CodecPayloadInfo.None;
            case CodecKind.Opus:
            case CodecKind.MultiOpus:
                return OpusPayload.TryParseToc(payload, out _, out _, out _, out _)
                    ? new CodecPayloadInfo(true, false, 0, 0, OpusPayload.IsDtx(payload))
                    : CodecPayloadInfo.None;
            default:
                return CodecPayloadInfo.None;
        }
    }

    /// <summary>True when <paramref name="payload"/> starts a key frame of <paramref name="kind"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsKeyFrame(CodecKind kind, ReadOnlySpan<byte> payload) => Inspect(kind, payload).IsKeyFrame;

    /// <summary>Spatial and temporal layer of <paramref name="payload"/>; false when the payload carries none.</summary>
    public static bool TryGetLayers(CodecKind kind, ReadOnlySpan<byte> payload, ReadOnlySpan<byte> frameMarking,
        out byte spatialLayer, out byte temporalLayer)
    {
        spatialLayer = 0;
        temporalLayer = 0;
        switch (kind)
        {
            case CodecKind.Vp8:
                if (Vp8PayloadDescriptor.TryParse(payload, out Vp8PayloadDescriptor vp8, out _) && vp8.HasTemporalLayer)
                {
                    temporalLayer = vp8.TemporalLayer;
                    return true;
                }

                return false;
            case CodecKind.Vp9:
                if (Vp9PayloadDescriptor.TryParse(payload, out Vp9PayloadDescriptor vp9, out _) && vp9.HasLayerIndices)
                {
                    spatialLayer = vp9.SpatialLayer;
                    temporalLayer = vp9.TemporalLayer;
                    return true;
                }

                return false;
            case CodecKind.H264:
            case CodecKind.H264Svc:
                bool parsed = kind == CodecKind.H264
                    ? H264PayloadDescriptor.TryParse(payload, frameMarking, out H264PayloadDescriptor h, out _)
                    : H264PayloadDescriptor.TryParseSvc(payload, frameMarking, out h, out _);
                if (parsed && h.HasLayers)
                {
                    spatialLayer = h.SpatialLayer;
                    temporalLayer = h.TemporalLayer;
                    return true;
                }

                return false;
            default:
                return false;
        }
    }

    /// <summary>True when <paramref name="payload"/> is an Opus DTX packet of <paramref name="kind"/> (C15).</summary>
    public static bool IsDtx(CodecKind kind, ReadOnlySpan<byte> payload) =>
        (kind == CodecKind.Opus || kind == CodecKind.MultiOpus) && OpusPayload.IsDtx(payload);
}
