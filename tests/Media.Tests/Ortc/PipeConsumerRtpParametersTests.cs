using Sfu.Contracts.Rtp;
using Sfu.Media.Ortc;

namespace Sfu.Media.Tests.Ortc;

using Ortc = Sfu.Media.Ortc.Ortc;

/// <summary>
/// The ORTC side of <c>pipeToRouter</c> (reference §1.8 PP3, §1.9 PR4 and test-PipeTransport, with 3.14.16's header
/// extension ids): the pipe consumer on router 1, the pipe producer that mirrors it on router 2, and a consumer of it on
/// router 2.
/// </summary>
public sealed class PipeConsumerRtpParametersTests
{
    /// <summary>Both routers of test-PipeTransport: opus 100, VP8 101 (rtx 102).</summary>
    private static readonly RtpCapabilities RouterCaps = Ortc.GenerateRouterRtpCapabilities(
        JsonAssert.Parse<RtpCodecCapability[]>("""
            [
              { "kind": "audio", "mimeType": "audio/opus", "clockRate": 48000, "channels": 2 },
              { "kind": "video", "mimeType": "video/VP8", "clockRate": 90000 }
            ]
            """));

    private const string AudioProducerJson = """
        {
          "mid": "AUDIO",
          "codecs": [
            { "mimeType": "audio/opus", "payloadType": 111, "clockRate": 48000, "channels": 2,
              "parameters": { "useinbandfec": 1, "foo": "bar1" } }
          ],
          "headerExtensions": [ { "uri": "urn:ietf:params:rtp-hdrext:sdes:mid", "id": 10 } ],
          "encodings": [ { "ssrc": 11111111 } ],
          "rtcp": { "cname": "FOOBAR" }
        }
        """;

    private const string VideoProducerJson = """
        {
          "mid": "VIDEO",
          "codecs": [
            { "mimeType": "video/VP8", "payloadType": 112, "clockRate": 90000,
              "rtcpFeedback": [ { "type": "nack" }, { "type": "nack", "parameter": "pli" }, { "type": "goog-remb" },
                                { "type": "lalala" } ] }
          ],
          "headerExtensions": [
            { "uri": "urn:ietf:params:rtp-hdrext:sdes:mid", "id": 10 },
            { "uri": "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time", "id": 11 },
            { "uri": "urn:3gpp:video-orientation", "id": 13 }
          ],
          "encodings": [ { "ssrc": 22222222 }, { "ssrc": 22222223 }, { "ssrc": 22222224 } ],
          "rtcp": { "cname": "FOOBAR" }
        }
        """;

    /// <summary>test-PipeTransport's device on router 2: opus 100, VP8 101 (nack, ccm fir, transport-cc), rtx 102.</summary>
    private static readonly RtpCapabilities DeviceCaps = JsonAssert.Parse<RtpCapabilities>("""
        {
          "codecs": [
            { "kind": "audio", "mimeType": "audio/opus", "preferredPayloadType": 100, "clockRate": 48000, "channels": 2 },
            { "kind": "video", "mimeType": "video/VP8", "preferredPayloadType": 101, "clockRate": 90000,
              "rtcpFeedback": [ { "type": "nack" }, { "type": "ccm", "parameter": "fir" }, { "type": "transport-cc" } ] },
            { "kind": "video", "mimeType": "video/rtx", "preferredPayloadType": 102, "clockRate": 90000,
              "parameters": { "apt": 101 }, "rtcpFeedback": [] }
          ],
          "headerExtensions": [
            { "kind": "video", "uri": "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time", "preferredId": 4,
              "preferredEncrypt": false, "direction": "sendrecv" },
            { "kind": "video", "uri": "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01",
              "preferredId": 5, "preferredEncrypt": false },
            { "kind": "audio", "uri": "urn:ietf:params:rtp-hdrext:ssrc-audio-level", "preferredId": 6, "preferredEncrypt": false }
          ]
        }
        """);

    [Fact]
    public void Audio_pipe_consumer_has_opus_100_no_feedback_and_no_mid_or_abs_send_time()
    {
        var pipe = Ortc.GetPipeConsumerRtpParameters(
            Consumable(MediaKind.Audio, AudioProducerJson), enableRtx: false, OrtcChainTests.Sequence(300000000, 310000000));

        JsonAssert.Equal("""
            {
              "codecs": [
                { "mimeType": "audio/opus", "payloadType": 100, "clockRate": 48000, "channels": 2,
                  "parameters": { "useinbandfec": 1, "foo": "bar1" }, "rtcpFeedback": [] }
              ],
              "headerExtensions": [
                { "uri": "urn:ietf:params:rtp-hdrext:ssrc-audio-level", "id": 10, "encrypt": false, "parameters": {} },
                { "uri": "http://www.webrtc.org/experiments/rtp-hdrext/abs-capture-time", "id": 13, "encrypt": false, "parameters": {} },
                { "uri": "http://www.webrtc.org/experiments/rtp-hdrext/playout-delay", "id": 14, "encrypt": false, "parameters": {} }
              ],
              "encodings": [ { "ssrc": 300000000, "dtx": false } ],
              "rtcp": { "cname": "FOOBAR", "reducedSize": true }
            }
            """, pipe);
        Assert.Null(pipe.Mid);
    }

