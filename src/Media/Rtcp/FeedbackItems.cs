using System.Buffers.Binary;
using System.Numerics;
using Sfu.Media.Time;

namespace Sfu.Media.Rtcp;

/// <summary>
/// Generic NACK FCI entry (RFC 4585 §6.2.1), also the TLLEI entry (RFC 6642 §5.1):
/// <code>
/// |            PID                |             BLP               |
/// </code>
/// PID is a lost packet; bit i of BLP (LSB = 0) marks PID + i + 1 as lost too.
/// </summary>
/// <param name="PacketId">The first lost sequence number.</param>
/// <param name="LostPacketBitmask">The following 16 sequence numbers, bit i for PID + i + 1.</param>
public readonly record struct GenericNackItem(ushort PacketId, ushort LostPacketBitmask) : IRtcpFeedbackItem<GenericNackItem>
{
    /// <inheritdoc />
    public static int Size => 4;

    /// <summary>Number of sequence numbers this entry requests (1–17).</summary>
    public int LostPacketCount => 1 + BitOperations.PopCount(LostPacketBitmask);

    /// <inheritdoc />
    public static bool TryRead(ReadOnlySpan<byte> source, out GenericNackItem item)
    {
        item = new GenericNackItem(BinaryPrimitives.ReadUInt16BigEndian(source), BinaryPrimitives.ReadUInt16BigEndian(source.Slice(2)));
        return true;
    }

    /// <inheritdoc />
    public bool TryWrite(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt16BigEndian(destination, PacketId);
        BinaryPrimitives.WriteUInt16BigEndian(destination.Slice(2), LostPacketBitmask);
        return true;
    }

    /// <summary>Writes the requested sequence numbers in order; returns how many (at most 17).</summary>
    public int GetLostSequenceNumbers(Span<ushort> destination)
    {
        int n = 0;
        if (destination.Length > 0)
        {
            destination[n++] = PacketId;
        }

        for (int i = 0; i < 16 && n < destination.Length; i++)
        {
            if ((LostPacketBitmask & (1 << i)) != 0)
            {
                destination[n++] = (ushort)(PacketId + i + 1);
            }
        }

        return n;
    }

    /// <summary>
    /// Packs sequence numbers, given in ascending (wrap-aware) order without duplicates, into as few entries as
    /// possible. Stops when <paramref name="destination"/> is full.
    /// </summary>
    /// <returns>The number of entries written.</returns>
    public static int Pack(ReadOnlySpan<ushort> sequenceNumbers, Span<GenericNackItem> destination)
    {
        int count = 0;
        ushort pid = 0;
        ushort blp = 0;
        bool open = false;
        foreach (ushort seq in sequenceNumbers)
        {
            if (open)
            {
                int d = SeqNum16.Distance(pid, seq);
                if (d >= 1 && d <= 16)
                {
                    blp |= (ushort)(1 << (d - 1));
                    continue;
                }

                if (d == 0)
                {
                    continue;
                }

                destination[count++] = new GenericNackItem(pid, blp);
                open = false;
            }

            if (count == destination.Length)
            {
                return count;
            }

            pid = seq;
            blp = 0;
            open = true;
        }

        if (open && count < destination.Length)
        {
            destination[count++] = new GenericNackItem(pid, blp);
        }

        return count;
    }
}

/// <summary>
/// TMMBR/TMMBN FCI entry (RFC 5104 §4.2.1.1, §4.2.2.1):
/// <code>
/// |                              SSRC                             |
/// | MxTBR Exp |  MxTBR Mantissa (17 bits)          |Measured Overhead|
/// </code>
/// </summary>
/// <param name="Ssrc">The media sender the request concerns.</param>
/// <param name="Bitrate">Maximum total media bit rate in bit/s (written as mantissa × 2^exp, rounded down).</param>
/// <param name="Overhead">Measured per-packet overhead in bytes (0–511).</param>
public readonly record struct TmmbItem(uint Ssrc, ulong Bitrate, ushort Overhead) : IRtcpFeedbackItem<TmmbItem>
{
    /// <inheritdoc />
    public static int Size => 8;

    /// <inheritdoc />
    public static bool TryRead(ReadOnlySpan<byte> source, out TmmbItem item)
    {
        uint word = BinaryPrimitives.ReadUInt32BigEndian(source.Slice(4));
        int exp = (int)(word >> 26);
        ulong mantissa = (word >> 9) & 0x1FFFF;
        ushort overhead = (ushort)(word & 0x1FF);
        ulong bitrate = mantissa << exp;
        if ((bitrate >> exp) != mantissa)
        {
            item = default;
            return false;
        }

        item = new TmmbItem(BinaryPrimitives.ReadUInt32BigEndian(source), bitrate, overhead);
        return true;
    }

    /// <inheritdoc />
    public bool TryWrite(Span<byte> destination)
    {
        if (Overhead > 0x1FF)
        {
            return false;
        }

        (uint exp, uint mantissa) = RtcpBitrate.Encode(Bitrate, 17);
        BinaryPrimitives.WriteUInt32BigEndian(destination, Ssrc);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(4), (exp << 26) | (mantissa << 9) | Overhead);
        return true;
    }
}

