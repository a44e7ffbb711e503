using Sfu.Contracts;
using Sfu.Contracts.Rtp;
using Sfu.Media.Ortc;

namespace Sfu.Media.Tests.Ortc;

using Ortc = Sfu.Media.Ortc.Ortc;

/// <summary>
/// The ORTC side of <c>transport.produce()</c> (reference §1.11 P1, P2, P11 and test-Producer): normalization, mapping
/// against the router, consumable parameters, and the worker's canonical form that <c>producer.dump()</c> shows.
/// </summary>
public sealed class ProducerRtpParametersTests
{
    /// <summary>test-Producer's router: opus 100, VP8 101 (rtx 102), H264 103 (rtx 104).</summary>
    private static readonly RtpCapabilities RouterCaps = Ortc.GenerateRouterRtpCapabilities(
        JsonAssert.Parse<RtpCodecCapability[]>("""
            [
              { "kind": "audio", "mimeType": "audio/opus", "clockRate": 48000, "channels": 2, "parameters": { "foo": "111" } },
              { "kind": "video", "mimeType": "video/VP8", "clockRate": 90000 },
              { "kind": "video", "mimeType": "video/H264", "clockRate": 90000,
                "parameters": { "level-asymmetry-allowed": 1, "packetization-mode": 1, "profile-level-id": "4d0032", "foo": "bar" },
                "rtcpFeedback": [] }
            ]
            """));

    private const string AudioParametersJson = """
        {
          "mid": "AUDIO",
          "codecs": [
            { "mimeType": "audio/opus", "payloadType": 0, "clockRate": 48000, "channels": 2,
              "parameters": { "useinbandfec": 1, "usedtx": 1, "foo": 222.222, "bar": "333" } }
          ],
          "headerExtensions": [
            { "uri": "urn:ietf:params:rtp-hdrext:sdes:mid", "id": 10 },
            { "uri": "urn:ietf:params:rtp-hdrext:ssrc-audio-level", "id": 12 }
          ],
          "rtcp": { "cname": "audio-1" }
        }
        """;

    private const string VideoParametersJson = """
        {
          "mid": "VIDEO",
          "codecs": [
            { "mimeType": "video/h264", "payloadType": 112, "clockRate": 90000,
              "parameters": { "packetization-mode": 1, "profile-level-id": "4d0032" },
              "rtcpFeedback": [ { "type": "nack" }, { "type": "nack", "parameter": "pli" }, { "type": "goog-remb" } ] },
            { "mimeType": "video/rtx", "payloadType": 113, "clockRate": 90000, "parameters": { "apt": 112 } }
          ],
          "headerExtensions": [
            { "uri": "urn:ietf:params:rtp-hdrext:sdes:mid", "id": 10 },
            { "uri": "urn:3gpp:video-orientation", "id": 13 }
          ],
          "encodings": [
            { "ssrc": 22222222, "rtx": { "ssrc": 22222223 }, "scalabilityMode": "L1T3" },
            { "ssrc": 22222224, "rtx": { "ssrc": 22222225 } },
            { "ssrc": 22222226, "rtx": { "ssrc": 22222227 } },
            { "ssrc": 22222228, "rtx": { "ssrc": 22222229 } }
          ],
          "rtcp": { "cname": "video-1" }
        }
        """;

    [Fact]
    public void An_audio_producer_without_encodings_gets_one_empty_encoding()
    {
        var produced = Produce(MediaKind.Audio, JsonAssert.Parse<RtpParameters>(AudioParametersJson));

        JsonAssert.Equal("""
            {
              "mid": "AUDIO",
              "codecs": [
                { "mimeType": "audio/opus", "payloadType": 0, "clockRate": 48000, "channels": 2,
                  "parameters": { "useinbandfec": 1, "usedtx": 1, "foo": 222.222, "bar": "333" }, "rtcpFeedback": [] }
              ],
              "headerExtensions": [
                { "uri": "urn:ietf:params:rtp-hdrext:sdes:mid", "id": 10, "encrypt": false, "parameters": {} },
                { "uri": "urn:ietf:params:rtp-hdrext:ssrc-audio-level", "id": 12, "encrypt": false, "parameters": {} }
              ],
              "encodings": [ { "dtx": false } ],
              "rtcp": { "cname": "audio-1", "reducedSize": true }
            }
            """, produced.RtpParameters);
        JsonAssert.Equal("""
            { "codecs": [ { "payloadType": 0, "mappedPayloadType": 100 } ], "encodings": [ { "mappedSsrc": 400000000 } ] }
            """, produced.Mapping);
    }

