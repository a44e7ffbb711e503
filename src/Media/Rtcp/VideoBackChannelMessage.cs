using System.Buffers.Binary;

namespace Sfu.Media.Rtcp;

/// <summary>
/// VBCM (RFC 5104 §4.3.4), a view over one PSFB FMT=7 packet. Each FCI entry:
/// <code>
/// |                              SSRC                             |
/// | Seq nr.       |0| Payload Type| Length                        |
/// |                    VBCM Octet String....    |    Padding      |
/// </code>
/// </summary>
public readonly ref struct VideoBackChannelMessage
{
    private readonly ReadOnlySpan<byte> _body;

    private VideoBackChannelMessage(RtcpHeader header, ReadOnlySpan<byte> body)
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

    /// <summary>The FCI entries.</summary>
    public VbcmItemEnumerator Items => new(_body.Slice(RtcpFeedback.CommonLength));

    /// <summary>Parses one VBCM packet.</summary>
    public static bool TryParse(ReadOnlySpan<byte> packet, out VideoBackChannelMessage vbcm, out RtcpParseError error)
    {
        vbcm = default;
        if (!RtcpFeedback.TryParseBody(packet, out RtcpHeader header, out ReadOnlySpan<byte> body, out error))
        {
            return false;
        }

        if (header.Type != RtcpPacketType.PayloadSpecificFeedback || header.Count != (int)PayloadSpecificFeedbackFormat.Vbcm)
        {
            error = RtcpParseError.WrongPacketType;
            return false;
        }

        ReadOnlySpan<byte> fci = body.Slice(RtcpFeedback.CommonLength);
        int pos = 0;
        while (pos < fci.Length)
        {
            int length = VbcmItemEnumerator.MeasureItem(fci.Slice(pos));
            if (length < 0)
            {
                error = RtcpParseError.BadFeedbackItem;
                return false;
            }

            pos += length;
        }

        vbcm = new VideoBackChannelMessage(header, body);
        return true;
    }
}

/// <summary>One VBCM FCI entry.</summary>
public readonly ref struct VbcmItem
{
    internal VbcmItem(uint ssrc, byte sequenceNumber, byte payloadType, ReadOnlySpan<byte> value)
    {
        Ssrc = ssrc;
        SequenceNumber = sequenceNumber;
        PayloadType = payloadType;
        Value = value;
    }

    /// <summary>The media sender.</summary>
    public uint Ssrc { get; }

    /// <summary>Command sequence number.</summary>
    public byte SequenceNumber { get; }

    /// <summary>Payload type the octet string applies to.</summary>
    public byte PayloadType { get; }

    /// <summary>The VBCM octet string.</summary>
    public ReadOnlySpan<byte> Value { get; }
}

/// <summary>Enumerates the entries of a validated VBCM packet.</summary>
public ref struct VbcmItemEnumerator
{
    private readonly ReadOnlySpan<byte> _fci;
    private int _next;
    private int _offset;

    internal VbcmItemEnumerator(ReadOnlySpan<byte> fci)
    {
        _fci = fci;
        _next = 0;
        _offset = -1;
    }

    /// <summary>The current entry.</summary>
    public readonly VbcmItem Current => new(
        BinaryPrimitives.ReadUInt32BigEndian(_fci.Slice(_offset)),
        _fci[_offset + 4],
        (byte)(_fci[_offset + 5] & 0x7F),
        _fci.Slice(_offset + 8, BinaryPrimitives.ReadUInt16BigEndian(_fci.Slice(_offset + 6))));

    /// <summary>Supports <c>foreach</c>.</summary>
    public readonly VbcmItemEnumerator GetEnumerator() => this;

    /// <summary>Advances to the next entry.</summary>
    public bool MoveNext()
    {
        int length = MeasureItem(_fci.Slice(_next));
        if (length < 0)
        {
            return false;
        }

        _offset = _next;
        _next += length;
        return true;
    }

    /// <summary>Entry size including padding, or −1 when it does not fit.</summary>
    internal static int MeasureItem(ReadOnlySpan<byte> data)
    {
        if (data.Length < 8)
        {
            return -1;
        }

        int length = (8 + BinaryPrimitives.ReadUInt16BigEndian(data.Slice(6)) + 3) & ~3;
        return length <= data.Length ? length : -1;
    }
}

/// <summary>Writes a VBCM packet with one entry.</summary>
public readonly ref struct VideoBackChannelMessageWriter
{
    private readonly ReadOnlySpan<byte> _value;

    /// <summary>Describes the packet to write; the media source SSRC is 0 (RFC 5104 §4.3.4.1).</summary>
    public VideoBackChannelMessageWriter(uint senderSsrc, uint ssrc, byte sequenceNumber, byte payloadType, ReadOnlySpan<byte> value)
    {
        SenderSsrc = senderSsrc;
        Ssrc = ssrc;
        SequenceNumber = sequenceNumber;
        PayloadType = payloadType;
        _value = value;
    }

    /// <summary>SSRC of packet sender.</summary>
    public uint SenderSsrc { get; }

    /// <summary>The media sender addressed.</summary>
    public uint Ssrc { get; }

    /// <summary>Command sequence number.</summary>
    public byte SequenceNumber { get; }

    /// <summary>Payload type (0–127).</summary>
    public byte PayloadType { get; }

    /// <summary>Serialized size in bytes.</summary>
    public int GetSerializedLength() => RtcpHeader.Size + RtcpFeedback.CommonLength + ((8 + _value.Length + 3) & ~3);

    /// <summary>Writes the packet; false when the destination is too small or an argument is out of range.</summary>
    public bool TryWrite(Span<byte> destination, out int written)
    {
        written = 0;
        int length = GetSerializedLength();
        if (destination.Length < length || PayloadType > 127 || _value.Length > ushort.MaxValue)
        {
            return false;
        }

        RtcpHeader.Write(destination, (int)PayloadSpecificFeedbackFormat.Vbcm, (byte)RtcpPacketType.PayloadSpecificFeedback, length);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(4), SenderSsrc);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(8), 0);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(12), Ssrc);
        destination[16] = SequenceNumber;
        destination[17] = PayloadType;
        BinaryPrimitives.WriteUInt16BigEndian(destination.Slice(18), (ushort)_value.Length);
        _value.CopyTo(destination.Slice(20));
        destination.Slice(20 + _value.Length, length - 20 - _value.Length).Clear();
        written = length;
        return true;
    }
}
