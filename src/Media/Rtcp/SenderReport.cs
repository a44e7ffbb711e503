using System.Buffers.Binary;
using Sfu.Media.Time;

namespace Sfu.Media.Rtcp;

/// <summary>
/// SR: sender report (RFC 3550 §6.4.1), a view over one packet.
/// <code>
/// |V=2|P|    RC   |   PT=SR=200   |             length            |
/// |                         SSRC of sender                        |
/// |              NTP timestamp, most significant word             |
/// |             NTP timestamp, least significant word             |
/// |                         RTP timestamp                         |
/// |                     sender's packet count                     |
/// |                      sender's octet count                     |
/// |                 report blocks (RC × 24 bytes) ...             |
/// |                  profile-specific extensions                  |
/// </code>
/// </summary>
public readonly ref struct SenderReport
{
    /// <summary>Body size before the report blocks.</summary>
    public const int SenderInfoLength = 24;

    private readonly ReadOnlySpan<byte> _body;

    private SenderReport(RtcpHeader header, ReadOnlySpan<byte> body)
    {
        Header = header;
        _body = body;
    }

    /// <summary>The common header.</summary>
    public RtcpHeader Header { get; }

    /// <summary>SSRC of the sender.</summary>
    public uint SenderSsrc => BinaryPrimitives.ReadUInt32BigEndian(_body);

    /// <summary>The wallclock time of the report.</summary>
    public NtpTime NtpTimestamp => new(BinaryPrimitives.ReadUInt64BigEndian(_body.Slice(4)));

    /// <summary>The RTP timestamp that corresponds to <see cref="NtpTimestamp"/>.</summary>
    public uint RtpTimestamp => BinaryPrimitives.ReadUInt32BigEndian(_body.Slice(12));

    /// <summary>Packets sent since the start of transmission.</summary>
    public uint PacketCount => BinaryPrimitives.ReadUInt32BigEndian(_body.Slice(16));

    /// <summary>Payload octets sent since the start of transmission.</summary>
    public uint OctetCount => BinaryPrimitives.ReadUInt32BigEndian(_body.Slice(20));

    /// <summary>Number of report blocks (RC).</summary>
    public int ReportCount => Header.Count;

    /// <summary>The report blocks.</summary>
    public ReceptionReportEnumerator Reports =>
        new(_body.Slice(SenderInfoLength, ReportCount * ReceptionReport.Size));

    /// <summary>Bytes after the report blocks (profile-specific extensions).</summary>
    public ReadOnlySpan<byte> ProfileExtensions => _body.Slice(SenderInfoLength + ReportCount * ReceptionReport.Size);

    /// <summary>Report block <paramref name="index"/>.</summary>
    public ReceptionReport GetReport(int index)
    {
        if ((uint)index >= (uint)ReportCount)
        {
            throw new ArgumentOutOfRangeException(nameof(index));
        }

        return ReceptionReport.Read(_body.Slice(SenderInfoLength + index * ReceptionReport.Size));
    }

    /// <summary>Parses one SR packet.</summary>
    public static bool TryParse(ReadOnlySpan<byte> packet, out SenderReport report, out RtcpParseError error)
    {
        report = default;
        if (!RtcpHeader.TryParse(packet, out RtcpHeader header, out ReadOnlySpan<byte> body, out error))
        {
            return false;
        }

        if (header.Type != RtcpPacketType.SenderReport)
        {
            error = RtcpParseError.WrongPacketType;
            return false;
        }

        if (body.Length < SenderInfoLength + header.Count * ReceptionReport.Size)
        {
            error = RtcpParseError.BadLength;
            return false;
        }

        report = new SenderReport(header, body);
        return true;
    }
}

/// <summary>Writes an SR packet with up to 31 report blocks.</summary>
public readonly ref struct SenderReportWriter
{
    private readonly ReadOnlySpan<ReceptionReport> _reports;

    /// <summary>Describes the packet to write.</summary>
    public SenderReportWriter(uint senderSsrc, NtpTime ntpTimestamp, uint rtpTimestamp, uint packetCount,
        uint octetCount, ReadOnlySpan<ReceptionReport> reports)
    {
        SenderSsrc = senderSsrc;
        NtpTimestamp = ntpTimestamp;
        RtpTimestamp = rtpTimestamp;
        PacketCount = packetCount;
        OctetCount = octetCount;
        _reports = reports;
    }

    /// <summary>SSRC of the sender.</summary>
    public uint SenderSsrc { get; }

    /// <summary>Wallclock time.</summary>
    public NtpTime NtpTimestamp { get; }

    /// <summary>RTP timestamp matching <see cref="NtpTimestamp"/>.</summary>
    public uint RtpTimestamp { get; }

    /// <summary>Sender's packet count.</summary>
    public uint PacketCount { get; }

    /// <summary>Sender's octet count.</summary>
    public uint OctetCount { get; }

    /// <summary>Serialized size in bytes.</summary>
    public int GetSerializedLength() => RtcpHeader.Size + SenderReport.SenderInfoLength + _reports.Length * ReceptionReport.Size;

    /// <summary>Writes the packet; false when the destination is too small or there are more than 31 blocks.</summary>
    public bool TryWrite(Span<byte> destination, out int written)
    {
        written = 0;
        int length = GetSerializedLength();
        if (_reports.Length > 31 || destination.Length < length)
        {
            return false;
        }

        RtcpHeader.Write(destination, _reports.Length, (byte)RtcpPacketType.SenderReport, length);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(4), SenderSsrc);
        BinaryPrimitives.WriteUInt64BigEndian(destination.Slice(8), NtpTimestamp.Value);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(16), RtpTimestamp);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(20), PacketCount);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(24), OctetCount);
        for (int i = 0; i < _reports.Length; i++)
        {
            _reports[i].Write(destination.Slice(28 + i * ReceptionReport.Size));
        }

        written = length;
        return true;
    }
}
