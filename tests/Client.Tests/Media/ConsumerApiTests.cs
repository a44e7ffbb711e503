using System.Buffers.Binary;
using Sfu.Contracts;
using Sfu.Contracts.Api;
using Sfu.Contracts.Dumps;
using Sfu.Contracts.Events;
using Sfu.Contracts.Options;
using Sfu.Contracts.Rtp;
using Sfu.Contracts.Stats;
using Sfu.Contracts.Wire;

namespace Sfu.Client.Tests.Media;

/// <summary>
/// mediasoup's Consumer (C1–C14, T8, R2, test-Consumer) for simple and pipe consumers, through the C# API and the
/// wire: the negotiated parameters, the initial state, dump and stats, pause and resume with real media, score from
/// real RTP and RTCP, priority, layers, trace, close.
/// </summary>
public abstract class ConsumerApiTests(SfuTargetFixture fixture) : MediaApiTestBase(fixture)
{
    [Fact]
    public async Task An_audio_consumer_gets_the_router_payload_type_the_producer_parameters_and_mid_0()
    {
        var router = await CreateRouterAsync();
        var producerTransport = await CreatePlainAsync(router);
        var producer = await producerTransport.ProduceAsync(new ProducerOptions { Kind = MediaKind.Audio, RtpParameters = OpusParameters() });
        var transport = await CreatePlainAsync(router);
        Assert.True(await router.CanConsumeAsync(producer.Id, DeviceCapabilities));

        var consumer = await transport.ConsumeAsync(new ConsumerOptions
        {
            ProducerId = producer.Id, RtpCapabilities = DeviceCapabilities, AppData = AppData("baz", "LOL"),
        });

        Assert.Equal(producer.Id, consumer.ProducerId);
        Assert.Equal(transport.Id, consumer.TransportId);
        Assert.False(consumer.IsClosed);
        Assert.Equal(MediaKind.Audio, consumer.Kind);
        Assert.Equal("0", consumer.RtpParameters.Mid);
        var codec = Assert.Single(consumer.RtpParameters.Codecs);
        Assert.Equal(("audio/opus", 100, 48000, 2), (codec.MimeType, codec.PayloadType, codec.ClockRate, codec.Channels));
        Assert.Equal(["useinbandfec=1", "usedtx=1", "foo=222.222", "bar=333"], codec.Parameters!.Select(p => $"{p.Key}={p.Value}"));
        Assert.Empty(codec.RtcpFeedback!);
        Assert.Equal(
            [(RtpHeaderExtensionUris.Mid, 1), (RtpHeaderExtensionUris.AbsSendTime, 4), (RtpHeaderExtensionUris.SsrcAudioLevel, 10)],
            consumer.RtpParameters.HeaderExtensions!.Select(e => (e.Uri, e.Id)));
        var encoding = Assert.Single(consumer.RtpParameters.Encodings!);
        Assert.InRange(encoding.Ssrc!.Value, 100_000_000u, 999_999_999u);
        Assert.Null(encoding.Rtx);
        Assert.Equal(new RtcpParameters { Cname = "FOOBAR", ReducedSize = true }, consumer.RtpParameters.Rtcp);
        Assert.Equal(ConsumerType.Simple, consumer.Type);
        Assert.False(consumer.IsPaused);
        Assert.False(consumer.IsProducerPaused);
        Assert.Equal(1, consumer.Priority);
        Assert.Equal(new ConsumerScore { Score = 10, ProducerScore = 0, ProducerScores = [0] }, consumer.Score, ScoreComparer.Instance);
        Assert.Null(consumer.PreferredLayers);
        Assert.Null(consumer.CurrentLayers);
        Assert.Equal("LOL", consumer.AppData["baz"]!.GetValue<string>());

        var routerDump = await router.DumpAsync();
        var entry = Assert.Single(routerDump.MapProducerIdConsumerIds);
        Assert.Equal(producer.Id, entry.Key);
        Assert.Equal([consumer.Id], entry.Values);
        Assert.Equal([new KeyValueEntry<string, string>(consumer.Id, producer.Id)], routerDump.MapConsumerIdProducerId);
        var transportDump = await transport.DumpAsync();
        Assert.Empty(transportDump.ProducerIds);
        Assert.Equal([consumer.Id], transportDump.ConsumerIds);
        Assert.Equal([new KeyValueEntry<uint, string>(encoding.Ssrc.Value, consumer.Id)], transportDump.MapSsrcConsumerId);
    }

