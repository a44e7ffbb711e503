using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Sfu.Contracts;
using Sfu.Contracts.Api;
using Sfu.Contracts.Dumps;
using Sfu.Contracts.Options;
using Sfu.Contracts.Rtp;
using Sfu.Contracts.Stats;
using Sfu.Contracts.Transports;
using Sfu.Contracts.Wire;
using Sfu.Media.Srtp;

namespace Sfu.Client.Tests.Media;

/// <summary>
/// mediasoup's PlainTransport (PT1–PT8, T1–T10 and test-PlainTransport) through the C# API and the wire: creation
/// options and their errors, tuples, SRTP keys, connect, comedia with real packets, stats and dump shapes, close.
/// </summary>
public abstract class PlainTransportApiTests(SfuTargetFixture fixture) : MediaApiTestBase(fixture)
{
    [Fact]
    public async Task Create_with_an_announced_address_and_sctp_gives_the_tuple_and_sctp_parameters_of_PT2()
    {
        var router = await CreateRouterAsync();
        var transport = await router.CreatePlainTransportAsync(new PlainTransportOptions
        {
            ListenInfo = Loopback with { AnnouncedAddress = "9.9.9.1", PortRange = new TransportPortRange { Min = 2000, Max = 3000 } },
            EnableSctp = true,
            AppData = AppData("foo", "bar"),
        });

        Assert.False(transport.IsClosed);
        Assert.Equal(router.Id, transport.RouterId);
        Assert.Equal("bar", transport.AppData["foo"]!.GetValue<string>());
        Assert.Equal("9.9.9.1", transport.Tuple.LocalAddress);
        Assert.Equal("9.9.9.1", transport.Tuple.LocalIp);
        Assert.InRange(transport.Tuple.LocalPort, 2000, 3000);
        Assert.Equal(TransportProtocol.Udp, transport.Tuple.Protocol);
        Assert.Null(transport.Tuple.RemoteIp);
        Assert.Null(transport.RtcpTuple);
        Assert.Equal(new SctpParameters { Port = 5000, OS = 1024, MIS = 1024, MaxMessageSize = 262144 }, transport.SctpParameters);
        Assert.Null(transport.SrtpParameters);

        var routerDump = await router.DumpAsync();
        Assert.Equal([transport.Id], routerDump.TransportIds);

        var dump = Assert.IsType<PlainTransportDump>(await transport.DumpAsync());
        Assert.Equal(transport.Id, dump.Id);
        Assert.False(dump.Direct);
        Assert.Empty(dump.ProducerIds);
        Assert.Empty(dump.ConsumerIds);
        Assert.Equal(transport.Tuple, dump.Tuple);
        Assert.Null(dump.RtcpTuple);
        Assert.True(dump.RtcpMux);
        Assert.False(dump.Comedia);
        // §3.8: the dump's sctpParameters add the send buffer, what is buffered and isDataChannel (raw SCTP: false).
        Assert.Equal(transport.SctpParameters! with { SendBufferSize = 262144, SctpBufferedAmount = 0, IsDataChannel = false }, dump.SctpParameters);
        Assert.Equal(SctpState.New, dump.SctpState);
        Assert.Empty(dump.SctpListener!.StreamIdTable);
        Assert.Equal(262144, dump.MaxMessageSize);

        // The wire shape: mediasoup's field names, the deprecated localIp beside localAddress, no absent fields.
        var raw = await RawRequestAsync(WireMethods.TransportDump, $$"""{"transportId":"{{transport.Id}}"}""");
        AssertFields(raw, "id", "direct", "producerIds", "consumerIds", "mapSsrcConsumerId", "mapRtxSsrcConsumerId",
            "recvRtpHeaderExtensions", "rtpListener", "maxMessageSize", "dataProducerIds", "dataConsumerIds", "sctpParameters",
            "sctpState", "sctpListener", "traceEventTypes", "rtcpMux", "comedia", "tuple");
        AssertNoFields(raw, "rtcpTuple", "srtpParameters");
        AssertFields(raw.GetProperty("tuple"), "localIp", "localAddress", "localPort", "protocol");
        Assert.Equal("udp", raw.GetProperty("tuple").GetProperty("protocol").GetString());
        Assert.Equal("new", raw.GetProperty("sctpState").GetString());
        AssertFields(raw.GetProperty("sctpParameters"), "port", "OS", "MIS", "maxMessageSize", "sendBufferSize", "sctpBufferedAmount", "isDataChannel");
        Assert.False(raw.GetProperty("sctpParameters").GetProperty("isDataChannel").GetBoolean());
        Assert.Equal(0, raw.GetProperty("sctpListener").GetProperty("streamIdTable").GetArrayLength());
        AssertFields(raw.GetProperty("rtpListener"), "ssrcTable", "midTable", "ridTable");
    }

