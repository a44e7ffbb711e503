using Sfu.Contracts;
using Sfu.Contracts.Rtp;
using Sfu.Media.Ortc;

namespace Sfu.Media.Tests.Ortc;

using Ortc = Sfu.Media.Ortc.Ortc;

/// <summary>
/// The ORTC side of <c>transport.consume()</c> (reference §1.12 C1–C3, C13 and test-Consumer): <c>canConsume</c>, the
/// consumer's parameters against test-Consumer's device capabilities, and the worker's form that <c>consumer.dump()</c>
/// shows.
/// </summary>
public sealed class ConsumerRtpParametersTests
{
    /// <summary>test-Consumer's router: opus 100, VP8 101 (rtx 102), H264 103 (rtx 104).</summary>
    private static readonly RtpCapabilities RouterCaps = Ortc.GenerateRouterRtpCapabilities(
        JsonAssert.Parse<RtpCodecCapability[]>("""
            [
              { "kind": "audio", "mimeType": "audio/opus", "clockRate": 48000, "channels": 2, "parameters": { "foo": "bar" } },
              { "kind": "video", "mimeType": "video/VP8", "clockRate": 90000 },
              { "kind": "video", "mimeType": "video/H264", "clockRate": 90000,
                "parameters": { "level-asymmetry-allowed": 1, "packetization-mode": 1, "profile-level-id": "4d0032", "foo": "bar" } }
            ]
            """));

    /// <summary>test-Consumer's device: opus 100 (nack), H264 101, rtx 102; extensions 1, 2, 4, 10, 11, 12.</summary>
    private static readonly RtpCapabilities DeviceCaps = JsonAssert.Parse<RtpCapabilities>("""
        {
          "codecs": [
            { "mimeType": "audio/opus", "kind": "audio", "preferredPayloadType": 100, "clockRate": 48000, "channels": 2,
              "rtcpFeedback": [ { "type": "nack", "parameter": "" } ] },
            { "mimeType": "video/H264", "kind": "video", "preferredPayloadType": 101, "clockRate": 90000,
              "parameters": { "level-asymmetry-allowed": 1, "packetization-mode": 1, "profile-level-id": "4d0032" },
              "rtcpFeedback": [ { "type": "nack", "parameter": "" }, { "type": "nack", "parameter": "pli" },
                                { "type": "ccm", "parameter": "fir" }, { "type": "goog-remb", "parameter": "" } ] },
            { "mimeType": "video/rtx", "kind": "video", "preferredPayloadType": 102, "clockRate": 90000,
              "parameters": { "apt": 101 }, "rtcpFeedback": [] }
          ],
          "headerExtensions": [
            { "kind": "audio", "uri": "urn:ietf:params:rtp-hdrext:sdes:mid", "preferredId": 1, "preferredEncrypt": false },
            { "kind": "video", "uri": "urn:ietf:params:rtp-hdrext:sdes:mid", "preferredId": 1, "preferredEncrypt": false },
            { "kind": "video", "uri": "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id", "preferredId": 2, "preferredEncrypt": false },
            { "kind": "audio", "uri": "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time", "preferredId": 4, "preferredEncrypt": false },
            { "kind": "video", "uri": "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time", "preferredId": 4, "preferredEncrypt": false },
            { "kind": "audio", "uri": "urn:ietf:params:rtp-hdrext:ssrc-audio-level", "preferredId": 10, "preferredEncrypt": false },
            { "kind": "video", "uri": "urn:3gpp:video-orientation", "preferredId": 11, "preferredEncrypt": false },
            { "kind": "video", "uri": "urn:ietf:params:rtp-hdrext:toffset", "preferredId": 12, "preferredEncrypt": false }
          ]
        }
        """);

    private static readonly RtpParameters AudioConsumable = Consumable(MediaKind.Audio, """
        {
          "mid": "AUDIO",
          "codecs": [
            { "mimeType": "audio/opus", "payloadType": 111, "clockRate": 48000, "channels": 2,
              "parameters": { "useinbandfec": 1, "usedtx": 1, "foo": 222.222, "bar": "333" } }
          ],
          "headerExtensions": [
            { "uri": "urn:ietf:params:rtp-hdrext:sdes:mid", "id": 10 },
            { "uri": "urn:ietf:params:rtp-hdrext:ssrc-audio-level", "id": 12 }
          ],
          "encodings": [ { "ssrc": 11111111 } ],
          "rtcp": { "cname": "FOOBAR" }
        }
        """);

