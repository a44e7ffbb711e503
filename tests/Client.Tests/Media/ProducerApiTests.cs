using System.Text.Json;
using Sfu.Contracts;
using Sfu.Contracts.Api;
using Sfu.Contracts.Dumps;
using Sfu.Contracts.Events;
using Sfu.Contracts.Options;
using Sfu.Contracts.Rtp;
using Sfu.Contracts.Stats;
using Sfu.Contracts.Transports;
using Sfu.Contracts.Wire;
using Sfu.Media.Rtp.Extensions;

namespace Sfu.Client.Tests.Media;

/// <summary>
/// mediasoup's Producer (P1–P12, R2, test-Producer) through the C# API and the wire: validation and its error kinds,
/// type, dump normalization, stats, pause and resume, score and video orientation from real RTP, close.
/// </summary>
public abstract class ProducerApiTests(SfuTargetFixture fixture) : MediaApiTestBase(fixture)
{
    [Fact]
    public async Task An_audio_producer_without_encodings_is_simple_and_fills_the_router_map()
    {
        var router = await CreateRouterAsync();
        var transport = await CreatePlainAsync(router);
        var parameters = OpusParameters() with { Encodings = null, Rtcp = new RtcpParameters { Cname = "audio-1" } };

        var producer = await transport.ProduceAsync(new ProducerOptions
        {
            Kind = MediaKind.Audio, RtpParameters = parameters, AppData = new() { ["foo"] = 1, ["bar"] = "2" },
        });

        Assert.False(producer.IsClosed);
        Assert.Equal(transport.Id, producer.TransportId);
        Assert.Equal(MediaKind.Audio, producer.Kind);
        Assert.Equal(ProducerType.Simple, producer.Type);
        Assert.False(producer.IsPaused);
        Assert.Empty(producer.Score);
        Assert.Equal(1, producer.AppData["foo"]!.GetValue<int>());
        Assert.Equal("2", producer.AppData["bar"]!.GetValue<string>());
        Assert.Equal("AUDIO", producer.RtpParameters.Mid);

        var routerDump = await router.DumpAsync();
        var entry = Assert.Single(routerDump.MapProducerIdConsumerIds);
        Assert.Equal(producer.Id, entry.Key);
        Assert.Empty(entry.Values);
        Assert.Empty(routerDump.MapConsumerIdProducerId);
        var transportDump = await transport.DumpAsync();
        Assert.Equal([producer.Id], transportDump.ProducerIds);
        Assert.Empty(transportDump.ConsumerIds);

        var raw = await RawRequestAsync(WireMethods.RouterDump, $$"""{"routerId":"{{router.Id}}"}""");
        var rawEntry = Assert.Single(raw.GetProperty("mapProducerIdConsumerIds").EnumerateArray());
        Assert.Equal(producer.Id, rawEntry.GetProperty("key").GetString());
        Assert.Equal(0, rawEntry.GetProperty("values").GetArrayLength());
    }

    [Fact]
    public async Task A_video_producer_with_four_encodings_is_simulcast_and_one_without_extensions_or_rtcp_works()
    {
        var router = await CreateRouterAsync();
        var transport = await CreatePlainAsync(router);

        var video = await transport.ProduceAsync(new ProducerOptions { Kind = MediaKind.Video, RtpParameters = H264SimulcastParameters() });
        var bare = await transport.ProduceAsync(new ProducerOptions
        {
            Kind = MediaKind.Audio,
            RtpParameters = OpusParameters(mid: "AUDIO2") with { HeaderExtensions = null, Rtcp = null },
        });

        Assert.Equal(ProducerType.Simulcast, video.Type);
        Assert.Equal(MediaKind.Video, video.Kind);
        Assert.Empty(video.Score);
        Assert.Equal(ProducerType.Simple, bare.Type);
        // P4: one VP8 encoding with several spatial layers is simulcast too.
        var layered = await transport.ProduceAsync(new ProducerOptions
        {
            Kind = MediaKind.Video,
            RtpParameters = Vp8Parameters(ssrc: 7, rtxSsrc: null, mid: "LAYERED") with { Encodings = [new RtpEncodingParameters { Ssrc = 7, ScalabilityMode = "L2T3" }] },
        });
        Assert.Equal(ProducerType.Simulcast, layered.Type);
        var routerDump = await router.DumpAsync();
        Assert.Contains(routerDump.MapProducerIdConsumerIds, e => e.Key == video.Id && e.Values.Count == 0);
        Assert.Contains(routerDump.MapProducerIdConsumerIds, e => e.Key == bare.Id && e.Values.Count == 0);
        Assert.Equal(3, routerDump.MapProducerIdConsumerIds.Count);
        Assert.Empty(routerDump.MapConsumerIdProducerId);
    }

