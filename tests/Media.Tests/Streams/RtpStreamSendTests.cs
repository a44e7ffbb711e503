using Sfu.Contracts.Rtp;
using Sfu.Contracts.Stats;
using Sfu.Media.Buffers;
using Sfu.Media.Rtcp;
using Sfu.Media.Rtp;
using Sfu.Media.Streams;
using Sfu.Media.Time;
using static Sfu.Media.Tests.Streams.StreamTestPackets;

namespace Sfu.Media.Tests.Streams;

/// <summary>
/// The consumer side of a stream: retransmission on NACK (scenarios of mediasoup's TestRtpStreamSend.cpp), RTX
/// encapsulation, RR → RTT and score, the SR, SDES and XR DLRR data, with virtual time.
/// </summary>
public class RtpStreamSendTests
{
    internal sealed class Listener : IRtpStreamSendListener
    {
        public List<byte[]> Retransmitted { get; } = [];

        public List<(byte Score, byte Previous)> Scores { get; } = [];

        public void OnRtpStreamSendScore(RtpStreamSend stream, byte score, byte previousScore) =>
            Scores.Add((score, previousScore));

        public void OnRtpStreamSendRetransmitRtpPacket(RtpStreamSend stream, Span<byte> packet) =>
            Retransmitted.Add(packet.ToArray());
    }

    private static readonly RtpStreamParams Video = new()
    {
        Ssrc = 1111,
        PayloadType = 123,
        MimeType = "video/VP8",
        ClockRate = 90000,
        Cname = "consumer-cname",
        UseNack = true,
        UsePli = true,
    };

    private readonly byte[] _scratch = new byte[1600];

    /// <summary>mediasoup's five packets: [seq, timestamp, marker].</summary>
    private static readonly (ushort Seq, uint Ts, bool Marker)[] MediasoupPackets =
    [
        (21006, 1533790901, false), (21007, 1533790901, true), (21008, 1533793871, false), (21009, 1533793871, false),
        (21010, 1533796931, true),
    ];

    private static byte[] Packet(int index, uint ssrc = 1111, int padding = 0) =>
        Build(MediasoupPackets[index].Seq, MediasoupPackets[index].Ts, ssrc, 123, [0x10, (byte)index, 0x20, 0x30],
            MediasoupPackets[index].Marker, padding);

    private static void SendMediasoupSequence(RtpStreamSend stream)
    {
        // Some out of order and duplicated, as in the C++ test: 1, 3, 2, 3, 4, 5, 5.
        foreach (int i in new[] { 0, 2, 1, 2, 3, 4, 4 })
        {
            stream.ReceivePacket(View(Packet(i)), Ms(1000));
        }
    }

    [Fact]
    public void Receive_nack_and_get_retransmitted_packets()
    {
        var listener = new Listener();
        var stream = new RtpStreamSend(Video, listener, Ms(0));
        SendMediasoupSequence(stream);

        stream.ReceiveNack([new GenericNackItem(21006, 0b0000000000001111)], _scratch, Ms(1010));

        Assert.Equal(5, listener.Retransmitted.Count);
        for (int i = 0; i < 5; i++)
        {
            RtpPacketView p = View(listener.Retransmitted[i]);
            Assert.Equal(MediasoupPackets[i].Seq, p.SequenceNumber);
            Assert.Equal(MediasoupPackets[i].Ts, p.Timestamp);
            Assert.Equal(MediasoupPackets[i].Marker, p.Marker);
            Assert.Equal(1111u, p.Ssrc);
            Assert.Equal(Packet(i), listener.Retransmitted[i]);
        }

        Assert.Equal(1, stream.NackCount);
        Assert.Equal(5, stream.NackPacketCount);
        Assert.Equal(5, stream.PacketsRetransmitted);
        Assert.Equal(5, stream.PacketsRepaired);
    }

