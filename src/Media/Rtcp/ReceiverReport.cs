using System.Buffers.Binary;

namespace Sfu.Media.Rtcp;

/// <summary>
/// RR: receiver report (RFC 3550 §6.4.2), a view over one packet.
/// <code>
/// |V=2|P|    RC   |   PT=RR=201   |             length            |
/// |                     SSRC of packet sender                     |
/// |                 report blocks (RC × 24 bytes) ...             |
/// |                  profile-specific extensions                  |
/// </code>
/// </summary>
public readonly ref struct ReceiverReport
{
    private readonly ReadOnlySpan<byte> _body;

    private ReceiverReport(RtcpHeader header, ReadOnlySpan<byte> body)
    {
        Header = header;
        _body = body;
    }

    /// <summary>The common header.</summary>
    public RtcpHeader Header { get; }

    /// <summary>SSRC of the packet sender.</summary>
    public uint SenderSsrc => BinaryPrimitives.ReadUInt32BigEndian(_body);

    /// <summary>Number of report blocks (RC).</summary>
    public int ReportCount => Header.Count;

    /// <summary>The report blocks.</summary>
    public ReceptionReportEnumerator Reports => new(_body.Slice(4, ReportCount * ReceptionReport.Size));

    /// <summary>Bytes after the report blocks (profile-specific extensions).</summary>
    public ReadOnlySpan<byte> ProfileExtensions => _body.Slice(4 + ReportCount * ReceptionReport.Size);

    /// <summary>Report block <paramref name="index"/>.</summary>
    public ReceptionReport GetReport(int index)
    {
        if ((uint)index >= (uint)ReportCount)
        {
            throw new ArgumentOutOfRangeException(nameof(index));
        }

        return ReceptionReport.Read(_body.Slice(4 + index * ReceptionReport.Size));
    }

    /// <summary>Parses one RR packet.</summary>
    public static bool TryParse(ReadOnlySpan<byte> packet, out ReceiverReport report, out RtcpParseError error)
    {
        report = default;
        if (!RtcpHeader.TryParse(packet, out RtcpHeader header, out ReadOnlySpan<byte> body, out error))
        {
            return false;
        }

        if (header.Type != RtcpPacketType.ReceiverReport)
        {
            error = RtcpParseError.WrongPacketType;
            return false;
        }

        if (body.Length < 4 + header.Count * ReceptionReport.Size)
        {
            error = RtcpParseError.BadLength;
            return false;
        }

        report = new ReceiverReport(header, body);
        return true;
    }
}

/// <summary>Writes an RR packet with up to 31 report blocks.</summary>
public readonly ref struct ReceiverReportWriter
{
    private readonly ReadOnlySpan<ReceptionReport> _reports;

    /// <summary>Describes the packet to write.</summary>
    public ReceiverReportWriter(uint senderSsrc, ReadOnlySpan<ReceptionReport> reports)
    {
        SenderSsrc = senderSsrc;
        _reports = reports;
    }

    /// <summary>SSRC of the packet sender.</summary>
    public uint SenderSsrc { get; }

    /// <summary>Serialized size in bytes.</summary>
    public int GetSerializedLength() => RtcpHeader.Size + 4 + _reports.Length * ReceptionReport.Size;

    /// <summary>Writes the packet; false when the destination is too small or there are more than 31 blocks.</summary>
    public bool TryWrite(Span<byte> destination, out int written)
    {
        written = 0;
        int length = GetSerializedLength();
        if (_reports.Length > 31 || destination.Length < length)
        {
            return false;
        }

        RtcpHeader.Write(destination, _reports.Length, (byte)RtcpPacketType.ReceiverReport, length);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(4), SenderSsrc);
        for (int i = 0; i < _reports.Length; i++)
        {
            _reports[i].Write(destination.Slice(8 + i * ReceptionReport.Size));
        }

        written = length;
        return true;
    }
}