    [Fact]
    public async Task A_video_consumer_gets_rtx_the_remote_feedback_reduced_and_mid_1_and_starts_paused_when_asked()
    {
        var router = await CreateRouterAsync();
        var producerTransport = await CreatePlainAsync(router);
        var audio = await producerTransport.ProduceAsync(new ProducerOptions { Kind = MediaKind.Audio, RtpParameters = OpusParameters() });
        var video = await producerTransport.ProduceAsync(new ProducerOptions { Kind = MediaKind.Video, RtpParameters = Vp8Parameters() });
        await video.PauseAsync();
        var transport = await CreatePlainAsync(router);
        await transport.ConsumeAsync(new ConsumerOptions { ProducerId = audio.Id, RtpCapabilities = DeviceCapabilities });

        var consumer = await transport.ConsumeAsync(new ConsumerOptions
        {
            ProducerId = video.Id, RtpCapabilities = DeviceCapabilities, Paused = true,
            PreferredLayers = new ConsumerPreferredLayers { SpatialLayer = 12 },
        });

        Assert.Equal("1", consumer.RtpParameters.Mid);
        Assert.Equal(2, consumer.RtpParameters.Codecs.Count);
        var vp8 = consumer.RtpParameters.Codecs[0];
        Assert.Equal(("video/VP8", 101, 90000), (vp8.MimeType, vp8.PayloadType, vp8.ClockRate));
        Assert.Null(vp8.Channels);
        // The device's feedback; goog-remb stays because the device has abs-send-time and no transport-cc.
        Assert.Equal(["nack:", "nack:pli", "ccm:fir", "goog-remb:"], vp8.RtcpFeedback!.Select(f => $"{f.Type}:{f.Parameter}"));
        var rtx = consumer.RtpParameters.Codecs[1];
        Assert.Equal(("video/rtx", 102, 90000), (rtx.MimeType, rtx.PayloadType, rtx.ClockRate));
        Assert.Equal(101, rtx.Parameters!["apt"].Number);
        Assert.Empty(rtx.RtcpFeedback!);
        Assert.Equal(
            [(RtpHeaderExtensionUris.Mid, 1), (RtpHeaderExtensionUris.AbsSendTime, 4), (RtpHeaderExtensionUris.VideoOrientation, 11), (RtpHeaderExtensionUris.TimeOffset, 12)],
            consumer.RtpParameters.HeaderExtensions!.Select(e => (e.Uri, e.Id)));
        var encoding = Assert.Single(consumer.RtpParameters.Encodings!);
        Assert.Equal(encoding.Ssrc + 1, encoding.Rtx!.Ssrc);
        Assert.Equal(ConsumerType.Simple, consumer.Type);
        Assert.True(consumer.IsPaused);
        Assert.True(consumer.IsProducerPaused);
        Assert.Equal(new ConsumerScore { Score = 10, ProducerScore = 0, ProducerScores = [0] }, consumer.Score, ScoreComparer.Instance);
        Assert.Null(consumer.PreferredLayers); // simple consumers have no layers

        var transportDump = await transport.DumpAsync();
        Assert.Contains(transportDump.MapRtxSsrcConsumerId, e => e.Key == encoding.Rtx.Ssrc && e.Value == consumer.Id);
    }

    [Fact]
    public async Task A_pipe_consumer_takes_every_encoding_without_mid_and_reports_producer_score_10()
    {
        var router = await CreateRouterAsync();
        var producerTransport = await CreatePlainAsync(router);
        var producer = await producerTransport.ProduceAsync(new ProducerOptions { Kind = MediaKind.Video, RtpParameters = H264SimulcastParameters() });
        await producer.PauseAsync();
        var transport = await CreatePlainAsync(router);

        var consumer = await transport.ConsumeAsync(new ConsumerOptions { ProducerId = producer.Id, RtpCapabilities = DeviceCapabilities, Pipe = true });

        Assert.Null(consumer.RtpParameters.Mid);
        Assert.Equal(ConsumerType.Pipe, consumer.Type);
        Assert.Equal(2, consumer.RtpParameters.Codecs.Count);
        var h264 = consumer.RtpParameters.Codecs[0];
        Assert.Equal(("video/H264", 103), (h264.MimeType, h264.PayloadType));
        Assert.Equal(1, h264.Parameters!["packetization-mode"].Number);
        Assert.Equal("4d0032", h264.Parameters["profile-level-id"].String);
        Assert.Equal(["nack:", "nack:pli", "ccm:fir", "goog-remb:"], h264.RtcpFeedback!.Select(f => $"{f.Type}:{f.Parameter}"));
        Assert.Equal((104, 103.0), (consumer.RtpParameters.Codecs[1].PayloadType, consumer.RtpParameters.Codecs[1].Parameters!["apt"].Number));
        var encodings = consumer.RtpParameters.Encodings!;
        Assert.Equal(4, encodings.Count);
        Assert.All(encodings.Select((e, i) => (e, i)), x => Assert.Equal(encodings[0].Ssrc + (uint)x.i, x.e.Ssrc));
        Assert.False(consumer.IsPaused);
        Assert.True(consumer.IsProducerPaused);
        Assert.Equal(new ConsumerScore { Score = 10, ProducerScore = 10, ProducerScores = [0, 0, 0, 0] }, consumer.Score, ScoreComparer.Instance);
        Assert.Null(consumer.PreferredLayers);

        var dump = Assert.IsType<PipeConsumerDump>(await consumer.DumpAsync());
        Assert.Equal(4, dump.RtpStreams.Count);
        Assert.Equal(encodings.Select(e => e.Ssrc!.Value), dump.RtpStreams.Select(s => s.Params.Ssrc));
        Assert.Equal(4, dump.ConsumableRtpEncodings!.Count);
        Assert.Equal([103], dump.SupportedCodecPayloadTypes);
        Assert.True(dump.ProducerPaused);

        var routerDump = await router.DumpAsync();
        Assert.Equal([consumer.Id], routerDump.MapProducerIdConsumerIds.Single(e => e.Key == producer.Id).Values);
    }

