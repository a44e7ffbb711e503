using System.Buffers.Binary;

namespace Sfu.Media.Sctp.Chunks;

/// <summary>
/// DATA (RFC 9260 §3.3.1; the I bit is RFC 7053):
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |   Type = 0    |  Res  |I|U|B|E|             Length            |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                              TSN                              |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |      Stream Identifier S      |   Stream Sequence Number n    |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                  Payload Protocol Identifier                  |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// \                 User Data (seq n of Stream S)                 \
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </summary>
public readonly ref struct DataChunk
{
    /// <summary>Chunk header plus the fixed fields.</summary>
    public const int HeaderSize = 16;

    public const byte EndingFlag = 0x01;
    public const byte BeginningFlag = 0x02;
    public const byte UnorderedFlag = 0x04;
    public const byte ImmediateFlag = 0x08;

    public DataChunk(byte flags, uint tsn, ushort streamId, ushort streamSequenceNumber, uint payloadProtocolIdentifier, ReadOnlySpan<byte> userData)
    {
        Flags = flags;
        Tsn = tsn;
        StreamId = streamId;
        StreamSequenceNumber = streamSequenceNumber;
        PayloadProtocolIdentifier = payloadProtocolIdentifier;
        UserData = userData;
    }

    public byte Flags { get; }

    public uint Tsn { get; }

    public ushort StreamId { get; }

    public ushort StreamSequenceNumber { get; }

    public uint PayloadProtocolIdentifier { get; }

    public ReadOnlySpan<byte> UserData { get; }

    public bool IsEnding => (Flags & EndingFlag) != 0;

    public bool IsBeginning => (Flags & BeginningFlag) != 0;

    public bool IsUnordered => (Flags & UnorderedFlag) != 0;

    /// <summary>The I bit: the sender asks for a SACK without delay (RFC 7053 §3).</summary>
    public bool IsImmediate => (Flags & ImmediateFlag) != 0;

    /// <summary>Size on the wire, padding included.</summary>
    public int SerializedLength => SctpWire.Align4(HeaderSize + UserData.Length);

    public static bool TryParse(SctpChunk chunk, out DataChunk result, out SctpParseError error)
    {
        result = default;
        if (chunk.Type != (byte)SctpChunkType.Data)
        {
            error = SctpParseError.WrongType;
            return false;
        }

        ReadOnlySpan<byte> v = chunk.Value;
        if (v.Length < HeaderSize - SctpChunk.HeaderSize)
        {
            error = SctpParseError.Truncated;
            return false;
        }

        if (v.Length == HeaderSize - SctpChunk.HeaderSize)
        {
            // RFC 9260 §6.2: a DATA chunk with no user data is a protocol error.
            error = SctpParseError.Malformed;
            return false;
        }

        result = new DataChunk(
            chunk.Flags,
            BinaryPrimitives.ReadUInt32BigEndian(v),
            BinaryPrimitives.ReadUInt16BigEndian(v.Slice(4)),
            BinaryPrimitives.ReadUInt16BigEndian(v.Slice(6)),
            BinaryPrimitives.ReadUInt32BigEndian(v.Slice(8)),
            v.Slice(12));
        error = SctpParseError.None;
        return true;
    }

    public bool TryWrite(Span<byte> destination, out int written)
    {
        written = SerializedLength;
        if (destination.Length < written)
        {
            written = 0;
            return false;
        }

        SctpWire.WriteChunkHeader(destination, SctpChunkType.Data, Flags, HeaderSize + UserData.Length);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(4), Tsn);
        BinaryPrimitives.WriteUInt16BigEndian(destination.Slice(8), StreamId);
        BinaryPrimitives.WriteUInt16BigEndian(destination.Slice(10), StreamSequenceNumber);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(12), PayloadProtocolIdentifier);
        UserData.CopyTo(destination.Slice(HeaderSize));
        return true;
    }
}
