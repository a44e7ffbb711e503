using System.Buffers.Binary;
using System.Diagnostics;
using Sfu.Contracts.Api;
using Sfu.Contracts.Options;
using Sfu.Contracts.Rtp;
using Sfu.Contracts.Stats;
using Sfu.Media.Rtcp;
using Sfu.Media.Time;
using RtcpFeedback = Sfu.Contracts.Rtp.RtcpFeedback;

namespace Sfu.Client.Tests.Media;

/// <summary>
/// RTCP end to end with real UDP peers (RT2, MP4–MP6, MP14, B1/T4): XR RRT/DLRR both ways, the SR → RR LSR/DLSR
/// mapping, FIR towards a sender that only negotiated FIR, NACK and retransmission in both directions, and the
/// limitation REMB of setMaxIncomingBitrate.
/// </summary>
public abstract class RtcpApiTests(SfuTargetFixture fixture) : MediaApiTestBase(fixture)
{
    private const uint SenderSsrc = 22222222;

    [Fact]
    public async Task An_xr_receiver_reference_time_from_the_receiver_is_answered_by_a_dlrr_in_the_consumer_reports()
    {
        var (sender, input, producer, consumer, output, receiver) = await StartVideoAsync();
        using var _ = sender;
        using var __ = receiver;
        var consumerSsrc = consumer.RtpParameters.Encodings![0].Ssrc!.Value;
        var rrt = NtpTime.FromUnixMicroseconds(1_800_000_000_123_456);

        var elapsed = Stopwatch.StartNew();
        receiver.Send(TestPackets.ExtendedReport(12345, rrt), output.Tuple);

        // MP14: the consumer's next compound (SR, SDES) carries an XR DLRR (RFC 3611 §4.5) about its stream that
        // names our RRT (its middle 32 bits) and the time it was held.
        var report = await receiver.Rtcp.WaitForAsync(r => TestPackets.DlrrSubBlocks(r).Count > 0, "an XR DLRR");
        var maxDelay = NtpTime.MicrosecondsToCompact((elapsed.ElapsedMilliseconds + 1) * 1000);
        var dlrr = Assert.Single(TestPackets.DlrrSubBlocks(report));
        Assert.Equal(consumerSsrc, dlrr.Ssrc);
        Assert.Equal(rrt.Compact, dlrr.LastReceiverReport);
        Assert.InRange(dlrr.DelaySinceLastReceiverReport, 0u, maxDelay);
        Assert.Contains(200, TestPackets.RtcpPacketTypes(report));
    }

    [Fact]
    public async Task An_xr_dlrr_from_the_sender_gives_the_producer_a_round_trip_time()
    {
        var sinceProduce = Stopwatch.StartNew();
        var (sender, input, producer, consumer, output, receiver) = await StartVideoAsync();
        using var _ = sender;
        using var __ = receiver;

        // The SFU's RR compounds to the sender end with an XR receiver reference time (RT2).
        var rr = await sender.Rtcp.WaitForAsync(r => TestPackets.ReceiverReferenceTime(r) is not null, "an XR RRT");
        var rrt = TestPackets.ReceiverReferenceTime(rr)!.Value;
        Assert.Contains(201, TestPackets.RtcpPacketTypes(rr));

        // The sender answers with an LRR 2 s before the RRT and a delay of 1 s: RTT = now − LRR − DLRR is the real
        // round trip plus 1 s. Sub-block SSRC 0: the XR's sender SSRC names the stream (as mediasoup).
        var oneSecond = NtpTime.MicrosecondsToCompact(1_000_000);
        sender.Send(TestPackets.ExtendedReport(SenderSsrc, null, new DlrrSubBlock(0, rrt.Compact - (2 * oneSecond), oneSecond)), input.Tuple);

        var stats = await WaitUntilAsync(() => producer.GetStatsAsync(), s => s.Count == 1 && s[0].RoundTripTime is not null, "the producer RTT");
        Assert.InRange(stats[0].RoundTripTime!.Value, 999, 1000 + sinceProduce.ElapsedMilliseconds + 1);
    }

