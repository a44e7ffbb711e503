using Sfu.Contracts;
using Sfu.Contracts.Rtp;
using Sfu.Media.Ortc;

namespace Sfu.Media.Tests.Ortc;

using Ortc = Sfu.Media.Ortc.Ortc;

/// <summary>
/// ORTC-3 to ORTC-6 in sequence, as mediasoup's test-ortc runs them: producer mapping, consumable parameters, a
/// consumer's parameters and a pipe consumer's parameters.
/// </summary>
public sealed class OrtcChainTests
{
    private static readonly RtpCapabilities RouterCaps = Ortc.GenerateRouterRtpCapabilities(
        JsonAssert.Parse<RtpCodecCapability[]>("""
            [
              { "kind": "audio", "mimeType": "audio/opus", "clockRate": 48000, "channels": 2 },
              { "kind": "video", "mimeType": "video/H264", "clockRate": 90000,
                "parameters": { "level-asymmetry-allowed": 1, "packetization-mode": 1, "profile-level-id": "4d0032",
                                "bar": "lalala" } }
            ]
            """));

    private static readonly RtpParameters ProducerParameters = JsonAssert.Parse<RtpParameters>("""
        {
          "codecs": [
            { "mimeType": "video/H264", "payloadType": 111, "clockRate": 90000,
              "parameters": { "foo": 1234, "packetization-mode": 1, "profile-level-id": "4d0032" },
              "rtcpFeedback": [ { "type": "nack", "parameter": "" }, { "type": "nack", "parameter": "pli" },
                                { "type": "goog-remb", "parameter": "" } ] },
            { "mimeType": "video/rtx", "payloadType": 112, "clockRate": 90000, "parameters": { "apt": 111 },
              "rtcpFeedback": [] }
          ],
          "headerExtensions": [
            { "uri": "urn:ietf:params:rtp-hdrext:sdes:mid", "id": 1 },
            { "uri": "urn:3gpp:video-orientation", "id": 2 }
          ],
          "encodings": [
            { "ssrc": 11111111, "rtx": { "ssrc": 11111112 }, "maxBitrate": 111111, "scalabilityMode": "L1T3" },
            { "ssrc": 21111111, "rtx": { "ssrc": 21111112 }, "maxBitrate": 222222, "scalabilityMode": "L1T3" },
            { "rid": "high", "maxBitrate": 333333, "scalabilityMode": "L1T3" }
          ],
          "rtcp": { "cname": "qwerty1234" }
        }
        """);

    private static readonly RtpCapabilities RemoteCaps = JsonAssert.Parse<RtpCapabilities>("""
        {
          "codecs": [
            { "kind": "audio", "mimeType": "audio/opus", "preferredPayloadType": 100, "clockRate": 48000, "channels": 2,
              "parameters": {}, "rtcpFeedback": [] },
            { "kind": "video", "mimeType": "video/H264", "preferredPayloadType": 101, "clockRate": 90000,
              "parameters": { "packetization-mode": 1, "profile-level-id": "4d0032", "baz": "LOLOLO" },
              "rtcpFeedback": [ { "type": "nack", "parameter": "" }, { "type": "nack", "parameter": "pli" },
                                { "type": "foo", "parameter": "FOO" } ] },
            { "kind": "video", "mimeType": "video/rtx", "preferredPayloadType": 102, "clockRate": 90000,
              "parameters": { "apt": 101 }, "rtcpFeedback": [] }
          ],
          "headerExtensions": [
            { "kind": "audio", "uri": "urn:ietf:params:rtp-hdrext:sdes:mid", "preferredId": 1, "preferredEncrypt": false, "direction": "sendrecv" },
            { "kind": "video", "uri": "urn:ietf:params:rtp-hdrext:sdes:mid", "preferredId": 1, "preferredEncrypt": false, "direction": "sendrecv" },
            { "kind": "video", "uri": "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id", "preferredId": 2, "preferredEncrypt": false, "direction": "sendrecv" },
            { "kind": "audio", "uri": "urn:ietf:params:rtp-hdrext:ssrc-audio-level", "preferredId": 8, "preferredEncrypt": false, "direction": "sendrecv" },
            { "kind": "video", "uri": "urn:3gpp:video-orientation", "preferredId": 11, "preferredEncrypt": false, "direction": "sendrecv" },
            { "kind": "video", "uri": "urn:ietf:params:rtp-hdrext:toffset", "preferredId": 12, "preferredEncrypt": false, "direction": "sendrecv" }
          ]
        }
        """);