    [Fact]
    public void Receive_nack_and_get_nothing_without_nack_negotiated()
    {
        var listener = new Listener();
        var stream = new RtpStreamSend(Video with { UseNack = false }, listener, Ms(0));
        SendMediasoupSequence(stream);

        stream.ReceiveNack([new GenericNackItem(21006, 0b0000000000001111)], _scratch, Ms(1010));

        Assert.Empty(listener.Retransmitted);
        Assert.Null(stream.RetransmissionBuffer);
        Assert.Equal(1, stream.NackCount);
        Assert.Equal(5, stream.NackPacketCount);
    }

    [Fact]
    public void Receive_nack_in_different_streams_and_get_their_own_packets()
    {
        var listener1 = new Listener();
        var listener2 = new Listener();
        var stream1 = new RtpStreamSend(Video, listener1, Ms(0));
        var stream2 = new RtpStreamSend(Video with { Ssrc = 2222 }, listener2, Ms(0));
        for (int i = 0; i < 2; i++)
        {
            stream1.ReceivePacket(View(Packet(i, 1111)), Ms(1000));
            stream2.ReceivePacket(View(Packet(i, 2222)), Ms(1000));
        }

        stream1.ReceiveNack([new GenericNackItem(21006, 0b1)], _scratch, Ms(1010));

        Assert.Equal(2, listener1.Retransmitted.Count);
        Assert.Empty(listener2.Retransmitted);
        Assert.Equal(1111u, View(listener1.Retransmitted[1]).Ssrc);

        stream2.ReceiveNack([new GenericNackItem(21007, 0)], _scratch, Ms(1010));
        Assert.Equal(2222u, View(Assert.Single(listener2.Retransmitted)).Ssrc);
    }

    [Fact]
    public void A_packet_is_retransmitted_at_most_once_per_rtt()
    {
        var listener = new Listener();
        var stream = new RtpStreamSend(Video, listener, Ms(0));
        SendMediasoupSequence(stream);
        GenericNackItem[] nack = [new(21008, 0)];

        stream.ReceiveNack(nack, _scratch, Ms(1010));
        stream.ReceiveNack(nack, _scratch, Ms(1050));
        stream.ReceiveNack(nack, _scratch, Ms(1110)); // exactly the default 100 ms RTT later: still too soon
        Assert.Single(listener.Retransmitted);

        stream.ReceiveNack(nack, _scratch, Ms(1111));
        Assert.Equal(2, listener.Retransmitted.Count);
        Assert.Equal(2, stream.PacketsRetransmitted);
        Assert.Equal(1, stream.PacketsRepaired); // only the first retransmission repairs
        Assert.Equal(4, stream.NackCount);
    }

    [Fact]
    public void Retransmission_goes_through_rtx_with_the_osn_in_front_of_the_payload()
    {
        var listener = new Listener();
        RtpStreamParams withRtx = Video with { RtxSsrc = 3333, RtxPayloadType = 124 };
        var stream = new RtpStreamSend(withRtx, listener, Ms(0), new RtpStreamSendOptions { InitialRtxSequenceNumber = 999 });
        stream.ReceivePacket(View(Packet(1, padding: 4)), Ms(1000));
        stream.ReceivePacket(View(Packet(2)), Ms(1000));

        stream.ReceiveNack([new GenericNackItem(21007, 0b1)], _scratch, Ms(1010));

        Assert.Equal(2, listener.Retransmitted.Count);
        byte[] expected =
        [
            0x80, 0xFC, 0x03, 0xE8, // V=2 P=0 (padding dropped) | M=1 PT=124 | RTX seq 1000
            0x5B, 0x6B, 0xCA, 0xB5, // timestamp 1533790901, unchanged
            0x00, 0x00, 0x0D, 0x05, // RTX SSRC 3333
            0x52, 0x0F, // OSN 21007
            0x10, 0x01, 0x20, 0x30, // original payload
        ];
        Assert.Equal(expected, listener.Retransmitted[0]);
        RtpPacketView second = View(listener.Retransmitted[1]);
        Assert.Equal(1001, second.SequenceNumber);
        Assert.Equal(0x52, second.Payload[0]);
        Assert.Equal(0x10, second.Payload[1]);
        Assert.Equal(1001, stream.RtxSequenceNumber);
    }

