using Sfu.Contracts.Rtp;
using Sfu.Contracts.Stats;
using Sfu.Media.Rtcp;
using Sfu.Media.Rtp;
using Sfu.Media.Streams;
using Sfu.Media.Time;
using static Sfu.Media.Tests.Streams.StreamTestPackets;

namespace Sfu.Media.Tests.Streams;

/// <summary>
/// The producer side of a stream: NACK scenarios from mediasoup's TestRtpStreamRecv.cpp, then jitter, loss, the
/// receiver report, RTX recovery, the score and inactivity, with virtual time.
/// </summary>
public class RtpStreamRecvTests
{
    internal sealed class Listener : IRtpStreamRecvListener
    {
        public List<(byte Score, byte Previous)> Scores { get; } = [];

        public List<ushort> Nacked { get; } = [];

        public int NackPackets { get; private set; }

        public List<(KeyFrameRequestType Type, byte FirSeq)> KeyFrameRequests { get; } = [];

        public byte WorstRemoteFractionLost { get; set; }

        public void OnRtpStreamRecvScore(RtpStreamRecv stream, byte score, byte previousScore) =>
            Scores.Add((score, previousScore));

        public void OnRtpStreamRecvSendNack(RtpStreamRecv stream, ReadOnlySpan<GenericNackItem> items)
        {
            NackPackets++;
            Span<ushort> seqs = stackalloc ushort[17];
            foreach (GenericNackItem item in items)
            {
                int n = item.GetLostSequenceNumbers(seqs);
                Nacked.AddRange(seqs[..n].ToArray());
            }
        }

        public void OnRtpStreamRecvSendKeyFrameRequest(RtpStreamRecv stream, KeyFrameRequestType type, byte firSequenceNumber) =>
            KeyFrameRequests.Add((type, firSequenceNumber));

        public void OnRtpStreamRecvNeedWorstRemoteFractionLost(RtpStreamRecv stream, ref byte worstRemoteFractionLost) =>
            worstRemoteFractionLost = Math.Max(worstRemoteFractionLost, WorstRemoteFractionLost);
    }

    private static readonly RtpStreamParams Video = new()
    {
        Ssrc = 5,
        PayloadType = 100,
        MimeType = "video/VP8",
        ClockRate = 90000,
        Cname = "cname",
        UseNack = true,
        UsePli = true,
    };

    private static readonly RtpStreamRecvOptions NoDelayNoInactivity = new()
    {
        SendNackDelay = TimeSpan.Zero,
        UseInactivityCheck = false,
    };

    private static bool Receive(RtpStreamRecv stream, ushort seq, long atMs, uint? timestamp = null, byte[]? payload = null)
    {
        byte[] packet = Build(seq, timestamp ?? (uint)(seq * 3000), stream.Ssrc, stream.Params.PayloadType, payload);
        return stream.ReceivePacket(View(packet), Ms(atMs));
    }

    [Fact]
    public void Nack_one_packet()
    {
        var listener = new Listener();
        var stream = new RtpStreamRecv(Video, listener, Ms(0), NoDelayNoInactivity);

        Receive(stream, 1, 0);
        Receive(stream, 3, 0);
        Assert.Equal(new ushort[] { 2 }, listener.Nacked);
        listener.Nacked.Clear();

        Receive(stream, 2, 0);
        Receive(stream, 4, 0);
        Assert.Empty(listener.Nacked);
        Assert.Equal(1, stream.NackCount);
        Assert.Equal(1, stream.NackPacketCount);
    }

    [Fact]
    public void Wrapping_sequence_numbers()
    {
        var listener = new Listener();
        var stream = new RtpStreamRecv(Video, listener, Ms(0), NoDelayNoInactivity);

        Receive(stream, 0xfffe, 0);
        Receive(stream, 1, 0);

        Assert.Equal(new ushort[] { 0xffff, 0 }, listener.Nacked);
        Assert.Equal(1, listener.NackPackets); // one NACK item: PID 0xffff, BLP 0x0001
        Assert.Equal(65537u, stream.ExtendedHighestSequenceNumber);
    }