    [Fact]
    public async Task The_next_receiver_report_names_the_senders_sr_by_its_ntp_middle_bits_and_the_delay_since()
    {
        var (sender, input, producer, consumer, output, receiver) = await StartVideoAsync();
        using var _ = sender;
        using var __ = receiver;

        var elapsed = Stopwatch.StartNew();
        sender.Send(TestPackets.SenderReport(SenderSsrc, 3000, 1, 100), input.Tuple);

        // RT2/MP14: the producer stream keeps the SR; its next report block has LSR = middle 32 bits of the SR's NTP
        // timestamp and DLSR = the time since, in 1/65536 s (RFC 3550 §6.4.1).
        var rr = await sender.Rtcp.WaitForAsync(
            r => TestPackets.ReportBlocks(r).Any(b => b.Ssrc == SenderSsrc && b.LastSenderReport != 0), "an RR naming the SR");
        var maxDelay = NtpTime.MicrosecondsToCompact((elapsed.ElapsedMilliseconds + 1) * 1000);
        var block = TestPackets.ReportBlocks(rr).First(b => b.Ssrc == SenderSsrc);
        Assert.Equal(TestPackets.SenderReportNtp.Compact, block.LastSenderReport);
        Assert.Equal((uint)(TestPackets.SenderReportNtp.Value >> 16), block.LastSenderReport);
        Assert.InRange(block.DelaySinceLastSenderReport, 0u, maxDelay);
    }

    [Fact]
    public async Task A_fir_from_the_receiver_becomes_a_fir_to_a_sender_that_only_negotiated_fir_with_increasing_sequence_numbers()
    {
        var firOnly = Vp8Parameters() with
        {
            Codecs =
            [
                Vp8Parameters().Codecs[0] with { RtcpFeedback = [new RtcpFeedback("ccm", "fir")] },
                Vp8Parameters().Codecs[1],
            ],
        };
        var (sender, input, producer, consumer, output, receiver) = await StartVideoAsync(firOnly);
        using var _ = sender;
        using var __ = receiver;
        var consumerSsrc = consumer.RtpParameters.Encodings![0].Ssrc!.Value;
        static IReadOnlyList<(uint Ssrc, byte SequenceNumber)> Firs(UdpPeer peer) => peer.Rtcp.Items.SelectMany(TestPackets.FirItems).ToArray();

        receiver.Send(TestPackets.Fir(12345, consumerSsrc, 1), output.Tuple);
        await sender.Rtcp.WaitForAsync(_ => Firs(sender).Count >= 1, "a FIR to the sender");
        // The key frame answers it; the receiver asks again.
        sender.Send(TestPackets.Rtp(96, 2, 6000, SenderSsrc, TestPackets.Vp8KeyFrame), input.Tuple);
        await receiver.Rtp.WaitForCountAsync(2);
        var before = Firs(sender).Count;
        receiver.Send(TestPackets.Fir(12345, consumerSsrc, 2), output.Tuple);
        await sender.Rtcp.WaitForAsync(_ => Firs(sender).Count > before, "a second FIR to the sender");

        // RFC 5104 §4.3.1: each new request to the sender's SSRC takes the next sequence number; never a PLI.
        var firs = Firs(sender);
        Assert.All(firs, f => Assert.Equal(SenderSsrc, f.Ssrc));
        Assert.Equal(firs.Select((f, i) => (byte)(firs[0].SequenceNumber + i)), firs.Select(f => f.SequenceNumber));
        Assert.DoesNotContain(sender.Rtcp.Items, r => TestPackets.RtcpPackets(r).Any(p => p.Type == 206 && (p.Packet[0] & 0x1F) == 1));
    }

