using Sfu.Contracts;
using Sfu.Contracts.Api;
using Sfu.Contracts.Dumps;
using Sfu.Contracts.Options;
using Sfu.Contracts.Rtp;
using Sfu.Contracts.Transports;
using Sfu.Contracts.Wire;

namespace Sfu.Client.Tests.Media;

/// <summary>
/// mediasoup's <c>router.pipeToRouter</c> (PR1–PR4, test-PipeTransport's pipe cases) between routers on two workers
/// of one node: the pipe consumer and the pipe producer it creates, its errors, one transport pair per router pair,
/// and pause, resume and close following across the pipe, with real media through it.
/// </summary>
public abstract class PipeToRouterApiTests(SfuTargetFixture fixture) : MediaApiTestBase(fixture)
{
    private IRouter _router1 = null!;
    private IRouter _router2 = null!;
    private IPlainTransport _transport1 = null!;
    private IProducer _audio = null!;
    private IProducer _video = null!;

    private async Task SetUpAsync()
    {
        _router1 = await CreateRouterAsync(workerId: 0);
        _router2 = await CreateRouterAsync(workerId: 1);
        _transport1 = await _router1.CreatePlainTransportAsync(new PlainTransportOptions { ListenInfo = Loopback, Comedia = true });
        _audio = await _transport1.ProduceAsync(new ProducerOptions { Kind = MediaKind.Audio, RtpParameters = OpusParameters(), AppData = AppData("foo", "bar1") });
        _video = await _transport1.ProduceAsync(new ProducerOptions { Kind = MediaKind.Video, RtpParameters = Vp8Parameters(), AppData = AppData("foo", "bar2") });
    }

    private Task<PipeToRouterResult> PipeAsync(IProducer producer, IRouter? from = null, IRouter? to = null, bool rtx = false, bool srtp = false,
        string? ip = null) =>
        (from ?? _router1).PipeToRouterAsync(new PipeToRouterOptions
        {
            ProducerId = producer.Id, TargetRouterId = (to ?? _router2).Id, EnableRtx = rtx, EnableSrtp = srtp,
            ListenInfo = ip is null ? null : new TransportListenInfo { Protocol = TransportProtocol.Udp, Ip = ip },
        });

    [Fact]
    public async Task Piping_audio_makes_a_pipe_consumer_here_and_a_pipe_producer_with_the_same_id_there()
    {
        await SetUpAsync();

        var (pipeConsumer, pipeProducer) = await PipeAsync(_audio);

        Assert.Equal(2, (await _router1.DumpAsync()).TransportIds.Count); // the plain transport and the pipe
        Assert.Single((await _router2.DumpAsync()).TransportIds);

        Assert.False(pipeConsumer.IsClosed);
        Assert.Equal(MediaKind.Audio, pipeConsumer.Kind);
        Assert.Equal(_audio.Id, pipeConsumer.ProducerId);
        Assert.Null(pipeConsumer.RtpParameters.Mid);
        var codec = Assert.Single(pipeConsumer.RtpParameters.Codecs);
        Assert.Equal(("audio/opus", 100, 48000, 2), (codec.MimeType, codec.PayloadType, codec.ClockRate, codec.Channels));
        Assert.Equal(["useinbandfec=1", "usedtx=1", "foo=222.222", "bar=333"], codec.Parameters!.Select(p => $"{p.Key}={p.Value}"));
        Assert.Empty(codec.RtcpFeedback!);
        Assert.Equal(
            [(RtpHeaderExtensionUris.SsrcAudioLevel, 10), (RtpHeaderExtensionUris.AbsCaptureTime, 13), (RtpHeaderExtensionUris.PlayoutDelay, 14)],
            pipeConsumer.RtpParameters.HeaderExtensions!.Select(e => (e.Uri, e.Id)));
        Assert.All(pipeConsumer.RtpParameters.HeaderExtensions!, e => Assert.False(e.Encrypt));
        Assert.Equal(ConsumerType.Pipe, pipeConsumer.Type);
        Assert.False(pipeConsumer.IsPaused);
        Assert.False(pipeConsumer.IsProducerPaused);
        Assert.Equal((10, 10), (pipeConsumer.Score.Score, pipeConsumer.Score.ProducerScore));
        Assert.Empty(pipeConsumer.Score.ProducerScores);
        Assert.Empty(pipeConsumer.AppData);

        Assert.Equal(_audio.Id, pipeProducer.Id);
        Assert.False(pipeProducer.IsClosed);
        Assert.Equal(MediaKind.Audio, pipeProducer.Kind);
        Assert.Null(pipeProducer.RtpParameters.Mid);
        var producerCodec = Assert.Single(pipeProducer.RtpParameters.Codecs);
        Assert.Equal(("audio/opus", 100), (producerCodec.MimeType, producerCodec.PayloadType));
        Assert.Equal(pipeConsumer.RtpParameters.HeaderExtensions!.Select(e => e.Id), pipeProducer.RtpParameters.HeaderExtensions!.Select(e => e.Id));
        Assert.False(pipeProducer.IsPaused);
        Assert.Equal("bar1", pipeProducer.AppData["foo"]!.GetValue<string>());
        Assert.Equal(ProducerType.Simple, pipeProducer.Type);

        // Router 2 knows the producer by its id; router 1 has the pipe consumer in its map.
        Assert.Contains((await _router2.DumpAsync()).MapProducerIdConsumerIds, e => e.Key == _audio.Id);
        Assert.Equal([pipeConsumer.Id], (await _router1.DumpAsync()).MapProducerIdConsumerIds.Single(e => e.Key == _audio.Id).Values);
    }

