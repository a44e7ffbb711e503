using System.Buffers.Binary;

namespace Sfu.Media.Sctp.Chunks;

/// <summary>A stream and the last skipped Stream Sequence Number in a FORWARD TSN (RFC 3758 §3.2).</summary>
public readonly record struct ForwardTsnStream(ushort StreamId, ushort StreamSequenceNumber);

/// <summary>
/// FORWARD TSN (RFC 3758 §3.2):
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |   Type = 192  |  Flags = 0x00 |        Length = Variable      |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                      New Cumulative TSN                       |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |         Stream-1              |       Stream Sequence-1       |
/// /                              ...                              /
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </summary>
public readonly ref struct ForwardTsnChunk
{
    /// <summary>Chunk header plus the New Cumulative TSN.</summary>
    public const int HeaderSize = 8;

    private readonly ReadOnlySpan<byte> _streams;

    private ForwardTsnChunk(uint newCumulativeTsn, ReadOnlySpan<byte> streams)
    {
        NewCumulativeTsn = newCumulativeTsn;
        _streams = streams;
    }

    public uint NewCumulativeTsn { get; }

    public int StreamCount => _streams.Length / 4;

    public ForwardTsnStream GetStream(int index) =>
        new(BinaryPrimitives.ReadUInt16BigEndian(_streams.Slice(index * 4)), BinaryPrimitives.ReadUInt16BigEndian(_streams.Slice((index * 4) + 2)));

    public static bool TryParse(SctpChunk chunk, out ForwardTsnChunk result, out SctpParseError error)
    {
        result = default;
        if (chunk.Type != (byte)SctpChunkType.ForwardTsn)
        {
            error = SctpParseError.WrongType;
            return false;
        }

        ReadOnlySpan<byte> v = chunk.Value;
        if (v.Length < 4)
        {
            error = SctpParseError.Truncated;
            return false;
        }

        if ((v.Length - 4) % 4 != 0)
        {
            error = SctpParseError.Malformed;
            return false;
        }

        result = new ForwardTsnChunk(BinaryPrimitives.ReadUInt32BigEndian(v), v.Slice(4));
        error = SctpParseError.None;
        return true;
    }

    public static int GetSerializedLength(int streamCount) => HeaderSize + (4 * streamCount);

    public static bool TryWrite(Span<byte> destination, uint newCumulativeTsn, ReadOnlySpan<ForwardTsnStream> streams, out int written)
    {
        written = GetSerializedLength(streams.Length);
        if (destination.Length < written || written > ushort.MaxValue)
        {
            written = 0;
            return false;
        }

        SctpWire.WriteChunkHeader(destination, SctpChunkType.ForwardTsn, 0, written);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(4), newCumulativeTsn);
        int offset = HeaderSize;
        foreach (ForwardTsnStream s in streams)
        {
            BinaryPrimitives.WriteUInt16BigEndian(destination.Slice(offset), s.StreamId);
            BinaryPrimitives.WriteUInt16BigEndian(destination.Slice(offset + 2), s.StreamSequenceNumber);
            offset += 4;
        }

        return true;
    }
}
