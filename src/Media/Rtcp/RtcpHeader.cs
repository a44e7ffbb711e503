using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Sfu.Media.Rtcp;

/// <summary>
/// The RTCP common header (RFC 3550 §6.4.1):
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |V=2|P|  RC/FMT |      PT       |             length            |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// <c>length</c> is the packet size in 32-bit words minus one, header and padding included.
/// </summary>
public readonly struct RtcpHeader
{
    /// <summary>Size of the common header.</summary>
    public const int Size = 4;

    private readonly byte _first;
    private readonly byte _type;
    private readonly ushort _lengthWords;

    /// <summary>Builds a header from its fields.</summary>
    public RtcpHeader(bool padding, int count, byte packetType, ushort lengthWords)
    {
        _first = (byte)(0x80 | (padding ? 0x20 : 0) | (count & 0x1F));
        _type = packetType;
        _lengthWords = lengthWords;
    }

    private RtcpHeader(byte first, byte type, ushort lengthWords)
    {
        _first = first;
        _type = type;
        _lengthWords = lengthWords;
    }

    /// <summary>The version field (2 for every accepted packet).</summary>
    public int Version => _first >> 6;

    /// <summary>The P bit.</summary>
    public bool HasPadding => (_first & 0x20) != 0;

    /// <summary>The 5-bit count: report count (RC), source count (SC), APP subtype, or feedback format (FMT).</summary>
    public int Count => _first & 0x1F;

    /// <summary>The packet type (PT) octet.</summary>
    public byte PacketType => _type;

    /// <summary>The packet type as an enum (values outside 200–207 are unnamed).</summary>
    public RtcpPacketType Type => (RtcpPacketType)_type;

    /// <summary>The length field: 32-bit words minus one.</summary>
    public ushort LengthWords => _lengthWords;

    /// <summary>The packet size in bytes, header and padding included.</summary>
    public int PacketLength => (_lengthWords + 1) << 2;

    /// <summary>Reads the 4 header bytes without validating them.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static RtcpHeader Read(ReadOnlySpan<byte> source) =>
        new(source[0], source[1], BinaryPrimitives.ReadUInt16BigEndian(source.Slice(2)));

    /// <summary>
    /// Validates one RTCP packet's common header against <paramref name="packet"/> (which must hold at least the
    /// announced length) and returns the body: the bytes after the header, padding excluded.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> packet, out RtcpHeader header, out ReadOnlySpan<byte> body,
        out RtcpParseError error)
    {
        body = default;
        if (packet.Length < Size)
        {
            header = default;
            error = RtcpParseError.Truncated;
            return false;
        }

        header = Read(packet);
        if (header.Version != 2)
        {
            error = RtcpParseError.BadVersion;
            return false;
        }

        int length = header.PacketLength;
        if (length > packet.Length)
        {
            error = RtcpParseError.Truncated;
            return false;
        }

        int padding = 0;
        if (header.HasPadding)
        {
            padding = packet[length - 1];
            if (padding == 0 || padding > length - Size)
            {
                error = RtcpParseError.BadPadding;
                return false;
            }
        }

        body = packet.Slice(Size, length - Size - padding);
        error = RtcpParseError.None;
        return true;
    }

    /// <summary>Writes a header for a packet of <paramref name="packetLength"/> bytes (a multiple of 4, ≥ 4).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Write(Span<byte> destination, int count, byte packetType, int packetLength, bool padding = false)
    {
        destination[0] = (byte)(0x80 | (padding ? 0x20 : 0) | (count & 0x1F));
        destination[1] = packetType;
        BinaryPrimitives.WriteUInt16BigEndian(destination.Slice(2), (ushort)((packetLength >> 2) - 1));
    }

    /// <inheritdoc />
    public override string ToString() => $"RTCP PT={_type} count={Count} length={PacketLength}";
}
