using System.Buffers.Binary;

namespace Sfu.Media.Codecs;

/// <summary>
/// The VP9 payload descriptor (RFC 9628 §4.2, formerly draft-ietf-payload-vp9) at the start of every VP9 RTP payload,
/// read without copying.
/// <code>
///       0 1 2 3 4 5 6 7
///      +-+-+-+-+-+-+-+-+
///      |I|P|L|F|B|E|V|Z| (REQUIRED)
///      +-+-+-+-+-+-+-+-+
/// I:   |M| PICTURE ID  | (M = 1: 15-bit picture id over two octets)
///      +-+-+-+-+-+-+-+-+
/// M:   | EXTENDED PID  |
///      +-+-+-+-+-+-+-+-+
/// L:   | TID |U| SID |D|
///      +-+-+-+-+-+-+-+-+
///      |   TL0PICIDX   | (non-flexible mode, F = 0, only)
///      +-+-+-+-+-+-+-+-+
/// P,F: | P_DIFF      |N| (flexible mode with P = 1: up to 3 times)
///      +-+-+-+-+-+-+-+-+
/// V:   | SS            | (scalability structure, §4.2.1)
///      | ..            |
///      +-+-+-+-+-+-+-+-+
/// </code>
/// </summary>
public readonly struct Vp9PayloadDescriptor
{
    private readonly byte _header;
    private readonly byte _layers;

    private Vp9PayloadDescriptor(byte header, byte pictureIdLength, ushort pictureId, byte layers, byte tl0PicIdx,
        byte referenceCount, byte spatialLayerCount, byte pictureGroupCount, int length)
    {
        _header = header;
        PictureIdLength = pictureIdLength;
        PictureId = pictureId;
        _layers = layers;
        Tl0PicIdx = tl0PicIdx;
        ReferenceCount = referenceCount;
        ScalabilitySpatialLayers = spatialLayerCount;
        PictureGroupCount = pictureGroupCount;
        Length = length;
    }

    /// <summary>I: a picture id is present.</summary>
    public bool HasPictureId => (_header & 0x80) != 0;

    /// <summary>P: inter-picture predicted (the picture references earlier pictures).</summary>
    public bool InterPicturePredicted => (_header & 0x40) != 0;

    /// <summary>L: layer indices are present.</summary>
    public bool HasLayerIndices => (_header & 0x20) != 0;

    /// <summary>F: flexible mode.</summary>
    public bool FlexibleMode => (_header & 0x10) != 0;

    /// <summary>B: start of a frame (of the layer frame in this packet).</summary>
    public bool StartOfFrame => (_header & 0x08) != 0;

    /// <summary>E: end of a frame.</summary>
    public bool EndOfFrame => (_header & 0x04) != 0;

    /// <summary>V: a scalability structure is present.</summary>
    public bool HasScalabilityStructure => (_header & 0x02) != 0;

    /// <summary>Z: not used for inter-layer prediction by higher spatial layers.</summary>
    public bool NotReferencedByUpperSpatialLayers => (_header & 0x01) != 0;

    /// <summary>0 (absent), 1 (7-bit) or 2 (15-bit) octets.</summary>
    public byte PictureIdLength { get; }

    /// <summary>The picture id (7 or 15 bits).</summary>
    public ushort PictureId { get; }

    /// <summary>TID: temporal layer (0 without L).</summary>
    public byte TemporalLayer => (byte)(_layers >> 5);

    /// <summary>U: switching up point: a switch up to a higher temporal layer is possible at this frame.</summary>
    public bool SwitchingUpPoint => (_layers & 0x10) != 0;

    /// <summary>SID: spatial layer (0 without L).</summary>
    public byte SpatialLayer => (byte)((_layers >> 1) & 0x07);

    /// <summary>D: the frame depends on the next lower spatial layer of the same picture (inter-layer dependency).</summary>
    public bool InterLayerDependency => (_layers & 0x01) != 0;

    /// <summary>TL0PICIDX (non-flexible mode with L = 1; 0 otherwise).</summary>
    public byte Tl0PicIdx { get; }

    /// <summary>True when a TL0PICIDX octet is present (L = 1 and F = 0).</summary>
    public bool HasTl0PicIdx => HasLayerIndices && !FlexibleMode;

    /// <summary>Number of P_DIFF reference indices (flexible mode, 0–3).</summary>
    public byte ReferenceCount { get; }

    /// <summary>N_S + 1 from the scalability structure (0 when V = 0).</summary>
    public byte ScalabilitySpatialLayers { get; }

    /// <summary>N_G from the scalability structure (0 when absent).</summary>
    public byte PictureGroupCount { get; }

    /// <summary>Length of the descriptor in octets (where the VP9 frame data starts).</summary>
    public int Length { get; }

    /// <summary>
    /// P = 0, B = 1 and SID = 0: the first packet of a key frame's base spatial layer (mediasoup's rule).
    /// </summary>
    public bool IsKeyFrame => !InterPicturePredicted && StartOfFrame && SpatialLayer == 0;

    /// <summary>Reads the descriptor at the start of <paramref name="payload"/>.</summary>
    public static bool TryParse(ReadOnlySpan<byte> payload, out Vp9PayloadDescriptor descriptor, out CodecParseError error)
    {
        descriptor = default;
        error = CodecParseError.Truncated;
        if (payload.IsEmpty)
        {
            return false;
        }

        byte header = payload[0];
        int offset = 1;
        byte pictureIdLength = 0;
        ushort pictureId = 0;
        if ((header & 0x80) != 0)
        {
            if (offset >= payload.Length)
            {
                return false;
            }

            if ((payload[offset] & 0x80) != 0)
            {
                if (offset + 1 >= payload.Length)
                {
                    return false;
                }

                pictureId = (ushort)(BinaryPrimitives.ReadUInt16BigEndian(payload.Slice(offset)) & 0x7FFF);
                pictureIdLength = 2;
            }
            else
            {
                pictureId = (ushort)(payload[offset] & 0x7F);
                pictureIdLength = 1;
            }

            offset += pictureIdLength;
        }

        byte layers = 0;
        byte tl0PicIdx = 0;
        bool flexible = (header & 0x10) != 0;
        if ((header & 0x20) != 0)
        {
            if (offset >= payload.Length)
            {
                return false;
            }

            layers = payload[offset++];
            if (!flexible)
            {
                if (offset >= payload.Length)
                {
                    return false;
                }

                tl0PicIdx = payload[offset++];
            }
        }

        byte referenceCount = 0;
        if (flexible && (header & 0x40) != 0)
        {
            bool more = true;
            while (more)
            {
                if (referenceCount == 3)
                {
                    error = CodecParseError.Invalid; // §4.2: at most 3 reference indices
                    return false;
                }

                if (offset >= payload.Length)
                {
                    return false;
                }

                more = (payload[offset++] & 0x01) != 0;
                referenceCount++;
            }
        }

        byte spatialLayers = 0;
        byte groups = 0;
        if ((header & 0x02) != 0 && !TryReadScalabilityStructure(payload, ref offset, out spatialLayers, out groups, out error))
        {
            return false;
        }

        descriptor = new Vp9PayloadDescriptor(header, pictureIdLength, pictureId, layers, tl0PicIdx, referenceCount,
            spatialLayers, groups, offset);
        error = CodecParseError.None;
        return true;
    }

    /// <summary>True when <paramref name="payload"/> starts a VP9 key frame.</summary>
    public static bool IsKeyFramePayload(ReadOnlySpan<byte> payload) =>
        TryParse(payload, out Vp9PayloadDescriptor d, out _) && d.IsKeyFrame;

    /// <summary>
    /// RFC 9628 §4.2.1:
    /// <code>
    ///      +-+-+-+-+-+-+-+-+
    /// V:   | N_S |Y|G|-|-|-|
    ///      +-+-+-+-+-+-+-+-+              -\
    /// Y:   |     WIDTH     | (2 octets)    . - N_S + 1 times
    ///      |     HEIGHT    | (2 octets)    .
    ///      +-+-+-+-+-+-+-+-+              -/
    /// G:   |      N_G      |
    ///      +-+-+-+-+-+-+-+-+                           -\
    /// N_G: | TID |U| R |-|-|                            . - N_G times
    ///      |    P_DIFF     | (R times)                  .
    ///      +-+-+-+-+-+-+-+-+                           -/
    /// </code>
    /// </summary>
    private static bool TryReadScalabilityStructure(ReadOnlySpan<byte> payload, ref int offset, out byte spatialLayers,
        out byte groups, out CodecParseError error)
    {
        spatialLayers = 0;
        groups = 0;
        error = CodecParseError.Truncated;
        if (offset >= payload.Length)
        {
            return false;
        }

        byte ss = payload[offset++];
        spatialLayers = (byte)((ss >> 5) + 1);
        if ((ss & 0x10) != 0)
        {
            offset += 4 * spatialLayers;
            if (offset > payload.Length)
            {
                return false;
            }
        }

        if ((ss & 0x08) != 0)
        {
            if (offset >= payload.Length)
            {
                return false;
            }

            groups = payload[offset++];
            for (int i = 0; i < groups; i++)
            {
                if (offset >= payload.Length)
                {
                    return false;
                }

                int references = (payload[offset++] >> 2) & 0x03;
                offset += references;
                if (offset > payload.Length)
                {
                    return false;
                }
            }
        }

        error = CodecParseError.None;
        return true;
    }
}