    [Fact]
    public async Task A_plain_transport_gives_every_producer_the_first_cname_or_a_random_one()
    {
        var router = await CreateRouterAsync();
        var transport = await CreatePlainAsync(router);
        var first = await transport.ProduceAsync(new ProducerOptions { Kind = MediaKind.Audio, RtpParameters = OpusParameters(cname: "first") });
        var second = await transport.ProduceAsync(new ProducerOptions { Kind = MediaKind.Video, RtpParameters = Vp8Parameters(cname: "second") });
        var third = await transport.ProduceAsync(new ProducerOptions
        {
            Kind = MediaKind.Audio, RtpParameters = OpusParameters(ssrc: 3, mid: "THIRD") with { Rtcp = null },
        });
        var other = await CreatePlainAsync(router);
        var random = await other.ProduceAsync(new ProducerOptions { Kind = MediaKind.Audio, RtpParameters = OpusParameters() with { Rtcp = null } });

        // T7: one CNAME per non-pipe transport, the first given.
        Assert.Equal("first", first.RtpParameters.Rtcp!.Cname);
        Assert.Equal("first", second.RtpParameters.Rtcp!.Cname);
        Assert.Equal("first", third.RtpParameters.Rtcp!.Cname);
        Assert.True(second.RtpParameters.Rtcp.ReducedSize);
        Assert.Equal(8, random.RtpParameters.Rtcp!.Cname!.Length);
        Assert.Equal("first", (await second.DumpAsync()).RtpParameters.Rtcp!.Cname);
    }

    [Fact]
    public async Task Wrong_producer_arguments_are_type_errors()
    {
        var router = await CreateRouterAsync();
        var transport = await CreatePlainAsync(router);
        var id = transport.Id;

        await Assert.ThrowsAsync<TypeError>(() => RawRequestAsync(WireMethods.TransportProduce, $$$"""{"transportId":"{{{id}}}","kind":"chicken","rtpParameters":{}}"""));
        await Assert.ThrowsAsync<TypeError>(() => RawRequestAsync(WireMethods.TransportProduce, $$$"""{"transportId":"{{{id}}}","kind":"audio","rtpParameters":{}}"""));
        await Assert.ThrowsAsync<TypeError>(() => RawRequestAsync(WireMethods.TransportProduce,
            $$$$"""{"transportId":"{{{{id}}}}","kind":"audio","rtpParameters":{"codecs":[],"headerExtensions":[],"encodings":[{"ssrc":"1111"}],"rtcp":{"cname":"qwerty"}}}"""));
        // Video with an empty encodings list.
        await Assert.ThrowsAsync<TypeError>(() => transport.ProduceAsync(new ProducerOptions
        {
            Kind = MediaKind.Video,
            RtpParameters = H264SimulcastParameters() with { Mid = null, Encodings = [] },
        }));
        // An RTX codec whose apt names no media codec.
        await Assert.ThrowsAsync<TypeError>(() => transport.ProduceAsync(new ProducerOptions
        {
            Kind = MediaKind.Audio,
            RtpParameters = new RtpParameters
            {
                Codecs =
                [
                    H264SimulcastParameters().Codecs[0],
                    new RtpCodecParameters { MimeType = "video/rtx", PayloadType = 113, ClockRate = 90000, Parameters = new Dictionary<string, CodecParameterValue> { ["apt"] = 111 } },
                ],
                Encodings = [new RtpEncodingParameters { Ssrc = 6666, Rtx = new RtpEncodingRtx { Ssrc = 6667 } }],
                Rtcp = new RtcpParameters { Cname = "video-1" },
            },
        }));
        // A non-numeric apt.
        await Assert.ThrowsAsync<TypeError>(() => RawRequestAsync(WireMethods.TransportProduce,
            $$$"""{"transportId":"{{{id}}}","kind":"video","rtpParameters":{"codecs":[{"mimeType":"video/VP8","payloadType":96,"clockRate":90000},{"mimeType":"video/rtx","payloadType":97,"clockRate":90000,"parameters":{"apt":"96"}}],"encodings":[{"ssrc":1}]}}"""));
        // A duplicate producer id.
        var first = await transport.ProduceAsync(new ProducerOptions { Kind = MediaKind.Audio, RtpParameters = OpusParameters() });
        await Assert.ThrowsAsync<TypeError>(() => transport.ProduceAsync(new ProducerOptions
        {
            Id = first.Id, Kind = MediaKind.Audio, RtpParameters = OpusParameters(ssrc: 5555, mid: "OTHER"),
        }));
        // Layers on a codec that cannot do simulcast.
        await Assert.ThrowsAsync<TypeError>(() => transport.ProduceAsync(new ProducerOptions
        {
            Kind = MediaKind.Audio,
            RtpParameters = OpusParameters(mid: "MULTI") with { Encodings = [new RtpEncodingParameters { Ssrc = 1 }, new RtpEncodingParameters { Ssrc = 2 }] },
        }));

        Assert.Equal([first.Id], (await transport.DumpAsync()).ProducerIds);
    }

