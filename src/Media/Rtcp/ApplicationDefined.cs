using System.Buffers.Binary;

namespace Sfu.Media.Rtcp;

/// <summary>
/// APP: application-defined (RFC 3550 §6.7), a view over one packet; the data is passed on raw.
/// <code>
/// |V=2|P| subtype |   PT=APP=204  |             length            |
/// |                           SSRC/CSRC                           |
/// |                          name (ASCII)                         |
/// |                   application-dependent data ...              |
/// </code>
/// </summary>
public readonly ref struct ApplicationDefined
{
    private readonly ReadOnlySpan<byte> _body;

    private ApplicationDefined(RtcpHeader header, ReadOnlySpan<byte> body)
    {
        Header = header;
        _body = body;
    }

    /// <summary>The common header.</summary>
    public RtcpHeader Header { get; }

    /// <summary>The 5-bit subtype.</summary>
    public int Subtype => Header.Count;

    /// <summary>SSRC/CSRC of the sender.</summary>
    public uint Ssrc => BinaryPrimitives.ReadUInt32BigEndian(_body);

    /// <summary>The four ASCII name octets.</summary>
    public ReadOnlySpan<byte> Name => _body.Slice(4, 4);

    /// <summary>Application-dependent data.</summary>
    public ReadOnlySpan<byte> Data => _body.Slice(8);

    /// <summary>Parses one APP packet.</summary>
    public static bool TryParse(ReadOnlySpan<byte> packet, out ApplicationDefined app, out RtcpParseError error)
    {
        app = default;
        if (!RtcpHeader.TryParse(packet, out RtcpHeader header, out ReadOnlySpan<byte> body, out error))
        {
            return false;
        }

        if (header.Type != RtcpPacketType.ApplicationDefined)
        {
            error = RtcpParseError.WrongPacketType;
            return false;
        }

        if (body.Length < 8)
        {
            error = RtcpParseError.BadLength;
            return false;
        }

        app = new ApplicationDefined(header, body);
        return true;
    }
}

/// <summary>Writes an APP packet; the data length must be a multiple of 4.</summary>
public readonly ref struct ApplicationDefinedWriter
{
    private readonly ReadOnlySpan<byte> _name;
    private readonly ReadOnlySpan<byte> _data;

    /// <summary>Describes the packet to write; <paramref name="name"/> must be exactly 4 bytes.</summary>
    public ApplicationDefinedWriter(int subtype, uint ssrc, ReadOnlySpan<byte> name, ReadOnlySpan<byte> data)
    {
        Subtype = subtype;
        Ssrc = ssrc;
        _name = name;
        _data = data;
    }

    /// <summary>The 5-bit subtype.</summary>
    public int Subtype { get; }

    /// <summary>SSRC/CSRC of the sender.</summary>
    public uint Ssrc { get; }

    /// <summary>Serialized size in bytes.</summary>
    public int GetSerializedLength() => RtcpHeader.Size + 8 + _data.Length;

    /// <summary>Writes the packet; false when the destination is too small or an argument is out of range.</summary>
    public bool TryWrite(Span<byte> destination, out int written)
    {
        written = 0;
        int length = GetSerializedLength();
        if (Subtype is < 0 or > 31 || _name.Length != 4 || (_data.Length & 3) != 0 || destination.Length < length)
        {
            return false;
        }

        RtcpHeader.Write(destination, Subtype, (byte)RtcpPacketType.ApplicationDefined, length);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(4), Ssrc);
        _name.CopyTo(destination.Slice(8));
        _data.CopyTo(destination.Slice(12));
        written = length;
        return true;
    }
}