    [Fact]
    public void Rtx_retransmission_decodes_back_to_the_packet_as_sent()
    {
        var listener = new Listener();
        RtpStreamParams withRtx = Video with { RtxSsrc = 3333, RtxPayloadType = 124 };
        var stream = new RtpStreamSend(withRtx, listener, Ms(0));
        byte[] sent = Packet(3);
        stream.ReceivePacket(View(sent), Ms(1000));

        stream.ReceiveNack([new GenericNackItem(21009, 0)], _scratch, Ms(1010));

        byte[] rtx = Assert.Single(listener.Retransmitted);
        Assert.True(RtxPacket.TryDecode(rtx, 123, 1111, out RtpPacketView decoded));
        Assert.Equal(sent, decoded.Buffer.ToArray());
    }

    [Fact]
    public void A_shared_buffer_is_retained_and_rewritten_with_the_sent_header_fields()
    {
        var pool = new PacketBufferPool(1500, 16);
        var listener = new Listener();
        var stream = new RtpStreamSend(Video, listener, Ms(0), new RtpStreamSendOptions { Pool = pool });

        // The router-space copy: another SSRC, sequence number and timestamp.
        PacketBuffer shared = pool.RentCopy(Build(7, 70, 9999, 123, [1, 2, 3], marker: true))!;
        byte[] sent = Build(500, 90000, 1111, 123, [1, 2, 3], marker: true);
        stream.ReceivePacket(View(sent), shared, Ms(1000));
        Assert.Equal(2, shared.RefCount);

        stream.ReceiveNack([new GenericNackItem(500, 0)], _scratch, Ms(1010));
        Assert.Equal(sent, Assert.Single(listener.Retransmitted));

        stream.Close();
        Assert.Equal(1, shared.RefCount);
        shared.Release();
        Assert.Equal(0, pool.Outstanding);
    }

    [Fact]
    public void Packets_older_than_two_seconds_are_not_retransmitted()
    {
        var listener = new Listener();
        var stream = new RtpStreamSend(Video, listener, Ms(0));
        stream.ReceivePacket(View(Build(1, 0)), Ms(0));
        stream.ReceivePacket(View(Build(2, 90000 * 2)), Ms(2000));
        stream.ReceivePacket(View(Build(3, (90000 * 2) + 9000)), Ms(2100));

        stream.ReceiveNack([new GenericNackItem(1, 0b11)], _scratch, Ms(2110));

        Assert.Equal([2, 3], listener.Retransmitted.Select(p => (int)View(p).SequenceNumber));
    }

    [Fact]
    public void Audio_keeps_packets_for_one_second()
    {
        var listener = new Listener();
        var stream = new RtpStreamSend(Video with { MimeType = "audio/opus", ClockRate = 48000, PayloadType = 111 },
            listener, Ms(0));
        stream.ReceivePacket(View(Build(1, 0, payloadType: 111)), Ms(0));
        stream.ReceivePacket(View(Build(2, 48960, payloadType: 111)), Ms(1020));

        stream.ReceiveNack([new GenericNackItem(1, 0b1)], _scratch, Ms(1030));

        Assert.Equal([2], listener.Retransmitted.Select(p => (int)View(p).SequenceNumber));
    }

    [Fact]
    public void Scratch_too_small_for_the_packet_skips_it()
    {
        var listener = new Listener();
        var stream = new RtpStreamSend(Video with { RtxSsrc = 3333, RtxPayloadType = 124 }, listener, Ms(0));
        byte[] sent = Packet(0);
        stream.ReceivePacket(View(sent), Ms(1000));

        stream.ReceiveNack([new GenericNackItem(21006, 0)], new byte[sent.Length + 1], Ms(1010));

        Assert.Empty(listener.Retransmitted);
        Assert.Equal(0, stream.PacketsRetransmitted);
    }