    [Fact]
    public async Task A_separate_rtcp_listen_info_turns_rtcp_mux_off_and_gives_an_rtcp_tuple_on_its_port()
    {
        var router = await CreateRouterAsync();
        var rtpPort = FreeUdpPort();
        var rtcpPort = FreeUdpPort();
        var transport = await router.CreatePlainTransportAsync(new PlainTransportOptions
        {
            ListenInfo = Loopback with { Port = rtpPort },
            RtcpListenInfo = Loopback with { Port = rtcpPort },
        });

        Assert.Empty(transport.AppData);
        Assert.Equal("127.0.0.1", transport.Tuple.LocalAddress);
        Assert.Equal(rtpPort, transport.Tuple.LocalPort);
        Assert.NotNull(transport.RtcpTuple);
        Assert.Equal("127.0.0.1", transport.RtcpTuple!.LocalIp);
        Assert.Equal(rtcpPort, transport.RtcpTuple.LocalPort);
        Assert.Equal(TransportProtocol.Udp, transport.RtcpTuple.Protocol);
        Assert.Null(transport.SctpParameters);

        var dump = Assert.IsType<PlainTransportDump>(await transport.DumpAsync());
        Assert.False(dump.RtcpMux);
        Assert.Equal(transport.Tuple, dump.Tuple);
        Assert.Equal(transport.RtcpTuple, dump.RtcpTuple);
        Assert.Null(dump.SctpState);
    }

    [Fact]
    public async Task Deprecated_listen_ip_fixed_port_and_ipv6_listen_infos_bind_where_asked()
    {
        var router = await CreateRouterAsync();

        var fromString = await RawRequestAsync(WireMethods.RouterCreatePlainTransport, $$"""{"routerId":"{{router.Id}}","listenIp":"127.0.0.1"}""");
        Assert.Equal("127.0.0.1", fromString.GetProperty("tuple").GetProperty("localAddress").GetString());
        var fromObject = await router.CreatePlainTransportAsync(new PlainTransportOptions
        {
            ListenIp = new TransportListenIp { Ip = "127.0.0.1", AnnouncedIp = "9.9.9.9" },
        });
        Assert.Equal("9.9.9.9", fromObject.Tuple.LocalAddress);

        var port = FreeUdpPort();
        var fixedPort = await router.CreatePlainTransportAsync(new PlainTransportOptions { ListenInfo = Loopback with { Port = port } });
        Assert.Equal(port, fixedPort.Tuple.LocalPort);

        var ipv6 = await router.CreatePlainTransportAsync(new PlainTransportOptions
        {
            ListenInfo = new TransportListenInfo { Protocol = TransportProtocol.Udp, Ip = "::1", Flags = new TransportSocketFlags { Ipv6Only = true } },
        });
        Assert.Equal("::1", ipv6.Tuple.LocalAddress);
        Assert.True(ipv6.Tuple.LocalPort > 0);

        // The IPv6 socket really is there: a packet to it is counted.
        var producer = await ipv6.ProduceAsync(new ProducerOptions { Kind = MediaKind.Audio, RtpParameters = OpusParameters() });
        await ipv6.ConnectAsync(new PlainTransportConnectParameters { Ip = "::1", Port = 9 }); // somewhere to send RTCP to
        using var peer = new UdpPeer("::1");
        var comedia = await router.CreatePlainTransportAsync(new PlainTransportOptions
        {
            ListenInfo = new TransportListenInfo { Protocol = TransportProtocol.Udp, Ip = "::1" },
            Comedia = true,
        });
        var tuples = new EventLog<TransportTuple>();
        comedia.TupleChanged += (_, tuple) => tuples.Add(tuple);
        await comedia.ProduceAsync(new ProducerOptions { Kind = MediaKind.Audio, RtpParameters = OpusParameters() });
        peer.Send(TestPackets.Rtp(111, 1, 960, 11111111, TestPackets.OpusFrame), comedia.Tuple);
        var learned = (await tuples.WaitForCountAsync(1))[0];
        Assert.Equal("::1", learned.RemoteIp);
        Assert.Equal(peer.Port, learned.RemotePort);
        Assert.NotNull(producer);
    }

    [Fact]
    public async Task Wrong_creation_options_are_type_errors()
    {
        var router = await CreateRouterAsync();
        var routerId = router.Id;

        await Assert.ThrowsAsync<TypeError>(() => RawRequestAsync(WireMethods.RouterCreatePlainTransport, $$"""{"routerId":"{{routerId}}"}"""));
        await Assert.ThrowsAsync<TypeError>(() => router.CreatePlainTransportAsync(new PlainTransportOptions
        {
            ListenInfo = Loopback with { PortRange = new TransportPortRange { Min = 4000, Max = 3000 } },
        }));
        await Assert.ThrowsAsync<TypeError>(() => RawRequestAsync(WireMethods.RouterCreatePlainTransport, $$"""{"routerId":"{{routerId}}","listenIp":"123"}"""));
        await Assert.ThrowsAsync<TypeError>(() => RawRequestAsync(WireMethods.RouterCreatePlainTransport, $$"""{"routerId":"{{routerId}}","listenIp":["127.0.0.1"]}"""));
        await Assert.ThrowsAsync<TypeError>(() => router.CreatePlainTransportAsync(new PlainTransportOptions
        {
            ListenInfo = Loopback with { Protocol = TransportProtocol.Tcp },
        }));
        await Assert.ThrowsAsync<TypeError>(() => RawRequestAsync(WireMethods.RouterCreatePlainTransport,
            $$"""{"routerId":"{{routerId}}","listenInfo":{"protocol":"udp","ip":"127.0.0.1"},"appData":"NOT-AN-OBJECT"}"""));
        await Assert.ThrowsAsync<TypeError>(() => router.CreatePlainTransportAsync(new PlainTransportOptions
        {
            ListenInfo = Loopback,
            ListenIp = new TransportListenIp { Ip = "127.0.0.1" },
        }));

        Assert.Empty((await router.DumpAsync()).TransportIds);
    }

