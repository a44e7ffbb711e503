using System.Text.Json;
using Sfu.Contracts.Api;
using Sfu.Contracts.Events;
using Sfu.Contracts.Options;
using Sfu.Contracts.Rtp;
using Sfu.Contracts.Wire;
using Sfu.Media.Time;

namespace Sfu.Client.Tests.Media;

/// <summary>
/// The <c>'trace'</c> events of producers (P9), consumers (C11) and transports (T6) with real RTP and RTCP on loopback:
/// which packets and requests are traced, in which direction, with mediasoup's info shapes, on the C# event and as the
/// <c>producer.trace</c> / <c>consumer.trace</c> notifications; and that disabling stops them.
/// </summary>
public abstract class TraceEventApiTests(SfuTargetFixture fixture) : MediaApiTestBase(fixture)
{
    private const uint SenderSsrc = 22222222;

    [Fact]
    public async Task A_producer_traces_each_received_packet_in_as_rtp_or_as_keyframe_for_a_key_frame()
    {
        var rig = await StartAsync();
        using var _ = rig;
        var notifications = Notifications();
        await rig.Producer.EnableTraceEventAsync(["rtp", "keyframe"]);
        var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var mid = (10, "VIDEO"u8.ToArray());
        var sent = new[]
        {
            TestPackets.Rtp(96, 1, 3000, SenderSsrc, TestPackets.Vp8KeyFrame, marker: true, mid),
            TestPackets.Rtp(96, 2, 6000, SenderSsrc, TestPackets.Vp8DeltaFrame, marker: false, mid),
            TestPackets.Rtp(96, 3, 9000, SenderSsrc, TestPackets.Vp8DeltaFrame, marker: true),
        };
        foreach (var packet in sent)
        {
            rig.Sender.Send(packet, rig.Input.Tuple);
        }

        var traces = await rig.ProducerTraces.WaitForCountAsync(3);
        var after = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        Assert.Equal(["keyframe", "rtp", "rtp"], traces.Select(t => t.Type));
        Assert.All(traces, t => Assert.Equal(TraceDirection.In, t.Direction));
        Assert.All(traces, t => Assert.InRange(t.Timestamp, before - 60_000, after + 60_000)); // Unix milliseconds
        Assert.All(traces, t => Assert.False(t.Info["isRtx"]!.GetValue<bool>()));
        // The packets as the sender sent them: its payload type, SSRC, sequence numbers and timestamps.
        Assert.Equal(new RtpPacketDump
        {
            PayloadType = 96, SequenceNumber = 1, Timestamp = 3000, Marker = true, Ssrc = SenderSsrc, IsKeyFrame = true,
            Size = sent[0].Length, PayloadSize = TestPackets.Vp8KeyFrame.Length, Mid = "VIDEO",
        }, traces[0].RtpPacket);
        Assert.Equal(new RtpPacketDump
        {
            PayloadType = 96, SequenceNumber = 2, Timestamp = 6000, Marker = false, Ssrc = SenderSsrc, IsKeyFrame = false,
            Size = sent[1].Length, PayloadSize = TestPackets.Vp8DeltaFrame.Length, Mid = "VIDEO",
        }, traces[1].RtpPacket);
        Assert.Equal((ushort)3, traces[2].RtpPacket!.SequenceNumber);
        Assert.Null(traces[2].RtpPacket!.Mid);

        // On the wire: producer.trace with the producer's and its transport's ids, in mediasoup's JSON shape.
        var notification = await notifications.WaitForAsync(n => n.Method == WireMethods.ProducerTraceNotification, "producer.trace");
        Assert.Equal(rig.Producer.Id, notification.Data.GetProperty("producerId").GetString());
        Assert.Equal(rig.Input.Id, notification.Data.GetProperty("transportId").GetString());
        var trace = notification.Data.GetProperty("trace");
        Assert.Equal("keyframe", trace.GetProperty("type").GetString());
        Assert.Equal("in", trace.GetProperty("direction").GetString());
        var rtpPacket = trace.GetProperty("info").GetProperty("rtpPacket");
        AssertFields(rtpPacket, "payloadType", "sequenceNumber", "timestamp", "marker", "ssrc", "isKeyFrame", "size", "payloadSize",
            "spatialLayer", "temporalLayer", "mid", "rid", "rrid");
        Assert.Equal(JsonValueKind.Null, rtpPacket.GetProperty("rid").ValueKind);
        AssertNoFields(rtpPacket, "wideSequenceNumber");
    }

