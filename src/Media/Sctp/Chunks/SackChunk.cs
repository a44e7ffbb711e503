using System.Buffers.Binary;

namespace Sfu.Media.Sctp.Chunks;

/// <summary>A Gap Ack Block: TSN offsets from the Cumulative TSN Ack, both inclusive (RFC 9260 §3.3.4).</summary>
public readonly record struct GapAckBlock(ushort Start, ushort End);

/// <summary>
/// SACK (RFC 9260 §3.3.4):
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |   Type = 3    |  Chunk Flags  |         Chunk Length          |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                      Cumulative TSN Ack                       |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |          Advertised Receiver Window Credit (a_rwnd)           |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// | Number of Gap Ack Blocks = N  |  Number of Duplicate TSNs = M |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |    Gap Ack Block #1 Start     |     Gap Ack Block #1 End      |
/// /                              ...                              /
/// |                       Duplicate TSN 1..M                      |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </summary>
public readonly ref struct SackChunk
{
    /// <summary>Chunk header plus the fixed fields.</summary>
    public const int HeaderSize = 16;

    private readonly ReadOnlySpan<byte> _gaps;
    private readonly ReadOnlySpan<byte> _duplicates;

    private SackChunk(uint cumulativeTsnAck, uint advertisedReceiverWindowCredit, ReadOnlySpan<byte> gaps, ReadOnlySpan<byte> duplicates)
    {
        CumulativeTsnAck = cumulativeTsnAck;
        AdvertisedReceiverWindowCredit = advertisedReceiverWindowCredit;
        _gaps = gaps;
        _duplicates = duplicates;
    }

    public uint CumulativeTsnAck { get; }

    public uint AdvertisedReceiverWindowCredit { get; }

    public int GapAckBlockCount => _gaps.Length / 4;

    public int DuplicateTsnCount => _duplicates.Length / 4;

    /// <summary>Gap block <paramref name="index"/> (0 ≤ index &lt; <see cref="GapAckBlockCount"/>).</summary>
    public GapAckBlock GetGapAckBlock(int index) =>
        new(BinaryPrimitives.ReadUInt16BigEndian(_gaps.Slice(index * 4)), BinaryPrimitives.ReadUInt16BigEndian(_gaps.Slice((index * 4) + 2)));

    public uint GetDuplicateTsn(int index) => BinaryPrimitives.ReadUInt32BigEndian(_duplicates.Slice(index * 4));

    public static bool TryParse(SctpChunk chunk, out SackChunk result, out SctpParseError error)
    {
        result = default;
        if (chunk.Type != (byte)SctpChunkType.Sack)
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

        int gaps = BinaryPrimitives.ReadUInt16BigEndian(v.Slice(8));
        int duplicates = BinaryPrimitives.ReadUInt16BigEndian(v.Slice(10));
        int needed = 12 + (4 * gaps) + (4 * duplicates);
        if (v.Length < needed)
        {
            error = SctpParseError.Truncated;
            return false;
        }

        result = new SackChunk(
            BinaryPrimitives.ReadUInt32BigEndian(v),
            BinaryPrimitives.ReadUInt32BigEndian(v.Slice(4)),
            v.Slice(12, 4 * gaps),
            v.Slice(12 + (4 * gaps), 4 * duplicates));
        error = SctpParseError.None;
        return true;
    }

    public static int GetSerializedLength(int gapCount, int duplicateCount) => HeaderSize + (4 * gapCount) + (4 * duplicateCount);

    public static bool TryWrite(Span<byte> destination, uint cumulativeTsnAck, uint advertisedReceiverWindowCredit,
        ReadOnlySpan<GapAckBlock> gaps, ReadOnlySpan<uint> duplicates, out int written)
    {
        written = GetSerializedLength(gaps.Length, duplicates.Length);
        if (destination.Length < written || gaps.Length > ushort.MaxValue || duplicates.Length > ushort.MaxValue || written > ushort.MaxValue)
        {
            written = 0;
            return false;
        }

        SctpWire.WriteChunkHeader(destination, SctpChunkType.Sack, 0, written);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(4), cumulativeTsnAck);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(8), advertisedReceiverWindowCredit);
        BinaryPrimitives.WriteUInt16BigEndian(destination.Slice(12), (ushort)gaps.Length);
        BinaryPrimitives.WriteUInt16BigEndian(destination.Slice(14), (ushort)duplicates.Length);
        int offset = HeaderSize;
        foreach (GapAckBlock gap in gaps)
        {
            BinaryPrimitives.WriteUInt16BigEndian(destination.Slice(offset), gap.Start);
            BinaryPrimitives.WriteUInt16BigEndian(destination.Slice(offset + 2), gap.End);
            offset += 4;
        }

        foreach (uint tsn in duplicates)
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(offset), tsn);
            offset += 4;
        }

        return true;
    }
}