    [Fact]
    public async Task An_ip_that_cannot_be_bound_is_an_error_not_a_type_error()
    {
        var router = await CreateRouterAsync();

        var error = await Assert.ThrowsAsync<SfuException>(() => router.CreatePlainTransportAsync(new PlainTransportOptions
        {
            ListenIp = new TransportListenIp { Ip = "8.8.8.8" },
        }));

        Assert.Equal(ErrorNames.Error, error.Name);
    }

    [Fact]
    public async Task Two_transports_share_a_multicast_ip_and_port_only_when_both_set_udp_reuse_port()
    {
        var router = await CreateRouterAsync();
        const string multicast = "224.0.0.1";

        var port = FreeUdpPort(multicast);
        var first = await router.CreatePlainTransportAsync(new PlainTransportOptions
        {
            // ipv6Only is ignored on IPv4.
            ListenInfo = new TransportListenInfo
            {
                Protocol = TransportProtocol.Udp, Ip = multicast, Port = port,
                Flags = new TransportSocketFlags { UdpReusePort = true, Ipv6Only = true },
            },
        });
        var second = await router.CreatePlainTransportAsync(new PlainTransportOptions
        {
            ListenInfo = new TransportListenInfo { Protocol = TransportProtocol.Udp, Ip = multicast, Port = port, Flags = new TransportSocketFlags { UdpReusePort = true } },
        });
        Assert.Equal(port, first.Tuple.LocalPort);
        Assert.Equal(port, second.Tuple.LocalPort);

        var other = FreeUdpPort(multicast);
        await router.CreatePlainTransportAsync(new PlainTransportOptions
        {
            ListenInfo = new TransportListenInfo { Protocol = TransportProtocol.Udp, Ip = multicast, Port = other, Flags = new TransportSocketFlags { UdpReusePort = false } },
        });
        var withoutFlag = await Assert.ThrowsAsync<SfuException>(() => router.CreatePlainTransportAsync(new PlainTransportOptions
        {
            ListenInfo = new TransportListenInfo { Protocol = TransportProtocol.Udp, Ip = multicast, Port = other, Flags = new TransportSocketFlags { UdpReusePort = false } },
        }));
        Assert.Equal(ErrorNames.Error, withoutFlag.Name);
        var onlySecondSetsIt = await Assert.ThrowsAsync<SfuException>(() => router.CreatePlainTransportAsync(new PlainTransportOptions
        {
            ListenInfo = new TransportListenInfo { Protocol = TransportProtocol.Udp, Ip = multicast, Port = other, Flags = new TransportSocketFlags { UdpReusePort = true } },
        }));
        Assert.Equal(ErrorNames.Error, onlySecondSetsIt.Name);

        var third = FreeUdpPort(multicast);
        await router.CreatePlainTransportAsync(new PlainTransportOptions
        {
            ListenInfo = new TransportListenInfo { Protocol = TransportProtocol.Udp, Ip = multicast, Port = third, Flags = new TransportSocketFlags { UdpReusePort = true } },
        });
        var onlyFirstSetsIt = await Assert.ThrowsAsync<SfuException>(() => router.CreatePlainTransportAsync(new PlainTransportOptions
        {
            ListenInfo = new TransportListenInfo { Protocol = TransportProtocol.Udp, Ip = multicast, Port = third, Flags = new TransportSocketFlags { UdpReusePort = false } },
        }));
        Assert.Equal(ErrorNames.Error, onlyFirstSetsIt.Name);
    }

    [Fact]
    public async Task Srtp_keys_have_the_suite_lengths_of_SEC4_and_follow_the_remote_suite_on_connect()
    {
        var router = await CreateRouterAsync();
        var transport = await router.CreatePlainTransportAsync(new PlainTransportOptions { ListenInfo = Loopback, EnableSrtp = true });

        Assert.Equal(SrtpCryptoSuite.AesCm128HmacSha1Tag80, transport.SrtpParameters!.CryptoSuite);
        Assert.Equal(40, transport.SrtpParameters.KeyBase64.Length);

        (SrtpCryptoSuite Suite, int Length)[] suites =
        [
            (SrtpCryptoSuite.AesCm128HmacSha1Tag32, 40), (SrtpCryptoSuite.AeadAes128Gcm, 40), (SrtpCryptoSuite.AeadAes256Gcm, 60),
        ];
        foreach (var (suite, length) in suites)
        {
            var other = await router.CreatePlainTransportAsync(new PlainTransportOptions { ListenInfo = Loopback, EnableSrtp = true, SrtpCryptoSuite = suite });
            Assert.Equal(suite, other.SrtpParameters!.CryptoSuite);
            Assert.Equal(length, other.SrtpParameters.KeyBase64.Length);
        }

        // PT5: connecting with another suite switches the local suite and regenerates the local key for it.
        var before = transport.SrtpParameters.KeyBase64;
        await transport.ConnectAsync(new PlainTransportConnectParameters
        {
            Ip = "127.0.0.2", Port = 9999,
            SrtpParameters = new SrtpParameters { CryptoSuite = SrtpCryptoSuite.AeadAes256Gcm, KeyBase64 = Aes256GcmKey },
        });
        Assert.Equal(SrtpCryptoSuite.AeadAes256Gcm, transport.SrtpParameters!.CryptoSuite);
        Assert.Equal(60, transport.SrtpParameters.KeyBase64.Length);
        Assert.NotEqual(before, transport.SrtpParameters.KeyBase64);
        var dump = Assert.IsType<PlainTransportDump>(await transport.DumpAsync());
        Assert.Equal(transport.SrtpParameters, dump.SrtpParameters);
    }