    [Fact]
    public async Task With_only_keyframe_enabled_a_producer_traces_the_packets_of_key_frames_only()
    {
        var rig = await StartAsync();
        using var _ = rig;
        await rig.Producer.EnableTraceEventAsync(["keyframe"]);
        await rig.Consumer.EnableTraceEventAsync(["rtp"]); // to know when every packet went through

        rig.Sender.Send(TestPackets.Rtp(96, 1, 3000, SenderSsrc, TestPackets.Vp8KeyFrame), rig.Input.Tuple);
        rig.Sender.Send(TestPackets.Rtp(96, 2, 6000, SenderSsrc, TestPackets.Vp8DeltaFrame), rig.Input.Tuple);
        rig.Sender.Send(TestPackets.Rtp(96, 3, 9000, SenderSsrc, TestPackets.Vp8KeyFrame), rig.Input.Tuple);
        rig.Sender.Send(TestPackets.Rtp(96, 4, 12000, SenderSsrc, TestPackets.Vp8DeltaFrame), rig.Input.Tuple);
        await rig.ConsumerTraces.WaitForCountAsync(4);

        var traces = rig.ProducerTraces.Items;
        Assert.Equal(["keyframe", "keyframe"], traces.Select(t => t.Type));
        Assert.Equal([(ushort)1, (ushort)3], traces.Select(t => t.RtpPacket!.SequenceNumber));
        Assert.All(traces, t => Assert.True(t.RtpPacket!.IsKeyFrame));
    }

    [Fact]
    public async Task A_producer_traces_each_sender_report_in_with_its_sender_info()
    {
        var rig = await StartAsync();
        using var _ = rig;
        await rig.Producer.EnableTraceEventAsync(["sr"]);
        rig.Sender.Send(TestPackets.Rtp(96, 1, 3000, SenderSsrc, TestPackets.Vp8KeyFrame), rig.Input.Tuple);
        await rig.Receiver.Rtp.WaitForCountAsync(1);

        rig.Sender.Send(TestPackets.SenderReport(SenderSsrc, 3000, 1, 10), rig.Input.Tuple);

        var trace = (await rig.ProducerTraces.WaitForCountAsync(1))[0];
        Assert.Equal(("sr", TraceDirection.In), (trace.Type, trace.Direction));
        var ntp = NtpTime.FromUnixMicroseconds(1_700_000_000_000_000); // what TestPackets.SenderReport writes
        Assert.Equal(SenderSsrc, trace.Info["ssrc"]!.GetValue<uint>());
        Assert.Equal(ntp.Seconds, trace.Info["ntpSec"]!.GetValue<uint>());
        Assert.Equal(ntp.Fraction, trace.Info["ntpFrac"]!.GetValue<uint>());
        Assert.Equal(3000u, trace.Info["rtpTs"]!.GetValue<uint>());
        Assert.Equal(1u, trace.Info["packetCount"]!.GetValue<uint>());
        Assert.Equal(10u, trace.Info["octetCount"]!.GetValue<uint>());
        Assert.Equal(6, trace.Info.Count);
    }

    [Fact]
    public async Task A_producer_traces_out_the_nack_it_sends_the_sender_after_a_sequence_gap()
    {
        var rig = await StartAsync();
        using var _ = rig;
        await rig.Producer.EnableTraceEventAsync(["nack"]);
        rig.Sender.Send(TestPackets.Rtp(96, 1, 3000, SenderSsrc, TestPackets.Vp8KeyFrame), rig.Input.Tuple);
        rig.Sender.Send(TestPackets.Rtp(96, 2, 6000, SenderSsrc, TestPackets.Vp8DeltaFrame), rig.Input.Tuple);
        await rig.Receiver.Rtp.WaitForCountAsync(2);
        Assert.Equal(0, rig.ProducerTraces.Count);

        // 3 and 4 are lost.
        rig.Sender.Send(TestPackets.Rtp(96, 5, 15000, SenderSsrc, TestPackets.Vp8DeltaFrame), rig.Input.Tuple);

        var trace = (await rig.ProducerTraces.WaitForCountAsync(1))[0];
        Assert.Equal(("nack", TraceDirection.Out), (trace.Type, trace.Direction));
        Assert.Empty(trace.Info);
        await rig.Sender.Rtcp.WaitForAsync(r => TestPackets.RtcpPacketTypes(r).Contains(205), "the NACK at the sender");
    }

