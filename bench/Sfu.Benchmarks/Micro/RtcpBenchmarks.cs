using BenchmarkDotNet.Attributes;
using Sfu.Media.Rtcp;
using Sfu.Media.Time;

namespace Sfu.Benchmarks.Micro;

/// <summary>
/// Reading and writing the RTCP an SFU sees every few milliseconds: a compound SR + RR + SDES report (RFC 3550 §6.4,
/// §6.5), generic NACK and PLI (RFC 4585 §6.2.1, §6.3.1), REMB (draft-alvestrand-rmcat-remb-03) and transport-wide
/// congestion control feedback (draft-holmer-rmcat-transport-wide-cc-extensions-01) for 100 packets.
/// </summary>
/// <remarks>
/// Reads go through <see cref="RtcpCompoundReader.Read{THandler}"/> with a struct handler that touches what a receiver
/// uses (every report block, the CNAME, every NACK item, every transport-cc packet status).
/// </remarks>
[MemoryDiagnoser]
[ZeroAllocation]
public class RtcpBenchmarks
{
    private const uint SenderSsrc = 0x11111111;
    private const uint AudioSsrc = 0x1A2B3C4D;
    private const uint VideoSsrc = 0x5E6F7081;
    private const int TransportCcPackets = 100;

    private readonly ReceptionReport[] _senderReportBlocks =
    [
        new(VideoSsrc, FractionLost: 3, TotalLost: 12, ExtendedHighestSequenceNumber: 0x0001_5BA0, Jitter: 412,
            LastSenderReport: 0x8C4E_1200, DelaySinceLastSenderReport: 0x0000_4000),
    ];

    private readonly ReceptionReport[] _receiverReportBlocks =
    [
        new(AudioSsrc, FractionLost: 0, TotalLost: 0, ExtendedHighestSequenceNumber: 0x0000_2F10, Jitter: 27,
            LastSenderReport: 0x8C4E_0F00, DelaySinceLastSenderReport: 0x0000_2000),
        new(VideoSsrc, FractionLost: 5, TotalLost: 40, ExtendedHighestSequenceNumber: 0x0001_5BA4, Jitter: 530,
            LastSenderReport: 0x8C4E_1200, DelaySinceLastSenderReport: 0x0000_3000),
    ];

    private readonly SdesEntry[] _sdes = [new(SenderSsrc, SdesItemType.Cname, "Kz7Gd1r+3WbQm2Yx"u8.ToArray())];
    private readonly ushort[] _lost = [23_456, 23_457, 23_460, 23_471, 23_490, 23_491];
    private readonly uint[] _rembSsrcs = [AudioSsrc, VideoSsrc];
    private readonly GenericNackItem[] _nackItems = new GenericNackItem[8];
    private readonly TransportWideCcFeedbackBuilder _builder = new();
    private readonly byte[] _out = new byte[BenchPackets.BufferLength];

    private byte[] _reports = [];
    private byte[] _nack = [];
    private byte[] _pli = [];
    private byte[] _remb = [];
    private byte[] _transportCc = [];
    private CountingHandler _handler;

    [GlobalSetup]
    public void Setup()
    {
        _reports = _out.AsSpan(0, Write_sr_rr_sdes_compound()).ToArray();
        _nack = _out.AsSpan(0, Pack_and_write_nack()).ToArray();
        _pli = _out.AsSpan(0, Write_pli()).ToArray();
        _remb = _out.AsSpan(0, Write_remb()).ToArray();
        _transportCc = _out.AsSpan(0, Build_and_write_transport_cc_100_packets()).ToArray();
        if (_builder.PacketStatusCount != TransportCcPackets)
        {
            throw new InvalidOperationException($"transport-cc feedback has {_builder.PacketStatusCount} statuses");
        }

        // Each must parse whole, or the read benchmarks would measure an error path.
        Check(_reports, 3);
        Check(_nack, 1);
        Check(_pli, 1);
        Check(_remb, 1);
        Check(_transportCc, 1);
    }

    [Benchmark]
    public long Read_sr_rr_sdes_compound() => Read(_reports);

    [Benchmark]
    public long Read_nack() => Read(_nack);

    [Benchmark]
    public long Read_pli() => Read(_pli);

    [Benchmark]
    public long Read_remb() => Read(_remb);

    [Benchmark]
    public long Read_transport_cc_100_packets() => Read(_transportCc);

    /// <summary>An SR with one report block, an RR with two and an SDES with the CNAME, back to back.</summary>
    [Benchmark]
    public int Write_sr_rr_sdes_compound()
    {
        Span<byte> destination = _out;
        new SenderReportWriter(SenderSsrc, new NtpTime(0xE9A1_B2C3_8000_0000), 3_000_000_000, 12_345, 14_800_000,
            _senderReportBlocks).TryWrite(destination, out int sr);
        new ReceiverReportWriter(SenderSsrc, _receiverReportBlocks).TryWrite(destination[sr..], out int rr);
        new SourceDescriptionWriter(_sdes).TryWrite(destination[(sr + rr)..], out int sdes);
        return sr + rr + sdes;
    }

    /// <summary>Packs six lost sequence numbers into NACK items and writes the packet.</summary>
    [Benchmark]
    public int Pack_and_write_nack()
    {
        int count = GenericNackItem.Pack(_lost, _nackItems);
        RtcpFeedbackWriter.Nack(SenderSsrc, VideoSsrc, _nackItems.AsSpan(0, count)).TryWrite(_out, out int written);
        return written;
    }