    [Fact]
    public async Task Codecs_the_router_does_not_have_are_unsupported_errors()
    {
        var router = await CreateRouterAsync();
        var transport = await CreatePlainAsync(router);

        await Assert.ThrowsAsync<UnsupportedError>(() => transport.ProduceAsync(new ProducerOptions
        {
            Kind = MediaKind.Audio,
            RtpParameters = new RtpParameters
            {
                Codecs = [new RtpCodecParameters { MimeType = "audio/ISAC", PayloadType = 108, ClockRate = 32000 }],
                HeaderExtensions = [],
                Encodings = [new RtpEncodingParameters { Ssrc = 1111 }],
                Rtcp = new RtcpParameters { Cname = "audio" },
            },
        }));
        await Assert.ThrowsAsync<UnsupportedError>(() => transport.ProduceAsync(new ProducerOptions
        {
            Kind = MediaKind.Video,
            RtpParameters = new RtpParameters
            {
                Codecs =
                [
                    new RtpCodecParameters
                    {
                        MimeType = "video/h264", PayloadType = 112, ClockRate = 90000,
                        Parameters = new Dictionary<string, CodecParameterValue> { ["packetization-mode"] = 1, ["profile-level-id"] = "CHICKEN" },
                    },
                    new RtpCodecParameters { MimeType = "video/rtx", PayloadType = 113, ClockRate = 90000, Parameters = new Dictionary<string, CodecParameterValue> { ["apt"] = 112 } },
                ],
                HeaderExtensions = [],
                Encodings = [new RtpEncodingParameters { Ssrc = 6666, Rtx = new RtpEncodingRtx { Ssrc = 6667 } }],
            },
        }));
    }

    [Fact]
    public async Task A_mid_or_ssrc_already_used_on_the_transport_and_a_single_encoding_without_mid_ssrc_or_rid_are_errors()
    {
        var router = await CreateRouterAsync();
        var transport1 = await CreatePlainAsync(router);
        var transport2 = await CreatePlainAsync(router);
        await transport1.ProduceAsync(new ProducerOptions { Kind = MediaKind.Audio, RtpParameters = OpusParameters() });
        await transport2.ProduceAsync(new ProducerOptions { Kind = MediaKind.Video, RtpParameters = H264SimulcastParameters() });

        await AssertError(() => transport1.ProduceAsync(new ProducerOptions { Kind = MediaKind.Audio, RtpParameters = OpusParameters(ssrc: 33333333) }));
        await AssertError(() => transport2.ProduceAsync(new ProducerOptions
        {
            Kind = MediaKind.Video,
            RtpParameters = Vp8Parameters(ssrc: 22222222, rtxSsrc: null, mid: "VIDEO2"),
        }));
        // Nothing could ever match it. mediasoup's test only asks for a rejection (its TypeError is an Error too).
        await Assert.ThrowsAnyAsync<SfuException>(() => transport1.ProduceAsync(new ProducerOptions
        {
            Kind = MediaKind.Audio,
            RtpParameters = OpusParameters(mid: null) with { Encodings = [new RtpEncodingParameters()] },
        }));
        Assert.Single((await transport1.DumpAsync()).ProducerIds);

        // The same MID and SSRC on another transport are fine.
        await transport2.ProduceAsync(new ProducerOptions { Kind = MediaKind.Audio, RtpParameters = OpusParameters() });
    }