    [Fact]
    public async Task A_receivers_pli_and_fir_are_traced_in_on_the_consumer_and_the_request_to_the_sender_out_on_the_producer()
    {
        var rig = await StartAsync();
        using var _ = rig;
        rig.Sender.Send(TestPackets.Rtp(96, 1, 3000, SenderSsrc, TestPackets.Vp8KeyFrame), rig.Input.Tuple);
        await rig.Receiver.Rtp.WaitForCountAsync(1);
        await rig.Producer.EnableTraceEventAsync(["pli", "fir"]);
        await rig.Consumer.EnableTraceEventAsync(["pli", "fir"]);
        var notifications = Notifications();

        rig.Receiver.Send(TestPackets.Pli(12345, rig.ConsumerSsrc), rig.Output.Tuple);

        var consumerPli = (await rig.ConsumerTraces.WaitForCountAsync(1))[0];
        Assert.Equal(("pli", TraceDirection.In), (consumerPli.Type, consumerPli.Direction));
        Assert.Equal(rig.ConsumerSsrc, consumerPli.Info["ssrc"]!.GetValue<uint>());
        var producerPli = (await rig.ProducerTraces.WaitForCountAsync(1))[0];
        Assert.Equal(("pli", TraceDirection.Out), (producerPli.Type, producerPli.Direction));
        Assert.Equal(SenderSsrc, producerPli.Info["ssrc"]!.GetValue<uint>()); // the media SSRC the PLI names
        await rig.Sender.Rtcp.WaitForAsync(r => TestPackets.RtcpPacketTypes(r).Contains(206), "the PLI at the sender");
        var wire = await notifications.WaitForAsync(n => n.Method == WireMethods.ConsumerTraceNotification, "consumer.trace");
        Assert.Equal(rig.Consumer.Id, wire.Data.GetProperty("consumerId").GetString());
        Assert.Equal("""{"ssrc":""" + rig.ConsumerSsrc + "}", wire.Data.GetProperty("trace").GetProperty("info").GetRawText());

        // A FIR from the receiver: traced in as fir (the SFU asks the sender with a PLI, which it supports).
        rig.Receiver.Send(TestPackets.Fir(12345, rig.ConsumerSsrc, 1), rig.Output.Tuple);
        var consumerFir = await rig.ConsumerTraces.WaitForAsync(t => t.Type == "fir", "the consumer's fir trace");
        Assert.Equal(TraceDirection.In, consumerFir.Direction);
        Assert.Equal(rig.ConsumerSsrc, consumerFir.Info["ssrc"]!.GetValue<uint>());
    }

    [Fact]
    public async Task A_consumer_traces_each_packet_it_sends_out_and_a_receivers_nack_in_with_the_rtx_retransmission()
    {
        var rig = await StartAsync();
        using var _ = rig;
        await rig.Consumer.EnableTraceEventAsync(["rtp", "keyframe", "nack"]);
        await rig.Output.EnableTraceEventAsync(["probation", "bwe"]);
        var transportTraces = new EventLog<TraceEvent>();
        rig.Output.Trace += (_, t) => transportTraces.Add(t);

        rig.Sender.Send(TestPackets.Rtp(96, 1, 3000, SenderSsrc, TestPackets.Vp8KeyFrame, marker: true), rig.Input.Tuple);
        rig.Sender.Send(TestPackets.Rtp(96, 2, 6000, SenderSsrc, TestPackets.Vp8DeltaFrame), rig.Input.Tuple);
        var received = await rig.Receiver.Rtp.WaitForCountAsync(2);
        var traces = await rig.ConsumerTraces.WaitForCountAsync(2);

        // What the receiver got, as it got it: the consumer's payload type, SSRC, sequence numbers and MID.
        Assert.Equal(["keyframe", "rtp"], traces.Select(t => t.Type));
        Assert.All(traces, t => Assert.Equal(TraceDirection.Out, t.Direction));
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(new RtpPacketDump
            {
                PayloadType = received[i].PayloadType, SequenceNumber = received[i].SequenceNumber, Timestamp = received[i].Timestamp,
                Marker = received[i].Marker, Ssrc = rig.ConsumerSsrc, IsKeyFrame = i == 0, Size = received[i].Datagram.Length,
                PayloadSize = received[i].Payload.Length, Mid = rig.Consumer.RtpParameters.Mid,
            }, traces[i].RtpPacket);
            Assert.False(traces[i].Info["isRtx"]!.GetValue<bool>());
        }

        // The receiver lost the key frame: its NACK is traced in, and the retransmission out, as RTX.
        rig.Receiver.Send(TestPackets.Nack(12345, rig.ConsumerSsrc, received[0].SequenceNumber), rig.Output.Tuple);
        var rtxSsrc = rig.Consumer.RtpParameters.Encodings![0].Rtx!.Ssrc;
        var retransmitted = await rig.Receiver.Rtp.WaitForAsync(p => p.Ssrc == rtxSsrc, "the RTX retransmission");
        var more = await rig.ConsumerTraces.WaitForCountAsync(4);
        Assert.Equal(("nack", TraceDirection.In), (more[2].Type, more[2].Direction));
        Assert.Empty(more[2].Info);
        Assert.Equal(("keyframe", TraceDirection.Out), (more[3].Type, more[3].Direction));
        Assert.True(more[3].Info["isRtx"]!.GetValue<bool>());
        var rtx = more[3].RtpPacket!;
        Assert.Equal((rtxSsrc, retransmitted.PayloadType, retransmitted.SequenceNumber, retransmitted.Datagram.Length, true),
            (rtx.Ssrc, rtx.PayloadType, rtx.SequenceNumber, rtx.Size, rtx.IsKeyFrame));