    [Fact]
    public async Task Piping_a_paused_video_reuses_the_pair_and_the_pipe_producer_starts_paused()
    {
        await SetUpAsync();
        await PipeAsync(_audio);
        await _video.PauseAsync();

        var (pipeConsumer, pipeProducer) = await PipeAsync(_video);

        Assert.Equal(2, (await _router1.DumpAsync()).TransportIds.Count);
        Assert.Single((await _router2.DumpAsync()).TransportIds);
        var codec = Assert.Single(pipeConsumer.RtpParameters.Codecs);
        Assert.Equal(("video/VP8", 101, 90000), (codec.MimeType, codec.PayloadType, codec.ClockRate));
        Assert.Empty(codec.Parameters!);
        Assert.Equal(["nack:pli", "ccm:fir"], codec.RtcpFeedback!.Select(f => $"{f.Type}:{f.Parameter}"));
        Assert.Equal([6, 7, 11, 12, 13, 14], pipeConsumer.RtpParameters.HeaderExtensions!.Select(e => e.Id));
        Assert.False(pipeConsumer.IsPaused);
        Assert.True(pipeConsumer.IsProducerPaused);
        Assert.Equal(_video.Id, pipeProducer.Id);
        Assert.True(pipeProducer.IsPaused);
        Assert.True((await pipeProducer.DumpAsync()).Paused);
        Assert.Equal("bar2", pipeProducer.AppData["foo"]!.GetValue<string>());

        // A consumer of the piped producer on router 2: a simple consumer with the device's feedback and mid 0.
        var transport2 = await CreatePlainAsync(_router2);
        var consumer = await transport2.ConsumeAsync(new ConsumerOptions { ProducerId = pipeProducer.Id, RtpCapabilities = DeviceCapabilities });
        Assert.Equal("0", consumer.RtpParameters.Mid);
        Assert.Equal(ConsumerType.Simple, consumer.Type);
        Assert.Equal(["nack:", "nack:pli", "ccm:fir", "goog-remb:"], consumer.RtpParameters.Codecs[0].RtcpFeedback!.Select(f => $"{f.Type}:{f.Parameter}"));
        Assert.Equal(("video/rtx", 102), (consumer.RtpParameters.Codecs[1].MimeType, consumer.RtpParameters.Codecs[1].PayloadType));
        Assert.True(consumer.IsProducerPaused);
        Assert.Equal((10, 0), (consumer.Score.Score, consumer.Score.ProducerScore));
        Assert.Equal([0], consumer.Score.ProducerScores);
    }