    [Fact]
    public async Task Invalid_srtp_connect_parameters_are_type_errors()
    {
        var router = await CreateRouterAsync();
        var transport = await router.CreatePlainTransportAsync(new PlainTransportOptions { ListenInfo = Loopback, EnableSrtp = true });
        var id = transport.Id;
        const string key = "ZnQ3eWJraDg0d3ZoYzM5cXN1Y2pnaHU5NWxrZTVv";

        string[] invalid =
        [
            """ "ip":"127.0.0.2","port":9999 """,
            """ "ip":"127.0.0.2","port":9999,"srtpParameters":1 """,
            $$""" "ip":"127.0.0.2","port":9999,"srtpParameters":{"keyBase64":"{{key}}"} """,
            """ "ip":"127.0.0.2","port":9999,"srtpParameters":{"cryptoSuite":"AES_CM_128_HMAC_SHA1_80"} """,
            $$""" "ip":"127.0.0.2","port":9999,"srtpParameters":{"cryptoSuite":"FOO","keyBase64":"{{key}}"} """,
            $$""" "ip":"127.0.0.2","port":9999,"srtpParameters":{"cryptoSuite":123,"keyBase64":"{{key}}"} """,
            """ "ip":"127.0.0.2","port":9999,"srtpParameters":{"cryptoSuite":"AES_CM_128_HMAC_SHA1_80","keyBase64":[]} """,
            // A key of the wrong decoded length for its suite.
            $$""" "ip":"127.0.0.2","port":9999,"srtpParameters":{"cryptoSuite":"AEAD_AES_256_GCM","keyBase64":"{{key}}"} """,
        ];
        foreach (var fields in invalid)
        {
            await Assert.ThrowsAsync<TypeError>(() => RawRequestAsync(WireMethods.TransportConnect, $$"""{"transportId":"{{id}}",{{fields}}}"""));
        }

        // None of them connected the transport.
        await transport.ConnectAsync(new PlainTransportConnectParameters
        {
            Ip = "127.0.0.2", Port = 9999,
            SrtpParameters = new SrtpParameters { CryptoSuite = SrtpCryptoSuite.AesCm128HmacSha1Tag80, KeyBase64 = key },
        });
        Assert.Equal("127.0.0.2", transport.Tuple.RemoteIp);
    }

    [Fact]
    public async Task Connect_sets_the_remote_tuples_once_and_a_second_connect_is_an_error()
    {
        var router = await CreateRouterAsync();
        var transport = await router.CreatePlainTransportAsync(new PlainTransportOptions { ListenIp = new TransportListenIp { Ip = "127.0.0.1" }, RtcpMux = false });
        Assert.NotNull(transport.RtcpTuple);

        await transport.ConnectAsync(new PlainTransportConnectParameters { Ip = "1.2.3.4", Port = 1234, RtcpPort = 1235 });

        var second = await Assert.ThrowsAsync<SfuException>(() =>
            transport.ConnectAsync(new PlainTransportConnectParameters { Ip = "1.2.3.4", Port = 1234, RtcpPort = 1235 }));
        Assert.Equal(ErrorNames.Error, second.Name);
        Assert.Equal("1.2.3.4", transport.Tuple.RemoteIp);
        Assert.Equal(1234, transport.Tuple.RemotePort);
        Assert.Equal(TransportProtocol.Udp, transport.Tuple.Protocol);
        Assert.Equal("1.2.3.4", transport.RtcpTuple!.RemoteIp);
        Assert.Equal(1235, transport.RtcpTuple.RemotePort);

        var stats = Assert.IsType<PlainTransportStats>(Assert.Single(await transport.GetStatsAsync()));
        Assert.Equal(transport.Tuple, stats.Tuple);
        Assert.Equal(transport.RtcpTuple, stats.RtcpTuple);
    }

    [Fact]
    public async Task Wrong_connect_arguments_are_type_errors()
    {
        var router = await CreateRouterAsync();
        var transport = await router.CreatePlainTransportAsync(new PlainTransportOptions { ListenIp = new TransportListenIp { Ip = "127.0.0.1" }, RtcpMux = false });
        var id = transport.Id;

        // No SRTP enabled, so SRTP parameters are wrong.
        await Assert.ThrowsAsync<TypeError>(() => transport.ConnectAsync(new PlainTransportConnectParameters
        {
            Ip = "127.0.0.2", Port = 9998, RtcpPort = 9999,
            SrtpParameters = new SrtpParameters { CryptoSuite = SrtpCryptoSuite.AesCm128HmacSha1Tag80, KeyBase64 = "ZnQ3eWJraDg0d3ZoYzM5cXN1Y2pnaHU5NWxrZTVv" },
        }));
        await Assert.ThrowsAsync<TypeError>(() => transport.ConnectAsync(new PlainTransportConnectParameters()));
        await Assert.ThrowsAsync<TypeError>(() => transport.ConnectAsync(new PlainTransportConnectParameters { Ip = "::::1234" }));
        // rtcpMux is off, so rtcpPort is required.
        await Assert.ThrowsAsync<TypeError>(() => RawRequestAsync(WireMethods.TransportConnect, $$"""{"transportId":"{{id}}","ip":"127.0.0.1","port":1234,"__rtcpPort":1235}"""));
        await Assert.ThrowsAsync<TypeError>(() => RawRequestAsync(WireMethods.TransportConnect, $$"""{"transportId":"{{id}}","ip":"127.0.0.1","port":"chicken","rtcpPort":1235}"""));
        await Assert.ThrowsAsync<TypeError>(() => RawRequestAsync(WireMethods.TransportConnect, $$"""{"transportId":"{{id}}","ip":"127.0.0.1","__port":"chicken","rtcpPort":1235}"""));

        // With rtcp-mux, an rtcpPort is wrong.
        var muxed = await CreatePlainAsync(router);
        await Assert.ThrowsAsync<TypeError>(() => muxed.ConnectAsync(new PlainTransportConnectParameters { Ip = "127.0.0.1", Port = 1234, RtcpPort = 1235 }));

        // None of them connected.
        Assert.Null(transport.Tuple.RemoteIp);
        await transport.ConnectAsync(new PlainTransportConnectParameters { Ip = "127.0.0.1", Port = 1234, RtcpPort = 1235 });
    }

