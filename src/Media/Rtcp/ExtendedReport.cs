using System.Buffers.Binary;
using Sfu.Media.Time;

namespace Sfu.Media.Rtcp;

/// <summary>XR block types this engine reads (RFC 3611 §4).</summary>
public enum ExtendedReportBlockType : byte
{
    /// <summary>Receiver reference time report block (RFC 3611 §4.4).</summary>
    ReceiverReferenceTime = 4,

    /// <summary>DLRR report block (RFC 3611 §4.5).</summary>
    Dlrr = 5,
}

/// <summary>One DLRR sub-block (RFC 3611 §4.5): the reply to a receiver's RRT.</summary>
/// <param name="Ssrc">The receiver whose RRT this answers.</param>
/// <param name="LastReceiverReport">Middle 32 bits of that RRT's NTP timestamp (LRR).</param>
/// <param name="DelaySinceLastReceiverReport">Delay since receiving it, 1/65536 s (DLRR).</param>
public readonly record struct DlrrSubBlock(uint Ssrc, uint LastReceiverReport, uint DelaySinceLastReceiverReport)
{
    /// <summary>Size of a sub-block.</summary>
    public const int Size = 12;

    /// <summary>Reads a sub-block.</summary>
    public static DlrrSubBlock Read(ReadOnlySpan<byte> source) => new(
        BinaryPrimitives.ReadUInt32BigEndian(source),
        BinaryPrimitives.ReadUInt32BigEndian(source.Slice(4)),
        BinaryPrimitives.ReadUInt32BigEndian(source.Slice(8)));

    /// <summary>Writes a sub-block.</summary>
    public void Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt32BigEndian(destination, Ssrc);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(4), LastReceiverReport);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(8), DelaySinceLastReceiverReport);
    }
}

/// <summary>
/// XR: extended report (RFC 3611 §2), a view over one packet. Blocks are validated on parse (each lies inside the
/// packet; RRT blocks are 2 words, DLRR blocks a multiple of 3 words); blocks of other types are skipped by the typed
/// accessors but still enumerated by <see cref="Blocks"/>.
/// <code>
/// |V=2|P|reserved |   PT=XR=207   |             length            |
/// |                              SSRC                             |
/// |      BT       | type-specific |         block length          |
/// |                    block contents ...                         |
/// </code>
/// </summary>
public readonly ref struct ExtendedReport
{
    private readonly ReadOnlySpan<byte> _body;

    private ExtendedReport(RtcpHeader header, ReadOnlySpan<byte> body)
    {
        Header = header;
        _body = body;
    }

    /// <summary>The common header.</summary>
    public RtcpHeader Header { get; }

    /// <summary>SSRC of the packet sender.</summary>
    public uint SenderSsrc => BinaryPrimitives.ReadUInt32BigEndian(_body);

    /// <summary>All report blocks.</summary>
    public ExtendedReportBlockEnumerator Blocks => new(_body.Slice(4));

    /// <summary>The NTP timestamp of the first receiver reference time block.</summary>
    public bool TryGetReceiverReferenceTime(out NtpTime ntp)
    {
        foreach (ExtendedReportBlock block in Blocks)
        {
            if (block.BlockType == (byte)ExtendedReportBlockType.ReceiverReferenceTime)
            {
                ntp = new NtpTime(BinaryPrimitives.ReadUInt64BigEndian(block.Contents));
                return true;
            }
        }

        ntp = default;
        return false;
    }

    /// <summary>The sub-blocks of every DLRR block, in order.</summary>
    public DlrrSubBlockEnumerator DlrrSubBlocks => new(_body.Slice(4));

    /// <summary>Parses one XR packet.</summary>
    public static bool TryParse(ReadOnlySpan<byte> packet, out ExtendedReport report, out RtcpParseError error)
    {
        report = default;
        if (!RtcpHeader.TryParse(packet, out RtcpHeader header, out ReadOnlySpan<byte> body, out error))
        {
            return false;
        }

        if (header.Type != RtcpPacketType.ExtendedReport)
        {
            error = RtcpParseError.WrongPacketType;
            return false;
        }

        if (body.Length < 4)
        {
            error = RtcpParseError.BadLength;
            return false;
        }

        int pos = 4;
        while (pos < body.Length)
        {
            if (pos + 4 > body.Length)
            {
                error = RtcpParseError.BadExtendedReportBlock;
                return false;
            }

            byte type = body[pos];
            int words = BinaryPrimitives.ReadUInt16BigEndian(body.Slice(pos + 2));
            int end = pos + 4 + (words << 2);
            bool badKnown = (type == (byte)ExtendedReportBlockType.ReceiverReferenceTime && words != 2)
                || (type == (byte)ExtendedReportBlockType.Dlrr && words % 3 != 0);
            if (end > body.Length || badKnown)
            {
                error = RtcpParseError.BadExtendedReportBlock;
                return false;
            }

            pos = end;
        }

        report = new ExtendedReport(header, body);
        return true;
    }
}

/// <summary>One XR report block.</summary>
public readonly ref struct ExtendedReportBlock
{
    internal ExtendedReportBlock(byte blockType, byte typeSpecific, ReadOnlySpan<byte> contents)
    {
        BlockType = blockType;
        TypeSpecific = typeSpecific;
        Contents = contents;
    }

    /// <summary>BT.</summary>
    public byte BlockType { get; }

    /// <summary>The type-specific octet.</summary>
    public byte TypeSpecific { get; }

    /// <summary>The block contents after its 4-byte header.</summary>
    public ReadOnlySpan<byte> Contents { get; }
}