    [Fact]
    public async Task A_simulcast_producer_is_piped_with_every_encoding_and_each_stream_arrives_on_its_own_ssrc()
    {
        await SetUpAsync();
        var transport = await _router1.CreatePlainTransportAsync(new PlainTransportOptions { ListenInfo = Loopback, Comedia = true });
        var simulcast = await transport.ProduceAsync(new ProducerOptions { Kind = MediaKind.Video, RtpParameters = H264SimulcastParameters() });

        var (pipeConsumer, pipeProducer) = await PipeAsync(simulcast);

        Assert.Equal(ProducerType.Simulcast, pipeProducer.Type);
        var encodings = pipeConsumer.RtpParameters.Encodings!;
        Assert.Equal(4, encodings.Count);
        Assert.Equal("L1T3", encodings[0].ScalabilityMode);
        Assert.Equal(encodings.Select(e => e.Ssrc), pipeProducer.RtpParameters.Encodings!.Select(e => e.Ssrc));
        Assert.Equal(["video/H264"], pipeProducer.RtpParameters.Codecs.Select(c => c.MimeType)); // no RTX without enableRtx

        // MP11: each encoding goes through verbatim on its own SSRC, starting at a key frame (H264 SPS, NAL type 7).
        using var sender = new UdpPeer();
        byte[] sps = [0x67, 0x42, 0xc0, 0x1f, 0xda];
        sender.Send(TestPackets.Rtp(112, 1, 3000, 22222222, sps), transport.Tuple);
        sender.Send(TestPackets.Rtp(112, 1, 3000, 22222226, sps), transport.Tuple);
        var stats = await WaitUntilAsync(() => pipeProducer.GetStatsAsync(), s => s.Count == 2, "two streams at the pipe producer");
        Assert.Equal(new[] { encodings[0].Ssrc!.Value, encodings[2].Ssrc!.Value }.Order(), stats.Select(s => s.Ssrc).Order());
        Assert.All(stats, s => Assert.Equal("video/H264", s.MimeType));
    }

    [Fact]
    public async Task Wrong_arguments_are_type_errors_and_two_routers_of_one_worker_are_an_error()
    {
        await SetUpAsync();
        var routerId = _router1.Id;
        var target = _router2.Id;

        await Assert.ThrowsAsync<TypeError>(() => RawRequestAsync(WireMethods.RouterPipeToRouter,
            $$"""{"routerId":"{{routerId}}","targetRouterId":"{{target}}","producerId":"{{_audio.Id}}","dataProducerId":"x"}"""));
        await Assert.ThrowsAsync<TypeError>(() => RawRequestAsync(WireMethods.RouterPipeToRouter, $$"""{"routerId":"{{routerId}}","targetRouterId":"{{target}}"}"""));
        await Assert.ThrowsAsync<TypeError>(() => RawRequestAsync(WireMethods.RouterPipeToRouter, $$"""{"routerId":"{{routerId}}","producerId":"{{_audio.Id}}"}"""));
        await Assert.ThrowsAsync<TypeError>(() => _router1.PipeToRouterAsync(new PipeToRouterOptions { ProducerId = _audio.Id, TargetRouterId = routerId }));
        var unknown = await Assert.ThrowsAsync<TypeError>(() => _router1.PipeToRouterAsync(new PipeToRouterOptions { ProducerId = "12345678", TargetRouterId = target }));
        Assert.Contains("Producer not found", unknown.Message);
        await Assert.ThrowsAsync<TypeError>(() => _router1.PipeToRouterAsync(new PipeToRouterOptions
        {
            ProducerId = _audio.Id, TargetRouterId = target, ListenInfo = Loopback, ListenIp = new TransportListenIp { Ip = "127.0.0.1" },
        }));

        var sameWorker = await CreateRouterAsync(workerId: 0);
        var error = await Assert.ThrowsAsync<SfuException>(() => PipeAsync(_audio, to: sameWorker));
        Assert.Equal(ErrorNames.Error, error.Name);

        var closed = await CreateRouterAsync(workerId: 1);
        await closed.CloseAsync();
        var gone = await Assert.ThrowsAsync<SfuException>(() => PipeAsync(_audio, to: closed));
        Assert.Equal(ErrorNames.Error, gone.Name);

        // Nothing was left behind by the failed calls.
        Assert.Single((await _router1.DumpAsync()).TransportIds);
        Assert.Empty((await _router2.DumpAsync()).TransportIds);
    }

    [Fact]
    public async Task Concurrent_calls_share_one_pipe_transport_pair()
    {
        await SetUpAsync();
        var other = await _router1.CreatePlainTransportAsync(new PlainTransportOptions { ListenInfo = Loopback });
        var audio2 = await other.ProduceAsync(new ProducerOptions { Kind = MediaKind.Audio, RtpParameters = OpusParameters() });

        await Task.WhenAll(PipeAsync(_audio), PipeAsync(audio2), PipeAsync(_video));

        Assert.Equal(3, (await _router1.DumpAsync()).TransportIds.Count); // two plain transports and one pipe
        var pipe2 = Assert.Single((await _router2.DumpAsync()).TransportIds);
        var dump = await RawRequestAsync(WireMethods.TransportDump, $$"""{"transportId":"{{pipe2}}"}""");
        Assert.Equal(3, dump.GetProperty("producerIds").GetArrayLength());
    }

