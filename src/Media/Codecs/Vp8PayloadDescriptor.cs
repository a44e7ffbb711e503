using System.Buffers.Binary;

namespace Sfu.Media.Codecs;

/// <summary>
/// The VP8 payload descriptor (RFC 7741 §4.2) at the start of every VP8 RTP payload, read without copying.
/// <code>
///       0 1 2 3 4 5 6 7
///      +-+-+-+-+-+-+-+-+
///      |X|R|N|S|R| PID | (REQUIRED)
///      +-+-+-+-+-+-+-+-+
/// X:   |I|L|T|K| RSV   | (OPTIONAL)
///      +-+-+-+-+-+-+-+-+
/// I:   |M| PictureID   | (OPTIONAL, M = 1: 15-bit PictureID over two octets)
///      +-+-+-+-+-+-+-+-+
///      |   PictureID   |
///      +-+-+-+-+-+-+-+-+
/// L:   |   TL0PICIDX   | (OPTIONAL)
///      +-+-+-+-+-+-+-+-+
/// T/K: |TID|Y| KEYIDX  | (OPTIONAL)
///      +-+-+-+-+-+-+-+-+
/// </code>
/// When S = 1 and PID = 0 the VP8 payload header (RFC 7741 §4.3, <c>|Size0|H| VER |P|</c>) follows; its P bit is the
/// inverse key frame flag.
/// </summary>
/// <remarks>
/// Unlike mediasoup, a descriptor without the X octet is accepted: RFC 7741 allows it. Its key frame is still
/// detected, it just carries no picture id or layer information.
/// </remarks>
public readonly struct Vp8PayloadDescriptor
{
    private readonly byte _flags;

    private Vp8PayloadDescriptor(byte flags, byte partitionIndex, byte pictureIdLength, ushort pictureId, byte tl0PicIdx,
        byte temporalLayer, byte keyIndex, byte length)
    {
        _flags = flags;
        PartitionIndex = partitionIndex;
        PictureIdLength = pictureIdLength;
        PictureId = pictureId;
        Tl0PicIdx = tl0PicIdx;
        TemporalLayer = temporalLayer;
        KeyIndex = keyIndex;
        Length = length;
    }

    [Flags]
    private enum Flags : byte
    {
        Extended = 1,
        NonReference = 2,
        Start = 4,
        HasTl0PicIdx = 8,
        HasTemporalLayer = 16,
        HasKeyIndex = 32,
        LayerSync = 64,
        KeyFrame = 128,
    }

    /// <summary>X: the extension octet is present.</summary>
    public bool HasExtension => Has(Flags.Extended);

    /// <summary>N: the frame can be discarded without affecting others.</summary>
    public bool NonReference => Has(Flags.NonReference);

    /// <summary>S: the first packet of a VP8 partition.</summary>
    public bool StartOfPartition => Has(Flags.Start);

    /// <summary>PID: the partition index (0–7).</summary>
    public byte PartitionIndex { get; }

    /// <summary>I: a PictureID is present.</summary>
    public bool HasPictureId => PictureIdLength != 0;

    /// <summary>0 (absent), 1 (7-bit) or 2 (15-bit, M = 1) octets.</summary>
    public byte PictureIdLength { get; }

    /// <summary>The PictureID (7 or 15 bits).</summary>
    public ushort PictureId { get; }

    /// <summary>L: a TL0PICIDX is present.</summary>
    public bool HasTl0PicIdx => Has(Flags.HasTl0PicIdx);

    /// <summary>TL0PICIDX: running index of the base temporal layer frames.</summary>
    public byte Tl0PicIdx { get; }

    /// <summary>T: a temporal layer index is present.</summary>
    public bool HasTemporalLayer => Has(Flags.HasTemporalLayer);

    /// <summary>TID: the temporal layer index (0–3; 0 when T = 0).</summary>
    public byte TemporalLayer { get; }

    /// <summary>Y: layer sync, the frame depends only on base layer frames (meaningful when T = 1).</summary>
    public bool LayerSync => Has(Flags.LayerSync);

    /// <summary>K: a KEYIDX is present.</summary>
    public bool HasKeyIndex => Has(Flags.HasKeyIndex);

    /// <summary>KEYIDX: temporal key frame index (0–31).</summary>
    public byte KeyIndex { get; }

    /// <summary>Length of the descriptor in octets (where the VP8 payload header starts).</summary>
    public int Length { get; }

    /// <summary>
    /// S = 1, PID = 0 and the payload header's P bit is 0: the first packet of a key frame (mediasoup's rule).
    /// False when the payload header is missing.
    /// </summary>
    public bool IsKeyFrame => Has(Flags.KeyFrame);

    /// <summary>Reads the descriptor at the start of <paramref name="payload"/>.</summary>
    /// <returns>False with <see cref="CodecParseError.Truncated"/> when the payload ends inside the descriptor.</returns>
    public static bool TryParse(ReadOnlySpan<byte> payload, out Vp8PayloadDescriptor descriptor, out CodecParseError error)
    {
        descriptor = default;
        if (payload.IsEmpty)
        {
            error = CodecParseError.Truncated;
            return false;
        }

        byte b0 = payload[0];
        Flags flags = 0;
        if ((b0 & 0x20) != 0)
        {
            flags |= Flags.NonReference;
        }

        if ((b0 & 0x10) != 0)
        {
            flags |= Flags.Start;
        }

        byte partitionIndex = (byte)(b0 & 0x07);
        int offset = 1;
        byte pictureIdLength = 0;
        ushort pictureId = 0;
        byte tl0PicIdx = 0;
        byte temporalLayer = 0;
        byte keyIndex = 0;
        if ((b0 & 0x80) != 0)
        {
            flags |= Flags.Extended;
            if (payload.Length < 2)
            {
                error = CodecParseError.Truncated;
                return false;
            }

            byte x = payload[1];
            offset = 2;
            if ((x & 0x80) != 0)
            {
                if (offset >= payload.Length)
                {
                    error = CodecParseError.Truncated;
                    return false;
                }

                byte p = payload[offset];
                if ((p & 0x80) != 0)
                {
                    if (offset + 1 >= payload.Length)
                    {
                        error = CodecParseError.Truncated;
                        return false;
                    }

                    pictureId = (ushort)(BinaryPrimitives.ReadUInt16BigEndian(payload.Slice(offset)) & 0x7FFF);
                    pictureIdLength = 2;
                    offset += 2;
                }
                else
                {
                    pictureId = (ushort)(p & 0x7F);
                    pictureIdLength = 1;
                    offset += 1;
                }
            }

            if ((x & 0x40) != 0)
            {
                if (offset >= payload.Length)
                {
                    error = CodecParseError.Truncated;
                    return false;
                }

                flags |= Flags.HasTl0PicIdx;
                tl0PicIdx = payload[offset++];
            }

            if ((x & 0x30) != 0)
            {
                if (offset >= payload.Length)
                {
                    error = CodecParseError.Truncated;
                    return false;
                }

                byte tk = payload[offset++];
                if ((x & 0x20) != 0)
                {
                    flags |= Flags.HasTemporalLayer;
                    temporalLayer = (byte)(tk >> 6);
                    if ((tk & 0x20) != 0)
                    {
                        flags |= Flags.LayerSync;
                    }
                }

                if ((x & 0x10) != 0)
                {
                    flags |= Flags.HasKeyIndex;
                    keyIndex = (byte)(tk & 0x1F);
                }
            }
        }

        // RFC 7741 §4.3: P (bit 0 of the first payload header octet) is 0 for a key frame; the header is only present
        // at the start of partition 0.
        if ((flags & Flags.Start) != 0 && partitionIndex == 0 && offset < payload.Length && (payload[offset] & 0x01) == 0)
        {
            flags |= Flags.KeyFrame;
        }

        descriptor = new Vp8PayloadDescriptor((byte)flags, partitionIndex, pictureIdLength, pictureId, tl0PicIdx,
            temporalLayer, keyIndex, (byte)offset);
        error = CodecParseError.None;
        return true;
    }

    /// <summary>True when <paramref name="payload"/> starts a VP8 key frame.</summary>
    public static bool IsKeyFramePayload(ReadOnlySpan<byte> payload) =>
        TryParse(payload, out Vp8PayloadDescriptor d, out _) && d.IsKeyFrame;

    /// <summary>
    /// Rewrites the PictureID in place (mediasoup <c>PayloadDescriptor::Encode</c>): 15 bits when the descriptor has a
    /// two-octet PictureID, the low 7 bits when it has a one-octet one.
    /// </summary>
    /// <returns>False when the payload has no readable descriptor or no PictureID.</returns>
    public static bool TrySetPictureId(Span<byte> payload, ushort pictureId)
    {
        if (!TryParse(payload, out Vp8PayloadDescriptor d, out _) || !d.HasPictureId)
        {
            return false;
        }

        if (d.PictureIdLength == 2)
        {
            BinaryPrimitives.WriteUInt16BigEndian(payload.Slice(2), (ushort)(0x8000 | (pictureId & 0x7FFF)));
        }
        else
        {
            payload[2] = (byte)(pictureId & 0x7F);
        }

        return true;
    }

    /// <summary>Rewrites TL0PICIDX in place.</summary>
    /// <returns>False when the payload has no readable descriptor or no TL0PICIDX.</returns>
    public static bool TrySetTl0PicIdx(Span<byte> payload, byte tl0PicIdx)
    {
        if (!TryParse(payload, out Vp8PayloadDescriptor d, out _) || !d.HasTl0PicIdx)
        {
            return false;
        }

        payload[2 + d.PictureIdLength] = tl0PicIdx;
        return true;
    }

    /// <summary>
    /// Turns a one-octet PictureID into a two-octet one (M = 1) so later rewrites can use all 15 bits, as mediasoup does
    /// on ingest. <paramref name="buffer"/> holds the payload in its first <paramref name="payloadLength"/> octets and
    /// must have one spare octet after it; everything after the PictureID moves one octet right.
    /// </summary>
    /// <returns>
    /// True with <paramref name="newLength"/> = <paramref name="payloadLength"/> + 1 when widened; true with the same
    /// length when the PictureID already had two octets; false when there is no PictureID, the descriptor is
    /// unreadable or there is no spare octet.
    /// </returns>
    public static bool TryWidenPictureId(Span<byte> buffer, int payloadLength, out int newLength)
    {
        newLength = payloadLength;
        if ((uint)payloadLength > (uint)buffer.Length
            || !TryParse(buffer.Slice(0, payloadLength), out Vp8PayloadDescriptor d, out _)
            || !d.HasPictureId)
        {
            return false;
        }

        if (d.PictureIdLength == 2)
        {
            return true;
        }

        if (payloadLength + 1 > buffer.Length)
        {
            return false;
        }

        buffer.Slice(3, payloadLength - 3).CopyTo(buffer.Slice(4));
        BinaryPrimitives.WriteUInt16BigEndian(buffer.Slice(2), (ushort)(0x8000 | d.PictureId));
        newLength = payloadLength + 1;
        return true;
    }

    private bool Has(Flags flag) => ((Flags)_flags & flag) != 0;
}