    private static readonly RtpParameters VideoConsumable = Consumable(MediaKind.Video, VideoProducerJson(firstScalabilityMode: null));

    [Fact]
    public void The_device_can_consume_the_audio_and_the_video_producer()
    {
        Assert.True(Ortc.CanConsume(AudioConsumable, DeviceCaps));
        Assert.True(Ortc.CanConsume(VideoConsumable, DeviceCaps));
    }

    [Fact]
    public void Audio_consumer_gets_the_router_payload_type_the_producer_parameters_and_no_nack_without_rtx()
    {
        var consumer = Ortc.GetConsumerRtpParameters(
            AudioConsumable, DeviceCaps, pipe: false, enableRtx: false, OrtcChainTests.Sequence(600000000));

        JsonAssert.Equal("""
            {
              "codecs": [
                { "mimeType": "audio/opus", "payloadType": 100, "clockRate": 48000, "channels": 2,
                  "parameters": { "useinbandfec": 1, "usedtx": 1, "foo": 222.222, "bar": "333" }, "rtcpFeedback": [] }
              ],
              "headerExtensions": [
                { "uri": "urn:ietf:params:rtp-hdrext:sdes:mid", "id": 1, "encrypt": false, "parameters": {} },
                { "uri": "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time", "id": 4, "encrypt": false, "parameters": {} },
                { "uri": "urn:ietf:params:rtp-hdrext:ssrc-audio-level", "id": 10, "encrypt": false, "parameters": {} }
              ],
              "encodings": [ { "ssrc": 600000000 } ],
              "rtcp": { "cname": "FOOBAR", "reducedSize": true }
            }
            """, consumer);
    }

    [Fact]
    public void Audio_consumer_with_rtx_enabled_keeps_plain_nack()
    {
        var consumer = Ortc.GetConsumerRtpParameters(AudioConsumable, DeviceCaps, pipe: false, enableRtx: true);

        JsonAssert.Equal("""[ { "type": "nack", "parameter": "" } ]""", consumer.Codecs[0].RtcpFeedback);
        // No audio RTX codec exists, so the encoding gets no RTX SSRC.
        Assert.Null(consumer.Encodings![0].Rtx);
    }

    [Fact]
    public void Video_consumer_gets_H264_103_rtx_104_and_keeps_remb_because_abs_send_time_without_twcc()
    {
        var consumer = Ortc.GetConsumerRtpParameters(
            VideoConsumable, DeviceCaps, pipe: false, enableRtx: true, OrtcChainTests.Sequence(600000000));

        JsonAssert.Equal("""
            {
              "codecs": [
                { "mimeType": "video/H264", "payloadType": 103, "clockRate": 90000,
                  "parameters": { "packetization-mode": 1, "profile-level-id": "4d0032" },
                  "rtcpFeedback": [ { "type": "nack", "parameter": "" }, { "type": "nack", "parameter": "pli" },
                                    { "type": "ccm", "parameter": "fir" }, { "type": "goog-remb", "parameter": "" } ] },
                { "mimeType": "video/rtx", "payloadType": 104, "clockRate": 90000, "parameters": { "apt": 103 }, "rtcpFeedback": [] }
              ],
              "headerExtensions": [
                { "uri": "urn:ietf:params:rtp-hdrext:sdes:mid", "id": 1, "encrypt": false, "parameters": {} },
                { "uri": "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time", "id": 4, "encrypt": false, "parameters": {} },
                { "uri": "urn:3gpp:video-orientation", "id": 11, "encrypt": false, "parameters": {} },
                { "uri": "urn:ietf:params:rtp-hdrext:toffset", "id": 12, "encrypt": false, "parameters": {} }
              ],
              "encodings": [ { "ssrc": 600000000, "rtx": { "ssrc": 600000001 }, "scalabilityMode": "L4T1" } ],
              "rtcp": { "cname": "FOOBAR", "reducedSize": true }
            }
            """, consumer);
    }

    [Fact]
    public void Four_simulcast_encodings_of_L1T5_give_L4T5()
    {
        var consumable = Consumable(MediaKind.Video, VideoProducerJson(firstScalabilityMode: "L1T5"));

        var consumer = Ortc.GetConsumerRtpParameters(consumable, DeviceCaps, pipe: false, enableRtx: true);

        Assert.Equal("L4T5", consumer.Encodings![0].ScalabilityMode);
    }