    [Fact]
    public async Task Rtx_on_audio_adds_nack_and_a_custom_mid_does_not_take_a_counter_value()
    {
        var router = await CreateRouterAsync();
        var producerTransport = await CreatePlainAsync(router);
        var producer = await producerTransport.ProduceAsync(new ProducerOptions { Kind = MediaKind.Audio, RtpParameters = OpusParameters() });
        var transport = await CreatePlainAsync(router);

        var withRtx = await transport.ConsumeAsync(new ConsumerOptions { ProducerId = producer.Id, RtpCapabilities = DeviceCapabilities, EnableRtx = true });
        var custom = await transport.ConsumeAsync(new ConsumerOptions { ProducerId = producer.Id, RtpCapabilities = DeviceCapabilities, Mid = "custom-mid" });
        var next = await transport.ConsumeAsync(new ConsumerOptions { ProducerId = producer.Id, RtpCapabilities = DeviceCapabilities });

        Assert.Equal(["nack:"], withRtx.RtpParameters.Codecs.Single().RtcpFeedback!.Select(f => $"{f.Type}:{f.Parameter}"));
        Assert.Equal("0", withRtx.RtpParameters.Mid);
        Assert.Equal("custom-mid", custom.RtpParameters.Mid);
        Assert.Equal("1", next.RtpParameters.Mid);
        await Assert.ThrowsAsync<TypeError>(() => transport.ConsumeAsync(new ConsumerOptions { ProducerId = producer.Id, RtpCapabilities = DeviceCapabilities, Mid = "" }));
    }

    [Fact]
    public async Task Wrong_arguments_are_type_errors_an_unknown_producer_an_error_and_no_common_codec_unsupported()
    {
        var router = await CreateRouterAsync();
        var producerTransport = await CreatePlainAsync(router);
        var producer = await producerTransport.ProduceAsync(new ProducerOptions { Kind = MediaKind.Audio, RtpParameters = OpusParameters() });
        var transport = await CreatePlainAsync(router);
        var id = transport.Id;

        await Assert.ThrowsAsync<TypeError>(() => RawRequestAsync(WireMethods.TransportConsume, $$$"""{"transportId":"{{{id}}}","rtpCapabilities":{}}"""));
        await Assert.ThrowsAsync<TypeError>(() => RawRequestAsync(WireMethods.TransportConsume, $$$"""{"transportId":"{{{id}}}","producerId":123,"rtpCapabilities":{}}"""));
        await Assert.ThrowsAsync<TypeError>(() => RawRequestAsync(WireMethods.TransportConsume, $$"""{"transportId":"{{id}}","producerId":"{{producer.Id}}","rtpCapabilities":"bad"}"""));
        await AssertError(() => transport.ConsumeAsync(new ConsumerOptions { ProducerId = "no-such-producer", RtpCapabilities = DeviceCapabilities }));

        var isac = new RtpCapabilities
        {
            Codecs = [new RtpCodecCapability { Kind = MediaKind.Audio, MimeType = "audio/ISAC", PreferredPayloadType = 100, ClockRate = 32000, Channels = 1 }],
            HeaderExtensions = [],
        };
        Assert.False(await router.CanConsumeAsync(producer.Id, isac));
        await Assert.ThrowsAsync<UnsupportedError>(() => transport.ConsumeAsync(new ConsumerOptions { ProducerId = producer.Id, RtpCapabilities = isac }));
        var empty = new RtpCapabilities { Codecs = [], HeaderExtensions = [] };
        Assert.False(await router.CanConsumeAsync(producer.Id, empty));
        await Assert.ThrowsAsync<UnsupportedError>(() => transport.ConsumeAsync(new ConsumerOptions { ProducerId = producer.Id, RtpCapabilities = empty }));

        Assert.Empty((await transport.DumpAsync()).ConsumerIds);
    }

    [Fact]
    public async Task Dump_shows_the_worker_view_of_the_parameters_and_the_producer_encodings()
    {
        var router = await CreateRouterAsync();
        var producerTransport = await CreatePlainAsync(router);
        var audio = await producerTransport.ProduceAsync(new ProducerOptions { Kind = MediaKind.Audio, RtpParameters = OpusParameters() });
        var video = await producerTransport.ProduceAsync(new ProducerOptions { Kind = MediaKind.Video, RtpParameters = Vp8Parameters() });
        var transport = await CreatePlainAsync(router);
        var audioConsumer = await transport.ConsumeAsync(new ConsumerOptions { ProducerId = audio.Id, RtpCapabilities = DeviceCapabilities });
        var videoConsumer = await transport.ConsumeAsync(new ConsumerOptions { ProducerId = video.Id, RtpCapabilities = DeviceCapabilities, Paused = true });
        var audioMapped = (await audio.DumpAsync()).RtpMapping.Encodings.Single().MappedSsrc;

        var audioDump = Assert.IsType<SimpleConsumerDump>(await audioConsumer.DumpAsync());
        Assert.Equal(audioConsumer.Id, audioDump.Id);
        Assert.Equal(audio.Id, audioDump.ProducerId);
        Assert.Equal(MediaKind.Audio, audioDump.Kind);
        Assert.Equal(ConsumerType.Simple, audioDump.Type);
        var codec = Assert.Single(audioDump.RtpParameters.Codecs);
        Assert.Equal(("audio/opus", 100, 48000, 2), (codec.MimeType, codec.PayloadType, codec.ClockRate, codec.Channels));
        Assert.Equal(222.222, codec.Parameters!["foo"].Number);
        Assert.Equal(3, audioDump.RtpParameters.HeaderExtensions!.Count);
        var encoding = Assert.Single(audioDump.RtpParameters.Encodings!);
        Assert.Equal((100, audioConsumer.RtpParameters.Encodings![0].Ssrc), (encoding.CodecPayloadType, encoding.Ssrc));
        Assert.Equal(audioMapped, Assert.Single(audioDump.ConsumableRtpEncodings!).Ssrc);
        Assert.Equal([100], audioDump.SupportedCodecPayloadTypes);
        Assert.False(audioDump.Paused);
        Assert.False(audioDump.ProducerPaused);
        Assert.Equal(1, audioDump.Priority);
        Assert.Empty(audioDump.TraceEventTypes);
        Assert.Equal(audioConsumer.RtpParameters.Encodings[0].Ssrc, audioDump.RtpStream.Params.Ssrc);

        var videoDump = Assert.IsType<SimpleConsumerDump>(await videoConsumer.DumpAsync());
        Assert.Equal(["video/VP8", "video/rtx"], videoDump.RtpParameters.Codecs.Select(c => c.MimeType));
        var videoEncoding = Assert.Single(videoDump.RtpParameters.Encodings!);
        Assert.Equal(101, videoEncoding.CodecPayloadType);
        Assert.Equal(videoConsumer.RtpParameters.Encodings![0].Rtx!.Ssrc, videoEncoding.Rtx!.Ssrc);
        Assert.Equal([101], videoDump.SupportedCodecPayloadTypes);
        Assert.True(videoDump.Paused);
        Assert.False(videoDump.ProducerPaused);

        var raw = await RawRequestAsync(WireMethods.ConsumerDump, $$"""{"consumerId":"{{audioConsumer.Id}}"}""");
        AssertFields(raw, "id", "producerId", "kind", "type", "rtpParameters", "consumableRtpEncodings", "supportedCodecPayloadTypes",
            "traceEventTypes", "paused", "producerPaused", "priority", "rtpStream");
        Assert.Equal("simple", raw.GetProperty("type").GetString());
    }