    [Fact]
    public void Require_key_frame_sends_a_pli()
    {
        var listener = new Listener();
        var stream = new RtpStreamRecv(Video, listener, Ms(0), NoDelayNoInactivity);

        Receive(stream, 1, 0);
        Receive(stream, 1003, 0); // 1001 missing: more than the NACK generator keeps

        Assert.Equal([(KeyFrameRequestType.Pli, (byte)0)], listener.KeyFrameRequests);
        Assert.Empty(listener.Nacked);
        Assert.Equal(1, stream.PliCount);
    }

    [Fact]
    public void Key_frame_request_uses_fir_when_pli_is_not_negotiated()
    {
        var listener = new Listener();
        var stream = new RtpStreamRecv(Video with { UsePli = false, UseFir = true }, listener, Ms(0), NoDelayNoInactivity);

        stream.RequestKeyFrame();
        stream.RequestKeyFrame();

        Assert.Equal([(KeyFrameRequestType.Fir, (byte)1), (KeyFrameRequestType.Fir, (byte)2)], listener.KeyFrameRequests);
        Assert.Equal(2, stream.FirCount);
        Assert.Equal(0, stream.PliCount);

        var neither = new RtpStreamRecv(Video with { UsePli = false }, listener, Ms(0), NoDelayNoInactivity);
        neither.RequestKeyFrame();
        Assert.Equal(2, listener.KeyFrameRequests.Count);
    }

    [Fact]
    public void Nacks_wait_for_the_send_delay_and_the_timer()
    {
        var listener = new Listener();
        var stream = new RtpStreamRecv(Video, listener, Ms(0), new RtpStreamRecvOptions { UseInactivityCheck = false });

        Receive(stream, 1, 0);
        Receive(stream, 3, 0);
        Assert.Empty(listener.Nacked);
        Assert.Equal(Ms(40), stream.NextTimeout);

        stream.OnTimer(Ms(40));
        Assert.Equal(new ushort[] { 2 }, listener.Nacked);
    }

    [Fact]
    public void Jitter_follows_rfc_3550_for_a_known_arrival_pattern()
    {
        var stream = new RtpStreamRecv(Video with { MimeType = "audio/opus", ClockRate = 48000, UseNack = false },
            new Listener(), Ms(0), NoDelayNoInactivity);

        // 20 ms packets (960 ticks); the third arrives 10 ms late.
        Receive(stream, 1, 0, timestamp: 0);
        Receive(stream, 2, 20, timestamp: 960);
        Assert.Equal(0u, stream.Jitter);
        Receive(stream, 3, 50, timestamp: 1920); // D = 1440 - 960 = 480: J = 480 / 16 = 30
        Assert.Equal(30u, stream.Jitter);
        Receive(stream, 4, 60, timestamp: 2880); // D = 480 - 960: J = 30 + (480 - 30) / 16 = 58.125
        Assert.Equal(58u, stream.Jitter);
    }

    [Fact]
    public void Receiver_report_carries_fraction_and_cumulative_loss()
    {
        var listener = new Listener();
        var stream = new RtpStreamRecv(Video with { UseNack = false }, listener, Ms(0), NoDelayNoInactivity);
        for (ushort s = 1; s <= 10; s++)
        {
            if (s != 4 && s != 7)
            {
                Receive(stream, s, s);
            }
        }

        ReceptionReport first = stream.GetReceptionReport(Ms(100));

        Assert.Equal(5u, first.Ssrc);
        Assert.Equal(51, first.FractionLost); // round(2 * 256 / 10)
        Assert.Equal(2, first.TotalLost);
        Assert.Equal(10u, first.ExtendedHighestSequenceNumber);
        Assert.Equal(0u, first.LastSenderReport);
        Assert.Equal(0u, first.DelaySinceLastSenderReport);
        Assert.Equal(2, stream.PacketsLost);

        for (ushort s = 11; s <= 20; s++)
        {
            Receive(stream, s, 100 + s);
        }

        ReceptionReport second = stream.GetReceptionReport(Ms(200));
        Assert.Equal(0, second.FractionLost);
        Assert.Equal(2, second.TotalLost);
        Assert.Equal(20u, second.ExtendedHighestSequenceNumber);
    }

