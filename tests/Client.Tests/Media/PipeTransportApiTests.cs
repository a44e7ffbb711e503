using Sfu.Contracts;
using Sfu.Contracts.Api;
using Sfu.Contracts.Dumps;
using Sfu.Contracts.Events;
using Sfu.Contracts.Options;
using Sfu.Contracts.Rtp;
using Sfu.Contracts.Stats;
using Sfu.Contracts.Transports;
using Sfu.Contracts.Wire;

namespace Sfu.Client.Tests.Media;

/// <summary>
/// mediasoup's PipeTransport (PP1–PP4, test-PipeTransport's transport cases) through the C# API and the wire:
/// options and errors, pipe consumers with and without RTX, SRTP fixed to AEAD_AES_256_GCM, connect, stats and dump.
/// </summary>
public abstract class PipeTransportApiTests(SfuTargetFixture fixture) : MediaApiTestBase(fixture)
{
    [Fact]
    public async Task Create_gives_a_udp_tuple_and_the_pipe_defaults_and_sctp_when_asked()
    {
        var router = await CreateRouterAsync();

        var transport = await router.CreatePipeTransportAsync(new PipeTransportOptions
        {
            ListenInfo = Loopback with { PortRange = new TransportPortRange { Min = 2000, Max = 3000 } },
            AppData = AppData("foo", "bar"),
        });
        var withSctp = await router.CreatePipeTransportAsync(new PipeTransportOptions { ListenInfo = Loopback, EnableSctp = true });

        Assert.Equal(router.Id, transport.RouterId);
        Assert.Equal("bar", transport.AppData["foo"]!.GetValue<string>());
        Assert.Equal("127.0.0.1", transport.Tuple.LocalAddress);
        Assert.InRange(transport.Tuple.LocalPort, 2000, 3000);
        Assert.Equal(TransportProtocol.Udp, transport.Tuple.Protocol);
        Assert.Null(transport.Tuple.RemoteIp);
        Assert.Null(transport.SctpParameters);
        Assert.Null(transport.SrtpParameters);
        Assert.Equal(new SctpParameters { Port = 5000, OS = 1024, MIS = 1024, MaxMessageSize = 268435456 }, withSctp.SctpParameters);

        var dump = Assert.IsType<PipeTransportDump>(await transport.DumpAsync());
        Assert.Equal(transport.Id, dump.Id);
        Assert.Equal(transport.Tuple, dump.Tuple);
        Assert.False(dump.Rtx);
        Assert.Null(dump.SrtpParameters);
        Assert.Equal(268435456, dump.MaxMessageSize);
        var raw = await RawRequestAsync(WireMethods.TransportDump, $$"""{"transportId":"{{transport.Id}}"}""");
        AssertFields(raw, "id", "direct", "producerIds", "consumerIds", "mapSsrcConsumerId", "mapRtxSsrcConsumerId", "recvRtpHeaderExtensions",
            "rtpListener", "maxMessageSize", "dataProducerIds", "dataConsumerIds", "traceEventTypes", "tuple", "rtx");
        AssertNoFields(raw, "srtpParameters", "sctpParameters", "sctpListener", "rtcpMux", "comedia");

        var stats = Assert.IsType<PipeTransportStats>(Assert.Single(await transport.GetStatsAsync()));
        Assert.Equal("pipe-transport", stats.Type);
        Assert.Equal(transport.Id, stats.TransportId);
        Assert.Equal(transport.Tuple, stats.Tuple);
        Assert.Equal(0, stats.BytesReceived + stats.BytesSent);
        var rawStats = Assert.Single((await RawRequestAsync(WireMethods.TransportGetStats, $$"""{"transportId":"{{transport.Id}}"}""")).EnumerateArray());
        Assert.Equal("pipe-transport", rawStats.GetProperty("type").GetString());
        AssertFields(rawStats, "transportId", "timestamp", "bytesReceived", "tuple");

        var fixedPort = FreeUdpPort();
        var atPort = await router.CreatePipeTransportAsync(new PipeTransportOptions { ListenInfo = Loopback with { Port = fixedPort } });
        Assert.Equal(fixedPort, atPort.Tuple.LocalPort);
        var announced = await router.CreatePipeTransportAsync(new PipeTransportOptions { ListenIp = new TransportListenIp { Ip = "127.0.0.1", AnnouncedIp = "9.9.9.9" } });
        Assert.Equal("9.9.9.9", announced.Tuple.LocalAddress);
    }