    [Fact]
    public async Task Get_stats_is_the_outbound_stream_then_the_producer_stream_once_rtp_flows()
    {
        var router = await CreateRouterAsync();
        var input = await router.CreatePlainTransportAsync(new PlainTransportOptions { ListenInfo = Loopback, Comedia = true });
        var producer = await input.ProduceAsync(new ProducerOptions { Kind = MediaKind.Audio, RtpParameters = OpusParameters() });
        var output = await CreatePlainAsync(router);
        var consumer = await output.ConsumeAsync(new ConsumerOptions { ProducerId = producer.Id, RtpCapabilities = DeviceCapabilities });
        using var sender = new UdpPeer();
        using var receiver = new UdpPeer();
        await output.ConnectAsync(new PlainTransportConnectParameters { Ip = "127.0.0.1", Port = receiver.Port });

        var before = Assert.IsType<OutboundRtpStats>(Assert.Single(await consumer.GetStatsAsync()));
        Assert.Equal(("outbound-rtp", MediaKind.Audio, "audio/opus"), (before.Type, before.Kind, before.MimeType));
        Assert.Equal(consumer.RtpParameters.Encodings![0].Ssrc, before.Ssrc);
        Assert.Equal(0, before.PacketCount);

        sender.Send(TestPackets.Rtp(111, 1, 960, 11111111, TestPackets.OpusFrame), input.Tuple);
        sender.Send(TestPackets.Rtp(111, 2, 1920, 11111111, TestPackets.OpusFrame), input.Tuple);
        await receiver.Rtp.WaitForCountAsync(2);

        var stats = await WaitUntilAsync(() => consumer.GetStatsAsync(), s => s.Count == 2 && s[0] is OutboundRtpStats { PacketCount: 2 }, "two packets out");
        Assert.Equal("outbound-rtp", stats[0].Type);
        var inbound = Assert.IsType<InboundRtpStats>(stats[1]);
        Assert.Equal((11111111u, 2L), (inbound.Ssrc, inbound.PacketCount));
        var transportStats = (await output.GetStatsAsync())[0];
        Assert.True(transportStats.RtpBytesSent > 0);
    }

    [Fact]
    public async Task Pausing_stops_the_media_and_resuming_asks_for_a_key_frame_and_restarts_at_it_without_a_sequence_gap()
    {
        var router = await CreateRouterAsync();
        var input = await router.CreatePlainTransportAsync(new PlainTransportOptions { ListenInfo = Loopback, Comedia = true });
        var producer = await input.ProduceAsync(new ProducerOptions { Kind = MediaKind.Video, RtpParameters = Vp8Parameters() });
        var output = await CreatePlainAsync(router);
        var consumer = await output.ConsumeAsync(new ConsumerOptions { ProducerId = producer.Id, RtpCapabilities = DeviceCapabilities });
        using var sender = new UdpPeer();
        using var receiver = new UdpPeer();
        await output.ConnectAsync(new PlainTransportConnectParameters { Ip = "127.0.0.1", Port = receiver.Port });
        ushort seq = 100;
        uint ts = 0;
        void Send(byte[] payload) => sender.Send(TestPackets.Rtp(96, seq++, ts += 3000, 22222222, payload), input.Tuple);

        // A delta first: not forwarded (a consumer starts at a key frame), then a key frame and a delta.
        Send(TestPackets.Vp8DeltaFrame);
        Send(TestPackets.Vp8KeyFrame);
        Send(TestPackets.Vp8DeltaFrame);
        var first = await receiver.Rtp.WaitForCountAsync(2);
        Assert.Equal([6000u, 9000u], first.Select(p => p.Timestamp));

        await consumer.PauseAsync();
        Assert.True(consumer.IsPaused);
        Assert.True((await consumer.DumpAsync()).Paused);
        Send(TestPackets.Vp8KeyFrame); // 12000: paused, not forwarded
        Send(TestPackets.Vp8DeltaFrame); // 15000
        await WaitUntilAsync(() => producer.GetStatsAsync(), s => s[0] is InboundRtpStats { PacketCount: 5 }, "the packets sent while paused");
        var plisBefore = sender.Rtcp.Items.Count(r => TestPackets.RtcpPacketTypes(r).Contains(206));

        await consumer.ResumeAsync();
        Assert.False(consumer.IsPaused);
        // Resuming video asks the producer's sender for a key frame (PLI, RFC 4585 §6.3.1).
        await sender.Rtcp.WaitForAsync(r => TestPackets.RtcpPacketTypes(r).Contains(206), "a PLI", TimeSpan.FromSeconds(10));
        Assert.True(sender.Rtcp.Items.Count(r => TestPackets.RtcpPacketTypes(r).Contains(206)) > plisBefore);
        Send(TestPackets.Vp8DeltaFrame); // 18000: waits for the key frame
        Send(TestPackets.Vp8KeyFrame); // 21000
        Send(TestPackets.Vp8DeltaFrame); // 24000

        var all = await receiver.Rtp.WaitForCountAsync(4);
        Assert.Equal([6000u, 9000u, 21000u, 24000u], all.Select(p => p.Timestamp));
        // MP7: the receiver sees no gap in the sequence numbers across the pause.
        Assert.Equal(all.Select((p, i) => (ushort)(all[0].SequenceNumber + i)), all.Select(p => p.SequenceNumber));
        Assert.All(all, p => Assert.Equal(consumer.RtpParameters.Encodings![0].Ssrc, p.Ssrc));
        Assert.All(all, p => Assert.Equal(101, p.PayloadType));
    }