    [Fact]
    public void Video_consumer_without_rtx_drops_the_rtx_codec_and_plain_nack()
    {
        var consumer = Ortc.GetConsumerRtpParameters(
            VideoConsumable, DeviceCaps, pipe: false, enableRtx: false, OrtcChainTests.Sequence(600000000));

        Assert.Single(consumer.Codecs);
        JsonAssert.Equal(
            """[ { "type": "nack", "parameter": "pli" }, { "type": "ccm", "parameter": "fir" }, { "type": "goog-remb", "parameter": "" } ]""",
            consumer.Codecs[0].RtcpFeedback);
        JsonAssert.Equal("""[ { "ssrc": 600000000, "scalabilityMode": "L4T1" } ]""", consumer.Encodings);
    }

    [Fact]
    public void Pipe_consumer_through_consume_keeps_all_four_encodings_and_rtx()
    {
        var consumer = Ortc.GetConsumerRtpParameters(
            VideoConsumable, DeviceCaps, pipe: true, enableRtx: true, OrtcChainTests.Sequence(600000000, 610000000));

        Assert.Null(consumer.Mid);
        JsonAssert.Equal("""
            [
              { "mimeType": "video/H264", "payloadType": 103, "clockRate": 90000,
                "parameters": { "packetization-mode": 1, "profile-level-id": "4d0032" },
                "rtcpFeedback": [ { "type": "nack", "parameter": "" }, { "type": "nack", "parameter": "pli" },
                                  { "type": "ccm", "parameter": "fir" }, { "type": "goog-remb", "parameter": "" } ] },
              { "mimeType": "video/rtx", "payloadType": 104, "clockRate": 90000, "parameters": { "apt": 103 }, "rtcpFeedback": [] }
            ]
            """, consumer.Codecs);
        JsonAssert.Equal("""
            [
              { "ssrc": 600000000, "rtx": { "ssrc": 610000000 }, "dtx": false },
              { "ssrc": 600000001, "rtx": { "ssrc": 610000001 }, "dtx": false },
              { "ssrc": 600000002, "rtx": { "ssrc": 610000002 }, "dtx": false },
              { "ssrc": 600000003, "rtx": { "ssrc": 610000003 }, "dtx": false }
            ]
            """, consumer.Encodings);
    }

    [Fact]
    public void Consumer_ssrcs_are_random_in_mediasoups_range_with_rtx_one_above()
    {
        var consumer = Ortc.GetConsumerRtpParameters(VideoConsumable, DeviceCaps, pipe: false, enableRtx: true);

        var ssrc = consumer.Encodings![0].Ssrc!.Value;
        Assert.InRange(ssrc, 100_000_000u, 999_999_999u);
        Assert.Equal(ssrc + 1, consumer.Encodings[0].Rtx!.Ssrc);
    }

    [Fact]
    public void Dumps_show_codecPayloadType_and_feedback_without_empty_parameters()
    {
        var audio = Ortc.CanonicalizeRtpParameters(
            Ortc.GetConsumerRtpParameters(AudioConsumable, DeviceCaps, pipe: false, enableRtx: false) with { Mid = "0" });
        var video = Ortc.CanonicalizeRtpParameters(
            Ortc.GetConsumerRtpParameters(VideoConsumable, DeviceCaps, pipe: false, enableRtx: true) with { Mid = "1" });

        Assert.Equal(100, audio.Encodings![0].CodecPayloadType);
        Assert.Equal(3, audio.HeaderExtensions!.Count);
        Assert.Equal(103, video.Encodings![0].CodecPayloadType);
        Assert.Equal("L4T1", video.Encodings[0].ScalabilityMode);
        JsonAssert.Equal(
            """[ { "type": "nack" }, { "type": "nack", "parameter": "pli" }, { "type": "ccm", "parameter": "fir" }, { "type": "goog-remb" } ]""",
            video.Codecs[0].RtcpFeedback);
        Assert.Equal(4, video.HeaderExtensions!.Count);
    }

