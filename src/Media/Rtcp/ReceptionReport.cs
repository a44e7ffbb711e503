using System.Buffers.Binary;

namespace Sfu.Media.Rtcp;

/// <summary>
/// A report block of an SR or RR (RFC 3550 §6.4.1):
/// <code>
/// |                 SSRC_1 (SSRC of first source)                 |
/// | fraction lost |       cumulative number of packets lost       |
/// |           extended highest sequence number received           |
/// |                      interarrival jitter                      |
/// |                         last SR (LSR)                         |
/// |                   delay since last SR (DLSR)                  |
/// </code>
/// </summary>
/// <param name="Ssrc">The source this block reports on.</param>
/// <param name="FractionLost">Fraction lost since the previous report, in 1/256.</param>
/// <param name="TotalLost">Cumulative packets lost, 24-bit signed (−8388608 … 8388607).</param>
/// <param name="ExtendedHighestSequenceNumber">Cycles (high 16 bits) and highest sequence number received.</param>
/// <param name="Jitter">Interarrival jitter in timestamp units.</param>
/// <param name="LastSenderReport">Middle 32 bits of the last SR's NTP timestamp (0 = none).</param>
/// <param name="DelaySinceLastSenderReport">Delay since that SR in 1/65536 s.</param>
public readonly record struct ReceptionReport(
    uint Ssrc,
    byte FractionLost,
    int TotalLost,
    uint ExtendedHighestSequenceNumber,
    uint Jitter,
    uint LastSenderReport,
    uint DelaySinceLastSenderReport)
{
    /// <summary>Size of a report block.</summary>
    public const int Size = 24;

    /// <summary>Reads a block from the first 24 bytes of <paramref name="source"/>.</summary>
    public static ReceptionReport Read(ReadOnlySpan<byte> source)
    {
        int lost = (source[5] << 16) | (source[6] << 8) | source[7];
        return new ReceptionReport(
            BinaryPrimitives.ReadUInt32BigEndian(source),
            source[4],
            (lost << 8) >> 8,
            BinaryPrimitives.ReadUInt32BigEndian(source.Slice(8)),
            BinaryPrimitives.ReadUInt32BigEndian(source.Slice(12)),
            BinaryPrimitives.ReadUInt32BigEndian(source.Slice(16)),
            BinaryPrimitives.ReadUInt32BigEndian(source.Slice(20)));
    }

    /// <summary>Writes the block into the first 24 bytes of <paramref name="destination"/>; TotalLost is clamped to 24 bits.</summary>
    public void Write(Span<byte> destination)
    {
        int lost = Math.Clamp(TotalLost, -(1 << 23), (1 << 23) - 1);
        BinaryPrimitives.WriteUInt32BigEndian(destination, Ssrc);
        destination[4] = FractionLost;
        destination[5] = (byte)(lost >> 16);
        destination[6] = (byte)(lost >> 8);
        destination[7] = (byte)lost;
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(8), ExtendedHighestSequenceNumber);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(12), Jitter);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(16), LastSenderReport);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(20), DelaySinceLastSenderReport);
    }
}

/// <summary>Enumerates report blocks laid out back to back.</summary>
public ref struct ReceptionReportEnumerator
{
    private readonly ReadOnlySpan<byte> _blocks;
    private int _index;

    internal ReceptionReportEnumerator(ReadOnlySpan<byte> blocks)
    {
        _blocks = blocks;
        _index = -1;
    }

    /// <summary>The current block.</summary>
    public readonly ReceptionReport Current => ReceptionReport.Read(_blocks.Slice(_index * ReceptionReport.Size));

    /// <summary>Supports <c>foreach</c>.</summary>
    public readonly ReceptionReportEnumerator GetEnumerator() => this;

    /// <summary>Advances to the next block.</summary>
    public bool MoveNext() => ++_index < _blocks.Length / ReceptionReport.Size;
}