    [Fact]
    public void Audio_consumable_parameters_carry_the_router_codec_and_the_audio_header_extensions()
    {
        var produced = Produce(MediaKind.Audio, JsonAssert.Parse<RtpParameters>(AudioParametersJson));

        JsonAssert.Equal("""
            {
              "codecs": [
                { "mimeType": "audio/opus", "payloadType": 100, "clockRate": 48000, "channels": 2,
                  "parameters": { "useinbandfec": 1, "usedtx": 1, "foo": 222.222, "bar": "333" },
                  "rtcpFeedback": [ { "type": "nack", "parameter": "" }, { "type": "transport-cc", "parameter": "" } ] }
              ],
              "headerExtensions": [
                { "uri": "urn:ietf:params:rtp-hdrext:sdes:mid", "id": 1, "encrypt": false, "parameters": {} },
                { "uri": "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time", "id": 4, "encrypt": false, "parameters": {} },
                { "uri": "urn:ietf:params:rtp-hdrext:ssrc-audio-level", "id": 10, "encrypt": false, "parameters": {} },
                { "uri": "http://www.webrtc.org/experiments/rtp-hdrext/abs-capture-time", "id": 13, "encrypt": false, "parameters": {} },
                { "uri": "http://www.webrtc.org/experiments/rtp-hdrext/playout-delay", "id": 14, "encrypt": false, "parameters": {} }
              ],
              "encodings": [ { "ssrc": 400000000, "dtx": false } ],
              "rtcp": { "cname": "audio-1", "reducedSize": true }
            }
            """, produced.Consumable);
    }

    [Fact]
    public void Audio_dump_fills_codecPayloadType_and_keeps_number_types()
    {
        var produced = Produce(MediaKind.Audio, JsonAssert.Parse<RtpParameters>(AudioParametersJson));

        JsonAssert.Equal("""
            {
              "mid": "AUDIO",
              "codecs": [
                { "mimeType": "audio/opus", "payloadType": 0, "clockRate": 48000, "channels": 2,
                  "parameters": { "useinbandfec": 1, "usedtx": 1, "foo": 222.222, "bar": "333" }, "rtcpFeedback": [] }
              ],
              "headerExtensions": [
                { "uri": "urn:ietf:params:rtp-hdrext:sdes:mid", "id": 10, "parameters": {}, "encrypt": false },
                { "uri": "urn:ietf:params:rtp-hdrext:ssrc-audio-level", "id": 12, "parameters": {}, "encrypt": false }
              ],
              "encodings": [ { "codecPayloadType": 0, "dtx": false } ],
              "rtcp": { "cname": "audio-1", "reducedSize": true }
            }
            """, produced.Dump);
        var foo = produced.Dump.Codecs[0].Parameters!["foo"];
        Assert.True(foo.IsNumber);
        Assert.Equal(222.222, foo.Number);
        Assert.True(produced.Dump.Codecs[0].Parameters!["bar"].IsString);
    }

