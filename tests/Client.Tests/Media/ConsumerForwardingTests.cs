using Sfu.Contracts.Options;
using Sfu.Contracts.Rtp;

namespace Sfu.Client.Tests.Media;

/// <summary>
/// What a simple consumer forwards and what a producer asks its sender for, with real RTP: ignoreDtx (C15), payload
/// type filtering (MP8) without sequence gaps (MP7), and key-frame requests retried after 1 s and merged within
/// keyFrameRequestDelay (P13, MP5).
/// </summary>
public abstract class ConsumerForwardingTests(SfuTargetFixture fixture) : MediaApiTestBase(fixture)
{
    private static bool IsPli(byte[] rtcp) => TestPackets.RtcpPacketTypes(rtcp).Contains(206);

    [Fact]
    public async Task With_ignoreDtx_opus_dtx_packets_are_not_forwarded_and_leave_no_sequence_gap()
    {
        var router = await CreateRouterAsync();
        var input = await router.CreatePlainTransportAsync(new PlainTransportOptions { ListenInfo = Loopback, Comedia = true });
        var producer = await input.ProduceAsync(new ProducerOptions { Kind = MediaKind.Audio, RtpParameters = OpusParameters() });
        var ignoring = await CreatePlainAsync(router);
        var all = await CreatePlainAsync(router);
        await ignoring.ConsumeAsync(new ConsumerOptions { ProducerId = producer.Id, RtpCapabilities = DeviceCapabilities, IgnoreDtx = true });
        await all.ConsumeAsync(new ConsumerOptions { ProducerId = producer.Id, RtpCapabilities = DeviceCapabilities });
        using var sender = new UdpPeer();
        using var ignoringReceiver = new UdpPeer();
        using var allReceiver = new UdpPeer();
        await ignoring.ConnectAsync(new PlainTransportConnectParameters { Ip = "127.0.0.1", Port = ignoringReceiver.Port });
        await all.ConnectAsync(new PlainTransportConnectParameters { Ip = "127.0.0.1", Port = allReceiver.Port });

        // Opus TOC 0xf8 (config 31, mono, code 0): one byte alone is a DTX frame (RFC 6716 §3.1).
        byte[] dtx = [0xf8];
        sender.Send(TestPackets.Rtp(111, 10, 960, 11111111, TestPackets.OpusFrame), input.Tuple);
        sender.Send(TestPackets.Rtp(111, 11, 1920, 11111111, dtx), input.Tuple);
        sender.Send(TestPackets.Rtp(111, 12, 2880, 11111111, dtx), input.Tuple);
        sender.Send(TestPackets.Rtp(111, 13, 3840, 11111111, TestPackets.OpusFrame), input.Tuple);

        var everything = await allReceiver.Rtp.WaitForCountAsync(4);
        Assert.Equal([960u, 1920u, 2880u, 3840u], everything.Select(p => p.Timestamp));
        var filtered = await ignoringReceiver.Rtp.WaitForCountAsync(2);
        Assert.Equal([960u, 3840u], filtered.Select(p => p.Timestamp));
        Assert.Equal((ushort)(filtered[0].SequenceNumber + 1), filtered[1].SequenceNumber);
    }