    [Fact]
    public void Producer_mapping_maps_H264_111_to_101_and_its_rtx_112_to_102()
    {
        var mapping = Ortc.GetProducerRtpParametersMapping(ProducerParameters, RouterCaps, Sequence(500000000));

        JsonAssert.Equal("""
            {
              "codecs": [ { "payloadType": 111, "mappedPayloadType": 101 }, { "payloadType": 112, "mappedPayloadType": 102 } ],
              "encodings": [
                { "ssrc": 11111111, "scalabilityMode": "L1T3", "mappedSsrc": 500000000 },
                { "ssrc": 21111111, "scalabilityMode": "L1T3", "mappedSsrc": 500000001 },
                { "rid": "high", "scalabilityMode": "L1T3", "mappedSsrc": 500000002 }
              ]
            }
            """, mapping);
    }

    [Fact]
    public void Mapped_ssrcs_start_at_a_random_value_in_mediasoups_range_and_increase_by_one()
    {
        var mapping = Ortc.GetProducerRtpParametersMapping(ProducerParameters, RouterCaps);

        var first = mapping.Encodings[0].MappedSsrc;
        Assert.InRange(first, 100_000_000u, 999_999_999u);
        Assert.Equal(first + 1, mapping.Encodings[1].MappedSsrc);
        Assert.Equal(first + 2, mapping.Encodings[2].MappedSsrc);
    }

    [Fact]
    public void Consumable_parameters_use_router_codecs_with_the_producer_parameters()
    {
        var consumable = Consumable(out var mapping);

        JsonAssert.Equal("""
            {
              "codecs": [
                { "mimeType": "video/H264", "payloadType": 101, "clockRate": 90000,
                  "parameters": { "foo": 1234, "packetization-mode": 1, "profile-level-id": "4d0032" },
                  "rtcpFeedback": [ { "type": "nack", "parameter": "" }, { "type": "nack", "parameter": "pli" },
                                    { "type": "ccm", "parameter": "fir" }, { "type": "goog-remb", "parameter": "" },
                                    { "type": "transport-cc", "parameter": "" } ] },
                { "mimeType": "video/rtx", "payloadType": 102, "clockRate": 90000, "parameters": { "apt": 101 },
                  "rtcpFeedback": [] }
              ],
              "headerExtensions": [
                { "uri": "urn:ietf:params:rtp-hdrext:sdes:mid", "id": 1, "encrypt": false, "parameters": {} },
                { "uri": "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time", "id": 4, "encrypt": false, "parameters": {} },
                { "uri": "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01", "id": 5, "encrypt": false, "parameters": {} },
                { "uri": "http://tools.ietf.org/html/draft-ietf-avtext-framemarking-07", "id": 6, "encrypt": false, "parameters": {} },
                { "uri": "urn:ietf:params:rtp-hdrext:framemarking", "id": 7, "encrypt": false, "parameters": {} },
                { "uri": "urn:3gpp:video-orientation", "id": 11, "encrypt": false, "parameters": {} },
                { "uri": "urn:ietf:params:rtp-hdrext:toffset", "id": 12, "encrypt": false, "parameters": {} },
                { "uri": "http://www.webrtc.org/experiments/rtp-hdrext/abs-capture-time", "id": 13, "encrypt": false, "parameters": {} },
                { "uri": "http://www.webrtc.org/experiments/rtp-hdrext/playout-delay", "id": 14, "encrypt": false, "parameters": {} }
              ],
              "encodings": [
                { "ssrc": 500000000, "maxBitrate": 111111, "scalabilityMode": "L1T3" },
                { "ssrc": 500000001, "maxBitrate": 222222, "scalabilityMode": "L1T3" },
                { "ssrc": 500000002, "maxBitrate": 333333, "scalabilityMode": "L1T3" }
              ],
              "rtcp": { "cname": "qwerty1234", "reducedSize": true }
            }
            """, consumable);
        Assert.Equal(500000000u, mapping.Encodings[0].MappedSsrc);
    }