    [Fact]
    public void Late_packets_lower_the_cumulative_loss()
    {
        var stream = new RtpStreamRecv(Video with { UseNack = false }, new Listener(), Ms(0), NoDelayNoInactivity);
        Receive(stream, 1, 0);
        Receive(stream, 3, 0);
        Assert.Equal(1, stream.GetReceptionReport(Ms(10)).TotalLost);

        Receive(stream, 2, 20);
        ReceptionReport report = stream.GetReceptionReport(Ms(30));
        Assert.Equal(0, report.TotalLost);
        Assert.Equal(0, report.FractionLost);
    }

    [Fact]
    public void In_band_fec_reports_the_worst_remote_fraction_lost()
    {
        var listener = new Listener { WorstRemoteFractionLost = 128 };
        var stream = new RtpStreamRecv(Video with { MimeType = "audio/opus", ClockRate = 48000, UseNack = false, UseInBandFec = true },
            listener, Ms(0), NoDelayNoInactivity);
        for (ushort s = 1; s <= 10; s++)
        {
            Receive(stream, s, s * 20);
        }

        ReceptionReport report = stream.GetReceptionReport(Ms(300));

        Assert.Equal(128, report.FractionLost);
        Assert.Equal(5, report.TotalLost); // (128 * 10 expected in the interval) >> 8
        Assert.Equal(0, stream.FractionLost);
    }

    [Fact]
    public void Sender_report_gives_lsr_and_dlsr_in_the_next_receiver_report()
    {
        var stream = new RtpStreamRecv(Video, new Listener(), Ms(0), NoDelayNoInactivity);
        Receive(stream, 1, 0);
        var ntp = new NtpTime(0x83AA7E80, 0x80000000); // 12:00:00.5

        stream.ReceiveRtcpSenderReport(ntp, 123456, Ms(1000));
        ReceptionReport report = stream.GetReceptionReport(Ms(1500));

        Assert.Equal(ntp.Compact, report.LastSenderReport);
        Assert.Equal(0x7E808000u, report.LastSenderReport);
        Assert.Equal(32768u, report.DelaySinceLastSenderReport); // 0.5 s in 1/65536 s
        Assert.True(stream.HasSenderReport);
        Assert.Equal(ntp, stream.LastSenderReportNtp);
        Assert.Equal(123456u, stream.LastSenderReportRtpTimestamp);
    }

    [Fact]
    public void Rtx_packet_recovers_a_nacked_packet()
    {
        var listener = new Listener();
        RtpStreamParams withRtx = Video with { RtxSsrc = 6, RtxPayloadType = 101 };
        var stream = new RtpStreamRecv(withRtx, listener, Ms(0), NoDelayNoInactivity);
        Receive(stream, 1, 0);
        Receive(stream, 3, 0);
        Assert.Equal(new ushort[] { 2 }, listener.Nacked);

        byte[] rtx = Build(500, 6000, 6, 101, [0x00, 0x02, 0x90, 0x80, 0x01, 0x00]);
        Assert.True(stream.ReceiveRtxPacket(View(rtx), Ms(30), out RtpPacketView original));

        Assert.Equal(2, original.SequenceNumber);
        Assert.Equal(100, original.PayloadType);
        Assert.Equal(5u, original.Ssrc);
        Assert.Equal(6000u, original.Timestamp);
        Assert.Equal(new byte[] { 0x90, 0x80, 0x01, 0x00 }, original.Payload.ToArray());
        Assert.True(stream.LastPacketInfo.IsKeyFrame);
        Assert.Equal(1, stream.PacketsRetransmitted);
        Assert.Equal(1, stream.PacketsRepaired);
        Assert.Equal(3, stream.PacketCount);
        Assert.Equal(1, stream.RtxStream!.PacketCount);

        // The same packet again is not forwarded: it is no longer missing.
        byte[] again = Build(501, 6000, 6, 101, [0x00, 0x02, 0x90, 0x80, 0x01, 0x00]);
        Assert.False(stream.ReceiveRtxPacket(View(again), Ms(31), out _));
        Assert.Equal(2, stream.PacketsRetransmitted);
        Assert.Equal(1, stream.PacketsRepaired);
    }