    [Fact]
    public async Task The_receiver_gets_the_negotiated_payload_type_ssrc_mid_and_header_extension_ids()
    {
        var router = await CreateRouterAsync();
        var input = await router.CreatePlainTransportAsync(new PlainTransportOptions { ListenInfo = Loopback, Comedia = true });
        var producer = await input.ProduceAsync(new ProducerOptions { Kind = MediaKind.Video, RtpParameters = Vp8Parameters() });
        var output = await CreatePlainAsync(router);
        var consumer = await output.ConsumeAsync(new ConsumerOptions { ProducerId = producer.Id, RtpCapabilities = DeviceCapabilities, Mid = "m7" });
        using var sender = new UdpPeer();
        using var receiver = new UdpPeer();
        await output.ConnectAsync(new PlainTransportConnectParameters { Ip = "127.0.0.1", Port = receiver.Port });

        // The sender's ids: mid 10, abs-send-time 11, video orientation 13 (and a framemarking element, id 5, that the
        // producer did not declare).
        sender.Send(TestPackets.Rtp(96, 1, 3000, 22222222, TestPackets.Vp8KeyFrame, marker: true,
            (10, "VIDEO"u8.ToArray()), (11, [1, 2, 3]), (13, [0x01]), (5, [0x80])), input.Tuple);

        var packet = (await receiver.Rtp.WaitForCountAsync(1))[0];
        Assert.Equal(101, packet.PayloadType);
        Assert.Equal(consumer.RtpParameters.Encodings![0].Ssrc, packet.Ssrc);
        Assert.True(packet.Marker);
        Assert.Equal(TestPackets.Vp8KeyFrame, packet.Payload);
        // The consumer's ids (C2): MID 1 with the consumer's mid, abs-send-time 4 (stamped by the SFU), orientation 11.
        Assert.Equal("m7"u8.ToArray(), packet.Extensions[1]);
        Assert.Equal(3, packet.Extensions[4].Length);
        Assert.Equal([0x01], packet.Extensions[11]);
        Assert.Equal([1, 4, 11], packet.Extensions.Keys.Order());
    }

    [Fact]
    public async Task Producer_pause_and_resume_reach_the_consumer_as_producerpause_and_producerresume()
    {
        var router = await CreateRouterAsync();
        var producerTransport = await CreatePlainAsync(router);
        var producer = await producerTransport.ProduceAsync(new ProducerOptions { Kind = MediaKind.Audio, RtpParameters = OpusParameters() });
        var transport = await CreatePlainAsync(router);
        var consumer = await transport.ConsumeAsync(new ConsumerOptions { ProducerId = producer.Id, RtpCapabilities = DeviceCapabilities });
        var events = new EventLog<string>();
        consumer.ProducerPaused += (_, _) => events.Add("producerpause");
        consumer.ProducerResumed += (_, _) => events.Add("producerresume");
        var notifications = Notifications();

        await producer.PauseAsync();
        await events.WaitForCountAsync(1);
        Assert.True(consumer.IsProducerPaused);
        Assert.False(consumer.IsPaused);
        Assert.True((await consumer.DumpAsync()).ProducerPaused);

        await producer.ResumeAsync();
        await events.WaitForCountAsync(2);
        Assert.Equal(["producerpause", "producerresume"], events.Items);
        Assert.False(consumer.IsProducerPaused);
        Assert.False(consumer.IsPaused);

        var pause = await notifications.WaitForAsync(n => n.Method == "consumer.producerpause", "consumer.producerpause");
        Assert.Equal(consumer.Id, pause.Data.GetProperty("consumerId").GetString());
        await notifications.WaitForAsync(n => n.Method == "consumer.producerresume", "consumer.producerresume");
    }