    [Fact]
    public async Task A_payload_type_the_consumer_did_not_negotiate_is_not_forwarded_and_leaves_no_sequence_gap()
    {
        var router = await CreateRouterAsync();
        var input = await router.CreatePlainTransportAsync(new PlainTransportOptions { ListenInfo = Loopback, Comedia = true });
        // The sender may switch between VP8 (96) and H264 (97); this receiver only takes VP8.
        var parameters = Vp8Parameters() with
        {
            Codecs =
            [
                .. Vp8Parameters().Codecs.Where(c => c.MimeType == "video/VP8"),
                new RtpCodecParameters
                {
                    MimeType = "video/H264", PayloadType = 97, ClockRate = 90000,
                    Parameters = new Dictionary<string, CodecParameterValue> { ["packetization-mode"] = 1, ["profile-level-id"] = "4d0032" },
                },
            ],
            Encodings = [new RtpEncodingParameters { Ssrc = 22222222 }],
        };
        var producer = await input.ProduceAsync(new ProducerOptions { Kind = MediaKind.Video, RtpParameters = parameters });
        var output = await CreatePlainAsync(router);
        var vp8Only = DeviceCapabilities with
        {
            Codecs = DeviceCapabilities.Codecs!.Where(c => c.Kind == MediaKind.Video && c.MimeType == "video/VP8").ToArray(),
        };
        var consumer = await output.ConsumeAsync(new ConsumerOptions { ProducerId = producer.Id, RtpCapabilities = vp8Only });
        Assert.Equal(["video/VP8"], consumer.RtpParameters.Codecs.Select(c => c.MimeType));
        using var sender = new UdpPeer();
        using var receiver = new UdpPeer();
        await output.ConnectAsync(new PlainTransportConnectParameters { Ip = "127.0.0.1", Port = receiver.Port });

        byte[] h264Sps = [0x67, 0x4d, 0x00, 0x32];
        sender.Send(TestPackets.Rtp(96, 1, 3000, 22222222, TestPackets.Vp8KeyFrame), input.Tuple);
        sender.Send(TestPackets.Rtp(97, 2, 6000, 22222222, h264Sps), input.Tuple);
        sender.Send(TestPackets.Rtp(96, 3, 9000, 22222222, TestPackets.Vp8DeltaFrame), input.Tuple);

        var packets = await receiver.Rtp.WaitForCountAsync(2);
        Assert.Equal([3000u, 9000u], packets.Select(p => p.Timestamp));
        Assert.All(packets, p => Assert.Equal(consumer.RtpParameters.Codecs[0].PayloadType, p.PayloadType));
        Assert.Equal((ushort)(packets[0].SequenceNumber + 1), packets[1].SequenceNumber);
    }

