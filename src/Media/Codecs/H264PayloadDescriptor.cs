using System.Buffers.Binary;
using Sfu.Media.Rtp.Extensions;

namespace Sfu.Media.Codecs;

/// <summary>
/// What the SFU needs from an H264 RTP payload (RFC 6184 §5) and, for H264-SVC, from the NAL unit header extension
/// (RFC 6190 §1.1.3): whether it starts a key frame and which layers it belongs to.
/// </summary>
/// <remarks>
/// <para><b>Key frames</b> follow mediasoup (CD3): a packet is a key frame when it carries an SPS (NAL unit type 7)
/// as a single NAL unit, inside a STAP-A, or as the first fragment (S = 1) of an FU-A/FU-B. An IDR slice (type 5)
/// on its own is <i>not</i> a key frame, since a decoder that joins there lacks the parameter sets; libwebrtc sends
/// SPS, PPS and IDR together in a STAP-A. For H264-SVC, as mediasoup's H264_SVC, an IDR slice and an SVC NAL unit
/// (types 14 and 20) with the idr_flag set also count.</para>
/// <para><b>Layers.</b> The temporal layer comes from the frame-marking header extension when the packet has one
/// (its scalable form's TID); H264-SVC also reads DID (spatial) and TID from the NAL unit header extension. The
/// frame-marking extension's S/I bits are not used to detect key frames (libwebrtc's hardware encoders set them
/// wrongly, webrtc bug 10746).</para>
/// </remarks>
public readonly struct H264PayloadDescriptor
{
    /// <summary>NAL unit type of an SPS.</summary>
    public const byte SpsNalUnitType = 7;

    /// <summary>NAL unit type of an IDR slice.</summary>
    public const byte IdrNalUnitType = 5;

    /// <summary>STAP-A aggregation packet.</summary>
    public const byte StapANalUnitType = 24;

    /// <summary>FU-A fragmentation unit.</summary>
    public const byte FuANalUnitType = 28;

    /// <summary>FU-B fragmentation unit.</summary>
    public const byte FuBNalUnitType = 29;

    /// <summary>SVC prefix NAL unit (RFC 6190).</summary>
    public const byte PrefixNalUnitType = 14;

    /// <summary>SVC coded slice extension (RFC 6190).</summary>
    public const byte SliceExtensionNalUnitType = 20;

    private H264PayloadDescriptor(byte nalUnitType, bool isKeyFrame, bool hasLayers, byte spatialLayer, byte temporalLayer,
        bool hasFrameMarking, FrameMarking frameMarking)
    {
        NalUnitType = nalUnitType;
        IsKeyFrame = isKeyFrame;
        HasLayers = hasLayers;
        SpatialLayer = spatialLayer;
        TemporalLayer = temporalLayer;
        HasFrameMarking = hasFrameMarking;
        FrameMarking = frameMarking;
    }

    /// <summary>Type of the packet's (first) NAL unit header: 1–23 single NAL unit, 24 STAP-A, 28 FU-A …</summary>
    public byte NalUnitType { get; }

    /// <summary>The packet starts a key frame (see the type remarks).</summary>
    public bool IsKeyFrame { get; }

    /// <summary>Layer indices were found (frame marking or an SVC NAL unit header extension).</summary>
    public bool HasLayers { get; }

    /// <summary>Spatial layer (DID; 0 without SVC information).</summary>
    public byte SpatialLayer { get; }

    /// <summary>Temporal layer (TID; 0 without layer information).</summary>
    public byte TemporalLayer { get; }

    /// <summary>A frame-marking extension value was given and readable.</summary>
    public bool HasFrameMarking { get; }

    /// <summary>The frame-marking value (default when <see cref="HasFrameMarking"/> is false).</summary>
    public FrameMarking FrameMarking { get; }

    /// <summary>Reads an H264 payload.</summary>
    /// <param name="payload">The RTP payload.</param>
    /// <param name="frameMarking">The frame-marking extension value, or empty when the packet has none.</param>
    /// <param name="descriptor">What was found.</param>
    /// <param name="error"><see cref="CodecParseError.Truncated"/> for payloads shorter than 2 octets (as mediasoup).</param>
    public static bool TryParse(ReadOnlySpan<byte> payload, ReadOnlySpan<byte> frameMarking,
        out H264PayloadDescriptor descriptor, out CodecParseError error) =>
        TryParse(payload, frameMarking, svc: false, out descriptor, out error);

    /// <summary>Reads an H264-SVC payload (RFC 6190): as <see cref="TryParse(ReadOnlySpan{byte}, ReadOnlySpan{byte}, out H264PayloadDescriptor, out CodecParseError)"/>
    /// plus the NAL unit header extension of types 14 and 20.</summary>
    public static bool TryParseSvc(ReadOnlySpan<byte> payload, ReadOnlySpan<byte> frameMarking,
        out H264PayloadDescriptor descriptor, out CodecParseError error) =>
        TryParse(payload, frameMarking, svc: true, out descriptor, out error);

    /// <summary>True when <paramref name="payload"/> starts an H264 key frame.</summary>
    public static bool IsKeyFramePayload(ReadOnlySpan<byte> payload) =>
        TryParse(payload, default, out H264PayloadDescriptor d, out _) && d.IsKeyFrame;

    private static bool TryParse(ReadOnlySpan<byte> payload, ReadOnlySpan<byte> frameMarkingValue, bool svc,
        out H264PayloadDescriptor descriptor, out CodecParseError error)
    {
        descriptor = default;
        if (payload.Length < 2)
        {
            error = CodecParseError.Truncated;
            return false;
        }

        bool hasLayers = false;
        byte spatial = 0;
        byte temporal = 0;
        FrameMarking marking = default;
        bool hasMarking = !frameMarkingValue.IsEmpty && FrameMarkingExtension.TryRead(frameMarkingValue, out marking);
        if (hasMarking && marking.HasLayerId)
        {
            hasLayers = true;
            temporal = marking.TemporalId;
            if (svc)
            {
                spatial = (byte)((marking.LayerId >> 4) & 0x07);
            }
        }

        byte nalType = (byte)(payload[0] & 0x1F);
        bool keyFrame = false;
        var svcInfo = new SvcInfo();
        switch (nalType)
        {
            case StapANalUnitType:
            {
                // RFC 6184 §5.7.1: STAP-A NAL header, then (16-bit size, NAL unit)*.
                int offset = 1;
                while (payload.Length - offset >= 3)
                {
                    int size = BinaryPrimitives.ReadUInt16BigEndian(payload.Slice(offset));
                    ReadOnlySpan<byte> nal = payload.Slice(offset + 2, Math.Min(size, payload.Length - offset - 2));
                    if (Inspect(nal, svc, start: true, ref svcInfo))
                    {
                        keyFrame = true;
                        break;
                    }

                    if (payload.Length - offset < size + 2)
                    {
                        break;
                    }

                    offset += size + 2;
                }

                break;
            }

            case FuANalUnitType:
            case FuBNalUnitType:
            {
                // RFC 6184 §5.8: FU indicator, FU header |S|E|R|Type|. The first fragment starts the NAL unit, whose own
                // header is rebuilt from the indicator's NRI/F and the FU header's type; its payload starts at offset 2
                // (FU-A) or 4 (FU-B, after the DON).
                byte fuHeader = payload[1];
                bool start = (fuHeader & 0x80) != 0;
                if (start)
                {
                    int bodyOffset = nalType == FuANalUnitType ? 2 : 4;
                    byte innerType = (byte)(fuHeader & 0x1F);
                    ReadOnlySpan<byte> body = payload.Length > bodyOffset ? payload.Slice(bodyOffset) : default;
                    keyFrame = InspectType(innerType, body, svc, ref svcInfo);
                }

                break;
            }

            default:
                keyFrame = Inspect(payload, svc, start: true, ref svcInfo);
                break;
        }

        if (svcInfo.Found && !hasLayers)
        {
            hasLayers = true;
            spatial = svcInfo.Spatial;
            temporal = svcInfo.Temporal;
        }

        descriptor = new H264PayloadDescriptor(nalType, keyFrame, hasLayers, spatial, temporal, hasMarking, marking);
        error = CodecParseError.None;
        return true;
    }

    /// <summary>Looks at one whole NAL unit (header included).</summary>
    private static bool Inspect(ReadOnlySpan<byte> nal, bool svc, bool start, ref SvcInfo info)
    {
        if (nal.IsEmpty || !start)
        {
            return false;
        }

        return InspectType((byte)(nal[0] & 0x1F), nal.Slice(1), svc, ref info);
    }

    /// <summary>Looks at a NAL unit given its type and the octets after its one-octet header.</summary>
    private static bool InspectType(byte type, ReadOnlySpan<byte> body, bool svc, ref SvcInfo info)
    {
        if (type == SpsNalUnitType)
        {
            return true;
        }

        if (!svc)
        {
            return false;
        }

        if (type == IdrNalUnitType)
        {
            return true;
        }

        if ((type == PrefixNalUnitType || type == SliceExtensionNalUnitType) && body.Length >= 3)
        {
            // RFC 6190 §1.1.3: |R|I|  PRID     |N| DID |  QID  | TID |U|D|O| RR|
            bool idr = (body[0] & 0x40) != 0;
            if (!info.Found)
            {
                info.Found = true;
                info.Spatial = (byte)((body[1] >> 4) & 0x07);
                info.Temporal = (byte)(body[2] >> 5);
            }

            return idr;
        }

        return false;
    }

    private struct SvcInfo
    {
        public bool Found;
        public byte Spatial;
        public byte Temporal;
    }
}