    [Fact]
    public async Task Wrong_creation_options_are_type_errors()
    {
        var router = await CreateRouterAsync();
        var routerId = router.Id;

        await Assert.ThrowsAsync<TypeError>(() => RawRequestAsync(WireMethods.RouterCreatePipeTransport, $$"""{"routerId":"{{routerId}}"}"""));
        await Assert.ThrowsAsync<TypeError>(() => router.CreatePipeTransportAsync(new PipeTransportOptions
        {
            ListenInfo = Loopback with { PortRange = new TransportPortRange { Min = 4000, Max = 3000 } },
        }));
        await Assert.ThrowsAsync<TypeError>(() => RawRequestAsync(WireMethods.RouterCreatePipeTransport, $$"""{"routerId":"{{routerId}}","listenIp":"123"}"""));
        await Assert.ThrowsAsync<TypeError>(() => RawRequestAsync(WireMethods.RouterCreatePipeTransport, $$"""{"routerId":"{{routerId}}","listenIp":["127.0.0.1"]}"""));
        await Assert.ThrowsAsync<TypeError>(() => router.CreatePipeTransportAsync(new PipeTransportOptions { ListenInfo = Loopback with { Protocol = TransportProtocol.Tcp } }));
        await Assert.ThrowsAsync<TypeError>(() => RawRequestAsync(WireMethods.RouterCreatePipeTransport,
            $$"""{"routerId":"{{routerId}}","listenInfo":{"protocol":"udp","ip":"127.0.0.1"},"appData":"NOT-AN-OBJECT"}"""));
        var unbindable = await Assert.ThrowsAsync<SfuException>(() => router.CreatePipeTransportAsync(new PipeTransportOptions { ListenIp = new TransportListenIp { Ip = "8.8.8.8" } }));
        Assert.Equal(ErrorNames.Error, unbindable.Name);

        Assert.Empty((await router.DumpAsync()).TransportIds);
    }

    [Fact]
    public async Task A_pipe_consumer_drops_mid_and_bwe_extensions_and_keeps_pli_and_fir_and_nack_with_rtx()
    {
        var router = await CreateRouterAsync();
        var producerTransport = await CreatePlainAsync(router);
        var producer = await producerTransport.ProduceAsync(new ProducerOptions { Kind = MediaKind.Video, RtpParameters = Vp8Parameters() });
        var plain = await router.CreatePipeTransportAsync(new PipeTransportOptions { ListenInfo = Loopback });
        var withRtx = await router.CreatePipeTransportAsync(new PipeTransportOptions { ListenInfo = Loopback, EnableRtx = true });

        var consumer = await plain.ConsumeAsync(new ConsumerOptions { ProducerId = producer.Id });
        var rtxConsumer = await withRtx.ConsumeAsync(new ConsumerOptions { ProducerId = producer.Id, AppData = AppData("x", "y") });

        int[] extensionIds = [6, 7, 11, 12, 13, 14];
        var codec = Assert.Single(consumer.RtpParameters.Codecs);
        Assert.Equal(("video/VP8", 101, 90000), (codec.MimeType, codec.PayloadType, codec.ClockRate));
        Assert.Empty(codec.Parameters!);
        Assert.Equal(["nack:pli", "ccm:fir"], codec.RtcpFeedback!.Select(f => $"{f.Type}:{f.Parameter}"));
        Assert.Equal(extensionIds, consumer.RtpParameters.HeaderExtensions!.Select(e => e.Id));
        Assert.Null(consumer.RtpParameters.Mid);
        Assert.Equal(ConsumerType.Pipe, consumer.Type);
        Assert.False(consumer.IsPaused);
        Assert.False(consumer.IsProducerPaused);
        // PP3: a pipe transport's consumer starts with no producer scores (mediasoup's PipeTransport.consume).
        Assert.Equal(10, consumer.Score.Score);
        Assert.Equal(10, consumer.Score.ProducerScore);
        Assert.Empty(consumer.Score.ProducerScores);
        Assert.Empty(consumer.AppData);
        Assert.Null(Assert.Single(consumer.RtpParameters.Encodings!).Rtx);

        Assert.Equal(2, rtxConsumer.RtpParameters.Codecs.Count);
        Assert.Equal(["nack:", "nack:pli", "ccm:fir"], rtxConsumer.RtpParameters.Codecs[0].RtcpFeedback!.Select(f => $"{f.Type}:{f.Parameter}"));
        var rtx = rtxConsumer.RtpParameters.Codecs[1];
        Assert.Equal(("video/rtx", 102, 90000), (rtx.MimeType, rtx.PayloadType, rtx.ClockRate));
        Assert.Equal(101, rtx.Parameters!["apt"].Number);
        Assert.Empty(rtx.RtcpFeedback!);
        Assert.Equal(extensionIds, rtxConsumer.RtpParameters.HeaderExtensions!.Select(e => e.Id));
        var encoding = Assert.Single(rtxConsumer.RtpParameters.Encodings!);
        Assert.NotNull(encoding.Rtx);
        Assert.Equal("y", rtxConsumer.AppData["x"]!.GetValue<string>());
        Assert.True(Assert.IsType<PipeTransportDump>(await withRtx.DumpAsync()).Rtx);

        // A pipe transport needs no capabilities, and it has no mid counter.
        Assert.Equal([consumer.Id], (await plain.DumpAsync()).ConsumerIds);
    }