    [Benchmark]
    public int Write_pli()
    {
        RtcpFeedbackWriter.Pli(SenderSsrc, VideoSsrc).TryWrite(_out, out int written);
        return written;
    }

    [Benchmark]
    public int Write_remb()
    {
        new ReceiverEstimatedMaximumBitrateWriter(SenderSsrc, 2_500_000, _rembSsrcs).TryWrite(_out, out int written);
        return written;
    }

    /// <summary>
    /// Adds the arrivals of 100 packets (about one per millisecond; every 17th lost, 5 in all; every 25th arrives
    /// before the one ahead of it, so its delta is negative and takes the large form) and writes the feedback.
    /// </summary>
    [Benchmark]
    public int Build_and_write_transport_cc_100_packets()
    {
        TransportWideCcFeedbackBuilder builder = _builder;
        builder.Reset(SenderSsrc, VideoSsrc, feedbackPacketCount: 7);
        long arrival = 1_000_000_000;
        for (int i = 0; i < TransportCcPackets; i++)
        {
            arrival += i % 25 == 24 ? -300 : 750 + ((i * 7) % 5) * 250;
            if (i % 17 != 16)
            {
                builder.TryAdd((ushort)(65_500 + i), arrival);
            }
        }

        builder.TryWrite(_out, out int written);
        return written;
    }

    private long Read(byte[] compound)
    {
        RtcpCompoundReader.Read(compound, ref _handler);
        return _handler.Sum;
    }

    private void Check(byte[] compound, int packets)
    {
        var handler = default(CountingHandler);
        RtcpParseError error = RtcpCompoundReader.Read(compound, ref handler);
        if (error != RtcpParseError.None || handler.Packets != packets || handler.Malformed != 0)
        {
            throw new InvalidOperationException($"benchmark RTCP did not read cleanly: {error}, {handler.Packets} packets");
        }
    }

    /// <summary>Reads what a receiver of each packet would use; the sum keeps the work observable.</summary>
    private struct CountingHandler : IRtcpHandler
    {
        public int Packets;
        public int Malformed;
        public long Sum;

        public void OnSenderReport(in SenderReport report)
        {
            Packets++;
            Sum += report.RtpTimestamp + report.NtpTimestamp.Compact + report.PacketCount;
            foreach (ReceptionReport block in report.Reports)
            {
                Sum += block.Jitter + block.FractionLost;
            }
        }

        public void OnReceiverReport(in ReceiverReport report)
        {
            Packets++;
            foreach (ReceptionReport block in report.Reports)
            {
                Sum += block.Jitter + block.FractionLost + block.DelaySinceLastSenderReport;
            }
        }

        public void OnSourceDescription(in SourceDescription sdes)
        {
            Packets++;
            foreach (SdesChunk chunk in sdes.Chunks)
            {
                if (chunk.TryGetItem(SdesItemType.Cname, out ReadOnlySpan<byte> cname))
                {
                    Sum += cname.Length;
                }
            }
        }

        public void OnGoodbye(in Goodbye bye) => Packets++;

        public void OnApplicationDefined(in ApplicationDefined app) => Packets++;

        public void OnExtendedReport(in ExtendedReport report) => Packets++;

        public void OnNack(in RtcpFeedbackPacket<GenericNackItem> nack)
        {
            Packets++;
            foreach (GenericNackItem item in nack)
            {
                Sum += item.PacketId + item.LostPacketCount;
            }
        }

        public void OnTmmb(in RtcpFeedbackPacket<TmmbItem> tmmb) => Packets++;

        public void OnSrReq(in RtcpFeedback srReq) => Packets++;

        public void OnTllei(in RtcpFeedbackPacket<GenericNackItem> tllei) => Packets++;

        public void OnEcn(in RtcpFeedbackPacket<EcnItem> ecn) => Packets++;

        public void OnTransportWideCc(in TransportWideCcFeedback feedback)
        {
            Packets++;
            foreach (TransportWideCcPacketStatus status in feedback.Packets)
            {
                Sum += status.Received ? status.Delta : 1;
            }
        }

        public void OnPli(in RtcpFeedback pli)
        {
            Packets++;
            Sum += pli.MediaSsrc;
        }

        public void OnSli(in RtcpFeedbackPacket<SliItem> sli) => Packets++;

        public void OnRpsi(in ReferencePictureSelectionIndication rpsi) => Packets++;

        public void OnFir(in RtcpFeedbackPacket<FirItem> fir) => Packets++;

        public void OnTst(in RtcpFeedbackPacket<TstItem> tst) => Packets++;

        public void OnVbcm(in VideoBackChannelMessage vbcm) => Packets++;

        public void OnPslei(in RtcpFeedbackPacket<PsleiItem> pslei) => Packets++;

        public void OnRemb(in ReceiverEstimatedMaximumBitrate remb)
        {
            Packets++;
            Sum += (long)remb.Bitrate;
            for (int i = 0; i < remb.SsrcCount; i++)
            {
                Sum += remb.GetSsrc(i);
            }
        }

        public void OnApplicationLayerFeedback(in RtcpFeedback afb) => Packets++;

        public void OnUnknown(in RtcpHeader header, ReadOnlySpan<byte> packet) => Packets++;

        public void OnMalformed(in RtcpHeader header, ReadOnlySpan<byte> packet, RtcpParseError error) => Malformed++;
    }
}
