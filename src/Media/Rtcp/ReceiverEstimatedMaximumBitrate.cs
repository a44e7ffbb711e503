using System.Buffers.Binary;

namespace Sfu.Media.Rtcp;

/// <summary>
/// REMB (draft-alvestrand-rmcat-remb-03 §2.2), a view over one PSFB FMT=15 (AFB) packet whose FCI starts with "REMB".
/// <code>
/// |V=2|P| FMT=15  |   PT=206      |             length            |
/// |                  SSRC of packet sender                        |
/// |                  SSRC of media source (0)                     |
/// |  Unique identifier 'R' 'E' 'M' 'B'                            |
/// |  Num SSRC     | BR Exp    |  BR Mantissa (18 bits)            |
/// |   SSRC feedback ...                                           |
/// </code>
/// </summary>
public readonly ref struct ReceiverEstimatedMaximumBitrate
{
    /// <summary>The unique identifier, "REMB" as a big-endian word.</summary>
    public const uint Identifier = 0x52454D42;

    private readonly ReadOnlySpan<byte> _body;

    private ReceiverEstimatedMaximumBitrate(RtcpHeader header, ReadOnlySpan<byte> body, ulong bitrate)
    {
        Header = header;
        _body = body;
        Bitrate = bitrate;
    }

    /// <summary>The common header.</summary>
    public RtcpHeader Header { get; }

    /// <summary>SSRC of packet sender.</summary>
    public uint SenderSsrc => BinaryPrimitives.ReadUInt32BigEndian(_body);

    /// <summary>SSRC of media source (unused, 0).</summary>
    public uint MediaSsrc => BinaryPrimitives.ReadUInt32BigEndian(_body.Slice(4));

    /// <summary>The estimated maximum bitrate in bit/s.</summary>
    public ulong Bitrate { get; }

    /// <summary>Number of SSRCs the estimate applies to.</summary>
    public int SsrcCount => _body[12];

    /// <summary>SSRC <paramref name="index"/>.</summary>
    public uint GetSsrc(int index)
    {
        if ((uint)index >= (uint)SsrcCount)
        {
            throw new ArgumentOutOfRangeException(nameof(index));
        }

        return BinaryPrimitives.ReadUInt32BigEndian(_body.Slice(16 + index * 4));
    }

    /// <summary>True when an AFB FCI carries the "REMB" identifier.</summary>
    public static bool IsRemb(ReadOnlySpan<byte> fci) =>
        fci.Length >= 4 && BinaryPrimitives.ReadUInt32BigEndian(fci) == Identifier;

    /// <summary>Parses one REMB packet.</summary>
    public static bool TryParse(ReadOnlySpan<byte> packet, out ReceiverEstimatedMaximumBitrate remb, out RtcpParseError error)
    {
        remb = default;
        if (!RtcpFeedback.TryParseBody(packet, out RtcpHeader header, out ReadOnlySpan<byte> body, out error))
        {
            return false;
        }

        if (header.Type != RtcpPacketType.PayloadSpecificFeedback || header.Count != (int)PayloadSpecificFeedbackFormat.Afb
            || !IsRemb(body.Slice(RtcpFeedback.CommonLength)))
        {
            error = RtcpParseError.WrongPacketType;
            return false;
        }

        if (body.Length < 16 || body.Length < 16 + body[12] * 4)
        {
            error = RtcpParseError.BadRemb;
            return false;
        }

        int exp = body[13] >> 2;
        ulong mantissa = ((ulong)(body[13] & 0x03) << 16) | BinaryPrimitives.ReadUInt16BigEndian(body.Slice(14));
        ulong bitrate = mantissa << exp;
        if ((bitrate >> exp) != mantissa)
        {
            error = RtcpParseError.BadRemb;
            return false;
        }

        remb = new ReceiverEstimatedMaximumBitrate(header, body, bitrate);
        return true;
    }
}

/// <summary>Writes a REMB packet; the bitrate is rounded down to an 18-bit mantissa.</summary>
public readonly ref struct ReceiverEstimatedMaximumBitrateWriter
{
    private readonly ReadOnlySpan<uint> _ssrcs;

    /// <summary>Describes the packet to write.</summary>
    public ReceiverEstimatedMaximumBitrateWriter(uint senderSsrc, ulong bitrate, ReadOnlySpan<uint> ssrcs)
    {
        SenderSsrc = senderSsrc;
        Bitrate = bitrate;
        _ssrcs = ssrcs;
    }

    /// <summary>SSRC of packet sender.</summary>
    public uint SenderSsrc { get; }

    /// <summary>Estimated maximum bitrate in bit/s.</summary>
    public ulong Bitrate { get; }

    /// <summary>Serialized size in bytes.</summary>
    public int GetSerializedLength() => RtcpHeader.Size + RtcpFeedback.CommonLength + 8 + _ssrcs.Length * 4;

    /// <summary>Writes the packet; false when the destination is too small or there are more than 255 SSRCs.</summary>
    public bool TryWrite(Span<byte> destination, out int written)
    {
        written = 0;
        int length = GetSerializedLength();
        if (destination.Length < length || _ssrcs.Length > 255)
        {
            return false;
        }

        (uint exp, uint mantissa) = RtcpBitrate.Encode(Bitrate, 18);
        RtcpHeader.Write(destination, (int)PayloadSpecificFeedbackFormat.Afb, (byte)RtcpPacketType.PayloadSpecificFeedback, length);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(4), SenderSsrc);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(8), 0);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(12), ReceiverEstimatedMaximumBitrate.Identifier);
        destination[16] = (byte)_ssrcs.Length;
        destination[17] = (byte)((exp << 2) | (mantissa >> 16));
        BinaryPrimitives.WriteUInt16BigEndian(destination.Slice(18), (ushort)mantissa);
        for (int i = 0; i < _ssrcs.Length; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(20 + i * 4), _ssrcs[i]);
        }

        written = length;
        return true;
    }
}
