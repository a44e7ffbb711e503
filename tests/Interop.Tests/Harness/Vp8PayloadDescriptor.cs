namespace Sfu.Interop.Tests.Harness;

/// <summary>
/// The VP8 RTP payload descriptor and the first byte of the VP8 payload header (RFC 7741 §4.2, §4.3), read from an
/// RTP payload, so tests can tell where a key frame starts.
/// TODO: replace with Sfu.Media.Codecs' VP8 descriptor once the media engine's codec folder is merged.
/// <code>
///       0 1 2 3 4 5 6 7
///      +-+-+-+-+-+-+-+-+
///      |X|R|N|S|R| PID | (REQUIRED)
///      +-+-+-+-+-+-+-+-+
/// X:   |I|L|T|K| RSV   | (OPTIONAL)
///      +-+-+-+-+-+-+-+-+
/// I:   |M| PictureID   | (OPTIONAL)
///      +-+-+-+-+-+-+-+-+
///      |   PictureID   | (when M = 1: 15-bit picture id)
///      +-+-+-+-+-+-+-+-+
/// L:   |   TL0PICIDX   | (OPTIONAL)
///      +-+-+-+-+-+-+-+-+
/// T/K: |TID|Y| KEYIDX  | (OPTIONAL)
///      +-+-+-+-+-+-+-+-+
///
/// VP8 payload header, first byte (only at the start of partition 0):
///      |Size0|H| VER |P|      P = 0: key frame ("inverse key frame flag")
/// </code>
/// </summary>
public readonly record struct Vp8PayloadDescriptor
{
    /// <summary>Length of the descriptor; the VP8 payload starts here.</summary>
    public int Length { get; init; }

    /// <summary>N: the frame is not a reference frame.</summary>
    public bool NonReference { get; init; }

    /// <summary>S: this packet starts a VP8 partition.</summary>
    public bool StartOfPartition { get; init; }

    /// <summary>PID: the partition index.</summary>
    public int PartitionIndex { get; init; }

    /// <summary>The 7- or 15-bit picture id, or -1 if absent.</summary>
    public int PictureId { get; init; }

    /// <summary>Whether the picture id is the 15-bit form (M = 1).</summary>
    public bool HasLongPictureId { get; init; }

    /// <summary>TL0PICIDX, or -1 if absent.</summary>
    public int Tl0PicIdx { get; init; }

    /// <summary>TID, or -1 if absent.</summary>
    public int TemporalLayerId { get; init; }

    /// <summary>KEYIDX, or -1 if absent.</summary>
    public int KeyIndex { get; init; }

    /// <summary>
    /// True when this packet starts a frame (S = 1, PID = 0) and the payload header's P bit is 0: the first
    /// packet of a key frame.
    /// </summary>
    public bool IsKeyFrame { get; init; }

    /// <summary>
    /// The key frame's start code 0x9d 0x01 0x2a follows the 3-byte frame tag (RFC 6386 §9.1): a second witness
    /// besides the P bit that the bytes really are a key frame.
    /// </summary>
    public bool HasKeyFrameStartCode { get; init; }

    /// <summary>Reads the descriptor at the start of <paramref name="payload"/>; false if it is truncated or empty.</summary>
    public static bool TryParse(ReadOnlySpan<byte> payload, out Vp8PayloadDescriptor descriptor)
    {
        descriptor = default;
        if (payload.Length < 1)
        {
            return false;
        }

        byte first = payload[0];
        bool extended = (first & 0x80) != 0;
        int offset = 1;
        int pictureId = -1, tl0PicIdx = -1, tid = -1, keyIndex = -1;
        bool longPictureId = false;
        if (extended)
        {
            if (payload.Length < 2)
            {
                return false;
            }

            byte x = payload[1];
            offset = 2;
            if ((x & 0x80) != 0)
            {
                if (payload.Length < offset + 1)
                {
                    return false;
                }

                longPictureId = (payload[offset] & 0x80) != 0;
                if (longPictureId)
                {
                    if (payload.Length < offset + 2)
                    {
                        return false;
                    }

                    pictureId = ((payload[offset] & 0x7f) << 8) | payload[offset + 1];
                    offset += 2;
                }
                else
                {
                    pictureId = payload[offset] & 0x7f;
                    offset += 1;
                }
            }

            if ((x & 0x40) != 0)
            {
                if (payload.Length < offset + 1)
                {
                    return false;
                }

                tl0PicIdx = payload[offset];
                offset += 1;
            }

            if ((x & 0x30) != 0)
            {
                if (payload.Length < offset + 1)
                {
                    return false;
                }

                if ((x & 0x20) != 0)
                {
                    tid = payload[offset] >> 6;
                }

                if ((x & 0x10) != 0)
                {
                    keyIndex = payload[offset] & 0x1f;
                }

                offset += 1;
            }
        }

        bool start = (first & 0x10) != 0;
        int partition = first & 0x07;
        bool keyFrame = false, startCode = false;
        if (start && partition == 0 && payload.Length > offset)
        {
            keyFrame = (payload[offset] & 0x01) == 0;
            startCode = payload.Length >= offset + 6
                && payload[offset + 3] == 0x9d && payload[offset + 4] == 0x01 && payload[offset + 5] == 0x2a;
        }

        descriptor = new Vp8PayloadDescriptor
        {
            Length = offset,
            NonReference = (first & 0x20) != 0,
            StartOfPartition = start,
            PartitionIndex = partition,
            PictureId = pictureId,
            HasLongPictureId = longPictureId,
            Tl0PicIdx = tl0PicIdx,
            TemporalLayerId = tid,
            KeyIndex = keyIndex,
            IsKeyFrame = keyFrame,
            HasKeyFrameStartCode = keyFrame && startCode,
        };
        return true;
    }

    /// <summary>Whether <paramref name="payload"/> is the first packet of a VP8 key frame (P bit 0 and the start code present).</summary>
    public static bool IsKeyFrameStart(ReadOnlySpan<byte> payload) =>
        TryParse(payload, out var descriptor) && descriptor.IsKeyFrame && descriptor.HasKeyFrameStartCode;
}