    [Fact]
    public void Consumer_parameters_keep_the_remote_feedback_and_join_simulcast_into_L3T3()
    {
        var consumer = Ortc.GetConsumerRtpParameters(
            Consumable(out _), RemoteCaps, pipe: false, enableRtx: true, Sequence(700000000));

        JsonAssert.Equal("""
            {
              "codecs": [
                { "mimeType": "video/H264", "payloadType": 101, "clockRate": 90000,
                  "parameters": { "foo": 1234, "packetization-mode": 1, "profile-level-id": "4d0032" },
                  "rtcpFeedback": [ { "type": "nack", "parameter": "" }, { "type": "nack", "parameter": "pli" },
                                    { "type": "foo", "parameter": "FOO" } ] },
                { "mimeType": "video/rtx", "payloadType": 102, "clockRate": 90000, "parameters": { "apt": 101 },
                  "rtcpFeedback": [] }
              ],
              "headerExtensions": [
                { "uri": "urn:ietf:params:rtp-hdrext:sdes:mid", "id": 1, "encrypt": false, "parameters": {} },
                { "uri": "urn:3gpp:video-orientation", "id": 11, "encrypt": false, "parameters": {} },
                { "uri": "urn:ietf:params:rtp-hdrext:toffset", "id": 12, "encrypt": false, "parameters": {} }
              ],
              "encodings": [
                { "ssrc": 700000000, "rtx": { "ssrc": 700000001 }, "scalabilityMode": "L3T3", "maxBitrate": 333333 }
              ],
              "rtcp": { "cname": "qwerty1234", "reducedSize": true }
            }
            """, consumer);
    }

    [Fact]
    public void Pipe_consumer_parameters_keep_every_encoding_and_drop_rtx_and_plain_nack()
    {
        var pipe = Ortc.GetPipeConsumerRtpParameters(Consumable(out _), enableRtx: false, Sequence(800000000, 900000000));

        JsonAssert.Equal("""
            {
              "codecs": [
                { "mimeType": "video/H264", "payloadType": 101, "clockRate": 90000,
                  "parameters": { "foo": 1234, "packetization-mode": 1, "profile-level-id": "4d0032" },
                  "rtcpFeedback": [ { "type": "nack", "parameter": "pli" }, { "type": "ccm", "parameter": "fir" } ] }
              ],
              "headerExtensions": [
                { "uri": "http://tools.ietf.org/html/draft-ietf-avtext-framemarking-07", "id": 6, "encrypt": false, "parameters": {} },
                { "uri": "urn:ietf:params:rtp-hdrext:framemarking", "id": 7, "encrypt": false, "parameters": {} },
                { "uri": "urn:3gpp:video-orientation", "id": 11, "encrypt": false, "parameters": {} },
                { "uri": "urn:ietf:params:rtp-hdrext:toffset", "id": 12, "encrypt": false, "parameters": {} },
                { "uri": "http://www.webrtc.org/experiments/rtp-hdrext/abs-capture-time", "id": 13, "encrypt": false, "parameters": {} },
                { "uri": "http://www.webrtc.org/experiments/rtp-hdrext/playout-delay", "id": 14, "encrypt": false, "parameters": {} }
              ],
              "encodings": [
                { "ssrc": 800000000, "maxBitrate": 111111, "scalabilityMode": "L1T3" },
                { "ssrc": 800000001, "maxBitrate": 222222, "scalabilityMode": "L1T3" },
                { "ssrc": 800000002, "maxBitrate": 333333, "scalabilityMode": "L1T3" }
              ],
              "rtcp": { "cname": "qwerty1234", "reducedSize": true }
            }
            """, pipe);
    }