    [Fact]
    public async Task A_key_frame_request_that_gets_no_key_frame_is_sent_again_after_a_second()
    {
        var (producerSender, consumer, input, receiver) = await StartVideoAsync(keyFrameRequestDelay: 0);
        using var sender = producerSender;
        using var _ = receiver;

        await consumer.RequestKeyFrameAsync();
        await sender.Rtcp.WaitForAsync(IsPli, "the PLI of the request");
        // No key frame comes: the request is re-sent once, without anybody asking again.
        await sender.Rtcp.WaitForAsync(_ => sender.Rtcp.Items.Count(IsPli) >= 2, "the PLI sent again", TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Requests_within_keyFrameRequestDelay_after_a_key_frame_are_merged_into_one_sent_when_it_expires()
    {
        var (producerSender, consumer, input, receiver) = await StartVideoAsync(keyFrameRequestDelay: 5000);
        using var sender = producerSender;
        using var _ = receiver;

        await consumer.RequestKeyFrameAsync();
        await sender.Rtcp.WaitForAsync(IsPli, "the PLI of the first request");
        // The key frame answers it; two more requests come within the delay.
        sender.Send(TestPackets.Rtp(96, 2, 6000, 22222222, TestPackets.Vp8KeyFrame), input.Tuple);
        await receiver.Rtp.WaitForCountAsync(2);
        await consumer.RequestKeyFrameAsync();
        await consumer.RequestKeyFrameAsync();
        // A packet through the same worker after the requests: when it arrives, both requests were handled.
        sender.Send(TestPackets.Rtp(96, 3, 9000, 22222222, TestPackets.Vp8DeltaFrame), input.Tuple);
        await receiver.Rtp.WaitForCountAsync(3);
        Assert.Equal(1, sender.Rtcp.Items.Count(IsPli));

        // The merged request goes out once the delay has passed.
        await sender.Rtcp.WaitForAsync(_ => sender.Rtcp.Items.Count(IsPli) >= 2, "the merged PLI", TimeSpan.FromSeconds(15));
    }

    [Fact]
    public async Task When_the_sender_restarts_with_a_new_ssrc_the_consumer_resyncs_at_its_key_frame_with_continuous_sequence_and_timestamps()
    {
        var router = await CreateRouterAsync();
        var input = await router.CreatePlainTransportAsync(new PlainTransportOptions { ListenInfo = Loopback, Comedia = true });
        // Matched by MID: the encoding's SSRC is learned, so a restarted sender (new SSRC, new bases) is the same source.
        var parameters = Vp8Parameters() with { Encodings = [new RtpEncodingParameters()] };
        var producer = await input.ProduceAsync(new ProducerOptions { Kind = MediaKind.Video, RtpParameters = parameters });
        var output = await CreatePlainAsync(router);
        var consumer = await output.ConsumeAsync(new ConsumerOptions { ProducerId = producer.Id, RtpCapabilities = DeviceCapabilities });
        using var sender = new UdpPeer();
        using var receiver = new UdpPeer();
        await output.ConnectAsync(new PlainTransportConnectParameters { Ip = "127.0.0.1", Port = receiver.Port });
        var mid = (10, "VIDEO"u8.ToArray());

        sender.Send(TestPackets.Rtp(96, 100, 3000, 1111, TestPackets.Vp8KeyFrame, false, mid), input.Tuple);
        sender.Send(TestPackets.Rtp(96, 101, 6000, 1111, TestPackets.Vp8DeltaFrame, false, mid), input.Tuple);
        await receiver.Rtp.WaitForCountAsync(2);

        // The restarted sender: other SSRC, other sequence and timestamp bases; a delta first (dropped: resync).
        sender.Send(TestPackets.Rtp(96, 5000, 3_000_000_000, 2222, TestPackets.Vp8DeltaFrame, false, mid), input.Tuple);
        sender.Send(TestPackets.Rtp(96, 5001, 3_000_003_000, 2222, TestPackets.Vp8KeyFrame, false, mid), input.Tuple);
        sender.Send(TestPackets.Rtp(96, 5002, 3_000_006_000, 2222, TestPackets.Vp8DeltaFrame, false, mid), input.Tuple);

        var packets = await receiver.Rtp.WaitForCountAsync(4);
        Assert.All(packets, p => Assert.Equal(consumer.RtpParameters.Encodings![0].Ssrc, p.Ssrc));
        Assert.Equal(packets.Select((p, i) => (ushort)(packets[0].SequenceNumber + i)), packets.Select(p => p.SequenceNumber));
        Assert.Equal(3000u, packets[1].Timestamp - packets[0].Timestamp);
        // After the restart the timestamps go on from where they were, by the time that passed (the new sender's base
        // is about 3e9 ticks away) …
        var jump = unchecked(packets[2].Timestamp - packets[1].Timestamp);
        Assert.InRange(jump, 1u, 90_000u * 60);
        // … and keep the new sender's spacing.
        Assert.Equal(3000u, packets[3].Timestamp - packets[2].Timestamp);
        Assert.True((await producer.DumpAsync()).RtpStreams!.Single().Params.Ssrc == 2222);
    }

    /// <summary>A VP8 producer (with the delay given) whose first key frame has reached one consumer's receiver.</summary>
    private async Task<(UdpPeer Sender, Sfu.Contracts.Api.IConsumer Consumer, Sfu.Contracts.Api.IPlainTransport Input, UdpPeer Receiver)> StartVideoAsync(int keyFrameRequestDelay)
    {
        var router = await CreateRouterAsync();
        var input = await router.CreatePlainTransportAsync(new PlainTransportOptions { ListenInfo = Loopback, Comedia = true });
        var producer = await input.ProduceAsync(new ProducerOptions
        {
            Kind = MediaKind.Video, RtpParameters = Vp8Parameters(), KeyFrameRequestDelay = keyFrameRequestDelay,
        });
        var output = await CreatePlainAsync(router);
        var consumer = await output.ConsumeAsync(new ConsumerOptions { ProducerId = producer.Id, RtpCapabilities = DeviceCapabilities });
        var sender = new UdpPeer();
        var receiver = new UdpPeer();
        await output.ConnectAsync(new PlainTransportConnectParameters { Ip = "127.0.0.1", Port = receiver.Port });
        sender.Send(TestPackets.Rtp(96, 1, 3000, 22222222, TestPackets.Vp8KeyFrame), input.Tuple);
        await receiver.Rtp.WaitForCountAsync(1);
        return (sender, consumer, input, receiver);
    }
}

public sealed class ConsumerForwardingInProcessTests(InProcessTargetFixture fixture) : ConsumerForwardingTests(fixture), IClassFixture<InProcessTargetFixture>;

public sealed class ConsumerForwardingOverWebSocketTests(WebSocketTargetFixture fixture) : ConsumerForwardingTests(fixture), IClassFixture<WebSocketTargetFixture>;