    [Fact]
    public void Transport_cc_wins_over_remb_when_the_device_has_the_twcc_extension()
    {
        var caps = DeviceCaps with
        {
            Codecs =
            [
                DeviceCaps.Codecs![1] with
                {
                    RtcpFeedback =
                    [
                        new RtcpFeedback("nack", ""), new RtcpFeedback("goog-remb", ""), new RtcpFeedback("transport-cc", ""),
                    ],
                },
            ],
            HeaderExtensions =
            [
                .. DeviceCaps.HeaderExtensions!,
                new RtpHeaderExtension
                {
                    Kind = MediaKind.Video, Uri = RtpHeaderExtensionUris.TransportWideCc01, PreferredId = 5,
                },
            ],
        };

        var consumer = Ortc.GetConsumerRtpParameters(VideoConsumable, caps, pipe: false, enableRtx: false);

        JsonAssert.Equal("""[ { "type": "transport-cc", "parameter": "" } ]""", consumer.Codecs[0].RtcpFeedback);
    }

    [Fact]
    public void Without_abs_send_time_or_twcc_neither_remb_nor_transport_cc_is_kept()
    {
        var caps = DeviceCaps with
        {
            Codecs =
            [
                DeviceCaps.Codecs![1] with
                {
                    RtcpFeedback = [new RtcpFeedback("nack", "pli"), new RtcpFeedback("goog-remb"), new RtcpFeedback("transport-cc")],
                },
            ],
            HeaderExtensions = [],
        };

        var consumer = Ortc.GetConsumerRtpParameters(VideoConsumable, caps, pipe: false, enableRtx: false);

        JsonAssert.Equal("""[ { "type": "nack", "parameter": "pli" } ]""", consumer.Codecs[0].RtcpFeedback);
        Assert.Empty(consumer.HeaderExtensions!);
    }

    [Fact]
    public void Header_extensions_need_the_same_id_and_uri_on_the_device()
    {
        var caps = DeviceCaps with
        {
            HeaderExtensions =
            [
                // Same URI, other id: not kept.
                new RtpHeaderExtension { Kind = MediaKind.Video, Uri = RtpHeaderExtensionUris.VideoOrientation, PreferredId = 3 },
                // Same id, other URI: not kept.
                new RtpHeaderExtension { Kind = MediaKind.Video, Uri = RtpHeaderExtensionUris.FrameMarking, PreferredId = 12 },
                new RtpHeaderExtension { Kind = MediaKind.Video, Uri = RtpHeaderExtensionUris.Mid, PreferredId = 1 },
            ],
        };

        var consumer = Ortc.GetConsumerRtpParameters(VideoConsumable, caps, pipe: false, enableRtx: false);

        JsonAssert.Equal(
            """[ { "uri": "urn:ietf:params:rtp-hdrext:sdes:mid", "id": 1, "encrypt": false, "parameters": {} } ]""",
            consumer.HeaderExtensions);
    }

    [Fact]
    public void The_highest_max_bitrate_of_the_producer_encodings_is_kept()
    {
        var consumable = VideoConsumable with
        {
            Encodings =
            [
                VideoConsumable.Encodings![0] with { MaxBitrate = 100000 },
                VideoConsumable.Encodings[1] with { MaxBitrate = 900000 },
                VideoConsumable.Encodings[2] with { MaxBitrate = 300000 },
            ],
        };

        var consumer = Ortc.GetConsumerRtpParameters(consumable, DeviceCaps, pipe: false, enableRtx: false);

        Assert.Equal(900000, consumer.Encodings![0].MaxBitrate);
        Assert.Equal("L3T1", consumer.Encodings[0].ScalabilityMode);
    }

    [Fact]
    public void A_single_encoding_keeps_its_scalability_mode_as_given()
    {
        var consumable = VideoConsumable with { Encodings = [VideoConsumable.Encodings![0] with { ScalabilityMode = "L3T3_KEY" }] };

        var consumer = Ortc.GetConsumerRtpParameters(consumable, DeviceCaps, pipe: false, enableRtx: false);

        Assert.Equal("L3T3_KEY", consumer.Encodings![0].ScalabilityMode);
    }