    [Fact]
    public async Task Dump_shows_the_normalized_parameters_and_the_mapping_onto_the_router()
    {
        var router = await CreateRouterAsync();
        var transport = await CreatePlainAsync(router);
        var audio = await transport.ProduceAsync(new ProducerOptions { Kind = MediaKind.Audio, RtpParameters = OpusParameters() });
        var video = await transport.ProduceAsync(new ProducerOptions { Kind = MediaKind.Video, RtpParameters = H264SimulcastParameters() });

        var audioDump = await audio.DumpAsync();
        Assert.Equal(audio.Id, audioDump.Id);
        Assert.Equal(MediaKind.Audio, audioDump.Kind);
        Assert.Equal(ProducerType.Simple, audioDump.Type);
        Assert.False(audioDump.Paused);
        Assert.Empty(audioDump.TraceEventTypes);
        var opus = Assert.Single(audioDump.RtpParameters.Codecs);
        Assert.Equal(("audio/opus", 111, 48000, 2), (opus.MimeType, opus.PayloadType, opus.ClockRate, opus.Channels));
        Assert.Equal(1, opus.Parameters!["useinbandfec"].Number);
        Assert.Equal(1, opus.Parameters["usedtx"].Number);
        Assert.Equal(222.222, opus.Parameters["foo"].Number);
        Assert.Equal("333", opus.Parameters["bar"].String);
        Assert.Empty(opus.RtcpFeedback!);
        Assert.Equal(
            [(RtpHeaderExtensionUris.Mid, 10), (RtpHeaderExtensionUris.SsrcAudioLevel, 12)],
            audioDump.RtpParameters.HeaderExtensions!.Select(e => (e.Uri, e.Id)));
        Assert.All(audioDump.RtpParameters.HeaderExtensions!, e => Assert.False(e.Encrypt));
        Assert.Equal(111, Assert.Single(audioDump.RtpParameters.Encodings!).CodecPayloadType);
        var codecMapping = Assert.Single(audioDump.RtpMapping.Codecs);
        Assert.Equal((111, 100), (codecMapping.PayloadType, codecMapping.MappedPayloadType));
        var encodingMapping = Assert.Single(audioDump.RtpMapping.Encodings);
        Assert.Equal(11111111u, encodingMapping.Ssrc);
        Assert.InRange(encodingMapping.MappedSsrc, 100_000_000u, 999_999_999u);

        var videoDump = await video.DumpAsync();
        Assert.Equal(ProducerType.Simulcast, videoDump.Type);
        Assert.Equal(2, videoDump.RtpParameters.Codecs.Count);
        var h264 = videoDump.RtpParameters.Codecs[0];
        Assert.Equal("video/H264", h264.MimeType); // canonical case
        Assert.Equal(112, h264.PayloadType);
        Assert.Null(h264.Channels);
        Assert.Equal(1, h264.Parameters!["packetization-mode"].Number);
        Assert.Equal("4d0032", h264.Parameters["profile-level-id"].String);
        Assert.Equal(["nack:", "nack:pli", "goog-remb:"], h264.RtcpFeedback!.Select(f => $"{f.Type}:{f.Parameter}"));
        var rtx = videoDump.RtpParameters.Codecs[1];
        Assert.Equal(("video/rtx", 113, 90000), (rtx.MimeType, rtx.PayloadType, rtx.ClockRate));
        Assert.Equal(112, rtx.Parameters!["apt"].Number);
        Assert.Empty(rtx.RtcpFeedback!);
        Assert.Equal(
            [(112, 22222222u, 22222223u, "L1T3"), (112, 22222224u, 22222225u, null), (112, 22222226u, 22222227u, null), (112, 22222228u, 22222229u, null)],
            videoDump.RtpParameters.Encodings!.Select(e => (e.CodecPayloadType ?? 0, e.Ssrc ?? 0, e.Rtx?.Ssrc ?? 0, e.ScalabilityMode)));
        var mapped = videoDump.RtpMapping.Encodings.Select(e => e.MappedSsrc).ToArray();
        Assert.Equal(mapped[0] + 3, mapped[3]); // consecutive mapped SSRCs

        // Numbers keep their JSON type on the wire (1 stays 1, 222.222 stays 222.222).
        var raw = await RawRequestAsync(WireMethods.ProducerDump, $$"""{"producerId":"{{audio.Id}}","transportId":"{{transport.Id}}"}""");
        var parameters = raw.GetProperty("rtpParameters").GetProperty("codecs")[0].GetProperty("parameters");
        Assert.Equal("1", parameters.GetProperty("useinbandfec").GetRawText());
        Assert.Equal("222.222", parameters.GetProperty("foo").GetRawText());
        Assert.Equal("\"333\"", parameters.GetProperty("bar").GetRawText());
        AssertFields(raw, "id", "kind", "type", "rtpParameters", "rtpMapping", "traceEventTypes", "paused");
        AssertNoFields(raw, "rtpStreams");
    }