    [Fact]
    public void A_stream_that_learns_its_rtx_after_it_started_decapsulates_from_then_on()
    {
        var listener = new Listener();
        var stream = new RtpStreamRecv(Video, listener, Ms(0), NoDelayNoInactivity);
        Receive(stream, 1, 0);
        Receive(stream, 3, 0);
        byte[] rtx = Build(500, 6000, 6, 101, [0x00, 0x02, 0x90, 0x80, 0x01, 0x00]);
        Assert.False(stream.ReceiveRtxPacket(View(rtx), Ms(30), out _));

        stream.SetRtx(101, 6);

        Assert.True(stream.HasRtx);
        Assert.Equal((6u, (byte)101), (stream.Params.RtxSsrc!.Value, stream.Params.RtxPayloadType!.Value));
        Assert.True(stream.ReceiveRtxPacket(View(Build(501, 6000, 6, 101, [0x00, 0x02, 0x90, 0x80, 0x01, 0x00])), Ms(31), out RtpPacketView original));
        Assert.Equal(2, original.SequenceNumber);
        Assert.Equal(6u, stream.ToDump().RtxStream!.Params.Ssrc);

        // Learned once: another SSRC does not replace it.
        stream.SetRtx(101, 7);
        Assert.Equal(6u, stream.Params.RtxSsrc);
    }

    [Fact]
    public void Rtx_packets_that_cannot_be_used_are_ignored()
    {
        RtpStreamParams withRtx = Video with { RtxSsrc = 6, RtxPayloadType = 101 };
        var stream = new RtpStreamRecv(withRtx, new Listener(), Ms(0), NoDelayNoInactivity);
        Receive(stream, 1, 0);
        Receive(stream, 3, 0);

        Assert.False(stream.ReceiveRtxPacket(View(Build(500, 6000, 6, 101, [0x00, 0x02])), Ms(1), out _)); // empty after OSN
        Assert.False(stream.ReceiveRtxPacket(View(Build(501, 6000, 6, 99, [0x00, 0x02, 0x01])), Ms(1), out _)); // wrong PT
        Assert.Equal(0, stream.PacketsRepaired);

        var noNack = new RtpStreamRecv(withRtx with { UseNack = false }, new Listener(), Ms(0), NoDelayNoInactivity);
        Assert.False(noNack.ReceiveRtxPacket(View(Build(1, 1, 6, 101, [0x00, 0x02, 0x01])), Ms(1), out _));
    }

    [Fact]
    public void Without_rtx_a_nacked_packet_on_the_media_ssrc_counts_as_repaired()
    {
        var stream = new RtpStreamRecv(Video, new Listener(), Ms(0), NoDelayNoInactivity);
        Receive(stream, 1, 0);
        Receive(stream, 3, 0);

        Receive(stream, 2, 50);

        Assert.Equal(1, stream.PacketsRetransmitted);
        Assert.Equal(1, stream.PacketsRepaired);
    }

    [Fact]
    public void Score_falls_with_loss_and_recovers_without_it()
    {
        var listener = new Listener();
        var stream = new RtpStreamRecv(Video with { UseNack = false }, listener, Ms(0), NoDelayNoInactivity);
        ushort seq = 1;
        long t = 0;

        // 20 % loss: delivered (80 - 20) / 80, to the 4th power: 0.316 → 3.
        for (int i = 0; i < 100; i++, seq++, t += 10)
        {
            if (i % 5 != 4)
            {
                Receive(stream, seq, t);
            }
        }

        stream.GetReceptionReport(Ms(t));
        Assert.Equal(3, stream.Score);
        Assert.Equal([(3, 10)], listener.Scores);

        // Clean intervals pull the weighted average up.
        for (int interval = 0; interval < 30; interval++)
        {
            for (int i = 0; i < 100; i++, seq++, t += 10)
            {
                Receive(stream, seq, t);
            }

            stream.GetReceptionReport(Ms(t));
        }

        Assert.Equal(10, stream.Score);
        Assert.True(listener.Scores.Count > 2);
        Assert.Equal(10, listener.Scores[^1].Score);
    }