/// <summary>
/// FIR FCI entry (RFC 5104 §4.3.1.1):
/// <code>
/// |                              SSRC                             |
/// | Seq nr.       |    Reserved                                   |
/// </code>
/// </summary>
/// <param name="Ssrc">The media sender asked for a decoder refresh point.</param>
/// <param name="SequenceNumber">Command sequence number, incremented per new request.</param>
public readonly record struct FirItem(uint Ssrc, byte SequenceNumber) : IRtcpFeedbackItem<FirItem>
{
    /// <inheritdoc />
    public static int Size => 8;

    /// <inheritdoc />
    public static bool TryRead(ReadOnlySpan<byte> source, out FirItem item)
    {
        item = new FirItem(BinaryPrimitives.ReadUInt32BigEndian(source), source[4]);
        return true;
    }

    /// <inheritdoc />
    public bool TryWrite(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt32BigEndian(destination, Ssrc);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(4), (uint)SequenceNumber << 24);
        return true;
    }
}

/// <summary>
/// TSTR/TSTN FCI entry (RFC 5104 §4.3.2.1, §4.3.3.1):
/// <code>
/// |                              SSRC                             |
/// |  Seq nr.      |  Reserved                           | Index   |
/// </code>
/// </summary>
/// <param name="Ssrc">The media sender.</param>
/// <param name="SequenceNumber">Command sequence number.</param>
/// <param name="Index">Trade-off index, 0 (highest spatial quality) to 31 (highest frame rate).</param>
public readonly record struct TstItem(uint Ssrc, byte SequenceNumber, byte Index) : IRtcpFeedbackItem<TstItem>
{
    /// <inheritdoc />
    public static int Size => 8;

    /// <inheritdoc />
    public static bool TryRead(ReadOnlySpan<byte> source, out TstItem item)
    {
        item = new TstItem(BinaryPrimitives.ReadUInt32BigEndian(source), source[4], (byte)(source[7] & 0x1F));
        return true;
    }

    /// <inheritdoc />
    public bool TryWrite(Span<byte> destination)
    {
        if (Index > 31)
        {
            return false;
        }

        BinaryPrimitives.WriteUInt32BigEndian(destination, Ssrc);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(4), ((uint)SequenceNumber << 24) | Index);
        return true;
    }
}

/// <summary>
/// SLI FCI entry (RFC 4585 §6.3.2.2):
/// <code>
/// |            First        |        Number           | PictureID |
/// </code>
/// </summary>
/// <param name="First">First lost macroblock (13 bits).</param>
/// <param name="Number">Number of lost macroblocks (13 bits).</param>
/// <param name="PictureId">Six least significant bits of the codec picture id.</param>
public readonly record struct SliItem(ushort First, ushort Number, byte PictureId) : IRtcpFeedbackItem<SliItem>
{
    /// <inheritdoc />
    public static int Size => 4;

    /// <inheritdoc />
    public static bool TryRead(ReadOnlySpan<byte> source, out SliItem item)
    {
        uint word = BinaryPrimitives.ReadUInt32BigEndian(source);
        item = new SliItem((ushort)(word >> 19), (ushort)((word >> 6) & 0x1FFF), (byte)(word & 0x3F));
        return true;
    }

    /// <inheritdoc />
    public bool TryWrite(Span<byte> destination)
    {
        if (First > 0x1FFF || Number > 0x1FFF || PictureId > 0x3F)
        {
            return false;
        }

        BinaryPrimitives.WriteUInt32BigEndian(destination, ((uint)First << 19) | ((uint)Number << 6) | PictureId);
        return true;
    }
}