    [Fact]
    public async Task A_nack_from_the_receiver_gets_the_exact_packet_back_through_rtx_with_its_original_sequence_number()
    {
        var (sender, input, producer, consumer, output, receiver) = await StartVideoAsync();
        using var _ = sender;
        using var __ = receiver;
        sender.Send(TestPackets.Rtp(96, 2, 6000, SenderSsrc, [.. TestPackets.Vp8DeltaFrame, 0x02]), input.Tuple);
        sender.Send(TestPackets.Rtp(96, 3, 9000, SenderSsrc, [.. TestPackets.Vp8DeltaFrame, 0x03]), input.Tuple);
        var sent = await receiver.Rtp.WaitForCountAsync(3);
        var encoding = consumer.RtpParameters.Encodings![0];
        var rtxPayloadType = consumer.RtpParameters.Codecs.Single(c => c.MimeType == "video/rtx").PayloadType;
        var asked = sent[1];

        receiver.Send(TestPackets.Nack(12345, encoding.Ssrc!.Value, asked.SequenceNumber), output.Tuple);

        // MP6: RTX (RFC 4588 §4): the RTX SSRC and payload type, the original sequence number (OSN) first, then the
        // original payload; the timestamp is the original's.
        var rtx = await receiver.Rtp.WaitForAsync(p => p.Ssrc == encoding.Rtx!.Ssrc, "the retransmission");
        Assert.Equal(rtxPayloadType, rtx.PayloadType);
        Assert.Equal(asked.SequenceNumber, BinaryPrimitives.ReadUInt16BigEndian(rtx.Payload));
        Assert.Equal(asked.Payload, rtx.Payload[2..]);
        Assert.Equal(asked.Timestamp, rtx.Timestamp);
        Assert.Single(receiver.Rtp.Items, p => p.Ssrc == encoding.Rtx!.Ssrc);
    }

    [Fact]
    public async Task A_nack_from_the_receiver_without_rtx_gets_the_exact_packet_again_on_the_media_ssrc()
    {
        var router = await CreateRouterAsync();
        var input = await router.CreatePlainTransportAsync(new PlainTransportOptions { ListenInfo = Loopback, Comedia = true });
        var producer = await input.ProduceAsync(new ProducerOptions { Kind = MediaKind.Audio, RtpParameters = OpusParameters() });
        var output = await CreatePlainAsync(router);
        // Audio with enableRtx: NACK is negotiated, but the router has no audio RTX codec.
        var consumer = await output.ConsumeAsync(new ConsumerOptions { ProducerId = producer.Id, RtpCapabilities = DeviceCapabilities, EnableRtx = true });
        Assert.Null(consumer.RtpParameters.Encodings![0].Rtx);
        using var sender = new UdpPeer();
        using var receiver = new UdpPeer();
        await output.ConnectAsync(new PlainTransportConnectParameters { Ip = "127.0.0.1", Port = receiver.Port });
        for (ushort seq = 1; seq <= 3; seq++)
        {
            sender.Send(TestPackets.Rtp(111, seq, seq * 960u, 11111111, [.. TestPackets.OpusFrame, (byte)seq]), input.Tuple);
        }
        var sent = await receiver.Rtp.WaitForCountAsync(3);
        var asked = sent[1];

        receiver.Send(TestPackets.Nack(12345, asked.Ssrc, asked.SequenceNumber), output.Tuple);

        var again = (await receiver.Rtp.WaitForCountAsync(4))[3];
        Assert.Equal((asked.Ssrc, asked.SequenceNumber, asked.Timestamp, asked.PayloadType), (again.Ssrc, again.SequenceNumber, again.Timestamp, again.PayloadType));
        Assert.Equal(asked.Payload, again.Payload);
    }

    [Fact]
    public async Task A_packet_lost_between_the_sender_and_the_sfu_is_nacked_by_its_exact_sequence_number()
    {
        var (sender, input, producer, consumer, output, receiver) = await StartVideoAsync();
        using var _ = sender;
        using var __ = receiver;

        // Sequence number 3 never arrives.
        sender.Send(TestPackets.Rtp(96, 2, 6000, SenderSsrc, TestPackets.Vp8DeltaFrame), input.Tuple);
        sender.Send(TestPackets.Rtp(96, 4, 12000, SenderSsrc, TestPackets.Vp8DeltaFrame), input.Tuple);

        // MP4: a generic NACK (RFC 4585 §6.2.1) about the sender's SSRC with PID 3 and no other bit set.
        var nack = await sender.Rtcp.WaitForAsync(r => TestPackets.NackItems(r, SenderSsrc).Count > 0, "a NACK to the sender");
        Assert.Equal([((ushort)3, (ushort)0)], TestPackets.NackItems(nack, SenderSsrc));
    }