    [Fact]
    public async Task Srtp_uses_aead_aes_256_gcm_with_a_60_character_key_and_connect_checks_the_remote_parameters()
    {
        var router = await CreateRouterAsync();
        var transport = await router.CreatePipeTransportAsync(new PipeTransportOptions { ListenIp = new TransportListenIp { Ip = "127.0.0.1" }, EnableSrtp = true });
        var id = transport.Id;

        Assert.Equal(SrtpCryptoSuite.AeadAes256Gcm, transport.SrtpParameters!.CryptoSuite);
        Assert.Equal(60, transport.SrtpParameters.KeyBase64.Length);
        Assert.Equal(transport.SrtpParameters, Assert.IsType<PipeTransportDump>(await transport.DumpAsync()).SrtpParameters);

        string[] invalid =
        [
            """ "ip":"127.0.0.2","port":9999 """,
            """ "ip":"127.0.0.2","port":9999,"srtpParameters":1 """,
            $$""" "ip":"127.0.0.2","port":9999,"srtpParameters":{"keyBase64":"{{Aes256GcmKey}}"} """,
            """ "ip":"127.0.0.2","port":9999,"srtpParameters":{"cryptoSuite":"AEAD_AES_256_GCM"} """,
            $$""" "ip":"127.0.0.2","port":9999,"srtpParameters":{"cryptoSuite":"FOO","keyBase64":"{{Aes256GcmKey}}"} """,
            $$""" "ip":"127.0.0.2","port":9999,"srtpParameters":{"cryptoSuite":123,"keyBase64":"{{Aes256GcmKey}}"} """,
            """ "ip":"127.0.0.2","port":9999,"srtpParameters":{"cryptoSuite":"AEAD_AES_256_GCM","keyBase64":[]} """,
            // A valid suite, but not the pipe's.
            """ "ip":"127.0.0.2","port":9999,"srtpParameters":{"cryptoSuite":"AES_CM_128_HMAC_SHA1_80","keyBase64":"ZnQ3eWJraDg0d3ZoYzM5cXN1Y2pnaHU5NWxrZTVv"} """,
        ];
        foreach (var fields in invalid)
        {
            await Assert.ThrowsAsync<TypeError>(() => RawRequestAsync(WireMethods.TransportConnect, $$"""{"transportId":"{{id}}",{{fields}}}"""));
        }

        await transport.ConnectAsync(new PipeTransportConnectParameters
        {
            Ip = "127.0.0.2", Port = 9999,
            SrtpParameters = new SrtpParameters { CryptoSuite = SrtpCryptoSuite.AeadAes256Gcm, KeyBase64 = Aes256GcmKey },
        });
        Assert.Equal(("127.0.0.2", 9999), (transport.Tuple.RemoteIp, transport.Tuple.RemotePort));
        Assert.Equal(SrtpCryptoSuite.AeadAes256Gcm, transport.SrtpParameters!.CryptoSuite);
    }