    [Fact]
    public void Video_dump_canonicalizes_the_mime_type_and_omits_empty_feedback_parameters()
    {
        var produced = Produce(MediaKind.Video, JsonAssert.Parse<RtpParameters>(VideoParametersJson));

        JsonAssert.Equal("""
            {
              "mid": "VIDEO",
              "codecs": [
                { "mimeType": "video/H264", "payloadType": 112, "clockRate": 90000,
                  "parameters": { "packetization-mode": 1, "profile-level-id": "4d0032" },
                  "rtcpFeedback": [ { "type": "nack" }, { "type": "nack", "parameter": "pli" }, { "type": "goog-remb" } ] },
                { "mimeType": "video/rtx", "payloadType": 113, "clockRate": 90000, "parameters": { "apt": 112 }, "rtcpFeedback": [] }
              ],
              "headerExtensions": [
                { "uri": "urn:ietf:params:rtp-hdrext:sdes:mid", "id": 10, "parameters": {}, "encrypt": false },
                { "uri": "urn:3gpp:video-orientation", "id": 13, "parameters": {}, "encrypt": false }
              ],
              "encodings": [
                { "codecPayloadType": 112, "ssrc": 22222222, "rtx": { "ssrc": 22222223 }, "scalabilityMode": "L1T3", "dtx": false },
                { "codecPayloadType": 112, "ssrc": 22222224, "rtx": { "ssrc": 22222225 }, "dtx": false },
                { "codecPayloadType": 112, "ssrc": 22222226, "rtx": { "ssrc": 22222227 }, "dtx": false },
                { "codecPayloadType": 112, "ssrc": 22222228, "rtx": { "ssrc": 22222229 }, "dtx": false }
              ],
              "rtcp": { "cname": "video-1", "reducedSize": true }
            }
            """, produced.Dump);
        Assert.Null(produced.Dump.Codecs[0].Channels);
    }

    [Fact]
    public void Video_producer_keeps_its_own_mime_type_spelling_and_normalized_feedback()
    {
        var produced = Produce(MediaKind.Video, JsonAssert.Parse<RtpParameters>(VideoParametersJson));

        Assert.Equal("video/h264", produced.RtpParameters.Codecs[0].MimeType);
        JsonAssert.Equal(
            """[ { "type": "nack", "parameter": "" }, { "type": "nack", "parameter": "pli" }, { "type": "goog-remb", "parameter": "" } ]""",
            produced.RtpParameters.Codecs[0].RtcpFeedback);
        JsonAssert.Equal("""
            { "codecs": [ { "payloadType": 112, "mappedPayloadType": 103 }, { "payloadType": 113, "mappedPayloadType": 104 } ],
              "encodings": [
                { "ssrc": 22222222, "scalabilityMode": "L1T3", "mappedSsrc": 400000000 },
                { "ssrc": 22222224, "mappedSsrc": 400000001 },
                { "ssrc": 22222226, "mappedSsrc": 400000002 },
                { "ssrc": 22222228, "mappedSsrc": 400000003 }
              ] }
            """, produced.Mapping);
    }

    [Fact]
    public void Video_consumable_parameters_have_four_encodings_with_mapped_ssrcs_and_no_rtx()
    {
        var produced = Produce(MediaKind.Video, JsonAssert.Parse<RtpParameters>(VideoParametersJson));

        JsonAssert.Equal("""
            [
              { "mimeType": "video/H264", "payloadType": 103, "clockRate": 90000,
                "parameters": { "packetization-mode": 1, "profile-level-id": "4d0032" },
                "rtcpFeedback": [ { "type": "nack", "parameter": "" }, { "type": "nack", "parameter": "pli" },
                                  { "type": "ccm", "parameter": "fir" }, { "type": "goog-remb", "parameter": "" },
                                  { "type": "transport-cc", "parameter": "" } ] },
              { "mimeType": "video/rtx", "payloadType": 104, "clockRate": 90000, "parameters": { "apt": 103 }, "rtcpFeedback": [] }
            ]
            """, produced.Consumable.Codecs);
        JsonAssert.Equal("""
            [
              { "ssrc": 400000000, "scalabilityMode": "L1T3", "dtx": false },
              { "ssrc": 400000001, "dtx": false },
              { "ssrc": 400000002, "dtx": false },
              { "ssrc": 400000003, "dtx": false }
            ]
            """, produced.Consumable.Encodings);
        Assert.Equal(9, produced.Consumable.HeaderExtensions!.Count);
    }

    [Fact]
    public void A_producer_without_header_extensions_or_rtcp_is_accepted()
    {
        var produced = Produce(MediaKind.Audio, JsonAssert.Parse<RtpParameters>("""
            {
              "mid": "AUDIO2",
              "codecs": [
                { "mimeType": "audio/opus", "payloadType": 0, "clockRate": 48000, "channels": 2,
                  "parameters": { "useinbandfec": 1, "usedtx": 1, "foo": 222.222, "bar": "333" } }
              ]
            }
            """));

        Assert.Empty(produced.RtpParameters.HeaderExtensions!);
        JsonAssert.Equal("""{ "reducedSize": true }""", produced.RtpParameters.Rtcp);
        JsonAssert.Equal("""{ "reducedSize": true }""", produced.Consumable.Rtcp);
    }