    [Fact]
    public void Pause_clears_the_retransmission_buffer()
    {
        var listener = new Listener();
        var stream = new RtpStreamSend(Video, listener, Ms(0));
        SendMediasoupSequence(stream);

        stream.Pause();
        stream.ReceiveNack([new GenericNackItem(21006, 0b1111)], _scratch, Ms(1010));

        Assert.Empty(listener.Retransmitted);
        Assert.True(stream.RetransmissionBuffer!.IsEmpty);
    }

    [Fact]
    public void Key_frame_requests_are_counted()
    {
        var stream = new RtpStreamSend(Video, new Listener(), Ms(0));

        stream.ReceiveKeyFrameRequest(KeyFrameRequestType.Pli);
        stream.ReceiveKeyFrameRequest(KeyFrameRequestType.Pli);
        stream.ReceiveKeyFrameRequest(KeyFrameRequestType.Fir);

        Assert.Equal(2, stream.PliCount);
        Assert.Equal(1, stream.FirCount);
    }

    [Fact]
    public void Sender_report_extrapolates_the_rtp_timestamp_to_now()
    {
        var stream = new RtpStreamSend(Video, new Listener(), Ms(0));
        Assert.False(stream.TryGetRtcpSenderReport(Ms(0), out _));

        stream.ReceivePacket(View(Build(1, 90000, payload: new byte[100])), Ms(1000));
        stream.ReceivePacket(View(Build(2, 90000, payload: new byte[50])), Ms(1010));

        Assert.True(stream.TryGetRtcpSenderReport(Ms(1500), out RtpSenderInfo sr));

        Assert.Equal(1111u, sr.Ssrc);
        Assert.Equal(90000u + 45000u, sr.RtpTimestamp); // newest timestamp + 0.5 s at 90 kHz
        Assert.Equal(2u, sr.PacketCount);
        Assert.Equal(150u, sr.OctetCount); // payload octets only (RFC 3550 §6.4.1)
        Assert.Equal(NtpTime.FromInstant(Ms(1500), 0), sr.NtpTimestamp);
        Assert.Equal(sr.NtpTimestamp, stream.LastSenderReportNtp);
    }

    [Fact]
    public void Sender_and_receiver_reports_round_trip_gives_the_rtt()
    {
        const long unixAtZero = 1_700_000_000_000_000;
        var sender = new RtpStreamSend(Video, new Listener(), Ms(0), new RtpStreamSendOptions { UnixMicrosecondsAtZero = unixAtZero });
        var receiver = new RtpStreamRecv(Video, new RtpStreamRecvTests.Listener(), Ms(0),
            new RtpStreamRecvOptions { UseInactivityCheck = false, UnixMicrosecondsAtZero = 42 });
        byte[] packet = Build(1, 3000);
        sender.ReceivePacket(View(packet), Ms(1000));
        receiver.ReceivePacket(View(packet), Ms(1025));

        // SR leaves at 2000 ms and takes 25 ms; the receiver answers 200 ms later; the RR takes 25 ms back.
        Assert.True(sender.TryGetRtcpSenderReport(Ms(2000), out RtpSenderInfo sr));
        receiver.ReceiveRtcpSenderReport(sr.NtpTimestamp, sr.RtpTimestamp, Ms(2025));
        ReceptionReport rr = receiver.GetReceptionReport(Ms(2225));
        sender.ReceiveRtcpReceiverReport(rr, Ms(2250));

        Assert.NotNull(sender.RoundTripTime);
        Assert.InRange(sender.RoundTripTime!.Value, 49.9, 50.1);
        Assert.Equal(0, sender.PacketsLost);
        Assert.Equal(10, sender.Score);
    }