    [Fact]
    public void Light_loss_gives_a_middling_score()
    {
        var stream = new RtpStreamRecv(Video with { UseNack = false }, new Listener(), Ms(0), NoDelayNoInactivity);
        for (int i = 0; i < 100; i++)
        {
            if (i % 20 != 19)
            {
                Receive(stream, (ushort)(i + 1), i * 10);
            }
        }

        stream.GetReceptionReport(Ms(1000)); // 5 %: (90 / 95)^4 = 0.806 → 8
        Assert.Equal(8, stream.Score);
    }

    [Fact]
    public void Inactivity_sets_the_score_to_zero_and_the_next_packet_restores_it()
    {
        var listener = new Listener();
        var stream = new RtpStreamRecv(Video, listener, Ms(0), new RtpStreamRecvOptions());

        Receive(stream, 1, 100);
        Assert.Equal(Ms(1600), stream.NextTimeout);
        stream.OnTimer(Ms(1599));
        Assert.Empty(listener.Scores);

        stream.OnTimer(Ms(1600));
        Assert.True(stream.IsInactive);
        Assert.Equal(0, stream.Score);
        Assert.Equal([(0, 10)], listener.Scores);
        Assert.Equal(Instant.MaxValue, stream.NextTimeout);

        Receive(stream, 2, 3000);
        Assert.False(stream.IsInactive);
        Assert.Equal([(0, 10), (10, 0)], listener.Scores);
        Assert.Equal(Ms(3000), stream.ActiveSince);
    }

    [Fact]
    public void Dtx_streams_wait_five_seconds_before_inactivity()
    {
        var stream = new RtpStreamRecv(Video with { MimeType = "audio/opus", ClockRate = 48000, UseDtx = true },
            new Listener(), Ms(0), new RtpStreamRecvOptions());

        Receive(stream, 1, 0);

        Assert.Equal(Ms(5000), stream.NextTimeout);
    }

    [Fact]
    public void Pause_stops_the_inactivity_check_and_resume_restarts_it()
    {
        var listener = new Listener();
        var stream = new RtpStreamRecv(Video, listener, Ms(0), new RtpStreamRecvOptions { SendNackDelay = TimeSpan.Zero });
        Receive(stream, 1, 0);
        Receive(stream, 3, 0);

        stream.Pause();
        Assert.Equal(Instant.MaxValue, stream.NextTimeout);
        Assert.Equal(0, stream.NackGenerator!.NackListLength);

        stream.Resume(Ms(10_000));
        Assert.Equal(Ms(11_500), stream.NextTimeout);
    }

    [Fact]
    public void Bitrate_by_layer_uses_the_vp8_temporal_layer()
    {
        RtpStreamParams layered = Video with { TemporalLayers = 3, UseNack = false };
        var stream = new RtpStreamRecv(layered, new Listener(), Ms(0), NoDelayNoInactivity);

        // X=1 | T=1 | TID in the top two bits.
        for (ushort s = 1; s <= 30; s++)
        {
            byte tid = (byte)(s % 3);
            Receive(stream, s, s * 10, payload: [0x80, 0x20, (byte)(tid << 6), 0x01, 0, 0, 0, 0, 0, 0]);
        }

        Instant now = Ms(400);
        long l0 = stream.GetLayerBitrate(now, 0, 0);
        long l1 = stream.GetLayerBitrate(now, 0, 1);
        long l2 = stream.GetLayerBitrate(now, 0, 2);
        Assert.True(l0 > 0 && l1 > 0 && l2 > 0);

        InboundRtpStats stats = stream.GetStats(now);

        Assert.Equal(new[] { "0.0", "0.1", "0.2" }, stats.BitrateByLayer.Keys.Order().ToArray());
        Assert.Equal(l0, stats.BitrateByLayer["0.0"]);
        Assert.Equal(l0 + l1, stats.BitrateByLayer["0.1"]);
        Assert.Equal(l0 + l1 + l2, stats.BitrateByLayer["0.2"]);
        Assert.Equal(l0 + l1 + l2, stats.Bitrate);
        Assert.Equal(30, stats.PacketCount);
        Assert.Equal(30 * 22, stats.ByteCount);
    }