    [Fact]
    public void The_negotiated_profile_level_id_is_written_into_the_producer_parameters()
    {
        // The producer offers level 5.1 without level-asymmetry-allowed; the router has 5.0 (4d0032): the answer is 5.0.
        var given = JsonAssert.Parse<RtpParameters>("""
            {
              "mid": "VIDEO",
              "codecs": [
                { "mimeType": "video/H264", "payloadType": 112, "clockRate": 90000,
                  "parameters": { "packetization-mode": 1, "profile-level-id": "4D0033", "x": 1 } }
              ],
              "encodings": [ { "ssrc": 1234 } ]
            }
            """);

        var produced = Produce(MediaKind.Video, given);

        Assert.Equal("""{"packetization-mode":1,"profile-level-id":"4d0032","x":1}""",
            Sfu.Contracts.Json.SfuJson.Serialize(produced.RtpParameters.Codecs[0].Parameters));
        Assert.Equal("4d0032", produced.Consumable.Codecs[0].Parameters!["profile-level-id"].String);
        // The caller's value is untouched.
        Assert.Equal("4D0033", given.Codecs[0].Parameters!["profile-level-id"].String);
    }

    [Fact]
    public void Empty_rtp_parameters_are_a_TypeError()
    {
        Assert.Throws<TypeError>(() => Produce(MediaKind.Audio, new RtpParameters()));
        Assert.Throws<TypeError>(() => Produce(MediaKind.Audio, JsonAssert.Parse<RtpParameters>("{}")));
    }

    [Fact]
    public void No_codecs_are_a_TypeError()
    {
        var error = Assert.Throws<TypeError>(() => Produce(MediaKind.Audio, JsonAssert.Parse<RtpParameters>("""
            { "codecs": [], "headerExtensions": [], "encodings": [ { "ssrc": 1111 } ], "rtcp": { "cname": "qwerty" } }
            """)));
        Assert.Equal("empty codecs", error.Message);
    }

    [Fact]
    public void Empty_video_encodings_without_a_mid_are_a_TypeError()
    {
        Assert.Throws<TypeError>(() => Produce(MediaKind.Video, JsonAssert.Parse<RtpParameters>("""
            {
              "codecs": [
                { "mimeType": "video/h264", "payloadType": 112, "clockRate": 90000,
                  "parameters": { "packetization-mode": 1, "profile-level-id": "4d0032" } },
                { "mimeType": "video/rtx", "payloadType": 113, "clockRate": 90000, "parameters": { "apt": 112 } }
              ],
              "headerExtensions": [],
              "encodings": [],
              "rtcp": { "cname": "qwerty" }
            }
            """)));
    }

    [Fact]
    public void A_single_encoding_without_ssrc_rid_or_mid_is_rejected()
    {
        Assert.Throws<TypeError>(() => Produce(MediaKind.Audio, JsonAssert.Parse<RtpParameters>("""
            {
              "codecs": [ { "mimeType": "audio/opus", "payloadType": 111, "clockRate": 48000, "channels": 2 } ],
              "encodings": [ {} ],
              "rtcp": { "cname": "audio-2" }
            }
            """)));
    }

    [Fact]
    public void Several_encodings_each_need_an_ssrc_or_a_rid()
    {
        Assert.Throws<TypeError>(() => Produce(MediaKind.Video, JsonAssert.Parse<RtpParameters>("""
            {
              "mid": "V",
              "codecs": [ { "mimeType": "video/VP8", "payloadType": 96, "clockRate": 90000 } ],
              "encodings": [ { "rid": "r0" }, { "maxBitrate": 100000 } ]
            }
            """)));
    }