    [Fact]
    public async Task Srtp_parameters_without_srtp_enabled_are_type_errors_even_invalid_ones()
    {
        var router = await CreateRouterAsync();
        var transport = await router.CreatePipeTransportAsync(new PipeTransportOptions
        {
            ListenInfo = Loopback with { PortRange = new TransportPortRange { Min = 2000, Max = 3000 } },
            EnableRtx = true,
        });
        Assert.Null(transport.SrtpParameters);

        await Assert.ThrowsAsync<TypeError>(() => transport.ConnectAsync(new PipeTransportConnectParameters
        {
            Ip = "127.0.0.2", Port = 9999,
            SrtpParameters = new SrtpParameters { CryptoSuite = SrtpCryptoSuite.AeadAes256Gcm, KeyBase64 = Aes256GcmKey },
        }));
        await Assert.ThrowsAsync<TypeError>(() => RawRequestAsync(WireMethods.TransportConnect,
            $$"""{"transportId":"{{transport.Id}}","ip":"127.0.0.2","port":9999,"srtpParameters":"invalid"}"""));
        Assert.Null(transport.Tuple.RemoteIp);
    }

    [Fact]
    public async Task Connect_needs_ip_and_port_and_a_second_connect_is_an_error()
    {
        var router = await CreateRouterAsync();
        var transport = await router.CreatePipeTransportAsync(new PipeTransportOptions { ListenInfo = Loopback });

        await Assert.ThrowsAsync<TypeError>(() => transport.ConnectAsync(new PipeTransportConnectParameters { Port = 1234 }));
        await Assert.ThrowsAsync<TypeError>(() => transport.ConnectAsync(new PipeTransportConnectParameters { Ip = "127.0.0.1" }));
        await Assert.ThrowsAsync<TypeError>(() => transport.ConnectAsync(new PipeTransportConnectParameters { Ip = "::::1234", Port = 1234 }));
        await Assert.ThrowsAsync<TypeError>(() => RawRequestAsync(WireMethods.TransportConnect, $$"""{"transportId":"{{transport.Id}}","ip":"127.0.0.1","port":"chicken"}"""));

        await transport.ConnectAsync(new PipeTransportConnectParameters { Ip = "1.2.3.4", Port = 1234 });
        Assert.Equal(("1.2.3.4", 1234), (transport.Tuple.RemoteIp, transport.Tuple.RemotePort));
        var second = await Assert.ThrowsAsync<SfuException>(() => transport.ConnectAsync(new PipeTransportConnectParameters { Ip = "1.2.3.4", Port = 1234 }));
        Assert.Equal(ErrorNames.Error, second.Name);
        var stats = Assert.IsType<PipeTransportStats>(Assert.Single(await transport.GetStatsAsync()));
        Assert.Equal(transport.Tuple, stats.Tuple);
    }

    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("::1", false)]
    public async Task Two_pipe_transports_connected_by_hand_carry_rtp_and_keep_the_producer_cname(string ip, bool srtp)
    {
        var router1 = await CreateRouterAsync(workerId: 0);
        var router2 = await CreateRouterAsync(workerId: 1);
        var input = await router1.CreatePlainTransportAsync(new PlainTransportOptions { ListenInfo = Loopback, Comedia = true });
        var producer = await input.ProduceAsync(new ProducerOptions { Kind = MediaKind.Audio, RtpParameters = OpusParameters(cname: "SENDER") });
        var listenInfo = new TransportListenInfo { Protocol = TransportProtocol.Udp, Ip = ip };
        var pipe1 = await router1.CreatePipeTransportAsync(new PipeTransportOptions { ListenInfo = listenInfo, EnableSrtp = srtp });
        var pipe2 = await router2.CreatePipeTransportAsync(new PipeTransportOptions { ListenInfo = listenInfo, EnableSrtp = srtp });
        Assert.Equal(ip, pipe1.Tuple.LocalAddress);
        await pipe1.ConnectAsync(new PipeTransportConnectParameters { Ip = ip, Port = pipe2.Tuple.LocalPort, SrtpParameters = pipe2.SrtpParameters });
        await pipe2.ConnectAsync(new PipeTransportConnectParameters { Ip = ip, Port = pipe1.Tuple.LocalPort, SrtpParameters = pipe1.SrtpParameters });
        Assert.Equal((ip, pipe2.Tuple.LocalPort), (pipe1.Tuple.RemoteIp, pipe1.Tuple.RemotePort));

        var pipeConsumer = await pipe1.ConsumeAsync(new ConsumerOptions { ProducerId = producer.Id });
        var pipeProducer = await pipe2.ProduceAsync(new ProducerOptions { Kind = MediaKind.Audio, RtpParameters = pipeConsumer.RtpParameters });
        // T7: a pipe transport keeps each producer's CNAME (a plain transport would have overwritten it).
        Assert.Equal("SENDER", pipeProducer.RtpParameters.Rtcp!.Cname);
        var output = await CreatePlainAsync(router2);
        var consumer = await output.ConsumeAsync(new ConsumerOptions { ProducerId = pipeProducer.Id, RtpCapabilities = DeviceCapabilities });
        using var sender = new UdpPeer();
        using var receiver = new UdpPeer();
        await output.ConnectAsync(new PlainTransportConnectParameters { Ip = "127.0.0.1", Port = receiver.Port });

        for (ushort seq = 1; seq <= 3; seq++)
        {
            sender.Send(TestPackets.Rtp(111, seq, seq * 960u, 11111111, TestPackets.OpusFrame), input.Tuple);
        }

        var received = await receiver.Rtp.WaitForCountAsync(3);
        Assert.Equal([960u, 1920u, 2880u], received.Select(p => p.Timestamp));
        Assert.All(received, p => Assert.Equal(TestPackets.OpusFrame, p.Payload));
        Assert.All(received, p => Assert.Equal(consumer.RtpParameters.Encodings![0].Ssrc, p.Ssrc));
        var pipeStats = await pipe2.GetStatsAsync();
        Assert.True(pipeStats[0].RtpBytesReceived > 0);
        Assert.Null((await pipe2.DumpAsync()).PacketDrops);
    }

    [Fact]
    public async Task Methods_of_a_closed_pipe_transport_are_errors_and_router_close_closes_it()
    {
        var router = await CreateRouterAsync();
        var closed = await router.CreatePipeTransportAsync(new PipeTransportOptions { ListenInfo = Loopback });
        var transport = await router.CreatePipeTransportAsync(new PipeTransportOptions { ListenInfo = Loopback });
        var reasons = new EventLog<string>();
        transport.Closed += (_, e) => reasons.Add(e.Reason);

        await closed.CloseAsync();
        Assert.True(closed.IsClosed);
        await AssertError(() => closed.DumpAsync());
        await AssertError(() => closed.GetStatsAsync());
        await AssertError(() => closed.ConnectAsync(new PipeTransportConnectParameters { Ip = "127.0.0.1", Port = 1234 }));
        await AssertError(() => closed.ConsumeAsync(new ConsumerOptions { ProducerId = "x" }));

        await router.CloseAsync();
        Assert.Equal(CloseReasons.RouterClose, (await reasons.WaitForCountAsync(1))[0]);
        Assert.True(transport.IsClosed);
    }
}

public sealed class PipeTransportApiInProcessTests(InProcessTargetFixture fixture) : PipeTransportApiTests(fixture), IClassFixture<InProcessTargetFixture>;

public sealed class PipeTransportApiOverWebSocketTests(WebSocketTargetFixture fixture) : PipeTransportApiTests(fixture), IClassFixture<WebSocketTargetFixture>;