/// <summary>Enumerates the blocks of a validated XR packet.</summary>
public ref struct ExtendedReportBlockEnumerator
{
    private readonly ReadOnlySpan<byte> _blocks;
    private int _next;
    private int _offset;

    internal ExtendedReportBlockEnumerator(ReadOnlySpan<byte> blocks)
    {
        _blocks = blocks;
        _next = 0;
        _offset = -1;
    }

    /// <summary>The current block.</summary>
    public readonly ExtendedReportBlock Current => new(
        _blocks[_offset],
        _blocks[_offset + 1],
        _blocks.Slice(_offset + 4, BinaryPrimitives.ReadUInt16BigEndian(_blocks.Slice(_offset + 2)) << 2));

    /// <summary>Supports <c>foreach</c>.</summary>
    public readonly ExtendedReportBlockEnumerator GetEnumerator() => this;

    /// <summary>Advances to the next block.</summary>
    public bool MoveNext()
    {
        int pos = _next;
        if (pos + 4 > _blocks.Length)
        {
            return false;
        }

        int end = pos + 4 + (BinaryPrimitives.ReadUInt16BigEndian(_blocks.Slice(pos + 2)) << 2);
        if (end > _blocks.Length)
        {
            return false;
        }

        _offset = pos;
        _next = end;
        return true;
    }
}

/// <summary>Enumerates the DLRR sub-blocks of every DLRR block of an XR packet.</summary>
public ref struct DlrrSubBlockEnumerator
{
    private ExtendedReportBlockEnumerator _blocks;
    private ReadOnlySpan<byte> _subBlocks;
    private int _next;

    internal DlrrSubBlockEnumerator(ReadOnlySpan<byte> blocks)
    {
        _blocks = new ExtendedReportBlockEnumerator(blocks);
        _subBlocks = default;
        _next = 0;
        Current = default;
    }

    /// <summary>The current sub-block.</summary>
    public DlrrSubBlock Current { get; private set; }

    /// <summary>Supports <c>foreach</c>.</summary>
    public readonly DlrrSubBlockEnumerator GetEnumerator() => this;

    /// <summary>Advances to the next sub-block.</summary>
    public bool MoveNext()
    {
        while (_next + DlrrSubBlock.Size > _subBlocks.Length)
        {
            if (!_blocks.MoveNext())
            {
                return false;
            }

            ExtendedReportBlock block = _blocks.Current;
            _subBlocks = block.BlockType == (byte)ExtendedReportBlockType.Dlrr ? block.Contents : default;
            _next = 0;
        }

        Current = DlrrSubBlock.Read(_subBlocks.Slice(_next));
        _next += DlrrSubBlock.Size;
        return true;
    }
}

/// <summary>
/// Writes an XR packet with an optional receiver reference time block (RFC 3611 §4.4) and an optional DLRR block
/// (§4.5), in that order.
/// </summary>
public readonly ref struct ExtendedReportWriter
{
    private readonly ReadOnlySpan<DlrrSubBlock> _dlrr;

    /// <summary>Describes the packet to write.</summary>
    /// <param name="senderSsrc">SSRC of the packet sender.</param>
    /// <param name="receiverReferenceTime">The RRT block's NTP timestamp, or null for no RRT block.</param>
    /// <param name="dlrr">DLRR sub-blocks; empty for no DLRR block.</param>
    public ExtendedReportWriter(uint senderSsrc, NtpTime? receiverReferenceTime, ReadOnlySpan<DlrrSubBlock> dlrr)
    {
        SenderSsrc = senderSsrc;
        ReceiverReferenceTime = receiverReferenceTime;
        _dlrr = dlrr;
    }

    /// <summary>SSRC of the packet sender.</summary>
    public uint SenderSsrc { get; }

    /// <summary>The RRT timestamp, if any.</summary>
    public NtpTime? ReceiverReferenceTime { get; }

    /// <summary>Serialized size in bytes.</summary>
    public int GetSerializedLength() =>
        RtcpHeader.Size + 4 + (ReceiverReferenceTime.HasValue ? 12 : 0)
        + (_dlrr.IsEmpty ? 0 : 4 + _dlrr.Length * DlrrSubBlock.Size);

    /// <summary>Writes the packet; false when the destination is too small or the DLRR block is too long.</summary>
    public bool TryWrite(Span<byte> destination, out int written)
    {
        written = 0;
        int length = GetSerializedLength();
        if (destination.Length < length || _dlrr.Length * 3 > ushort.MaxValue)
        {
            return false;
        }

        RtcpHeader.Write(destination, 0, (byte)RtcpPacketType.ExtendedReport, length);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(4), SenderSsrc);
        int pos = 8;
        if (ReceiverReferenceTime is NtpTime rrt)
        {
            destination[pos] = (byte)ExtendedReportBlockType.ReceiverReferenceTime;
            destination[pos + 1] = 0;
            BinaryPrimitives.WriteUInt16BigEndian(destination.Slice(pos + 2), 2);
            BinaryPrimitives.WriteUInt64BigEndian(destination.Slice(pos + 4), rrt.Value);
            pos += 12;
        }

        if (!_dlrr.IsEmpty)
        {
            destination[pos] = (byte)ExtendedReportBlockType.Dlrr;
            destination[pos + 1] = 0;
            BinaryPrimitives.WriteUInt16BigEndian(destination.Slice(pos + 2), (ushort)(_dlrr.Length * 3));
            pos += 4;
            foreach (DlrrSubBlock sub in _dlrr)
            {
                sub.Write(destination.Slice(pos));
                pos += DlrrSubBlock.Size;
            }
        }

        written = length;
        return true;
    }
}