    [Fact]
    public async Task Calls_in_both_directions_share_one_connected_pair_and_closing_a_router_closes_both_ends()
    {
        await SetUpAsync();
        var transport2 = await _router2.CreatePlainTransportAsync(new PlainTransportOptions { ListenInfo = Loopback });
        var audioB = await transport2.ProduceAsync(new ProducerOptions { Kind = MediaKind.Audio, RtpParameters = OpusParameters() });

        await Task.WhenAll(PipeAsync(_audio), PipeAsync(audioB, from: _router2, to: _router1));

        var pipeA = Assert.Single((await _router1.DumpAsync()).TransportIds, id => id != _transport1.Id);
        var pipeB = Assert.Single((await _router2.DumpAsync()).TransportIds, id => id != transport2.Id);
        var tupleA = (await RawRequestAsync(WireMethods.TransportDump, $$"""{"transportId":"{{pipeA}}"}""")).GetProperty("tuple");
        var tupleB = (await RawRequestAsync(WireMethods.TransportDump, $$"""{"transportId":"{{pipeB}}"}""")).GetProperty("tuple");
        Assert.Equal(tupleA.GetProperty("localPort").GetInt32(), tupleB.GetProperty("remotePort").GetInt32());
        Assert.Equal(tupleB.GetProperty("localPort").GetInt32(), tupleA.GetProperty("remotePort").GetInt32());
        // PR1: enableSctp defaults to true: the pair runs an SCTP association ({1024, 1024} streams) and connects it.
        foreach (var pipe in new[] { pipeA, pipeB })
        {
            var sctp = (await RawRequestAsync(WireMethods.TransportDump, $$"""{"transportId":"{{pipe}}"}""")).GetProperty("sctpParameters");
            Assert.Equal((5000, 1024, 1024), (sctp.GetProperty("port").GetInt32(), sctp.GetProperty("OS").GetInt32(), sctp.GetProperty("MIS").GetInt32()));
            await WaitUntilAsync(() => RawRequestAsync(WireMethods.TransportDump, $$"""{"transportId":"{{pipe}}"}"""),
                d => d.GetProperty("sctpState").GetString() == "connected", $"pipe transport {pipe}'s SCTP association to connect");
        }

        await _router1.CloseAsync();

        await WaitUntilAsync(() => _router2.DumpAsync(), d => d.TransportIds.SequenceEqual([transport2.Id]), "router 2's pipe transport to close");
        await AssertError(() => RawRequestAsync(WireMethods.TransportDump, $$"""{"transportId":"{{pipeB}}"}"""));
        // The pair is gone: a new router pair pipes again.
        var router3 = await CreateRouterAsync(workerId: 0);
        var transport3 = await CreatePlainAsync(router3);
        var audio3 = await transport3.ProduceAsync(new ProducerOptions { Kind = MediaKind.Audio, RtpParameters = OpusParameters() });
        var (_, again) = await PipeAsync(audio3, from: router3, to: _router2);
        Assert.Equal(audio3.Id, again.Id);
    }

    [Fact]
    public async Task Closing_one_pipe_transport_closes_the_other_and_a_later_call_makes_a_new_pair()
    {
        await SetUpAsync();
        var (pipeConsumer, pipeProducer) = await PipeAsync(_audio);
        var pipeA = Assert.Single((await _router1.DumpAsync()).TransportIds, id => id != _transport1.Id);
        var pipeB = Assert.Single((await _router2.DumpAsync()).TransportIds);
        var closes = new EventLog<string>();
        pipeConsumer.Closed += (_, e) => closes.Add("pipeConsumer " + e.Reason);
        pipeProducer.Closed += (_, e) => closes.Add("pipeProducer " + e.Reason);
        var notifications = Notifications();

        await RawRequestAsync(WireMethods.TransportClose, $$"""{"transportId":"{{pipeB}}"}""");

        var closed = await notifications.WaitForAsync(n => n.Method == WireMethods.TransportClosed && n.Data.GetProperty("transportId").GetString() == pipeA,
            "the other end to close");
        Assert.Equal(CloseReasons.PipeClose, closed.Data.GetProperty("reason").GetString());
        var both = await closes.WaitForCountAsync(2);
        Assert.Contains("pipeProducer " + CloseReasons.TransportClose, both);
        Assert.Contains(both, e => e.StartsWith("pipeConsumer ", StringComparison.Ordinal));
        Assert.Equal([_transport1.Id], (await _router1.DumpAsync()).TransportIds);
        Assert.Empty((await _router2.DumpAsync()).TransportIds);

        var (_, again) = await PipeAsync(_audio);
        Assert.Equal(_audio.Id, again.Id);
        Assert.DoesNotContain(pipeB, (await _router2.DumpAsync()).TransportIds);
        Assert.Single((await _router2.DumpAsync()).TransportIds);
    }