    [Fact]
    public void Video_pipe_consumer_has_VP8_101_with_pli_and_fir_and_extensions_6_7_11_12_13_14()
    {
        var pipe = Ortc.GetPipeConsumerRtpParameters(
            Consumable(MediaKind.Video, VideoProducerJson), enableRtx: false, OrtcChainTests.Sequence(300000000, 310000000));

        JsonAssert.Equal("""
            {
              "codecs": [
                { "mimeType": "video/VP8", "payloadType": 101, "clockRate": 90000, "parameters": {},
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
                { "ssrc": 300000000, "dtx": false },
                { "ssrc": 300000001, "dtx": false },
                { "ssrc": 300000002, "dtx": false }
              ],
              "rtcp": { "cname": "FOOBAR", "reducedSize": true }
            }
            """, pipe);
    }

    [Fact]
    public void Video_pipe_consumer_with_rtx_adds_plain_nack_and_rtx_102_apt_101()
    {
        var pipe = Ortc.GetPipeConsumerRtpParameters(
            Consumable(MediaKind.Video, VideoProducerJson), enableRtx: true, OrtcChainTests.Sequence(300000000, 310000000));

        JsonAssert.Equal("""
            [
              { "mimeType": "video/VP8", "payloadType": 101, "clockRate": 90000, "parameters": {},
                "rtcpFeedback": [ { "type": "nack", "parameter": "" }, { "type": "nack", "parameter": "pli" },
                                  { "type": "ccm", "parameter": "fir" } ] },
              { "mimeType": "video/rtx", "payloadType": 102, "clockRate": 90000, "parameters": { "apt": 101 }, "rtcpFeedback": [] }
            ]
            """, pipe.Codecs);
        JsonAssert.Equal("""
            [
              { "ssrc": 300000000, "rtx": { "ssrc": 310000000 }, "dtx": false },
              { "ssrc": 300000001, "rtx": { "ssrc": 310000001 }, "dtx": false },
              { "ssrc": 300000002, "rtx": { "ssrc": 310000002 }, "dtx": false }
            ]
            """, pipe.Encodings);
    }

    [Fact]
    public void The_pipe_producer_on_router_2_mirrors_the_pipe_consumer_and_is_consumed_as_simulcast()
    {
        var pipeConsumer = Ortc.GetPipeConsumerRtpParameters(
            Consumable(MediaKind.Video, VideoProducerJson), enableRtx: false, OrtcChainTests.Sequence(300000000, 310000000));

        // router2.pipeProducer: produce() on router 2's pipe transport with the pipe consumer's parameters (mid undefined).
        var pipeProducer = Ortc.NormalizeProducerRtpParameters(pipeConsumer);
        var mapping = Ortc.GetProducerRtpParametersMapping(
            pipeProducer, RouterCaps, out var matched, OrtcChainTests.Sequence(320000000));
        var consumable = Ortc.GetConsumableRtpParameters(MediaKind.Video, matched, RouterCaps, mapping);
        var dump = Ortc.CanonicalizeRtpParameters(matched);
        Assert.Null(dump.Mid);
        Assert.Equal(3, dump.Encodings!.Count);

        var consumer = Ortc.GetConsumerRtpParameters(
            consumable, DeviceCaps, pipe: false, enableRtx: true, OrtcChainTests.Sequence(330000000)) with { Mid = "0" };

        JsonAssert.Equal("""
            {
              "mid": "0",
              "codecs": [
                { "mimeType": "video/VP8", "payloadType": 101, "clockRate": 90000, "parameters": {},
                  "rtcpFeedback": [ { "type": "nack", "parameter": "" }, { "type": "ccm", "parameter": "fir" },
                                    { "type": "transport-cc", "parameter": "" } ] },
                { "mimeType": "video/rtx", "payloadType": 102, "clockRate": 90000, "parameters": { "apt": 101 }, "rtcpFeedback": [] }
              ],
              "headerExtensions": [
                { "uri": "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time", "id": 4, "encrypt": false, "parameters": {} },
                { "uri": "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01", "id": 5, "encrypt": false, "parameters": {} }
              ],
              "encodings": [ { "ssrc": 330000000, "rtx": { "ssrc": 330000001 }, "scalabilityMode": "L3T1" } ],
              "rtcp": { "cname": "FOOBAR", "reducedSize": true }
            }
            """, consumer);
    }

    [Fact]
    public void The_pipe_producer_keeps_the_payload_types_of_the_pipe_consumer()
    {
        var pipeConsumer = Ortc.GetPipeConsumerRtpParameters(
            Consumable(MediaKind.Audio, AudioProducerJson), enableRtx: false, OrtcChainTests.Sequence(300000000, 310000000));

        var pipeProducer = Ortc.NormalizeProducerRtpParameters(pipeConsumer);
        var mapping = Ortc.GetProducerRtpParametersMapping(pipeProducer, RouterCaps, OrtcChainTests.Sequence(320000000));

        JsonAssert.Equal("""
            { "codecs": [ { "payloadType": 100, "mappedPayloadType": 100 } ],
              "encodings": [ { "ssrc": 300000000, "mappedSsrc": 320000000 } ] }
            """, mapping);
    }

    private static RtpParameters Consumable(MediaKind kind, string producerJson)
    {
        var normalized = Ortc.NormalizeProducerRtpParameters(JsonAssert.Parse<RtpParameters>(producerJson));
        var mapping = Ortc.GetProducerRtpParametersMapping(normalized, RouterCaps, out var matched);
        return Ortc.GetConsumableRtpParameters(kind, matched, RouterCaps, mapping);
    }
}