    [Fact]
    public void Pipe_consumer_parameters_with_rtx_get_rtx_ssrcs_from_a_second_base()
    {
        var pipe = Ortc.GetPipeConsumerRtpParameters(Consumable(out _), enableRtx: true, Sequence(800000000, 900000000));

        Assert.Equal(2, pipe.Codecs.Count);
        Assert.Equal("video/rtx", pipe.Codecs[1].MimeType);
        JsonAssert.Equal(
            """[ { "type": "nack", "parameter": "" }, { "type": "nack", "parameter": "pli" }, { "type": "ccm", "parameter": "fir" } ]""",
            pipe.Codecs[0].RtcpFeedback);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(800000000u + (uint)i, pipe.Encodings![i].Ssrc);
            Assert.Equal(900000000u + (uint)i, pipe.Encodings[i].Rtx!.Ssrc);
        }
    }

    [Fact]
    public void A_producer_codec_the_router_lacks_is_an_UnsupportedError()
    {
        // mediasoup test-ortc 'getProducerRtpParametersMapping() with incompatible params throws UnsupportedError'.
        var router = Ortc.GenerateRouterRtpCapabilities(JsonAssert.Parse<RtpCodecCapability[]>("""
            [
              { "kind": "audio", "mimeType": "audio/opus", "clockRate": 48000, "channels": 2 },
              { "kind": "video", "mimeType": "video/H264", "clockRate": 90000,
                "parameters": { "packetization-mode": 1, "profile-level-id": "640032" } }
            ]
            """));
        var parameters = JsonAssert.Parse<RtpParameters>("""
            {
              "codecs": [
                { "mimeType": "video/VP8", "payloadType": 120, "clockRate": 90000,
                  "rtcpFeedback": [ { "type": "nack", "parameter": "" }, { "type": "nack", "parameter": "fir" } ] }
              ],
              "headerExtensions": [],
              "encodings": [ { "ssrc": 11111111 } ],
              "rtcp": { "cname": "qwerty1234" }
            }
            """);

        var error = Assert.Throws<UnsupportedError>(() => Ortc.GetProducerRtpParametersMapping(parameters, router));
        Assert.Equal("unsupported codec [mimeType:video/VP8, payloadType:120]", error.Message);
    }

    [Fact]
    public void The_inputs_of_the_chain_are_not_changed()
    {
        var before = Sfu.Contracts.Json.SfuJson.Serialize(ProducerParameters) + Sfu.Contracts.Json.SfuJson.Serialize(RemoteCaps);

        var consumable = Consumable(out _);
        _ = Ortc.GetConsumerRtpParameters(consumable, RemoteCaps, pipe: false, enableRtx: true);
        _ = Ortc.GetConsumerRtpParameters(consumable, RemoteCaps, pipe: true, enableRtx: false);

        Assert.Equal(before, Sfu.Contracts.Json.SfuJson.Serialize(ProducerParameters) + Sfu.Contracts.Json.SfuJson.Serialize(RemoteCaps));
    }

    private static RtpParameters Consumable(out RtpMapping mapping)
    {
        mapping = Ortc.GetProducerRtpParametersMapping(ProducerParameters, RouterCaps, out var matched, Sequence(500000000));
        return Ortc.GetConsumableRtpParameters(MediaKind.Video, matched, RouterCaps, mapping);
    }

    /// <summary>An SSRC source that hands out the given values in turn.</summary>
    internal static Func<uint> Sequence(params uint[] values)
    {
        var next = 0;
        return () => values[next++];
    }
}
