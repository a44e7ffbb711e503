using System.Buffers.Binary;

namespace Sfu.Media.Rtcp;

/// <summary>
/// BYE: goodbye (RFC 3550 §6.6), a view over one packet.
/// <code>
/// |V=2|P|    SC   |   PT=BYE=203  |             length            |
/// |                           SSRC/CSRC ... (SC × 4 bytes)        |
/// |     length    |               reason for leaving ...   (opt)  |
/// </code>
/// </summary>
public readonly ref struct Goodbye
{
    private readonly ReadOnlySpan<byte> _body;

    private Goodbye(RtcpHeader header, ReadOnlySpan<byte> body)
    {
        Header = header;
        _body = body;
    }

    /// <summary>The common header.</summary>
    public RtcpHeader Header { get; }

    /// <summary>Number of SSRC/CSRCs leaving (SC).</summary>
    public int SsrcCount => Header.Count;

    /// <summary>True when a reason follows the SSRC list.</summary>
    public bool HasReason => _body.Length > SsrcCount * 4;

    /// <summary>The reason text (UTF-8), empty when absent.</summary>
    public ReadOnlySpan<byte> Reason =>
        HasReason ? _body.Slice(SsrcCount * 4 + 1, _body[SsrcCount * 4]) : ReadOnlySpan<byte>.Empty;

    /// <summary>SSRC/CSRC <paramref name="index"/>.</summary>
    public uint GetSsrc(int index)
    {
        if ((uint)index >= (uint)SsrcCount)
        {
            throw new ArgumentOutOfRangeException(nameof(index));
        }

        return BinaryPrimitives.ReadUInt32BigEndian(_body.Slice(index * 4));
    }

    /// <summary>Parses one BYE packet.</summary>
    public static bool TryParse(ReadOnlySpan<byte> packet, out Goodbye bye, out RtcpParseError error)
    {
        bye = default;
        if (!RtcpHeader.TryParse(packet, out RtcpHeader header, out ReadOnlySpan<byte> body, out error))
        {
            return false;
        }

        if (header.Type != RtcpPacketType.Goodbye)
        {
            error = RtcpParseError.WrongPacketType;
            return false;
        }

        int listLength = header.Count * 4;
        if (body.Length < listLength)
        {
            error = RtcpParseError.BadLength;
            return false;
        }

        if (body.Length > listLength && listLength + 1 + body[listLength] > body.Length)
        {
            error = RtcpParseError.BadGoodbye;
            return false;
        }

        bye = new Goodbye(header, body);
        return true;
    }
}

/// <summary>Writes a BYE packet with up to 31 SSRCs and an optional reason (at most 255 bytes).</summary>
public readonly ref struct GoodbyeWriter
{
    private readonly ReadOnlySpan<uint> _ssrcs;
    private readonly ReadOnlySpan<byte> _reason;

    /// <summary>Describes the packet to write; an empty reason writes none.</summary>
    public GoodbyeWriter(ReadOnlySpan<uint> ssrcs, ReadOnlySpan<byte> reason)
    {
        _ssrcs = ssrcs;
        _reason = reason;
    }

    /// <summary>Serialized size in bytes.</summary>
    public int GetSerializedLength() =>
        RtcpHeader.Size + _ssrcs.Length * 4 + (_reason.IsEmpty ? 0 : (1 + _reason.Length + 3) & ~3);

    /// <summary>Writes the packet; false when the destination is too small or a limit is exceeded.</summary>
    public bool TryWrite(Span<byte> destination, out int written)
    {
        written = 0;
        int length = GetSerializedLength();
        if (_ssrcs.Length > 31 || _reason.Length > 255 || destination.Length < length)
        {
            return false;
        }

        RtcpHeader.Write(destination, _ssrcs.Length, (byte)RtcpPacketType.Goodbye, length);
        int pos = RtcpHeader.Size;
        foreach (uint ssrc in _ssrcs)
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(pos), ssrc);
            pos += 4;
        }

        if (!_reason.IsEmpty)
        {
            destination[pos] = (byte)_reason.Length;
            _reason.CopyTo(destination.Slice(pos + 1));
            pos += 1 + _reason.Length;
            destination.Slice(pos, length - pos).Clear();
        }

        written = length;
        return true;
    }
}
