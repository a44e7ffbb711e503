using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Sfu.Media.Sctp;

/// <summary>Why an SCTP packet, chunk or parameter did not parse. Network input never throws: parsers return one of these.</summary>
public enum SctpParseError
{
    None,

    /// <summary>Fewer bytes than the header or the announced length needs.</summary>
    Truncated,

    /// <summary>A chunk or parameter length below its header size.</summary>
    BadLength,

    /// <summary>Fields that the RFC forbids (zero Initiate Tag, zero streams, empty DATA, odd list sizes...).</summary>
    Malformed,

    /// <summary>The chunk has another type than the parser expects.</summary>
    WrongType,
}

/// <summary>Chunk types (RFC 9260 §3.2, RFC 3758 §3.2, RFC 6525 §3.1).</summary>
public enum SctpChunkType : byte
{
    Data = 0,
    Init = 1,
    InitAck = 2,
    Sack = 3,
    Heartbeat = 4,
    HeartbeatAck = 5,
    Abort = 6,
    Shutdown = 7,
    ShutdownAck = 8,
    Error = 9,
    CookieEcho = 10,
    CookieAck = 11,
    ShutdownComplete = 14,
    ReConfig = 130,
    ForwardTsn = 192,
}

/// <summary>
/// The SCTP common header (RFC 9260 §3.1), 12 bytes, followed by the chunks:
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |     Source Port Number        |     Destination Port Number   |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                      Verification Tag                         |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                           Checksum                            |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// The checksum is the CRC32c of the whole packet computed with the checksum field set to zero (RFC 9260 §6.8,
/// Appendix A), stored least significant byte first (the byte order of the reflected CRC register).
/// </summary>
public readonly ref struct SctpPacket
{
    /// <summary>Size of the common header.</summary>
    public const int HeaderSize = 12;

    private SctpPacket(ushort sourcePort, ushort destinationPort, uint verificationTag, uint checksum, ReadOnlySpan<byte> chunks)
    {
        SourcePort = sourcePort;
        DestinationPort = destinationPort;
        VerificationTag = verificationTag;
        Checksum = checksum;
        Chunks = chunks;
    }

    public ushort SourcePort { get; }

    public ushort DestinationPort { get; }

    public uint VerificationTag { get; }

    /// <summary>The checksum field as a CRC value (read little-endian).</summary>
    public uint Checksum { get; }

    /// <summary>Everything after the common header: the chunks, padding included.</summary>
    public ReadOnlySpan<byte> Chunks { get; }

    /// <summary>Reads the common header. It does not verify the checksum (<see cref="VerifyChecksum"/>).</summary>
    public static bool TryParse(ReadOnlySpan<byte> packet, out SctpPacket result, out SctpParseError error)
    {
        if (packet.Length < HeaderSize)
        {
            result = default;
            error = SctpParseError.Truncated;
            return false;
        }

        result = new SctpPacket(
            BinaryPrimitives.ReadUInt16BigEndian(packet),
            BinaryPrimitives.ReadUInt16BigEndian(packet.Slice(2)),
            BinaryPrimitives.ReadUInt32BigEndian(packet.Slice(4)),
            BinaryPrimitives.ReadUInt32LittleEndian(packet.Slice(8)),
            packet.Slice(HeaderSize));
        error = SctpParseError.None;
        return true;
    }

    /// <summary>True when the checksum field holds the CRC32c of the packet (RFC 9260 §6.8). No allocation.</summary>
    public static bool VerifyChecksum(ReadOnlySpan<byte> packet)
    {
        if (packet.Length < HeaderSize)
        {
            return false;
        }

        Span<byte> zero = stackalloc byte[4];
        zero.Clear();
        uint crc = Crc32c.Update(0xFFFF_FFFF, packet.Slice(0, 8));
        crc = Crc32c.Update(crc, zero);
        crc = ~Crc32c.Update(crc, packet.Slice(HeaderSize));
        return crc == BinaryPrimitives.ReadUInt32LittleEndian(packet.Slice(8));
    }

    /// <summary>Writes the common header with a zero checksum; call <see cref="WriteChecksum"/> once the chunks are in.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void WriteHeader(Span<byte> destination, ushort sourcePort, ushort destinationPort, uint verificationTag)
    {
        BinaryPrimitives.WriteUInt16BigEndian(destination, sourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(destination.Slice(2), destinationPort);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(4), verificationTag);
        BinaryPrimitives.WriteUInt32LittleEndian(destination.Slice(8), 0);
    }

    /// <summary>Computes the CRC32c of the finished <paramref name="packet"/> and stores it in the checksum field.</summary>
    public static void WriteChecksum(Span<byte> packet)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(packet.Slice(8), 0);
        BinaryPrimitives.WriteUInt32LittleEndian(packet.Slice(8), Crc32c.Compute(packet));
    }
}

