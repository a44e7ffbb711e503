using System.Buffers.Binary;

namespace Sfu.Media.Rtcp;

/// <summary>
/// RPSI (RFC 4585 §6.3.3), a view over one PSFB FMT=3 packet.
/// <code>
/// |      PB       |0| Payload Type|    Native RPSI bit string     |
/// |   defined per codec          ...                | Padding (0) |
/// </code>
/// PB is the number of padding bits at the end of the FCI.
/// </summary>
public readonly ref struct ReferencePictureSelectionIndication
{
    private readonly ReadOnlySpan<byte> _body;

    private ReferencePictureSelectionIndication(RtcpHeader header, ReadOnlySpan<byte> body)
    {
        Header = header;
        _body = body;
    }

    /// <summary>The common header.</summary>
    public RtcpHeader Header { get; }

    /// <summary>SSRC of packet sender.</summary>
    public uint SenderSsrc => BinaryPrimitives.ReadUInt32BigEndian(_body);

    /// <summary>SSRC of media source.</summary>
    public uint MediaSsrc => BinaryPrimitives.ReadUInt32BigEndian(_body.Slice(4));

    /// <summary>PB: number of unused bits at the end of the FCI.</summary>
    public int PaddingBits => _body[8];

    /// <summary>The RTP payload type the bit string is defined for.</summary>
    public byte PayloadType => (byte)(_body[9] & 0x7F);

    /// <summary>Number of meaningful bits in <see cref="BitString"/>.</summary>
    public int BitLength => ((_body.Length - 10) << 3) - PaddingBits;

    /// <summary>The native bit string, rounded up to whole bytes (trailing padding bytes excluded).</summary>
    public ReadOnlySpan<byte> BitString => _body.Slice(10, (BitLength + 7) >> 3);

    /// <summary>Parses one RPSI packet.</summary>
    public static bool TryParse(ReadOnlySpan<byte> packet, out ReferencePictureSelectionIndication rpsi,
        out RtcpParseError error)
    {
        rpsi = default;
        if (!RtcpFeedback.TryParseBody(packet, out RtcpHeader header, out ReadOnlySpan<byte> body, out error))
        {
            return false;
        }

        if (header.Type != RtcpPacketType.PayloadSpecificFeedback || header.Count != (int)PayloadSpecificFeedbackFormat.Rpsi)
        {
            error = RtcpParseError.WrongPacketType;
            return false;
        }

        if (body.Length < RtcpFeedback.CommonLength + 2 || body[8] > (body.Length - 10) << 3)
        {
            error = RtcpParseError.BadFeedbackItem;
            return false;
        }

        rpsi = new ReferencePictureSelectionIndication(header, body);
        return true;
    }
}

/// <summary>Writes an RPSI packet, padding the bit string (whole bytes) to 32 bits.</summary>
public readonly ref struct ReferencePictureSelectionIndicationWriter
{
    private readonly ReadOnlySpan<byte> _bitString;

    /// <summary>Describes the packet to write.</summary>
    public ReferencePictureSelectionIndicationWriter(uint senderSsrc, uint mediaSsrc, byte payloadType, ReadOnlySpan<byte> bitString)
    {
        SenderSsrc = senderSsrc;
        MediaSsrc = mediaSsrc;
        PayloadType = payloadType;
        _bitString = bitString;
    }

    /// <summary>SSRC of packet sender.</summary>
    public uint SenderSsrc { get; }

    /// <summary>SSRC of media source.</summary>
    public uint MediaSsrc { get; }

    /// <summary>Payload type (0–127).</summary>
    public byte PayloadType { get; }

    private int FciLength => (2 + _bitString.Length + 3) & ~3;

    /// <summary>Serialized size in bytes.</summary>
    public int GetSerializedLength() => RtcpHeader.Size + RtcpFeedback.CommonLength + FciLength;

    /// <summary>Writes the packet; false when the destination is too small or an argument is out of range.</summary>
    public bool TryWrite(Span<byte> destination, out int written)
    {
        written = 0;
        int length = GetSerializedLength();
        int paddingBytes = FciLength - 2 - _bitString.Length;
        if (destination.Length < length || PayloadType > 127)
        {
            return false;
        }

        RtcpHeader.Write(destination, (int)PayloadSpecificFeedbackFormat.Rpsi, (byte)RtcpPacketType.PayloadSpecificFeedback, length);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(4), SenderSsrc);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(8), MediaSsrc);
        destination[12] = (byte)(paddingBytes << 3);
        destination[13] = PayloadType;
        _bitString.CopyTo(destination.Slice(14));
        destination.Slice(14 + _bitString.Length, paddingBytes).Clear();
        written = length;
        return true;
    }
}