    [Fact]
    public async Task Get_stats_of_a_fresh_transport_is_one_plain_rtp_transport_entry_with_zero_counters()
    {
        var router = await CreateRouterAsync();
        var transport = await router.CreatePlainTransportAsync(new PlainTransportOptions { ListenIp = new TransportListenIp { Ip = "127.0.0.1" } });

        var stats = Assert.IsType<PlainTransportStats>(Assert.Single(await transport.GetStatsAsync()));
        Assert.Equal("plain-rtp-transport", stats.Type);
        Assert.Equal(transport.Id, stats.TransportId);
        Assert.True(stats.Timestamp > 0);
        Assert.Equal(0, stats.BytesReceived + stats.RecvBitrate + stats.BytesSent + stats.SendBitrate);
        Assert.Equal(0, stats.RtpBytesReceived + stats.RtpRecvBitrate + stats.RtpBytesSent + stats.RtpSendBitrate);
        Assert.Equal(0, stats.RtxBytesReceived + stats.RtxRecvBitrate + stats.RtxBytesSent + stats.RtxSendBitrate);
        Assert.Equal(0, stats.ProbationBytesSent + stats.ProbationSendBitrate);
        Assert.Equal("127.0.0.1", stats.Tuple.LocalIp);
        Assert.Equal("127.0.0.1", stats.Tuple.LocalAddress);
        Assert.Equal(transport.Tuple.LocalPort, stats.Tuple.LocalPort);
        Assert.Equal(TransportProtocol.Udp, stats.Tuple.Protocol);
        Assert.Null(stats.RtcpTuple);
        Assert.True(stats.RtcpMux);
        Assert.False(stats.Comedia);
        Assert.Null(stats.MaxIncomingBitrate);

        var raw = await RawRequestAsync(WireMethods.TransportGetStats, $$"""{"transportId":"{{transport.Id}}"}""");
        var entry = Assert.Single(raw.EnumerateArray());
        Assert.Equal("plain-rtp-transport", entry.GetProperty("type").GetString());
        AssertFields(entry, "transportId", "timestamp", "bytesReceived", "recvBitrate", "bytesSent", "sendBitrate", "rtpBytesReceived",
            "rtpRecvBitrate", "rtpBytesSent", "rtpSendBitrate", "rtxBytesReceived", "rtxRecvBitrate", "rtxBytesSent", "rtxSendBitrate",
            "probationBytesSent", "probationSendBitrate", "rtcpMux", "comedia", "tuple");
        AssertNoFields(entry, "rtcpTuple", "sctpState", "maxIncomingBitrate");
    }

    [Fact]
    public async Task Packets_before_connect_are_dropped_as_not_connected_and_after_it_from_elsewhere_as_unknown_remote()
    {
        var router = await CreateRouterAsync();
        var transport = await router.CreatePlainTransportAsync(new PlainTransportOptions { ListenInfo = Loopback });
        await transport.ProduceAsync(new ProducerOptions { Kind = MediaKind.Audio, RtpParameters = OpusParameters() });
        using var peer = new UdpPeer();
        using var stranger = new UdpPeer();

        peer.Send(TestPackets.Rtp(111, 1, 960, 11111111, TestPackets.OpusFrame), transport.Tuple);
        await WaitUntilAsync(() => transport.DumpAsync(), d => d.PacketDrops?.GetValueOrDefault("notConnected") == 1, "the packet before connect to be dropped");

        await transport.ConnectAsync(new PlainTransportConnectParameters { Ip = "127.0.0.1", Port = peer.Port });
        stranger.Send(TestPackets.Rtp(111, 2, 1920, 11111111, TestPackets.OpusFrame), transport.Tuple);
        peer.Send(TestPackets.Rtp(111, 3, 2880, 11111111, TestPackets.OpusFrame), transport.Tuple);
        var dump = await WaitUntilAsync(() => transport.DumpAsync(), d => d.PacketDrops?.GetValueOrDefault("unknownRemote") == 1, "the stranger's packet to be dropped");
        Assert.Equal(1, dump.PacketDrops!["notConnected"]);
        await WaitUntilAsync(() => transport.GetStatsAsync(), st => st[0].RtpBytesReceived > 0, "the connected peer's packet to be taken");
    }