/// <summary>PSLEI FCI entry (RFC 6642 §5.2): the SSRC of the stream the third-party loss applies to.</summary>
/// <param name="Ssrc">The media source.</param>
public readonly record struct PsleiItem(uint Ssrc) : IRtcpFeedbackItem<PsleiItem>
{
    /// <inheritdoc />
    public static int Size => 4;

    /// <inheritdoc />
    public static bool TryRead(ReadOnlySpan<byte> source, out PsleiItem item)
    {
        item = new PsleiItem(BinaryPrimitives.ReadUInt32BigEndian(source));
        return true;
    }

    /// <inheritdoc />
    public bool TryWrite(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt32BigEndian(destination, Ssrc);
        return true;
    }
}

/// <summary>
/// ECN feedback FCI (RFC 6679 §6.2):
/// <code>
/// | Extended Highest Sequence Number                              |
/// | ECT (0) Counter                                               |
/// | ECT (1) Counter                                               |
/// | ECN-CE Counter                | not-ECT Counter               |
/// | Lost Packets Counter          | Duplication Counter           |
/// </code>
/// </summary>
/// <param name="ExtendedHighestSequenceNumber">Highest sequence number received, with cycles.</param>
/// <param name="Ect0Counter">Packets received with ECT(0).</param>
/// <param name="Ect1Counter">Packets received with ECT(1).</param>
/// <param name="EcnCeCounter">Packets received with ECN-CE.</param>
/// <param name="NotEctCounter">Packets received without ECT.</param>
/// <param name="LostPacketsCounter">Packets lost.</param>
/// <param name="DuplicationCounter">Duplicate packets.</param>
public readonly record struct EcnItem(
    uint ExtendedHighestSequenceNumber,
    uint Ect0Counter,
    uint Ect1Counter,
    ushort EcnCeCounter,
    ushort NotEctCounter,
    ushort LostPacketsCounter,
    ushort DuplicationCounter) : IRtcpFeedbackItem<EcnItem>
{
    /// <inheritdoc />
    public static int Size => 20;

    /// <inheritdoc />
    public static bool TryRead(ReadOnlySpan<byte> source, out EcnItem item)
    {
        item = new EcnItem(
            BinaryPrimitives.ReadUInt32BigEndian(source),
            BinaryPrimitives.ReadUInt32BigEndian(source.Slice(4)),
            BinaryPrimitives.ReadUInt32BigEndian(source.Slice(8)),
            BinaryPrimitives.ReadUInt16BigEndian(source.Slice(12)),
            BinaryPrimitives.ReadUInt16BigEndian(source.Slice(14)),
            BinaryPrimitives.ReadUInt16BigEndian(source.Slice(16)),
            BinaryPrimitives.ReadUInt16BigEndian(source.Slice(18)));
        return true;
    }

    /// <inheritdoc />
    public bool TryWrite(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt32BigEndian(destination, ExtendedHighestSequenceNumber);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(4), Ect0Counter);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(8), Ect1Counter);
        BinaryPrimitives.WriteUInt16BigEndian(destination.Slice(12), EcnCeCounter);
        BinaryPrimitives.WriteUInt16BigEndian(destination.Slice(14), NotEctCounter);
        BinaryPrimitives.WriteUInt16BigEndian(destination.Slice(16), LostPacketsCounter);
        BinaryPrimitives.WriteUInt16BigEndian(destination.Slice(18), DuplicationCounter);
        return true;
    }
}

/// <summary>Mantissa/exponent bit-rate encoding shared by TMMBR (17-bit mantissa) and REMB (18-bit mantissa).</summary>
internal static class RtcpBitrate
{
    /// <summary>Smallest exponent such that the mantissa fits; the bitrate is rounded down.</summary>
    public static (uint Exponent, uint Mantissa) Encode(ulong bitrate, int mantissaBits)
    {
        ulong max = (1UL << mantissaBits) - 1;
        uint exp = 0;
        while (bitrate > max)
        {
            bitrate >>= 1;
            exp++;
        }

        return (exp, (uint)bitrate);
    }
}