        // T6: the transport traces bandwidth estimation only, which this build does not have: nothing came.
        Assert.Equal(["probation", "bwe"], (await rig.Output.DumpAsync()).TraceEventTypes);
        Assert.Equal(0, transportTraces.Count);
    }

    [Fact]
    public async Task Enabling_no_types_stops_the_traces()
    {
        var rig = await StartAsync();
        using var _ = rig;
        await rig.Producer.EnableTraceEventAsync(["rtp", "FOO"]);
        await rig.Consumer.EnableTraceEventAsync(["rtp", "sr"]); // sr is a producer type only: dropped
        Assert.Equal(["rtp"], (await rig.Consumer.DumpAsync()).TraceEventTypes);
        rig.Sender.Send(TestPackets.Rtp(96, 1, 3000, SenderSsrc, TestPackets.Vp8KeyFrame), rig.Input.Tuple);
        await rig.ProducerTraces.WaitForCountAsync(1);
        await rig.ConsumerTraces.WaitForCountAsync(1);

        await rig.Producer.EnableTraceEventAsync([]);
        rig.Sender.Send(TestPackets.Rtp(96, 2, 6000, SenderSsrc, TestPackets.Vp8DeltaFrame), rig.Input.Tuple);
        rig.Sender.Send(TestPackets.Rtp(96, 3, 9000, SenderSsrc, TestPackets.Vp8DeltaFrame), rig.Input.Tuple);
        // The consumer's traces of those packets come after any the producer would have emitted for them.
        await rig.ConsumerTraces.WaitForCountAsync(3);
        Assert.Equal(1, rig.ProducerTraces.Count);

        await rig.Consumer.EnableTraceEventAsync();
        await rig.Producer.EnableTraceEventAsync(["rtp"]);
        rig.Sender.Send(TestPackets.Rtp(96, 4, 12000, SenderSsrc, TestPackets.Vp8DeltaFrame), rig.Input.Tuple);
        rig.Sender.Send(TestPackets.Rtp(96, 5, 15000, SenderSsrc, TestPackets.Vp8DeltaFrame), rig.Input.Tuple);
        // The producer's trace of packet 5 comes after any the consumer would have emitted for packet 4.
        await rig.ProducerTraces.WaitForCountAsync(3);
        Assert.Equal(3, rig.ConsumerTraces.Count);
        Assert.Empty((await rig.Consumer.DumpAsync()).TraceEventTypes);
    }

    /// <summary>
    /// A VP8 producer on a comedia transport fed by <see cref="Rig.Sender"/>, and one consumer on a plain transport
    /// sending to <see cref="Rig.Receiver"/>, with their traces logged.
    /// </summary>
    private async Task<Rig> StartAsync()
    {
        var router = await CreateRouterAsync();
        var input = await router.CreatePlainTransportAsync(new PlainTransportOptions { ListenInfo = Loopback, Comedia = true });
        var producer = await input.ProduceAsync(new ProducerOptions { Kind = MediaKind.Video, RtpParameters = Vp8Parameters() });
        var output = await CreatePlainAsync(router);
        var consumer = await output.ConsumeAsync(new ConsumerOptions { ProducerId = producer.Id, RtpCapabilities = DeviceCapabilities });
        var rig = new Rig(input, producer, output, consumer, new UdpPeer(), new UdpPeer());
        producer.Trace += (_, t) => rig.ProducerTraces.Add(t);
        consumer.Trace += (_, t) => rig.ConsumerTraces.Add(t);
        await output.ConnectAsync(new PlainTransportConnectParameters { Ip = "127.0.0.1", Port = rig.Receiver.Port });
        return rig;
    }

    private sealed record Rig(IPlainTransport Input, IProducer Producer, IPlainTransport Output, IConsumer Consumer, UdpPeer Sender, UdpPeer Receiver)
        : IDisposable
    {
        public EventLog<TraceEvent> ProducerTraces { get; } = new();

        public EventLog<TraceEvent> ConsumerTraces { get; } = new();

        public uint ConsumerSsrc => Consumer.RtpParameters.Encodings![0].Ssrc!.Value;

        public void Dispose()
        {
            Sender.Dispose();
            Receiver.Dispose();
        }
    }
}

public sealed class TraceEventApiInProcessTests(InProcessTargetFixture fixture) : TraceEventApiTests(fixture), IClassFixture<InProcessTargetFixture>;

public sealed class TraceEventApiOverWebSocketTests(WebSocketTargetFixture fixture) : TraceEventApiTests(fixture), IClassFixture<WebSocketTargetFixture>;