    [Fact]
    public async Task Comedia_learns_the_rtp_and_rtcp_tuples_from_the_first_packets_and_notifies_them()
    {
        var router = await CreateRouterAsync();
        var transport = await router.CreatePlainTransportAsync(new PlainTransportOptions { ListenInfo = Loopback, Comedia = true, RtcpMux = false });
        var tuples = new EventLog<TransportTuple>();
        var rtcpTuples = new EventLog<TransportTuple>();
        transport.TupleChanged += (_, tuple) => tuples.Add(tuple);
        transport.RtcpTupleChanged += (_, tuple) => rtcpTuples.Add(tuple);
        var notifications = Notifications();
        await transport.ProduceAsync(new ProducerOptions { Kind = MediaKind.Audio, RtpParameters = OpusParameters() });
        using var rtpPeer = new UdpPeer();
        using var rtcpPeer = new UdpPeer();

        rtpPeer.Send(TestPackets.Rtp(111, 1, 960, 11111111, TestPackets.OpusFrame), transport.Tuple);
        var tuple = (await tuples.WaitForCountAsync(1))[0];
        Assert.Equal("127.0.0.1", tuple.RemoteIp);
        Assert.Equal(rtpPeer.Port, tuple.RemotePort);
        Assert.Equal(transport.Tuple.LocalPort, tuple.LocalPort);
        Assert.Equal(tuple, transport.Tuple);

        rtcpPeer.Send(TestPackets.SenderReport(11111111, 960, 1, 8), transport.RtcpTuple!);
        var rtcpTuple = (await rtcpTuples.WaitForCountAsync(1))[0];
        Assert.Equal("127.0.0.1", rtcpTuple.RemoteIp);
        Assert.Equal(rtcpPeer.Port, rtcpTuple.RemotePort);
        Assert.Equal(rtcpTuple, transport.RtcpTuple);

        // The notifications on the wire carry the transport id and the tuple.
        var tupleNotification = await notifications.WaitForAsync(n => n.Method == "transport.tuple", "transport.tuple");
        Assert.Equal(transport.Id, tupleNotification.Data.GetProperty("transportId").GetString());
        Assert.Equal(rtpPeer.Port, tupleNotification.Data.GetProperty("tuple").GetProperty("remotePort").GetInt32());
        var rtcpNotification = await notifications.WaitForAsync(n => n.Method == "transport.rtcptuple", "transport.rtcptuple");
        Assert.Equal(rtcpPeer.Port, rtcpNotification.Data.GetProperty("rtcpTuple").GetProperty("remotePort").GetInt32());

        // Later packets from elsewhere do not move the learned tuple.
        var third = TestPackets.Rtp(111, 3, 2880, 11111111, TestPackets.OpusFrame);
        rtcpPeer.Send(TestPackets.Rtp(111, 2, 1920, 11111111, TestPackets.OpusFrame), transport.Tuple);
        rtpPeer.Send(third, transport.Tuple);
        var stats = await WaitUntilAsync(() => transport.GetStatsAsync(), s => s[0].RtpBytesReceived == 2 * third.Length, "the third packet");
        Assert.Equal(rtpPeer.Port, ((PlainTransportStats)stats[0]).Tuple.RemotePort);
        Assert.Equal(1, tuples.Count);
        await WaitUntilAsync(() => transport.DumpAsync(), d => d.PacketDrops?.GetValueOrDefault("unknownRemote") == 1, "the stray packet to be dropped");
    }

    [Fact]
    public async Task Comedia_with_srtp_needs_connect_with_only_the_srtp_parameters()
    {
        var router = await CreateRouterAsync();
        var transport = await router.CreatePlainTransportAsync(new PlainTransportOptions
        {
            ListenInfo = Loopback, Comedia = true, EnableSrtp = true, SrtpCryptoSuite = SrtpCryptoSuite.AeadAes256Gcm,
        });
        var tuples = new EventLog<TransportTuple>();
        transport.TupleChanged += (_, tuple) => tuples.Add(tuple);
        await transport.ProduceAsync(new ProducerOptions { Kind = MediaKind.Audio, RtpParameters = OpusParameters() });

        await transport.ConnectAsync(new PlainTransportConnectParameters
        {
            SrtpParameters = new SrtpParameters { CryptoSuite = SrtpCryptoSuite.AeadAes256Gcm, KeyBase64 = Aes256GcmKey },
        });
        Assert.Null(transport.Tuple.RemoteIp);

        // The sender protects with its key (the one given to connect); the transport decrypts and learns the tuple.
        using var peer = new UdpPeer();
        using var sender = SrtpContextPair.FromMasterKeys(
            SrtpMasterKey.FromBase64(SrtpProfile.AeadAes256Gcm, Aes256GcmKey),
            SrtpMasterKey.FromBase64(SrtpProfile.AeadAes256Gcm, transport.SrtpParameters!.KeyBase64));
        var packet = TestPackets.Rtp(111, 1, 960, 11111111, TestPackets.OpusFrame);
        var buffer = new byte[packet.Length + 64];
        packet.CopyTo(buffer, 0);
        Assert.True(sender.Send.TryProtectRtp(buffer, packet.Length, out var protectedLength, out _));
        peer.Send(buffer[..protectedLength], transport.Tuple);

        var tuple = (await tuples.WaitForCountAsync(1))[0];
        Assert.Equal(peer.Port, tuple.RemotePort);
    }