    [Fact]
    public void Stats_have_the_inbound_rtp_fields()
    {
        var stream = new RtpStreamRecv(Video with { Rid = "h", RtxSsrc = 6, RtxPayloadType = 101 }, new Listener(), Ms(0),
            NoDelayNoInactivity with { UnixMicrosecondsAtZero = 1_700_000_000_000_000 });
        Receive(stream, 1, 0);
        Receive(stream, 3, 10);
        stream.GetReceptionReport(Ms(20));

        InboundRtpStats stats = stream.GetStats(Ms(20));

        Assert.Equal("inbound-rtp", stats.Type);
        Assert.Equal(1_700_000_000_020, stats.Timestamp);
        Assert.Equal(5u, stats.Ssrc);
        Assert.Equal(6u, stats.RtxSsrc);
        Assert.Equal("h", stats.Rid);
        Assert.Equal(MediaKind.Video, stats.Kind);
        Assert.Equal("video/VP8", stats.MimeType);
        Assert.Equal(1, stats.PacketsLost);
        Assert.Equal(85, stats.FractionLost);
        Assert.Equal(1, stats.NackCount);
        Assert.Equal(1, stats.NackPacketCount);
        Assert.Empty(stats.BitrateByLayer);
        Assert.Equal(0, stats.RtxPacketsDiscarded);
    }

    [Fact]
    public void Xr_dlrr_gives_the_round_trip_time_and_spaces_nacks()
    {
        var stream = new RtpStreamRecv(Video, new Listener(), Ms(0), NoDelayNoInactivity);
        NtpTime rrt = NtpTime.FromInstant(Ms(1000), 0);

        // Our RRT left at 1000 ms; the sender answered after 200 ms; the answer arrives at 1280 ms: RTT 80 ms.
        stream.ReceiveRtcpXrDelaySinceLastRr(new DlrrSubBlock(5, rrt.Compact, NtpTime.MicrosecondsToCompact(200_000)), Ms(1280));

        Assert.NotNull(stream.RoundTripTime);
        Assert.InRange(stream.RoundTripTime!.Value, 79.9, 80.1);
        Assert.InRange(stream.NackGenerator!.Rtt.TotalMilliseconds, 79.9, 80.1);
    }

    [Fact]
    public void Large_sequence_jump_is_discarded_and_two_in_a_row_resync_without_counting_loss()
    {
        var stream = new RtpStreamRecv(Video with { UseNack = false }, new Listener(), Ms(0), NoDelayNoInactivity);
        Receive(stream, 100, 0);
        Receive(stream, 101, 10);

        Assert.False(Receive(stream, 40000, 20));
        Assert.Equal(1, stream.PacketsDiscarded);
        Assert.True(Receive(stream, 40001, 30));
        Assert.True(Receive(stream, 40002, 40));

        ReceptionReport report = stream.GetReceptionReport(Ms(50));
        Assert.Equal(0, report.TotalLost);
        Assert.Equal(40002u, report.ExtendedHighestSequenceNumber);
    }

    [Fact]
    public void Dump_has_params_score_and_rtx_stream()
    {
        var stream = new RtpStreamRecv(Video with { RtxSsrc = 6, RtxPayloadType = 101, Rid = "l" }, new Listener(), Ms(0));

        var dump = stream.ToDump();

        Assert.Equal(5u, dump.Params.Ssrc);
        Assert.Equal(6u, dump.Params.RtxSsrc);
        Assert.Equal(10, dump.Score);
        Assert.Equal("video/rtx", dump.RtxStream!.Params.MimeType);
        Assert.Equal(6u, dump.RtxStream.Params.Ssrc);
        Assert.Equal("l", dump.RtxStream.Params.Rrid);
    }
}