    [Fact]
    public void An_rtx_apt_that_names_no_media_codec_is_a_TypeError()
    {
        var error = Assert.Throws<TypeError>(() => Produce(MediaKind.Audio, JsonAssert.Parse<RtpParameters>("""
            {
              "codecs": [
                { "mimeType": "video/h264", "payloadType": 112, "clockRate": 90000,
                  "parameters": { "packetization-mode": 1, "profile-level-id": "4d0032" } },
                { "mimeType": "video/rtx", "payloadType": 113, "clockRate": 90000, "parameters": { "apt": 111 } }
              ],
              "headerExtensions": [],
              "encodings": [ { "ssrc": 6666, "rtx": { "ssrc": 6667 } } ],
              "rtcp": { "cname": "video-1" }
            }
            """)));
        Assert.Equal("missing media codec found for RTX PT 113", error.Message);
    }

    [Fact]
    public void A_non_numeric_apt_is_a_TypeError()
    {
        var error = Assert.Throws<TypeError>(() => Produce(MediaKind.Video, JsonAssert.Parse<RtpParameters>("""
            {
              "mid": "V",
              "codecs": [
                { "mimeType": "video/VP8", "payloadType": 96, "clockRate": 90000 },
                { "mimeType": "video/rtx", "payloadType": 97, "clockRate": 90000, "parameters": { "apt": "96" } }
              ]
            }
            """)));
        Assert.Equal("invalid codec apt parameter", error.Message);
    }

    [Fact]
    public void A_codec_the_router_does_not_have_is_an_UnsupportedError()
    {
        Assert.Throws<UnsupportedError>(() => Produce(MediaKind.Audio, JsonAssert.Parse<RtpParameters>("""
            {
              "codecs": [ { "mimeType": "audio/ISAC", "payloadType": 108, "clockRate": 32000 } ],
              "headerExtensions": [],
              "encodings": [ { "ssrc": 1111 } ],
              "rtcp": { "cname": "audio" }
            }
            """)));
    }

    [Fact]
    public void An_invalid_H264_profile_level_id_is_an_UnsupportedError()
    {
        Assert.Throws<UnsupportedError>(() => Produce(MediaKind.Video, JsonAssert.Parse<RtpParameters>("""
            {
              "codecs": [
                { "mimeType": "video/h264", "payloadType": 112, "clockRate": 90000,
                  "parameters": { "packetization-mode": 1, "profile-level-id": "CHICKEN" } },
                { "mimeType": "video/rtx", "payloadType": 113, "clockRate": 90000, "parameters": { "apt": 112 } }
              ],
              "headerExtensions": [],
              "encodings": [ { "ssrc": 6666, "rtx": { "ssrc": 6667 } } ]
            }
            """)));
    }

    [Fact]
    public void A_producer_rtx_for_a_router_codec_without_rtx_is_an_UnsupportedError()
    {
        // Audio codecs get no RTX in the router.
        var error = Assert.Throws<UnsupportedError>(() => Produce(MediaKind.Audio, JsonAssert.Parse<RtpParameters>("""
            {
              "mid": "A",
              "codecs": [
                { "mimeType": "audio/opus", "payloadType": 111, "clockRate": 48000, "channels": 2 },
                { "mimeType": "audio/rtx", "payloadType": 112, "clockRate": 48000, "parameters": { "apt": 111 } }
              ]
            }
            """)));
        Assert.Equal("no RTX codec for capability codec PT 100", error.Message);
    }