    [Theory]
    [InlineData(SrtpCryptoSuite.AesCm128HmacSha1Tag80)]
    [InlineData(SrtpCryptoSuite.AesCm128HmacSha1Tag32)]
    [InlineData(SrtpCryptoSuite.AeadAes128Gcm)]
    [InlineData(SrtpCryptoSuite.AeadAes256Gcm)]
    public async Task A_consumer_on_an_srtp_transport_sends_srtp_that_the_receiver_decrypts_with_the_transport_key(SrtpCryptoSuite suite)
    {
        var router = await CreateRouterAsync();
        var input = await router.CreatePlainTransportAsync(new PlainTransportOptions { ListenInfo = Loopback, Comedia = true });
        var producer = await input.ProduceAsync(new ProducerOptions { Kind = MediaKind.Audio, RtpParameters = OpusParameters() });
        var output = await router.CreatePlainTransportAsync(new PlainTransportOptions { ListenInfo = Loopback, EnableSrtp = true, SrtpCryptoSuite = suite });
        await output.ConsumeAsync(new ConsumerOptions { ProducerId = producer.Id, RtpCapabilities = DeviceCapabilities });
        var profile = suite switch
        {
            SrtpCryptoSuite.AesCm128HmacSha1Tag80 => SrtpProfile.AesCm128HmacSha1_80,
            SrtpCryptoSuite.AesCm128HmacSha1Tag32 => SrtpProfile.AesCm128HmacSha1_32,
            SrtpCryptoSuite.AeadAes128Gcm => SrtpProfile.AeadAes128Gcm,
            _ => SrtpProfile.AeadAes256Gcm,
        };
        var receiverKey = SrtpMasterKey.Generate(profile);
        using var sender = new UdpPeer();
        using var receiver = new UdpPeer();
        await output.ConnectAsync(new PlainTransportConnectParameters
        {
            Ip = "127.0.0.1", Port = receiver.Port,
            SrtpParameters = new SrtpParameters { CryptoSuite = suite, KeyBase64 = receiverKey.ToBase64() },
        });
        Assert.Equal(suite, output.SrtpParameters!.CryptoSuite);

        sender.Send(TestPackets.Rtp(111, 1, 960, 11111111, TestPackets.OpusFrame), input.Tuple);

        var received = (await receiver.Rtp.WaitForCountAsync(1))[0];
        Assert.NotEqual(TestPackets.OpusFrame, received.Payload); // encrypted on the wire
        using var contexts = SrtpContextPair.FromMasterKeys(receiverKey, SrtpMasterKey.FromBase64(profile, output.SrtpParameters.KeyBase64));
        var datagram = received.Datagram.ToArray();
        Assert.True(contexts.Receive.TryUnprotectRtp(datagram, datagram.Length, out var length, out var error), error.ToString());
        Assert.Equal(TestPackets.OpusFrame, datagram[(length - TestPackets.OpusFrame.Length)..length]);
    }

    [Fact]
    public async Task Without_rtcp_mux_rtcp_goes_to_and_comes_from_the_rtcp_ports()
    {
        var router = await CreateRouterAsync();
        var input = await router.CreatePlainTransportAsync(new PlainTransportOptions { ListenInfo = Loopback, Comedia = true });
        var producer = await input.ProduceAsync(new ProducerOptions { Kind = MediaKind.Video, RtpParameters = Vp8Parameters() });
        var output = await router.CreatePlainTransportAsync(new PlainTransportOptions { ListenInfo = Loopback, RtcpMux = false });
        var consumer = await output.ConsumeAsync(new ConsumerOptions { ProducerId = producer.Id, RtpCapabilities = DeviceCapabilities });
        var scores = new EventLog<Contracts.Events.ConsumerScore>();
        consumer.ScoreChanged += (_, score) => scores.Add(score);
        using var sender = new UdpPeer();
        using var rtpReceiver = new UdpPeer();
        using var rtcpReceiver = new UdpPeer();
        await output.ConnectAsync(new PlainTransportConnectParameters { Ip = "127.0.0.1", Port = rtpReceiver.Port, RtcpPort = rtcpReceiver.Port });

        sender.Send(TestPackets.Rtp(96, 1, 3000, 22222222, TestPackets.Vp8KeyFrame), input.Tuple);
        sender.Send(TestPackets.Rtp(96, 2, 6000, 22222222, TestPackets.Vp8DeltaFrame), input.Tuple);

        await rtpReceiver.Rtp.WaitForCountAsync(2);
        await rtcpReceiver.Rtcp.WaitForAsync(r => TestPackets.RtcpPacketTypes(r).Contains(200), "an SR on the RTCP port");
        Assert.Empty(rtpReceiver.Rtcp.Items);
        Assert.Empty(rtcpReceiver.Rtp.Items);

        // An RR is taken on the RTCP port from the RTCP remote, not on the RTP port.
        var ssrc = consumer.RtpParameters.Encodings![0].Ssrc!.Value;
        rtpReceiver.Send(TestPackets.ReceiverReport(1, ssrc, 255, 2, 2), output.Tuple);
        await WaitUntilAsync(() => output.DumpAsync(), d => d.PacketDrops?.GetValueOrDefault("unknownRemote") == 1, "the RR on the RTP port to be dropped");
        Assert.DoesNotContain(scores.Items, s => s.Score < 10);
        rtcpReceiver.Send(TestPackets.ReceiverReport(1, ssrc, 255, 2, 2), output.RtcpTuple!);
        await scores.WaitForAsync(s => s.Score < 10, "the RR's loss in the consumer score");
    }