/// <summary>
/// One chunk (RFC 9260 §3.2): type, flags, length (header included, padding excluded) and the value.
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |   Chunk Type  | Chunk  Flags  |        Chunk Length           |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// \                          Chunk Value                          \
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </summary>
public readonly ref struct SctpChunk
{
    /// <summary>Size of the chunk header.</summary>
    public const int HeaderSize = 4;

    public SctpChunk(byte type, byte flags, ReadOnlySpan<byte> value)
    {
        Type = type;
        Flags = flags;
        Value = value;
    }

    /// <summary>The chunk type octet (see <see cref="SctpChunkType"/>).</summary>
    public byte Type { get; }

    public byte Flags { get; }

    /// <summary>The chunk value, padding excluded.</summary>
    public ReadOnlySpan<byte> Value { get; }

    /// <summary>The Chunk Length field: header plus value.</summary>
    public int Length => HeaderSize + Value.Length;

    /// <summary>
    /// Reads one chunk from the start of <paramref name="source"/>. <paramref name="consumed"/> includes the padding
    /// (a last chunk without its padding is accepted).
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> source, out SctpChunk chunk, out int consumed, out SctpParseError error)
    {
        chunk = default;
        consumed = 0;
        if (source.Length < HeaderSize)
        {
            error = SctpParseError.Truncated;
            return false;
        }

        int length = BinaryPrimitives.ReadUInt16BigEndian(source.Slice(2));
        if (length < HeaderSize)
        {
            error = SctpParseError.BadLength;
            return false;
        }

        if (length > source.Length)
        {
            error = SctpParseError.Truncated;
            return false;
        }

        chunk = new SctpChunk(source[0], source[1], source.Slice(HeaderSize, length - HeaderSize));
        consumed = Math.Min(SctpWire.Align4(length), source.Length);
        error = SctpParseError.None;
        return true;
    }
}

/// <summary>Walks the chunks of a packet in order.</summary>
public ref struct SctpChunkReader
{
    private ReadOnlySpan<byte> _remaining;

    public SctpChunkReader(ReadOnlySpan<byte> chunks)
    {
        _remaining = chunks;
        Error = SctpParseError.None;
    }

    /// <summary>Why the walk stopped early (None when it reached the end cleanly).</summary>
    public SctpParseError Error { get; private set; }

    /// <summary>True when nothing is left.</summary>
    public readonly bool IsEmpty => _remaining.IsEmpty;

    /// <summary>The next chunk, or false at the end or at a malformed chunk (then <see cref="Error"/> says why).</summary>
    public bool TryReadNext(out SctpChunk chunk)
    {
        if (_remaining.IsEmpty)
        {
            chunk = default;
            return false;
        }

        if (!SctpChunk.TryRead(_remaining, out chunk, out int consumed, out SctpParseError error))
        {
            Error = error;
            _remaining = default;
            return false;
        }

        _remaining = _remaining.Slice(consumed);
        return true;
    }
}

/// <summary>
/// A TLV parameter (RFC 9260 §3.2.1), also the layout of error causes (§3.3.10) and RE-CONFIG parameters
/// (RFC 6525 §4): 16-bit type, 16-bit length (header included, padding excluded), value, padding to 4 bytes.
/// </summary>
public readonly ref struct SctpParameter
{
    /// <summary>Size of the parameter header.</summary>
    public const int HeaderSize = 4;

    public SctpParameter(ushort type, ReadOnlySpan<byte> value)
    {
        Type = type;
        Value = value;
    }

    public ushort Type { get; }

    public ReadOnlySpan<byte> Value { get; }

    public int Length => HeaderSize + Value.Length;

    /// <summary>Reads one parameter; <paramref name="consumed"/> includes the padding.</summary>
    public static bool TryRead(ReadOnlySpan<byte> source, out SctpParameter parameter, out int consumed, out SctpParseError error)
    {
        parameter = default;
        consumed = 0;
        if (source.Length < HeaderSize)
        {
            error = SctpParseError.Truncated;
            return false;
        }

        int length = BinaryPrimitives.ReadUInt16BigEndian(source.Slice(2));
        if (length < HeaderSize)
        {
            error = SctpParseError.BadLength;
            return false;
        }

        if (length > source.Length)
        {
            error = SctpParseError.Truncated;
            return false;
        }

        parameter = new SctpParameter(BinaryPrimitives.ReadUInt16BigEndian(source), source.Slice(HeaderSize, length - HeaderSize));
        consumed = Math.Min(SctpWire.Align4(length), source.Length);
        error = SctpParseError.None;
        return true;
    }

    /// <summary>Writes a parameter and its padding; false when <paramref name="destination"/> is too small.</summary>
    public static bool TryWrite(Span<byte> destination, ushort type, ReadOnlySpan<byte> value, out int written)
    {
        int length = HeaderSize + value.Length;
        written = SctpWire.Align4(length);
        if (length > ushort.MaxValue || destination.Length < written)
        {
            written = 0;
            return false;
        }

        BinaryPrimitives.WriteUInt16BigEndian(destination, type);
        BinaryPrimitives.WriteUInt16BigEndian(destination.Slice(2), (ushort)length);
        value.CopyTo(destination.Slice(HeaderSize));
        destination.Slice(length, written - length).Clear();
        return true;
    }
}

/// <summary>Walks a list of TLV parameters or error causes.</summary>
public ref struct SctpParameterReader
{
    private ReadOnlySpan<byte> _remaining;

    public SctpParameterReader(ReadOnlySpan<byte> parameters)
    {
        _remaining = parameters;
        Error = SctpParseError.None;
    }

    public SctpParseError Error { get; private set; }

    public bool TryReadNext(out SctpParameter parameter)
    {
        if (_remaining.IsEmpty)
        {
            parameter = default;
            return false;
        }

        if (!SctpParameter.TryRead(_remaining, out parameter, out int consumed, out SctpParseError error))
        {
            Error = error;
            _remaining = default;
            return false;
        }

        _remaining = _remaining.Slice(consumed);
        return true;
    }
}

/// <summary>Small shared wire helpers.</summary>
internal static class SctpWire
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Align4(int length) => (length + 3) & ~3;

    /// <summary>Writes a chunk header and clears the padding after <paramref name="length"/>; returns the padded size.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int WriteChunkHeader(Span<byte> destination, SctpChunkType type, byte flags, int length)
    {
        destination[0] = (byte)type;
        destination[1] = flags;
        BinaryPrimitives.WriteUInt16BigEndian(destination.Slice(2), (ushort)length);
        int padded = Align4(length);
        destination.Slice(length, padded - length).Clear();
        return padded;
    }
}