    [Fact]
    public async Task Pause_resume_and_close_of_the_original_reach_the_pipe_producer_and_its_consumers()
    {
        await SetUpAsync();
        await _video.PauseAsync();
        var (pipeConsumer, pipeProducer) = await PipeAsync(_video);
        var transport2 = await CreatePlainAsync(_router2);
        var consumer = await transport2.ConsumeAsync(new ConsumerOptions { ProducerId = pipeProducer.Id, RtpCapabilities = DeviceCapabilities });
        Assert.True(consumer.IsProducerPaused);
        var events = new EventLog<string>();
        consumer.ProducerPaused += (_, _) => events.Add("producerpause");
        consumer.ProducerResumed += (_, _) => events.Add("producerresume");
        consumer.Closed += (_, e) => events.Add("close:" + e.Reason);
        pipeConsumer.Closed += (_, e) => events.Add("pipeConsumer:" + e.Reason);
        pipeProducer.Closed += (_, _) => events.Add("pipeProducer:close");

        await _video.ResumeAsync();
        await events.WaitForAsync(e => e == "producerresume", "producerresume on router 2");
        Assert.False(consumer.IsProducerPaused);
        await WaitUntilAsync(() => !pipeProducer.IsPaused, "the pipe producer handle to hear producer.resume");
        Assert.False((await pipeProducer.DumpAsync()).Paused);

        await _video.PauseAsync();
        await events.WaitForAsync(e => e == "producerpause", "producerpause on router 2");
        Assert.True(consumer.IsProducerPaused);
        await WaitUntilAsync(() => pipeProducer.IsPaused, "the pipe producer handle to hear producer.pause");
        Assert.True((await pipeProducer.DumpAsync()).Paused);

        await _video.CloseAsync();
        await events.WaitForAsync(e => e == "close:" + CloseReasons.ProducerClose, "the consumer on router 2 to close");
        await events.WaitForAsync(e => e == "pipeConsumer:" + CloseReasons.ProducerClose, "the pipe consumer to close");
        await events.WaitForAsync(e => e == "pipeProducer:close", "the pipe producer to close");
        await AssertError(() => consumer.DumpAsync());
        Assert.Empty((await _router2.DumpAsync()).MapProducerIdConsumerIds);
    }

    [Fact]
    public async Task Pausing_or_closing_the_pipe_consumer_acts_on_the_pipe_producer_and_closing_the_pipe_producer_closes_the_pipe_consumer()
    {
        await SetUpAsync();
        var (audioPipeConsumer, audioPipeProducer) = await PipeAsync(_audio);
        var (videoPipeConsumer, videoPipeProducer) = await PipeAsync(_video);
        var transport2 = await CreatePlainAsync(_router2);
        var consumer = await transport2.ConsumeAsync(new ConsumerOptions { ProducerId = audioPipeProducer.Id, RtpCapabilities = DeviceCapabilities });
        var events = new EventLog<string>();
        consumer.ProducerPaused += (_, _) => events.Add("producerpause");
        consumer.ProducerResumed += (_, _) => events.Add("producerresume");
        consumer.Closed += (_, e) => events.Add("close:" + e.Reason);
        videoPipeConsumer.Closed += (_, e) => events.Add("videoPipeConsumer:" + e.Reason);

        await audioPipeConsumer.PauseAsync();
        await events.WaitForAsync(e => e == "producerpause", "producerpause after pausing the pipe consumer");
        await WaitUntilAsync(() => audioPipeProducer.IsPaused, "the pipe producer handle to hear producer.pause");
        await audioPipeConsumer.ResumeAsync();
        await events.WaitForAsync(e => e == "producerresume", "producerresume after resuming the pipe consumer");
        await WaitUntilAsync(() => !audioPipeProducer.IsPaused, "the pipe producer handle to hear producer.resume");
        Assert.False(_audio.IsPaused); // the original is untouched

        await audioPipeConsumer.CloseAsync();
        await events.WaitForAsync(e => e == "close:" + CloseReasons.ProducerClose, "the consumer on router 2 to close");
        await WaitUntilAsync(() => audioPipeProducer.IsClosed, "the audio pipe producer to close");

        await videoPipeProducer.CloseAsync();
        await events.WaitForAsync(e => e.StartsWith("videoPipeConsumer:", StringComparison.Ordinal), "the video pipe consumer to close");
        Assert.False(_video.IsClosed);
        var map = (await _router1.DumpAsync()).MapProducerIdConsumerIds;
        Assert.Empty(map.Single(e => e.Key == _audio.Id).Values);
        Assert.Empty(map.Single(e => e.Key == _video.Id).Values);
    }