    [Theory]
    [InlineData("""{ "mid": "", "codecs": [ { "mimeType": "audio/opus", "payloadType": 1, "clockRate": 48000, "channels": 2 } ], "encodings": [ { "ssrc": 1 } ] }""", "empty mid")]
    [InlineData("""{ "codecs": [ { "mimeType": "audio/opus", "payloadType": 1, "clockRate": 48000, "channels": 2 }, { "mimeType": "audio/PCMU", "payloadType": 1, "clockRate": 8000 } ], "encodings": [ { "ssrc": 1 } ] }""", "duplicated payloadType")]
    [InlineData("""{ "codecs": [ { "mimeType": "video/rtx", "payloadType": 97, "clockRate": 90000, "parameters": { "apt": 96 } } ], "encodings": [ { "ssrc": 1 } ] }""", "apt in RTX codec points to a non existing codec")]
    [InlineData("""{ "codecs": [ { "mimeType": "video/VP8", "payloadType": 96, "clockRate": 90000 }, { "mimeType": "video/rtx", "payloadType": 97, "clockRate": 90000, "parameters": { "apt": 97 } } ], "encodings": [ { "ssrc": 1 } ] }""", "apt in RTX codec points to a RTX codec")]
    [InlineData("""{ "codecs": [ { "mimeType": "video/rtx", "payloadType": 97, "clockRate": 90000 } ], "encodings": [ { "ssrc": 1 } ] }""", "missing apt parameter in RTX codec")]
    [InlineData("""{ "codecs": [ { "mimeType": "video/VP8", "payloadType": 96, "clockRate": 90000 } ], "encodings": [ { "ssrc": 1, "codecPayloadType": 97 } ] }""", "unknown codecPayloadType")]
    [InlineData("""{ "codecs": [ { "mimeType": "video/VP8", "payloadType": 96, "clockRate": 90000 }, { "mimeType": "video/rtx", "payloadType": 97, "clockRate": 90000, "parameters": { "apt": 96 } } ], "encodings": [ { "ssrc": 1, "codecPayloadType": 97 } ] }""", "invalid codecPayloadType")]
    [InlineData("""{ "codecs": [ { "mimeType": "video/VP9", "payloadType": 96, "clockRate": 90000 } ], "encodings": [ { "ssrc": 1, "scalabilityMode": "L3T3" }, { "ssrc": 2 } ] }""", "cannot use both simulcast and encodings with multiple SVC spatial layers")]
    [InlineData("""{ "codecs": [ { "mimeType": "video/AV1", "payloadType": 96, "clockRate": 90000 } ], "encodings": [ { "ssrc": 1 } ] }""", "unknown codec MIME subtype 'av1'")]
    [InlineData("""{ "codecs": [ { "mimeType": "video/VP8", "payloadType": 96, "clockRate": 90000 } ], "headerExtensions": [ { "uri": "urn:ietf:params:rtp-hdrext:sdes:mid", "id": 0 } ], "encodings": [ { "ssrc": 1 } ] }""", "invalid id")]
    public void The_worker_form_rejects_what_the_worker_rejects(string json, string message)
    {
        var error = Assert.Throws<TypeError>(() => Ortc.CanonicalizeRtpParameters(JsonAssert.Parse<RtpParameters>(json)));
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void The_worker_form_keeps_a_given_codecPayloadType_that_names_a_media_codec()
    {
        var dump = Ortc.CanonicalizeRtpParameters(JsonAssert.Parse<RtpParameters>("""
            { "codecs": [ { "mimeType": "video/vp8", "payloadType": 96, "clockRate": 90000 },
                          { "mimeType": "VIDEO/vp9", "payloadType": 98, "clockRate": 90000 } ],
              "encodings": [ { "ssrc": 1, "codecPayloadType": 98 }, { "ssrc": 2 } ] }
            """));

        Assert.Equal(98, dump.Encodings![0].CodecPayloadType);
        Assert.Equal(96, dump.Encodings[1].CodecPayloadType);
        Assert.Equal("video/VP8", dump.Codecs[0].MimeType);
        Assert.Equal("video/VP9", dump.Codecs[1].MimeType);
    }

    private sealed record Produced(RtpParameters RtpParameters, RtpMapping Mapping, RtpParameters Consumable, RtpParameters Dump);

    /// <summary>The ORTC steps of <c>transport.produce()</c> in mediasoup's order, ending with the worker's checks.</summary>
    private static Produced Produce(MediaKind kind, RtpParameters given)
    {
        var normalized = Ortc.NormalizeProducerRtpParameters(given);
        var mapping = Ortc.GetProducerRtpParametersMapping(
            normalized, RouterCaps, out var matched, OrtcChainTests.Sequence(400000000));
        var consumable = Ortc.GetConsumableRtpParameters(kind, matched, RouterCaps, mapping);
        var dump = Ortc.CanonicalizeRtpParameters(matched);
        return new Produced(matched, mapping, consumable, dump);
    }
}