    [Fact]
    public async Task Set_max_incoming_bitrate_sends_the_sender_remb_with_that_limit_and_remb_0_after_reset()
    {
        var router = await CreateRouterAsync();
        var input = await router.CreatePlainTransportAsync(new PlainTransportOptions { ListenInfo = Loopback, Comedia = true });
        // abs-send-time and goog-remb: the producer negotiated receive-side BWE (B1).
        using var sender = new UdpPeer();
        static IReadOnlyList<(ulong Bitrate, uint[] Ssrcs)> Rembs(UdpPeer peer) => peer.Rtcp.Items.SelectMany(TestPackets.Rembs).ToArray();

        var producer = await input.ProduceAsync(new ProducerOptions { Kind = MediaKind.Video, RtpParameters = Vp8Parameters() });
        sender.Send(TestPackets.Rtp(96, 1, 3000, SenderSsrc, TestPackets.Vp8KeyFrame), input.Tuple);
        await WaitUntilAsync(() => producer.GetStatsAsync(), s => s.Count == 1, "the sender's stream (comedia knows the sender)");

        await input.SetMaxIncomingBitrateAsync(500000);
        sender.Send(TestPackets.Rtp(96, 2, 6000, SenderSsrc, TestPackets.Vp8DeltaFrame), input.Tuple);

        // T4/B1: a REMB (PSFB AFB) with the limit, naming the sender's stream.
        await sender.Rtcp.WaitForAsync(_ => Rembs(sender).Count > 0, "a REMB");
        var limit = Assert.Single(Rembs(sender));
        Assert.Equal(500000UL, limit.Bitrate);
        Assert.Equal([SenderSsrc], limit.Ssrcs);

        // Reset: REMB 0 (no limit) goes out at once.
        await input.SetMaxIncomingBitrateAsync(0);
        await sender.Rtcp.WaitForAsync(_ => Rembs(sender).Any(r => r.Bitrate == 0), "a REMB of 0");
        Assert.Equal(500000UL, Rembs(sender)[0].Bitrate);
        Assert.Equal([SenderSsrc], Rembs(sender).Last().Ssrcs);
    }

    /// <summary>A VP8 producer on a comedia transport whose first key frame has reached one consumer's receiver.</summary>
    private async Task<(UdpPeer Sender, IPlainTransport Input, IProducer Producer, IConsumer Consumer, IPlainTransport Output, UdpPeer Receiver)> StartVideoAsync(
        RtpParameters? parameters = null)
    {
        var router = await CreateRouterAsync();
        var input = await router.CreatePlainTransportAsync(new PlainTransportOptions { ListenInfo = Loopback, Comedia = true });
        var producer = await input.ProduceAsync(new ProducerOptions { Kind = MediaKind.Video, RtpParameters = parameters ?? Vp8Parameters() });
        var output = await CreatePlainAsync(router);
        var consumer = await output.ConsumeAsync(new ConsumerOptions { ProducerId = producer.Id, RtpCapabilities = DeviceCapabilities });
        var sender = new UdpPeer();
        var receiver = new UdpPeer();
        await output.ConnectAsync(new PlainTransportConnectParameters { Ip = "127.0.0.1", Port = receiver.Port });
        sender.Send(TestPackets.Rtp(96, 1, 3000, SenderSsrc, TestPackets.Vp8KeyFrame), input.Tuple);
        await receiver.Rtp.WaitForCountAsync(1);
        return (sender, input, producer, consumer, output, receiver);
    }
}

public sealed class RtcpInProcessTests(InProcessTargetFixture fixture) : RtcpApiTests(fixture), IClassFixture<InProcessTargetFixture>;

public sealed class RtcpOverWebSocketTests(WebSocketTargetFixture fixture) : RtcpApiTests(fixture), IClassFixture<WebSocketTargetFixture>;