    [Fact]
    public async Task Consumer_score_follows_the_producer_stream_and_the_receiver_reports()
    {
        var router = await CreateRouterAsync();
        var input = await router.CreatePlainTransportAsync(new PlainTransportOptions { ListenInfo = Loopback, Comedia = true });
        var producer = await input.ProduceAsync(new ProducerOptions { Kind = MediaKind.Audio, RtpParameters = OpusParameters() });
        var output = await CreatePlainAsync(router);
        var consumer = await output.ConsumeAsync(new ConsumerOptions { ProducerId = producer.Id, RtpCapabilities = DeviceCapabilities });
        var scores = new EventLog<ConsumerScore>();
        consumer.ScoreChanged += (_, s) => scores.Add(s);
        var notifications = Notifications();
        using var sender = new UdpPeer();
        using var receiver = new UdpPeer();
        await output.ConnectAsync(new PlainTransportConnectParameters { Ip = "127.0.0.1", Port = receiver.Port });

        for (ushort seq = 1; seq <= 4; seq++)
        {
            sender.Send(TestPackets.Rtp(111, seq, seq * 960u, 11111111, TestPackets.OpusFrame), input.Tuple);
        }
        // The producer's new stream scores 10: the consumer's producer score follows.
        var first = await scores.WaitForAsync(s => s.ProducerScore == 10, "producer score 10");
        Assert.Equal(new ConsumerScore { Score = 10, ProducerScore = 10, ProducerScores = [10] }, first, ScoreComparer.Instance);
        await receiver.Rtp.WaitForCountAsync(4);

        // The receiver reports every packet lost: the consumer's own score drops.
        var consumerSsrc = consumer.RtpParameters.Encodings![0].Ssrc!.Value;
        receiver.Send(TestPackets.ReceiverReport(12345, consumerSsrc, 255, 4, 4), output.Tuple);
        var dropped = await scores.WaitForAsync(s => s.Score < 10, "a lower consumer score");
        Assert.Equal(10, dropped.ProducerScore);
        Assert.Equal(dropped, consumer.Score, ScoreComparer.Instance);
        var notification = await notifications.WaitForAsync(n => n.Method == "consumer.score" && n.Data.GetProperty("score").GetProperty("score").GetInt32() < 10,
            "consumer.score");
        Assert.Equal(consumer.Id, notification.Data.GetProperty("consumerId").GetString());
        AssertFields(notification.Data.GetProperty("score"), "score", "producerScore", "producerScores");
    }

    [Fact]
    public async Task The_receiver_gets_sender_reports_with_sdes_and_the_sender_gets_receiver_reports()
    {
        var router = await CreateRouterAsync();
        var input = await router.CreatePlainTransportAsync(new PlainTransportOptions { ListenInfo = Loopback, Comedia = true });
        var producer = await input.ProduceAsync(new ProducerOptions { Kind = MediaKind.Video, RtpParameters = Vp8Parameters() });
        var output = await CreatePlainAsync(router);
        var consumer = await output.ConsumeAsync(new ConsumerOptions { ProducerId = producer.Id, RtpCapabilities = DeviceCapabilities });
        using var sender = new UdpPeer();
        using var receiver = new UdpPeer();
        await output.ConnectAsync(new PlainTransportConnectParameters { Ip = "127.0.0.1", Port = receiver.Port });
        var consumerSsrc = consumer.RtpParameters.Encodings![0].Ssrc!.Value;

        sender.Send(TestPackets.Rtp(96, 1, 3000, 22222222, TestPackets.Vp8KeyFrame), input.Tuple);
        sender.Send(TestPackets.Rtp(96, 2, 6000, 22222222, TestPackets.Vp8DeltaFrame), input.Tuple);
        await receiver.Rtp.WaitForCountAsync(2);

        // MP14: an SR (RFC 3550 §6.4.1) for the consumer stream, then SDES with its CNAME (§6.5), every ≤ 1.5 s for video.
        var report = await receiver.Rtcp.WaitForAsync(r => TestPackets.RtcpPacketTypes(r).Contains(200), "an SR");
        var packets = TestPackets.RtcpPackets(report);
        var sr = packets.First(p => p.Type == 200).Packet;
        Assert.Equal(consumerSsrc, BinaryPrimitives.ReadUInt32BigEndian(sr.AsSpan(4)));
        Assert.Equal(2u, BinaryPrimitives.ReadUInt32BigEndian(sr.AsSpan(20))); // sender's packet count
        var sdes = packets.First(p => p.Type == 202).Packet;
        Assert.Equal(consumerSsrc, BinaryPrimitives.ReadUInt32BigEndian(sdes.AsSpan(4)));
        Assert.Equal(1, sdes[8]); // CNAME
        Assert.Equal("FOOBAR", System.Text.Encoding.ASCII.GetString(sdes, 10, sdes[9]));

        // And an RR (§6.4.2) about the producer stream goes back to the sender.
        var rr = await sender.Rtcp.WaitForAsync(r => TestPackets.RtcpPackets(r).Any(p => p.Type == 201 && p.Packet.Length >= 32), "an RR with a report block");
        var block = TestPackets.RtcpPackets(rr).First(p => p.Type == 201).Packet;
        Assert.Equal(22222222u, BinaryPrimitives.ReadUInt32BigEndian(block.AsSpan(8)));
        Assert.Equal(2u, BinaryPrimitives.ReadUInt32BigEndian(block.AsSpan(16)) & 0xFFFF); // highest sequence number received
    }