    [Fact]
    public async Task Get_stats_is_empty_until_rtp_arrives_then_one_inbound_rtp_per_stream()
    {
        var router = await CreateRouterAsync();
        var transport = await router.CreatePlainTransportAsync(new PlainTransportOptions { ListenInfo = Loopback, Comedia = true });
        var producer = await transport.ProduceAsync(new ProducerOptions { Kind = MediaKind.Audio, RtpParameters = OpusParameters() });
        Assert.Empty(await producer.GetStatsAsync());

        using var peer = new UdpPeer();
        for (ushort seq = 1; seq <= 3; seq++)
        {
            peer.Send(TestPackets.Rtp(111, seq, seq * 960u, 11111111, TestPackets.OpusFrame), transport.Tuple);
        }

        var stats = await WaitUntilAsync(() => producer.GetStatsAsync(), s => s.Count == 1 && s[0] is InboundRtpStats { PacketCount: 3 }, "three packets");
        var inbound = Assert.IsType<InboundRtpStats>(stats[0]);
        Assert.Equal("inbound-rtp", inbound.Type);
        Assert.Equal(11111111u, inbound.Ssrc);
        Assert.Equal(MediaKind.Audio, inbound.Kind);
        Assert.Equal("audio/opus", inbound.MimeType);
        Assert.Equal(3 * (12 + TestPackets.OpusFrame.Length), inbound.ByteCount); // whole packets
        Assert.Equal(0, inbound.PacketsLost);
        Assert.Equal(10, inbound.Score);

        var dump = await producer.DumpAsync();
        Assert.Equal(11111111u, Assert.Single(dump.RtpStreams!).Params.Ssrc);
    }

    [Fact]
    public async Task The_first_rtp_packet_of_a_stream_emits_the_producer_score()
    {
        var router = await CreateRouterAsync();
        var transport = await router.CreatePlainTransportAsync(new PlainTransportOptions { ListenInfo = Loopback, Comedia = true });
        var producer = await transport.ProduceAsync(new ProducerOptions { Kind = MediaKind.Video, RtpParameters = Vp8Parameters() });
        var scores = new EventLog<IReadOnlyList<ProducerScore>>();
        producer.ScoreChanged += (_, score) => scores.Add(score);
        var notifications = Notifications();
        using var peer = new UdpPeer();

        peer.Send(TestPackets.Rtp(96, 1, 3000, 22222222, TestPackets.Vp8KeyFrame, marker: true), transport.Tuple);

        var score = Assert.Single((await scores.WaitForCountAsync(1))[0]);
        Assert.Equal(new ProducerScore { EncodingIdx = 0, Ssrc = 22222222, Score = 10 }, score);
        Assert.Equal([score], producer.Score);
        var notification = await notifications.WaitForAsync(n => n.Method == "producer.score", "producer.score");
        Assert.Equal(producer.Id, notification.Data.GetProperty("producerId").GetString());
        var raw = Assert.Single(notification.Data.GetProperty("score").EnumerateArray());
        Assert.Equal(0, raw.GetProperty("encodingIdx").GetInt32());
        Assert.Equal(22222222u, raw.GetProperty("ssrc").GetUInt32());
        Assert.Equal(10, raw.GetProperty("score").GetInt32());
        Assert.False(raw.TryGetProperty("rid", out _));
    }

    [Fact]
    public async Task The_video_orientation_extension_emits_videoorientationchange_on_change()
    {
        var router = await CreateRouterAsync();
        var transport = await router.CreatePlainTransportAsync(new PlainTransportOptions { ListenInfo = Loopback, Comedia = true });
        var producer = await transport.ProduceAsync(new ProducerOptions { Kind = MediaKind.Video, RtpParameters = Vp8Parameters() });
        var orientations = new EventLog<ProducerVideoOrientation>();
        producer.VideoOrientationChanged += (_, o) => orientations.Add(o);
        using var peer = new UdpPeer();

        // urn:3gpp:video-orientation (3GPP TS 26.114 §7.4.5): C=0 F=0 R=90° (1), then the same again, then C=1 R=270° (3).
        peer.Send(TestPackets.Rtp(96, 1, 3000, 22222222, TestPackets.Vp8KeyFrame, extensions: (13, [0x01])), transport.Tuple);
        peer.Send(TestPackets.Rtp(96, 2, 6000, 22222222, TestPackets.Vp8DeltaFrame, extensions: (13, [0x01])), transport.Tuple);
        peer.Send(TestPackets.Rtp(96, 3, 9000, 22222222, TestPackets.Vp8DeltaFrame, extensions: (13, [0x0b])), transport.Tuple);

        var events = await orientations.WaitForCountAsync(2);
        Assert.Equal(new ProducerVideoOrientation { Camera = false, Flip = false, Rotation = 90 }, events[0]);
        Assert.Equal(new ProducerVideoOrientation { Camera = true, Flip = false, Rotation = 270 }, events[1]);
        Assert.Equal(2, orientations.Count);
    }