    [Theory]
    [InlineData(false, false, null)]
    [InlineData(true, true, "::1")]
    public async Task Media_crosses_the_pipe_and_a_resumed_original_restarts_at_a_key_frame(bool rtx, bool srtp, string? ip)
    {
        await SetUpAsync();
        var (_, pipeProducer) = await PipeAsync(_video, rtx: rtx, srtp: srtp, ip: ip);
        var pipe2 = Assert.Single((await _router2.DumpAsync()).TransportIds);
        var pipeDump = await RawRequestAsync(WireMethods.TransportDump, $$"""{"transportId":"{{pipe2}}"}""");
        Assert.Equal(ip ?? "127.0.0.1", pipeDump.GetProperty("tuple").GetProperty("localAddress").GetString());
        Assert.Equal(rtx, pipeDump.GetProperty("rtx").GetBoolean());
        Assert.Equal(srtp, pipeDump.TryGetProperty("srtpParameters", out _));
        var output = await CreatePlainAsync(_router2);
        var consumer = await output.ConsumeAsync(new ConsumerOptions { ProducerId = pipeProducer.Id, RtpCapabilities = DeviceCapabilities });
        using var sender = new UdpPeer();
        using var receiver = new UdpPeer();
        await output.ConnectAsync(new PlainTransportConnectParameters { Ip = "127.0.0.1", Port = receiver.Port });
        ushort seq = 1;
        uint ts = 0;
        void Send(byte[] payload) => sender.Send(TestPackets.Rtp(96, seq++, ts += 3000, 22222222, payload), _transport1.Tuple);

        Send(TestPackets.Vp8KeyFrame);
        Send(TestPackets.Vp8DeltaFrame);
        var first = await receiver.Rtp.WaitForCountAsync(2);
        Assert.Equal([3000u, 6000u], first.Select(p => p.Timestamp));
        Assert.All(first, p => Assert.Equal(consumer.RtpParameters.Encodings![0].Ssrc, p.Ssrc));
        Assert.Equal(TestPackets.Vp8KeyFrame, first[0].Payload);

        var resumed = new EventLog<bool>();
        consumer.ProducerPaused += (_, _) => resumed.Add(false);
        consumer.ProducerResumed += (_, _) => resumed.Add(true);
        await _video.PauseAsync();
        await resumed.WaitForCountAsync(1);
        Send(TestPackets.Vp8KeyFrame); // 9000, paused
        await WaitUntilAsync(() => _video.GetStatsAsync(), s => s[0] is Contracts.Stats.InboundRtpStats { PacketCount: 3 }, "the paused packet");
        await _video.ResumeAsync();
        await resumed.WaitForCountAsync(2);
        Send(TestPackets.Vp8DeltaFrame); // 12000: dropped, the consumer waits for a key frame
        Send(TestPackets.Vp8KeyFrame); // 15000
        Send(TestPackets.Vp8DeltaFrame); // 18000

        var all = await receiver.Rtp.WaitForCountAsync(4);
        Assert.Equal([3000u, 6000u, 15000u, 18000u], all.Select(p => p.Timestamp));
        Assert.Equal(all.Select((p, i) => (ushort)(all[0].SequenceNumber + i)), all.Select(p => p.SequenceNumber));
    }
}

public sealed class PipeToRouterApiInProcessTests(InProcessTargetFixture fixture) : PipeToRouterApiTests(fixture), IClassFixture<InProcessTargetFixture>;

public sealed class PipeToRouterApiOverWebSocketTests(WebSocketTargetFixture fixture) : PipeToRouterApiTests(fixture), IClassFixture<WebSocketTargetFixture>;
