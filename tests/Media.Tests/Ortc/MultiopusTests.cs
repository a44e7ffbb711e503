using Sfu.Contracts;
using Sfu.Contracts.Rtp;
using Sfu.Media.Ortc;

namespace Sfu.Media.Tests.Ortc;

using Ortc = Sfu.Media.Ortc.Ortc;

/// <summary>Multiopus (CD6) through ORTC, with mediasoup's test-multiopus vectors (5.1 surround).</summary>
public sealed class MultiopusTests
{
    private static readonly RtpCapabilities RouterCaps = Ortc.GenerateRouterRtpCapabilities(
        JsonAssert.Parse<RtpCodecCapability[]>("""
            [
              { "kind": "audio", "mimeType": "audio/multiopus", "preferredPayloadType": 100, "clockRate": 48000, "channels": 6,
                "parameters": { "useinbandfec": 1, "channel_mapping": "0,4,1,2,3,5", "num_streams": 4, "coupled_streams": 2 } }
            ]
            """));

    private static readonly RtpCapabilities DeviceCaps = JsonAssert.Parse<RtpCapabilities>("""
        {
          "codecs": [
            { "mimeType": "audio/multiopus", "kind": "audio", "preferredPayloadType": 100, "clockRate": 48000, "channels": 6,
              "parameters": { "channel_mapping": "0,4,1,2,3,5", "num_streams": 4, "coupled_streams": 2 } }
          ],
          "headerExtensions": [
            { "kind": "audio", "uri": "urn:ietf:params:rtp-hdrext:sdes:mid", "preferredId": 1, "preferredEncrypt": false },
            { "kind": "audio", "uri": "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time", "preferredId": 4, "preferredEncrypt": false },
            { "kind": "audio", "uri": "urn:ietf:params:rtp-hdrext:ssrc-audio-level", "preferredId": 10, "preferredEncrypt": false }
          ]
        }
        """);

    [Fact]
    public void Router_gets_multiopus_at_the_preferred_payload_type_with_merged_parameters()
    {
        JsonAssert.Equal("""
            [
              { "kind": "audio", "mimeType": "audio/multiopus", "preferredPayloadType": 100, "clockRate": 48000, "channels": 6,
                "parameters": { "channel_mapping": "0,4,1,2,3,5", "num_streams": 4, "coupled_streams": 2, "useinbandfec": 1 },
                "rtcpFeedback": [ { "type": "nack", "parameter": "" }, { "type": "transport-cc", "parameter": "" } ] }
            ]
            """, RouterCaps.Codecs);
    }

    [Fact]
    public void Parameters_survive_produce_and_consume()
    {
        var produced = Ortc.NormalizeProducerRtpParameters(Producer(numStreams: 4, coupledStreams: 2, useInbandFec: true));
        var mapping = Ortc.GetProducerRtpParametersMapping(produced, RouterCaps, out var matched);
        var consumable = Ortc.GetConsumableRtpParameters(MediaKind.Audio, matched, RouterCaps, mapping);

        JsonAssert.Equal("""
            [
              { "mimeType": "audio/multiopus", "payloadType": 0, "clockRate": 48000, "channels": 6,
                "parameters": { "useinbandfec": 1, "channel_mapping": "0,4,1,2,3,5", "num_streams": 4, "coupled_streams": 2 },
                "rtcpFeedback": [] }
            ]
            """, matched.Codecs);
        Assert.True(Ortc.CanConsume(consumable, DeviceCaps));

        var consumer = Ortc.GetConsumerRtpParameters(consumable, DeviceCaps, pipe: false, enableRtx: false);

        JsonAssert.Equal("""
            [
              { "mimeType": "audio/multiopus", "payloadType": 100, "clockRate": 48000, "channels": 6,
                "parameters": { "useinbandfec": 1, "channel_mapping": "0,4,1,2,3,5", "num_streams": 4, "coupled_streams": 2 },
                "rtcpFeedback": [] }
            ]
            """, consumer.Codecs);
    }

    [Theory]
    [InlineData(2, 2)]
    [InlineData(4, 1)]
    public void A_producer_with_another_stream_layout_is_an_UnsupportedError(int numStreams, int coupledStreams)
    {
        var produced = Ortc.NormalizeProducerRtpParameters(Producer(numStreams, coupledStreams, useInbandFec: false));

        Assert.Throws<UnsupportedError>(() => Ortc.GetProducerRtpParametersMapping(produced, RouterCaps));
    }

    [Fact]
    public void A_device_with_eight_channels_cannot_consume_six_and_consuming_is_rejected()
    {
        var produced = Ortc.NormalizeProducerRtpParameters(Producer(numStreams: 4, coupledStreams: 2, useInbandFec: true));
        var mapping = Ortc.GetProducerRtpParametersMapping(produced, RouterCaps, out var matched);
        var consumable = Ortc.GetConsumableRtpParameters(MediaKind.Audio, matched, RouterCaps, mapping);
        var eightChannels = DeviceCaps with { Codecs = [DeviceCaps.Codecs![0] with { Channels = 8 }], HeaderExtensions = null };

        Assert.False(Ortc.CanConsume(consumable, eightChannels));
        Assert.Throws<UnsupportedError>(() =>
            Ortc.GetConsumerRtpParameters(consumable, eightChannels, pipe: false, enableRtx: false));
    }

    private static RtpParameters Producer(int numStreams, int coupledStreams, bool useInbandFec)
    {
        var parameters = new Dictionary<string, CodecParameterValue>();
        if (useInbandFec)
        {
            parameters["useinbandfec"] = 1;
        }
        parameters["channel_mapping"] = "0,4,1,2,3,5";
        parameters["num_streams"] = numStreams;
        parameters["coupled_streams"] = coupledStreams;

        return new RtpParameters
        {
            Mid = "AUDIO",
            Codecs =
            [
                new RtpCodecParameters
                {
                    MimeType = "audio/multiopus", PayloadType = 0, ClockRate = 48000, Channels = 6, Parameters = parameters,
                },
            ],
            HeaderExtensions =
            [
                new RtpHeaderExtensionParameters { Uri = RtpHeaderExtensionUris.Mid, Id = 10 },
                new RtpHeaderExtensionParameters { Uri = RtpHeaderExtensionUris.SsrcAudioLevel, Id = 12 },
            ],
        };
    }
}
