namespace Sfu.Media.Rtp.Extensions;

/// <summary>
/// Client-to-mixer audio level (RFC 6464 §3): a voice activity flag and the level in −dBov (0 = loudest, 127 = silence).
/// <code>
///  0 1 2 3 4 5 6 7
/// |V|    level    |
/// </code>
/// </summary>
public static class AudioLevelExtension
{
    /// <summary>Value length in bytes.</summary>
    public const int Length = 1;

    /// <summary>Reads the voice flag and the level (0–127 −dBov).</summary>
    public static bool TryRead(ReadOnlySpan<byte> value, out bool voiceActivity, out byte level)
    {
        if (value.Length < Length)
        {
            voiceActivity = false;
            level = 0;
            return false;
        }

        voiceActivity = (value[0] & 0x80) != 0;
        level = (byte)(value[0] & 0x7F);
        return true;
    }

    /// <summary>Writes the voice flag and a level in 0–127.</summary>
    public static bool TryWrite(Span<byte> destination, bool voiceActivity, byte level)
    {
        if (destination.Length < Length || level > 127)
        {
            return false;
        }

        destination[0] = (byte)((voiceActivity ? 0x80 : 0) | level);
        return true;
    }
}

/// <summary>A coordination-of-video-orientation value.</summary>
/// <param name="BackFacing">C bit: the back-facing camera (false = front-facing).</param>
/// <param name="Flip">F bit: the picture is flipped horizontally.</param>
/// <param name="Rotation">Rotation in degrees: 0, 90, 180 or 270.</param>
public readonly record struct VideoOrientation(bool BackFacing, bool Flip, ushort Rotation);

/// <summary>
/// Coordination of video orientation, CVO (3GPP TS 26.114 §7.4.5, urn:3gpp:video-orientation).
/// <code>
///  0 1 2 3 4 5 6 7
/// |0 0 0 0|C|F|R R|   R = rotation / 90°
/// </code>
/// </summary>
public static class VideoOrientationExtension
{
    /// <summary>Value length in bytes.</summary>
    public const int Length = 1;

    /// <summary>Reads camera, flip and rotation.</summary>
    public static bool TryRead(ReadOnlySpan<byte> value, out VideoOrientation orientation)
    {
        if (value.Length < Length)
        {
            orientation = default;
            return false;
        }

        byte b = value[0];
        orientation = new VideoOrientation((b & 0x08) != 0, (b & 0x04) != 0, (ushort)((b & 0x03) * 90));
        return true;
    }

    /// <summary>Writes camera, flip and rotation (0, 90, 180 or 270).</summary>
    public static bool TryWrite(Span<byte> destination, VideoOrientation orientation)
    {
        if (destination.Length < Length || orientation.Rotation % 90 != 0 || orientation.Rotation > 270)
        {
            return false;
        }

        destination[0] = (byte)((orientation.BackFacing ? 0x08 : 0) | (orientation.Flip ? 0x04 : 0) | (orientation.Rotation / 90));
        return true;
    }
}

/// <summary>A frame marking value (draft-ietf-avtext-framemarking-07 §3).</summary>
public readonly record struct FrameMarking
{
    /// <summary>S: first packet of a frame.</summary>
    public bool StartOfFrame { get; init; }

    /// <summary>E: last packet of a frame.</summary>
    public bool EndOfFrame { get; init; }

    /// <summary>I: the frame is independent (decodable on its own, e.g. a key frame).</summary>
    public bool Independent { get; init; }

    /// <summary>D: the frame can be discarded without affecting others.</summary>
    public bool Discardable { get; init; }

    /// <summary>B: base layer sync (scalable form only).</summary>
    public bool BaseLayerSync { get; init; }

    /// <summary>TID: temporal layer id, 0–7 (scalable form only).</summary>
    public byte TemporalId { get; init; }

    /// <summary>LID: layer id (present when <see cref="HasLayerId"/>).</summary>
    public byte LayerId { get; init; }

    /// <summary>TL0PICIDX (present when <see cref="HasTl0PicIdx"/>).</summary>
    public byte Tl0PicIdx { get; init; }

    /// <summary>True for the scalable form (2 or 3 bytes).</summary>
    public bool HasLayerId { get; init; }

    /// <summary>True for the 3-byte scalable form.</summary>
    public bool HasTl0PicIdx { get; init; }
}

/// <summary>
/// Frame marking (draft-ietf-avtext-framemarking-07 §3.1 and §3.2).
/// <code>
/// non-scalable:  |S|E|I|D|0 0 0 0|
/// scalable:      |S|E|I|D|B| TID |      LID      |   TL0PICIDX   |
/// </code>
/// </summary>
public static class FrameMarkingExtension
{
    /// <summary>Reads a 1-byte (non-scalable), 2-byte or 3-byte (scalable) value.</summary>
    public static bool TryRead(ReadOnlySpan<byte> value, out FrameMarking marking)
    {
        if (value.Length < 1 || value.Length > 3)
        {
            marking = default;
            return false;
        }

        byte b = value[0];
        bool scalable = value.Length > 1;
        marking = new FrameMarking
        {
            StartOfFrame = (b & 0x80) != 0,
            EndOfFrame = (b & 0x40) != 0,
            Independent = (b & 0x20) != 0,
            Discardable = (b & 0x10) != 0,
            BaseLayerSync = scalable && (b & 0x08) != 0,
            TemporalId = scalable ? (byte)(b & 0x07) : (byte)0,
            LayerId = scalable ? value[1] : (byte)0,
            Tl0PicIdx = value.Length == 3 ? value[2] : (byte)0,
            HasLayerId = scalable,
            HasTl0PicIdx = value.Length == 3,
        };
        return true;
    }

    /// <summary>Writes the short form, or the 3-byte scalable form when <see cref="FrameMarking.HasLayerId"/>.</summary>
    public static bool TryWrite(Span<byte> destination, in FrameMarking marking, out int written)
    {
        written = 0;
        int length = marking.HasLayerId ? 3 : 1;
        if (destination.Length < length || marking.TemporalId > 7)
        {
            return false;
        }

        int b = (marking.StartOfFrame ? 0x80 : 0) | (marking.EndOfFrame ? 0x40 : 0) | (marking.Independent ? 0x20 : 0)
            | (marking.Discardable ? 0x10 : 0);
        if (marking.HasLayerId)
        {
            b |= (marking.BaseLayerSync ? 0x08 : 0) | marking.TemporalId;
            destination[1] = marking.LayerId;
            destination[2] = marking.Tl0PicIdx;
        }

        destination[0] = (byte)b;
        written = length;
        return true;
    }
}