    [Fact]
    public async Task An_unknown_ssrc_with_a_known_mid_is_accepted_and_learned_by_the_rtp_listener()
    {
        var router = await CreateRouterAsync();
        var transport = await router.CreatePlainTransportAsync(new PlainTransportOptions { ListenInfo = Loopback, Comedia = true });
        var producer = await transport.ProduceAsync(new ProducerOptions
        {
            Kind = MediaKind.Audio,
            RtpParameters = OpusParameters() with { Encodings = [new RtpEncodingParameters()] },
        });
        var before = await transport.DumpAsync();
        Assert.Empty(before.RtpListener.SsrcTable);
        Assert.Equal([new KeyValueEntry<string, string>("AUDIO", producer.Id)], before.RtpListener.MidTable);
        Assert.Equal(10, before.RecvRtpHeaderExtensions.Mid);
        using var peer = new UdpPeer();

        peer.Send(TestPackets.Rtp(111, 1, 960, 44444444, TestPackets.OpusFrame, extensions: (10, "AUDIO"u8.ToArray())), transport.Tuple);

        var after = await WaitUntilAsync(() => transport.DumpAsync(), d => d.RtpListener.SsrcTable.Count == 1, "the learned SSRC");
        Assert.Equal(new KeyValueEntry<uint, string>(44444444, producer.Id), after.RtpListener.SsrcTable[0]);
        var stats = await WaitUntilAsync(() => producer.GetStatsAsync(), s => s.Count == 1, "the producer stream");
        Assert.Equal(44444444u, stats[0].Ssrc);
    }

    [Fact]
    public async Task A_simulcast_producer_with_rids_learns_its_ssrcs_maps_rtx_by_rrid_and_forwards_decapsulated_rtx()
    {
        var router = await CreateRouterAsync();
        var transport = await router.CreatePlainTransportAsync(new PlainTransportOptions { ListenInfo = Loopback, Comedia = true });
        // No MID and no SSRCs: only the RIDs tell the streams apart (MP1).
        var producer = await transport.ProduceAsync(new ProducerOptions
        {
            Kind = MediaKind.Video,
            RtpParameters = Vp8Parameters() with
            {
                Mid = null,
                HeaderExtensions =
                [
                    new RtpHeaderExtensionParameters { Uri = RtpHeaderExtensionUris.RtpStreamId, Id = 10 },
                    new RtpHeaderExtensionParameters { Uri = RtpHeaderExtensionUris.RepairedRtpStreamId, Id = 11 },
                ],
                Encodings = [new RtpEncodingParameters { Rid = "r0" }, new RtpEncodingParameters { Rid = "r1" }],
            },
        });
        Assert.Equal(ProducerType.Simulcast, producer.Type);
        var before = await transport.DumpAsync();
        Assert.Empty(before.RtpListener.SsrcTable);
        Assert.Equal(["r0", "r1"], before.RtpListener.RidTable.Select(e => e.Key).Order());
        var output = await CreatePlainAsync(router);
        var consumer = await output.ConsumeAsync(new ConsumerOptions { ProducerId = producer.Id, RtpCapabilities = DeviceCapabilities, Pipe = true });
        var r0Ssrc = consumer.RtpParameters.Encodings![0].Ssrc!.Value;
        using var sender = new UdpPeer();
        using var receiver = new UdpPeer();
        await output.ConnectAsync(new PlainTransportConnectParameters { Ip = "127.0.0.1", Port = receiver.Port });
        (int, byte[]) Rid(string rid) => (10, System.Text.Encoding.ASCII.GetBytes(rid));
        (int, byte[]) Rrid(string rid) => (11, System.Text.Encoding.ASCII.GetBytes(rid));

        sender.Send(TestPackets.Rtp(96, 1, 3000, 5000, TestPackets.Vp8KeyFrame, false, Rid("r0")), transport.Tuple);
        sender.Send(TestPackets.Rtp(96, 1, 3000, 6000, TestPackets.Vp8KeyFrame, false, Rid("r1")), transport.Tuple);
        var learned = await WaitUntilAsync(() => transport.DumpAsync(), d => d.RtpListener.SsrcTable.Count == 2, "both SSRCs learned");
        Assert.Equal([5000u, 6000u], learned.RtpListener.SsrcTable.Select(e => e.Key).Order());
        Assert.All(learned.RtpListener.SsrcTable, e => Assert.Equal(producer.Id, e.Value));

        // r0 loses sequence number 2; once the SFU asks for it, it comes again as RTX (RFC 4588) on an unknown SSRC
        // tagged with the RRID (a retransmission nobody asked for would not be forwarded, as in mediasoup).
        byte[] lost = [.. TestPackets.Vp8DeltaFrame, 0x42];
        sender.Send(TestPackets.Rtp(96, 3, 9000, 5000, TestPackets.Vp8DeltaFrame, false, Rid("r0")), transport.Tuple);
        var first = await receiver.Rtp.WaitForCountAsync(3);
        var r0First = first.First(p => p.Ssrc == r0Ssrc);
        await sender.Rtcp.WaitForAsync(r => TestPackets.NackItems(r, 5000).Contains(((ushort)2, (ushort)0)), "the NACK of r0's sequence number 2");
        sender.Send(TestPackets.Rtp(97, 100, 6000, 5001, [0x00, 0x02, .. lost], false, Rrid("r0")), transport.Tuple);

        // MP1: the RTX SSRC is mapped to the producer; MP2: the packet is decapsulated (OSN) and forwarded as the
        // original: r0's SSRC, the media payload type, sequence number 2's place, the original payload.
        var recovered = await receiver.Rtp.WaitForAsync(p => p.Ssrc == r0Ssrc && p.Payload.AsSpan().SequenceEqual(lost), "the recovered packet");
        Assert.Equal(consumer.RtpParameters.Codecs[0].PayloadType, recovered.PayloadType);
        Assert.Equal((ushort)(r0First.SequenceNumber + 1), recovered.SequenceNumber);
        Assert.Equal(3000u, recovered.Timestamp - r0First.Timestamp);
        var mapped = await transport.DumpAsync();
        Assert.Contains(mapped.RtpListener.SsrcTable, e => e.Key == 5001 && e.Value == producer.Id);
        var dump = await producer.DumpAsync();
        Assert.Equal(5001u, dump.RtpStreams!.Single(s => s.Params.Rid == "r0").RtxStream!.Params.Ssrc);
    }