    [Fact]
    public async Task A_pli_from_the_receiver_becomes_a_key_frame_request_to_the_sender_and_request_key_frame_does_too()
    {
        var router = await CreateRouterAsync();
        var input = await router.CreatePlainTransportAsync(new PlainTransportOptions { ListenInfo = Loopback, Comedia = true });
        var producer = await input.ProduceAsync(new ProducerOptions { Kind = MediaKind.Video, RtpParameters = Vp8Parameters() });
        var output = await CreatePlainAsync(router);
        var consumer = await output.ConsumeAsync(new ConsumerOptions { ProducerId = producer.Id, RtpCapabilities = DeviceCapabilities });
        using var sender = new UdpPeer();
        using var receiver = new UdpPeer();
        await output.ConnectAsync(new PlainTransportConnectParameters { Ip = "127.0.0.1", Port = receiver.Port });
        sender.Send(TestPackets.Rtp(96, 1, 3000, 22222222, TestPackets.Vp8KeyFrame), input.Tuple);
        await receiver.Rtp.WaitForCountAsync(1);
        static bool IsPli(byte[] rtcp) => TestPackets.RtcpPacketTypes(rtcp).Contains(206);

        receiver.Send(TestPackets.Pli(12345, consumer.RtpParameters.Encodings![0].Ssrc!.Value), output.Tuple);
        await sender.Rtcp.WaitForAsync(IsPli, "a PLI after the receiver's PLI");
        var count = sender.Rtcp.Items.Count(IsPli);

        // A key frame answers the request; then C9 asks again.
        sender.Send(TestPackets.Rtp(96, 2, 6000, 22222222, TestPackets.Vp8KeyFrame), input.Tuple);
        await receiver.Rtp.WaitForCountAsync(2);
        await consumer.RequestKeyFrameAsync();
        await sender.Rtcp.WaitForAsync(_ => sender.Rtcp.Items.Count(IsPli) > count, "a PLI after requestKeyFrame");
    }

    [Fact]
    public async Task A_video_stream_that_starts_without_a_key_frame_gets_one_asked_for_so_its_consumers_can_start()
    {
        var router = await CreateRouterAsync();
        var input = await router.CreatePlainTransportAsync(new PlainTransportOptions { ListenInfo = Loopback, Comedia = true });
        var producer = await input.ProduceAsync(new ProducerOptions { Kind = MediaKind.Video, RtpParameters = Vp8Parameters() });
        var output = await CreatePlainAsync(router);
        await output.ConsumeAsync(new ConsumerOptions { ProducerId = producer.Id, RtpCapabilities = DeviceCapabilities });
        using var sender = new UdpPeer();

        // The sender joins mid-picture: its first packet is not a key frame, and no receiver has asked for one yet.
        sender.Send(TestPackets.Rtp(96, 1, 3000, 22222222, TestPackets.Vp8DeltaFrame), input.Tuple);

        var pli = await sender.Rtcp.WaitForAsync(r => TestPackets.RtcpPacketTypes(r).Contains(206), "a PLI for the new stream");
        var packet = TestPackets.RtcpPackets(pli).First(p => p.Type == 206).Packet;
        Assert.Equal(1, packet[0] & 0x1F); // FMT 1: PLI
        Assert.Equal(22222222u, BinaryPrimitives.ReadUInt32BigEndian(packet.AsSpan(8)));
    }

    [Fact]
    public async Task Priority_preferred_layers_and_trace_events_validate_their_arguments()
    {
        var router = await CreateRouterAsync();
        var producerTransport = await CreatePlainAsync(router);
        var producer = await producerTransport.ProduceAsync(new ProducerOptions { Kind = MediaKind.Video, RtpParameters = Vp8Parameters() });
        var transport = await CreatePlainAsync(router);
        var consumer = await transport.ConsumeAsync(new ConsumerOptions { ProducerId = producer.Id, RtpCapabilities = DeviceCapabilities });
        var ids = $$""" "consumerId":"{{consumer.Id}}" """;

        await consumer.SetPriorityAsync(2);
        Assert.Equal(2, consumer.Priority);
        Assert.Equal(2, (await consumer.DumpAsync()).Priority);
        await consumer.UnsetPriorityAsync();
        Assert.Equal(1, consumer.Priority);
        Assert.Equal(1, (await consumer.DumpAsync()).Priority);
        await Assert.ThrowsAsync<TypeError>(() => RawRequestAsync(WireMethods.ConsumerSetPriority, $$"""{ {{ids}} }"""));
        await Assert.ThrowsAsync<TypeError>(() => consumer.SetPriorityAsync(0));
        await Assert.ThrowsAsync<TypeError>(() => RawRequestAsync(WireMethods.ConsumerSetPriority, $$"""{ {{ids}},"priority":"foo"}"""));

        // C7: a no-op on a simple consumer, but the arguments are still checked.
        await consumer.SetPreferredLayersAsync(new ConsumerPreferredLayers { SpatialLayer = 1, TemporalLayer = 1 });
        Assert.Null(consumer.PreferredLayers);
        await Assert.ThrowsAsync<TypeError>(() => RawRequestAsync(WireMethods.ConsumerSetPreferredLayers, $$"""{ {{ids}} }"""));
        await Assert.ThrowsAsync<TypeError>(() => RawRequestAsync(WireMethods.ConsumerSetPreferredLayers, $$"""{ {{ids}},"foo":"123"}"""));
        await Assert.ThrowsAsync<TypeError>(() => RawRequestAsync(WireMethods.ConsumerSetPreferredLayers, $$"""{ {{ids}},"temporalLayer":2}"""));
        await Assert.ThrowsAsync<TypeError>(() => RawRequestAsync(WireMethods.ConsumerSetPreferredLayers, $$"""{ {{ids}},"spatialLayer":"foo"}"""));

        await consumer.EnableTraceEventAsync(["rtp", "pli"]);
        Assert.Equal(["rtp", "pli"], (await consumer.DumpAsync()).TraceEventTypes);
        await consumer.EnableTraceEventAsync(["nack", "FOO", "fir"]);
        Assert.Equal(["nack", "fir"], (await consumer.DumpAsync()).TraceEventTypes);
        await consumer.EnableTraceEventAsync();
        Assert.Empty((await consumer.DumpAsync()).TraceEventTypes);
        await Assert.ThrowsAsync<TypeError>(() => RawRequestAsync(WireMethods.ConsumerEnableTraceEvent, $$"""{ {{ids}},"types":123}"""));
        await Assert.ThrowsAsync<TypeError>(() => RawRequestAsync(WireMethods.ConsumerEnableTraceEvent, $$"""{ {{ids}},"types":"rtp"}"""));
        await Assert.ThrowsAsync<TypeError>(() => RawRequestAsync(WireMethods.ConsumerEnableTraceEvent, $$"""{ {{ids}},"types":["fir",123.123]}"""));
    }