    [Fact]
    public void A_device_with_only_another_codec_cannot_consume_and_consuming_is_an_UnsupportedError()
    {
        var isac = JsonAssert.Parse<RtpCapabilities>("""
            { "codecs": [ { "kind": "audio", "mimeType": "audio/ISAC", "preferredPayloadType": 100, "clockRate": 32000, "channels": 1 } ],
              "headerExtensions": [] }
            """);

        Assert.False(Ortc.CanConsume(AudioConsumable, isac));
        var error = Assert.Throws<UnsupportedError>(() =>
            Ortc.GetConsumerRtpParameters(AudioConsumable, isac, pipe: false, enableRtx: false));
        Assert.Equal("no compatible media codecs", error.Message);
    }

    [Fact]
    public void A_device_without_codecs_cannot_consume_and_consuming_is_an_UnsupportedError()
    {
        var empty = JsonAssert.Parse<RtpCapabilities>("""{ "codecs": [], "headerExtensions": [] }""");

        Assert.False(Ortc.CanConsume(AudioConsumable, empty));
        Assert.Throws<UnsupportedError>(() =>
            Ortc.GetConsumerRtpParameters(AudioConsumable, empty, pipe: false, enableRtx: false));
        // Absent lists count as empty.
        Assert.False(Ortc.CanConsume(AudioConsumable, new RtpCapabilities()));
    }

    [Fact]
    public void A_device_that_matches_only_the_rtx_codec_cannot_consume()
    {
        var rtxOnly = DeviceCaps with { Codecs = [DeviceCaps.Codecs![2]] };

        Assert.False(Ortc.CanConsume(VideoConsumable, rtxOnly));
        Assert.Throws<UnsupportedError>(() =>
            Ortc.GetConsumerRtpParameters(VideoConsumable, rtxOnly, pipe: false, enableRtx: true));
    }

    [Fact]
    public void A_device_with_another_H264_profile_cannot_consume()
    {
        var baseline = DeviceCaps with
        {
            Codecs =
            [
                DeviceCaps.Codecs![1] with
                {
                    Parameters = new Dictionary<string, CodecParameterValue>
                    {
                        ["packetization-mode"] = 1, ["profile-level-id"] = "42e01f",
                    },
                },
            ],
        };

        Assert.False(Ortc.CanConsume(VideoConsumable, baseline));
    }

    [Fact]
    public void Invalid_device_capabilities_are_a_TypeError()
    {
        var invalid = new RtpCapabilities { Codecs = [new RtpCodecCapability { MimeType = "opus", ClockRate = 48000 }] };

        Assert.Throws<TypeError>(() => Ortc.CanConsume(AudioConsumable, invalid));
        Assert.Throws<TypeError>(() => Ortc.GetConsumerRtpParameters(AudioConsumable, invalid, pipe: false, enableRtx: false));
    }

    private static string VideoProducerJson(string? firstScalabilityMode) => $$"""
        {
          "mid": "VIDEO",
          "codecs": [
            { "mimeType": "video/h264", "payloadType": 112, "clockRate": 90000,
              "parameters": { "packetization-mode": 1, "profile-level-id": "4d0032" },
              "rtcpFeedback": [ { "type": "nack", "parameter": "" }, { "type": "nack", "parameter": "pli" },
                                { "type": "goog-remb", "parameter": "" } ] },
            { "mimeType": "video/rtx", "payloadType": 113, "clockRate": 90000, "parameters": { "apt": 112 } }
          ],
          "headerExtensions": [
            { "uri": "urn:ietf:params:rtp-hdrext:sdes:mid", "id": 10 },
            { "uri": "urn:3gpp:video-orientation", "id": 13 }
          ],
          "encodings": [
            { "ssrc": 22222222, "rtx": { "ssrc": 22222223 }{{(firstScalabilityMode is null ? "" : $", \"scalabilityMode\": \"{firstScalabilityMode}\"")}} },
            { "ssrc": 22222224, "rtx": { "ssrc": 22222225 } },
            { "ssrc": 22222226, "rtx": { "ssrc": 22222227 } },
            { "ssrc": 22222228, "rtx": { "ssrc": 22222229 } }
          ],
          "rtcp": { "cname": "FOOBAR" }
        }
        """;

    private static RtpParameters Consumable(MediaKind kind, string producerJson)
    {
        var normalized = Ortc.NormalizeProducerRtpParameters(JsonAssert.Parse<RtpParameters>(producerJson));
        var mapping = Ortc.GetProducerRtpParametersMapping(normalized, RouterCaps, out var matched);
        return Ortc.GetConsumableRtpParameters(kind, matched, RouterCaps, mapping);
    }
}