    [Fact]
    public async Task Pause_and_resume_change_the_state_and_consumers_hear_only_real_changes()
    {
        var router = await CreateRouterAsync();
        var transport = await CreatePlainAsync(router);
        var producer = await transport.ProduceAsync(new ProducerOptions { Kind = MediaKind.Audio, RtpParameters = OpusParameters() });
        var consumerTransport = await CreatePlainAsync(router);
        var consumer = await consumerTransport.ConsumeAsync(new ConsumerOptions { ProducerId = producer.Id, RtpCapabilities = DeviceCapabilities });
        var events = new EventLog<string>();
        consumer.ProducerPaused += (_, _) => events.Add("pause");
        consumer.ProducerResumed += (_, _) => events.Add("resume");

        await producer.PauseAsync();
        Assert.True(producer.IsPaused);
        Assert.True((await producer.DumpAsync()).Paused);
        await producer.ResumeAsync();
        Assert.False(producer.IsPaused);
        Assert.False((await producer.DumpAsync()).Paused);

        // Repeated calls change nothing: consumers hear pause and resume once per real change (P6).
        await producer.PauseAsync();
        await producer.PauseAsync();
        await producer.PauseAsync();
        await producer.ResumeAsync();

        var all = await events.WaitForCountAsync(4);
        Assert.Equal(["pause", "resume", "pause", "resume"], all);
        Assert.False(consumer.IsProducerPaused);
        Assert.False(producer.IsPaused);
    }

    [Fact]
    public async Task A_paused_producer_forwards_nothing_and_resumes_at_a_key_frame()
    {
        var router = await CreateRouterAsync();
        var input = await router.CreatePlainTransportAsync(new PlainTransportOptions { ListenInfo = Loopback, Comedia = true });
        var producer = await input.ProduceAsync(new ProducerOptions { Kind = MediaKind.Video, RtpParameters = Vp8Parameters(), Paused = true });
        var output = await CreatePlainAsync(router);
        var consumer = await output.ConsumeAsync(new ConsumerOptions { ProducerId = producer.Id, RtpCapabilities = DeviceCapabilities });
        Assert.True(consumer.IsProducerPaused);
        using var sender = new UdpPeer();
        using var receiver = new UdpPeer();
        await output.ConnectAsync(new PlainTransportConnectParameters { Ip = "127.0.0.1", Port = receiver.Port });

        // While paused: a key frame and a delta, not forwarded.
        sender.Send(TestPackets.Rtp(96, 1, 1000, 22222222, TestPackets.Vp8KeyFrame), input.Tuple);
        sender.Send(TestPackets.Rtp(96, 2, 2000, 22222222, TestPackets.Vp8DeltaFrame), input.Tuple);
        await WaitUntilAsync(() => producer.GetStatsAsync(), s => s.Count == 1 && s[0] is InboundRtpStats { PacketCount: 2 }, "the paused packets to be received");

        await producer.ResumeAsync();
        // After resume the consumer waits for a key frame: the delta is dropped, the key frame and what follows go out.
        sender.Send(TestPackets.Rtp(96, 3, 3000, 22222222, TestPackets.Vp8DeltaFrame), input.Tuple);
        sender.Send(TestPackets.Rtp(96, 4, 4000, 22222222, TestPackets.Vp8KeyFrame), input.Tuple);
        sender.Send(TestPackets.Rtp(96, 5, 5000, 22222222, TestPackets.Vp8DeltaFrame), input.Tuple);

        var received = await receiver.Rtp.WaitForCountAsync(2);
        Assert.Equal([4000u, 5000u], received.Select(p => p.Timestamp));
        Assert.Equal((ushort)(received[0].SequenceNumber + 1), received[1].SequenceNumber);
        Assert.Equal(consumer.RtpParameters.Encodings![0].Ssrc, received[0].Ssrc);
        Assert.Equal(consumer.RtpParameters.Codecs[0].PayloadType, received[0].PayloadType);
    }