    [Fact]
    public async Task Close_cleans_the_router_maps_and_every_method_of_a_closed_consumer_is_an_error()
    {
        var router = await CreateRouterAsync();
        var producerTransport = await CreatePlainAsync(router);
        var producer = await producerTransport.ProduceAsync(new ProducerOptions { Kind = MediaKind.Video, RtpParameters = Vp8Parameters() });
        var transport = await CreatePlainAsync(router);
        var consumer = await transport.ConsumeAsync(new ConsumerOptions { ProducerId = producer.Id, RtpCapabilities = DeviceCapabilities });
        var reasons = new EventLog<string>();
        consumer.Closed += (_, e) => reasons.Add(e.Reason);

        await consumer.CloseAsync();
        await consumer.CloseAsync();

        Assert.True(consumer.IsClosed);
        Assert.Equal([CloseReasons.App], reasons.Items);
        var routerDump = await router.DumpAsync();
        Assert.Empty(routerDump.MapProducerIdConsumerIds.Single().Values);
        Assert.Empty(routerDump.MapConsumerIdProducerId);
        var transportDump = await transport.DumpAsync();
        Assert.Empty(transportDump.ConsumerIds);
        Assert.Empty(transportDump.MapSsrcConsumerId);
        Assert.Empty(transportDump.MapRtxSsrcConsumerId);
        await AssertError(() => consumer.DumpAsync());
        await AssertError(() => consumer.GetStatsAsync());
        await AssertError(() => consumer.PauseAsync());
        await AssertError(() => consumer.ResumeAsync());
        await AssertError(() => consumer.SetPreferredLayersAsync(new ConsumerPreferredLayers { SpatialLayer = 1 }));
        await AssertError(() => consumer.SetPriorityAsync(2));
        await AssertError(() => consumer.RequestKeyFrameAsync());
        Assert.False(producer.IsClosed);
    }

    [Fact]
    public async Task Closing_the_producer_or_the_transport_closes_the_consumer_with_that_reason()
    {
        var router = await CreateRouterAsync();
        var producerTransport = await CreatePlainAsync(router);
        var producer = await producerTransport.ProduceAsync(new ProducerOptions { Kind = MediaKind.Audio, RtpParameters = OpusParameters() });
        var transport = await CreatePlainAsync(router);
        var first = await transport.ConsumeAsync(new ConsumerOptions { ProducerId = producer.Id, RtpCapabilities = DeviceCapabilities });
        var other = await CreatePlainAsync(router);
        var second = await other.ConsumeAsync(new ConsumerOptions { ProducerId = producer.Id, RtpCapabilities = DeviceCapabilities });
        var firstReasons = new EventLog<string>();
        var secondReasons = new EventLog<string>();
        first.Closed += (_, e) => firstReasons.Add(e.Reason);
        second.Closed += (_, e) => secondReasons.Add(e.Reason);
        var notifications = Notifications();

        await transport.CloseAsync();
        Assert.Equal(CloseReasons.TransportClose, (await firstReasons.WaitForCountAsync(1))[0]);

        await producer.CloseAsync();
        Assert.Equal(CloseReasons.ProducerClose, (await secondReasons.WaitForCountAsync(1))[0]);
        var producerClose = await notifications.WaitForAsync(n => n.Method == "consumer.producerclose", "consumer.producerclose");
        Assert.Equal(second.Id, producerClose.Data.GetProperty("consumerId").GetString());
        await AssertError(() => second.DumpAsync());
        Assert.Empty((await other.DumpAsync()).ConsumerIds);
    }

    /// <summary>Compares scores by value (the producer score list included).</summary>
    private sealed class ScoreComparer : IEqualityComparer<ConsumerScore>
    {
        public static readonly ScoreComparer Instance = new();

        public bool Equals(ConsumerScore? x, ConsumerScore? y) =>
            x is not null && y is not null && x.Score == y.Score && x.ProducerScore == y.ProducerScore && x.ProducerScores.SequenceEqual(y.ProducerScores);

        public int GetHashCode(ConsumerScore obj) => HashCode.Combine(obj.Score, obj.ProducerScore);
    }
}

public sealed class ConsumerApiInProcessTests(InProcessTargetFixture fixture) : ConsumerApiTests(fixture), IClassFixture<InProcessTargetFixture>;

public sealed class ConsumerApiOverWebSocketTests(WebSocketTargetFixture fixture) : ConsumerApiTests(fixture), IClassFixture<WebSocketTargetFixture>;