    [Fact]
    public async Task Trace_event_types_keep_only_known_types_and_bad_types_are_type_errors()
    {
        var router = await CreateRouterAsync();
        var transport = await CreatePlainAsync(router);

        await transport.EnableTraceEventAsync(["foo", "probation"]);
        Assert.Equal(["probation"], (await transport.DumpAsync()).TraceEventTypes);
        await transport.EnableTraceEventAsync();
        Assert.Empty((await transport.DumpAsync()).TraceEventTypes);

        await Assert.ThrowsAsync<TypeError>(() => RawRequestAsync(WireMethods.TransportEnableTraceEvent, $$"""{"transportId":"{{transport.Id}}","types":123}"""));
        await Assert.ThrowsAsync<TypeError>(() => RawRequestAsync(WireMethods.TransportEnableTraceEvent, $$"""{"transportId":"{{transport.Id}}","types":"probation"}"""));
        await Assert.ThrowsAsync<TypeError>(() => RawRequestAsync(WireMethods.TransportEnableTraceEvent, $$"""{"transportId":"{{transport.Id}}","types":["bwe",123.123]}"""));
    }

    [Fact]
    public async Task Bitrate_limits_are_zero_or_at_least_30000_and_the_outgoing_minimum_and_maximum_cannot_cross()
    {
        var router = await CreateRouterAsync();
        var transport = await CreatePlainAsync(router);

        await transport.SetMaxIncomingBitrateAsync(500000);
        Assert.Equal(500000, (await transport.GetStatsAsync())[0].MaxIncomingBitrate);
        await transport.SetMaxIncomingBitrateAsync(0);
        Assert.Null((await transport.GetStatsAsync())[0].MaxIncomingBitrate);
        await Assert.ThrowsAsync<TypeError>(() => transport.SetMaxIncomingBitrateAsync(1000));
        await Assert.ThrowsAsync<TypeError>(() => RawRequestAsync(WireMethods.TransportSetMaxIncomingBitrate, $$"""{"transportId":"{{transport.Id}}","bitrate":"foo"}"""));
        await Assert.ThrowsAsync<TypeError>(() => RawRequestAsync(WireMethods.TransportSetMaxIncomingBitrate, $$"""{"transportId":"{{transport.Id}}","bitrate":-1}"""));

        // T5: min 3e6 then max 2e6 is rejected; so is max 2e6 then min 3e6. 0 always clears.
        await transport.SetMinOutgoingBitrateAsync(3_000_000);
        await Assert.ThrowsAsync<TypeError>(() => transport.SetMaxOutgoingBitrateAsync(2_000_000));
        await transport.SetMinOutgoingBitrateAsync(0);
        await transport.SetMaxOutgoingBitrateAsync(2_000_000);
        await Assert.ThrowsAsync<TypeError>(() => transport.SetMinOutgoingBitrateAsync(3_000_000));
        await transport.SetMinOutgoingBitrateAsync(1_000_000);
        var stats = (await transport.GetStatsAsync())[0];
        Assert.Equal((2_000_000L, 1_000_000L), (stats.MaxOutgoingBitrate!.Value, stats.MinOutgoingBitrate!.Value));
        await transport.SetMaxOutgoingBitrateAsync(0);
        await transport.SetMinOutgoingBitrateAsync(0);
        stats = (await transport.GetStatsAsync())[0];
        Assert.Null(stats.MaxOutgoingBitrate);
        Assert.Null(stats.MinOutgoingBitrate);
    }

    [Fact]
    public async Task Methods_of_a_closed_transport_are_errors_and_close_is_idempotent()
    {
        var router = await CreateRouterAsync();
        var transport = await CreatePlainAsync(router);
        var reasons = new EventLog<string>();
        transport.Closed += (_, e) => reasons.Add(e.Reason);

        await transport.CloseAsync();
        await transport.CloseAsync();

        Assert.True(transport.IsClosed);
        Assert.Equal([CloseReasons.App], reasons.Items);
        await AssertError(() => transport.DumpAsync());
        await AssertError(() => transport.GetStatsAsync());
        await AssertError(() => transport.ConnectAsync(new PlainTransportConnectParameters()));
        await AssertError(() => transport.ProduceAsync(new ProducerOptions { Kind = MediaKind.Audio, RtpParameters = OpusParameters() }));
        await AssertError(() => transport.EnableTraceEventAsync(["probation"]));
        await AssertError(() => transport.SetMaxIncomingBitrateAsync(100000));
        await AssertError(() => transport.SetMaxOutgoingBitrateAsync(100000));
        await AssertError(() => transport.SetMinOutgoingBitrateAsync(100000));
        Assert.Empty((await router.DumpAsync()).TransportIds);
    }

    [Fact]
    public async Task Closing_the_router_closes_the_transport_with_reason_routerclose()
    {
        var router = await CreateRouterAsync();
        var transport = await CreatePlainAsync(router);
        var reasons = new EventLog<string>();
        transport.Closed += (_, e) => reasons.Add(e.Reason);

        await router.CloseAsync();

        Assert.Equal(CloseReasons.RouterClose, (await reasons.WaitForCountAsync(1))[0]);
        Assert.True(transport.IsClosed);
        await AssertError(() => transport.DumpAsync());
    }
}

public sealed class PlainTransportApiInProcessTests(InProcessTargetFixture fixture) : PlainTransportApiTests(fixture), IClassFixture<InProcessTargetFixture>;

public sealed class PlainTransportApiOverWebSocketTests(WebSocketTargetFixture fixture) : PlainTransportApiTests(fixture), IClassFixture<WebSocketTargetFixture>;