    [Fact]
    public async Task Trace_event_types_keep_only_known_types_and_bad_types_are_type_errors()
    {
        var router = await CreateRouterAsync();
        var transport = await CreatePlainAsync(router);
        var producer = await transport.ProduceAsync(new ProducerOptions { Kind = MediaKind.Audio, RtpParameters = OpusParameters() });

        await producer.EnableTraceEventAsync(["rtp", "pli"]);
        Assert.Equal(["rtp", "pli"], (await producer.DumpAsync()).TraceEventTypes);
        await producer.EnableTraceEventAsync([]);
        Assert.Empty((await producer.DumpAsync()).TraceEventTypes);
        await producer.EnableTraceEventAsync(["nack", "FOO", "fir"]);
        Assert.Equal(["nack", "fir"], (await producer.DumpAsync()).TraceEventTypes);
        await producer.EnableTraceEventAsync();
        Assert.Empty((await producer.DumpAsync()).TraceEventTypes);

        var ids = $$""" "producerId":"{{producer.Id}}","transportId":"{{transport.Id}}" """;
        await Assert.ThrowsAsync<TypeError>(() => RawRequestAsync(WireMethods.ProducerEnableTraceEvent, $$"""{ {{ids}},"types":123}"""));
        await Assert.ThrowsAsync<TypeError>(() => RawRequestAsync(WireMethods.ProducerEnableTraceEvent, $$"""{ {{ids}},"types":"rtp"}"""));
        await Assert.ThrowsAsync<TypeError>(() => RawRequestAsync(WireMethods.ProducerEnableTraceEvent, $$"""{ {{ids}},"types":["fir",123.123]}"""));
    }

    [Fact]
    public async Task Close_removes_the_producer_from_the_dumps_and_its_methods_become_errors()
    {
        var router = await CreateRouterAsync();
        var transport = await CreatePlainAsync(router);
        var producer = await transport.ProduceAsync(new ProducerOptions { Kind = MediaKind.Audio, RtpParameters = OpusParameters() });
        var reasons = new EventLog<string>();
        producer.Closed += (_, e) => reasons.Add(e.Reason);

        await producer.CloseAsync();
        await producer.CloseAsync();

        Assert.True(producer.IsClosed);
        Assert.Equal([CloseReasons.App], reasons.Items);
        var routerDump = await router.DumpAsync();
        Assert.Empty(routerDump.MapProducerIdConsumerIds);
        Assert.Empty(routerDump.MapConsumerIdProducerId);
        var transportDump = await transport.DumpAsync();
        Assert.Empty(transportDump.ProducerIds);
        Assert.Empty(transportDump.RtpListener.SsrcTable);
        Assert.Empty(transportDump.RtpListener.MidTable);
        await AssertError(() => producer.DumpAsync());
        await AssertError(() => producer.GetStatsAsync());
        await AssertError(() => producer.PauseAsync());
        await AssertError(() => producer.ResumeAsync());
        await AssertError(() => producer.EnableTraceEventAsync(["rtp"]));

        // Its MID and SSRC are free again.
        await transport.ProduceAsync(new ProducerOptions { Kind = MediaKind.Audio, RtpParameters = OpusParameters() });
    }

    [Fact]
    public async Task Closing_the_transport_closes_the_producer_with_reason_transportclose()
    {
        var router = await CreateRouterAsync();
        var transport = await CreatePlainAsync(router);
        var producer = await transport.ProduceAsync(new ProducerOptions { Kind = MediaKind.Video, RtpParameters = H264SimulcastParameters() });
        var reasons = new EventLog<string>();
        producer.Closed += (_, e) => reasons.Add(e.Reason);

        await transport.CloseAsync();

        Assert.Equal(CloseReasons.TransportClose, (await reasons.WaitForCountAsync(1))[0]);
        Assert.True(producer.IsClosed);
        Assert.Empty((await router.DumpAsync()).MapProducerIdConsumerIds);
    }
}

public sealed class ProducerApiInProcessTests(InProcessTargetFixture fixture) : ProducerApiTests(fixture), IClassFixture<InProcessTargetFixture>;

public sealed class ProducerApiOverWebSocketTests(WebSocketTargetFixture fixture) : ProducerApiTests(fixture), IClassFixture<WebSocketTargetFixture>;