    [Fact]
    public void Receiver_report_without_lsr_gives_no_rtt()
    {
        var stream = new RtpStreamSend(Video, new Listener(), Ms(0));
        stream.ReceivePacket(View(Build(1, 3000)), Ms(0));

        stream.ReceiveRtcpReceiverReport(new ReceptionReport(1111, 0, 0, 1, 0, 0, 0), Ms(100));

        Assert.Null(stream.RoundTripTime);
    }

    [Fact]
    public void Score_falls_with_the_loss_the_receiver_reports()
    {
        var listener = new Listener();
        var stream = new RtpStreamSend(Video, listener, Ms(0));
        for (ushort s = 1; s <= 100; s++)
        {
            stream.ReceivePacket(View(Build(s, s * 3000u)), Ms(s * 10));
        }

        // 20 lost out of 100 sent: (80 / 100)^4 = 0.41 → 4.
        stream.ReceiveRtcpReceiverReport(new ReceptionReport(1111, 51, 20, 100, 0, 0, 0), Ms(1100));

        Assert.Equal(4, stream.Score);
        Assert.Equal([(4, 10)], listener.Scores);
        Assert.Equal(20, stream.PacketsLost);
        Assert.Equal(51, stream.FractionLost);

        // An interval with nothing sent scores 10.
        stream.ReceiveRtcpReceiverReport(new ReceptionReport(1111, 0, 20, 100, 0, 0, 0), Ms(2100));
        Assert.Equal(8, stream.Score); // (4·1 + 10·2) / 3
    }

    [Fact]
    public void Xr_receiver_reference_time_is_answered_with_a_dlrr()
    {
        var stream = new RtpStreamSend(Video, new Listener(), Ms(0));
        Assert.False(stream.TryGetRtcpXrDelaySinceLastRr(Ms(0), out _));
        var rrt = new NtpTime(0x83AA7E80, 0x40000000);

        stream.ReceiveRtcpXrReceiverReferenceTime(rrt, Ms(1000));

        Assert.True(stream.TryGetRtcpXrDelaySinceLastRr(Ms(1100), out DlrrSubBlock dlrr));
        Assert.Equal(1111u, dlrr.Ssrc);
        Assert.Equal(rrt.Compact, dlrr.LastReceiverReport);
        Assert.Equal(6554u, dlrr.DelaySinceLastReceiverReport); // 0.1 s in 1/65536 s
    }

    [Fact]
    public void Sdes_chunk_carries_the_cname()
    {
        var stream = new RtpStreamSend(Video, new Listener(), Ms(0));

        SdesEntry entry = stream.GetRtcpSdesChunk();

        Assert.Equal(1111u, entry.Ssrc);
        Assert.Equal(SdesItemType.Cname, entry.Type);
        Assert.Equal("consumer-cname"u8.ToArray(), entry.Value.ToArray());
    }

    [Fact]
    public void Stats_have_the_outbound_rtp_fields()
    {
        var stream = new RtpStreamSend(Video, new Listener(), Ms(0));
        stream.ReceivePacket(View(Build(1, 3000)), Ms(100));
        stream.ReceivePacket(View(Build(2, 6000)), Ms(200));
        stream.ReceiveRtcpReceiverReport(new ReceptionReport(1111, 10, 1, 2, 0, 0, 0), Ms(300));

        OutboundRtpStats stats = stream.GetStats(Ms(300));

        Assert.Equal("outbound-rtp", stats.Type);
        Assert.Equal(1111u, stats.Ssrc);
        Assert.Equal(MediaKind.Video, stats.Kind);
        Assert.Equal(2, stats.PacketCount);
        Assert.Equal(32, stats.ByteCount);
        Assert.Equal(32 * 8000 / 2500, stats.Bitrate); // bytes over the 2.5 s window
        Assert.Equal(1, stats.PacketsLost);
        Assert.Equal(10, stats.FractionLost);
        Assert.Null(stats.RtxSsrc);
    }
}
