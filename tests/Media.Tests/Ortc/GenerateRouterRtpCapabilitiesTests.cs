using Sfu.Contracts;
using Sfu.Contracts.Rtp;
using Sfu.Media.Ortc;

namespace Sfu.Media.Tests.Ortc;

using Ortc = Sfu.Media.Ortc.Ortc;

/// <summary>ORTC-1 (<c>generateRouterRtpCapabilities</c>), with the vectors of mediasoup's test-ortc and the issue.</summary>
public sealed class GenerateRouterRtpCapabilitiesTests
{
    [Fact]
    public void Opus_VP8_with_pt_125_and_H264_get_100_125_rtx_101_102_rtx_103_and_every_header_extension()
    {
        var mediaCodecs = JsonAssert.Parse<RtpCodecCapability[]>("""
            [
              { "kind": "audio", "mimeType": "audio/opus", "clockRate": 48000, "channels": 2 },
              { "kind": "video", "mimeType": "video/VP8", "preferredPayloadType": 125, "clockRate": 90000 },
              { "kind": "video", "mimeType": "video/H264", "clockRate": 90000,
                "parameters": { "packetization-mode": 1, "profile-level-id": "42e01f" } }
            ]
            """);

        var caps = Ortc.GenerateRouterRtpCapabilities(mediaCodecs);

        JsonAssert.Equal("""
            {
              "codecs": [
                { "kind": "audio", "mimeType": "audio/opus", "preferredPayloadType": 100, "clockRate": 48000, "channels": 2,
                  "parameters": {},
                  "rtcpFeedback": [ { "type": "nack", "parameter": "" }, { "type": "transport-cc", "parameter": "" } ] },
                { "kind": "video", "mimeType": "video/VP8", "preferredPayloadType": 125, "clockRate": 90000,
                  "parameters": {},
                  "rtcpFeedback": [ { "type": "nack", "parameter": "" }, { "type": "nack", "parameter": "pli" },
                                    { "type": "ccm", "parameter": "fir" }, { "type": "goog-remb", "parameter": "" },
                                    { "type": "transport-cc", "parameter": "" } ] },
                { "kind": "video", "mimeType": "video/rtx", "preferredPayloadType": 101, "clockRate": 90000,
                  "parameters": { "apt": 125 }, "rtcpFeedback": [] },
                { "kind": "video", "mimeType": "video/H264", "preferredPayloadType": 102, "clockRate": 90000,
                  "parameters": { "level-asymmetry-allowed": 1, "packetization-mode": 1, "profile-level-id": "42e01f" },
                  "rtcpFeedback": [ { "type": "nack", "parameter": "" }, { "type": "nack", "parameter": "pli" },
                                    { "type": "ccm", "parameter": "fir" }, { "type": "goog-remb", "parameter": "" },
                                    { "type": "transport-cc", "parameter": "" } ] },
                { "kind": "video", "mimeType": "video/rtx", "preferredPayloadType": 103, "clockRate": 90000,
                  "parameters": { "apt": 102 }, "rtcpFeedback": [] }
              ],
              "headerExtensions": [
            """ + SupportedRtpCapabilitiesTests.HeaderExtensionsJson + """
              ]
            }
            """, caps);
        Assert.Equal(17, caps.HeaderExtensions!.Count);
    }

    [Fact]
    public void Test_ortc_vector_merges_user_parameters_and_ignores_user_feedback()
    {
        // mediasoup test-ortc 'generateRouterRtpCapabilities() succeeds'.
        var mediaCodecs = JsonAssert.Parse<RtpCodecCapability[]>("""
            [
              { "kind": "audio", "mimeType": "audio/opus", "clockRate": 48000, "channels": 2,
                "parameters": { "useinbandfec": 1, "foo": "bar" } },
              { "kind": "video", "mimeType": "video/VP8", "preferredPayloadType": 125, "clockRate": 90000 },
              { "kind": "video", "mimeType": "video/H264", "clockRate": 90000,
                "parameters": { "level-asymmetry-allowed": 1, "profile-level-id": "42e01f", "foo": "bar" },
                "rtcpFeedback": [] }
            ]
            """);

        var caps = Ortc.GenerateRouterRtpCapabilities(mediaCodecs);

        Assert.Equal(5, caps.Codecs!.Count);
        JsonAssert.Equal("""
            { "kind": "audio", "mimeType": "audio/opus", "preferredPayloadType": 100, "clockRate": 48000, "channels": 2,
              "parameters": { "useinbandfec": 1, "foo": "bar" },
              "rtcpFeedback": [ { "type": "nack", "parameter": "" }, { "type": "transport-cc", "parameter": "" } ] }
            """, caps.Codecs[0]);
        JsonAssert.Equal("""
            { "kind": "video", "mimeType": "video/VP8", "preferredPayloadType": 125, "clockRate": 90000, "parameters": {},
              "rtcpFeedback": [ { "type": "nack", "parameter": "" }, { "type": "nack", "parameter": "pli" },
                                { "type": "ccm", "parameter": "fir" }, { "type": "goog-remb", "parameter": "" },
                                { "type": "transport-cc", "parameter": "" } ] }
            """, caps.Codecs[1]);
        JsonAssert.Equal("""
            { "kind": "video", "mimeType": "video/rtx", "preferredPayloadType": 101, "clockRate": 90000,
              "parameters": { "apt": 125 }, "rtcpFeedback": [] }
            """, caps.Codecs[2]);
        // packetization-mode was not given and is not added (its default 0 is implied).
        JsonAssert.Equal("""
            { "kind": "video", "mimeType": "video/H264", "preferredPayloadType": 102, "clockRate": 90000,
              "parameters": { "level-asymmetry-allowed": 1, "profile-level-id": "42e01f", "foo": "bar" },
              "rtcpFeedback": [ { "type": "nack", "parameter": "" }, { "type": "nack", "parameter": "pli" },
                                { "type": "ccm", "parameter": "fir" }, { "type": "goog-remb", "parameter": "" },
                                { "type": "transport-cc", "parameter": "" } ] }
            """, caps.Codecs[3]);
        JsonAssert.Equal("""
            { "kind": "video", "mimeType": "video/rtx", "preferredPayloadType": 103, "clockRate": 90000,
              "parameters": { "apt": 102 }, "rtcpFeedback": [] }
            """, caps.Codecs[4]);
    }

    [Fact]
    public void Merged_parameters_keep_the_supported_keys_first_and_the_user_value_wins()
    {
        var caps = Ortc.GenerateRouterRtpCapabilities(
        [
            new RtpCodecCapability
            {
                Kind = MediaKind.Video,
                MimeType = "video/H264",
                ClockRate = 90000,
                Parameters = new Dictionary<string, CodecParameterValue> { ["foo"] = "bar", ["level-asymmetry-allowed"] = 0 },
            },
        ]);

        Assert.Equal(
            """{"level-asymmetry-allowed":0,"foo":"bar"}""",
            Sfu.Contracts.Json.SfuJson.Serialize(caps.Codecs![0].Parameters));
    }

    [Fact]
    public void Static_payload_types_are_kept_and_do_not_use_the_dynamic_pool()
    {
        var caps = Ortc.GenerateRouterRtpCapabilities(
        [
            Audio("audio/PCMU", 8000),
            Audio("audio/PCMA", 8000),
            Audio("audio/G722", 8000),
            Audio("audio/CN", 8000),
            Audio("audio/opus", 48000, channels: 2),
        ]);

        Assert.Equal([0, 8, 9, 13, 100], PayloadTypes(caps));
    }

    [Fact]
    public void A_preferred_payload_type_is_taken_out_of_the_dynamic_pool()
    {
        var caps = Ortc.GenerateRouterRtpCapabilities(
        [
            Audio("audio/opus", 48000, channels: 2, preferredPayloadType: 101),
            Video("video/VP8"),
        ]);

        Assert.Equal([101, 100, 102], PayloadTypes(caps));
    }

    [Fact]
    public void The_dynamic_pool_runs_100_to_127_then_96_to_99()
    {
        var codecs = new List<RtpCodecCapability>();
        for (var i = 0; i < 16; i++)
        {
            codecs.Add(Video("video/VP8"));
        }

        var payloadTypes = PayloadTypes(Ortc.GenerateRouterRtpCapabilities(codecs));

        int[] expected = [.. Enumerable.Range(100, 28), 96, 97, 98, 99];
        Assert.Equal(expected, payloadTypes);
    }

    [Fact]
    public void A_duplicated_preferred_payload_type_is_a_TypeError()
    {
        var error = Assert.Throws<TypeError>(() => Ortc.GenerateRouterRtpCapabilities(
        [
            Audio("audio/opus", 48000, channels: 2, preferredPayloadType: 111),
            Video("video/VP8", preferredPayloadType: 111),
        ]));
        Assert.Equal("duplicated codec.preferredPayloadType", error.Message);
    }

    [Fact]
    public void A_preferred_payload_type_already_given_to_an_rtx_codec_is_a_TypeError()
    {
        Assert.Throws<TypeError>(() => Ortc.GenerateRouterRtpCapabilities(
        [
            Video("video/VP8"),
            Audio("audio/opus", 48000, channels: 2, preferredPayloadType: 101),
        ]));
    }

    [Fact]
    public void One_hundred_codecs_exhaust_the_dynamic_payload_types()
    {
        // mediasoup test-ortc 'generateRouterRtpCapabilities() with too many codecs throws'.
        var codecs = new List<RtpCodecCapability>();
        for (var i = 0; i < 100; i++)
        {
            codecs.Add(Audio("audio/opus", 48000, channels: 2));
        }

        var error = Assert.Throws<SfuException>(() => Ortc.GenerateRouterRtpCapabilities(codecs));
        Assert.Equal(ErrorNames.Error, error.Name);
        Assert.Equal("cannot allocate more dynamic codec payload types", error.Message);
    }

    [Fact]
    public void A_video_codec_whose_rtx_finds_no_payload_type_left_is_an_Error()
    {
        var codecs = new List<RtpCodecCapability>();
        for (var i = 0; i < 31; i++)
        {
            codecs.Add(Audio("audio/opus", 48000, channels: 2));
        }
        codecs.Add(Video("video/VP8"));

        var error = Assert.Throws<SfuException>(() => Ortc.GenerateRouterRtpCapabilities(codecs));
        Assert.Equal("cannot allocate more dynamic codec payload types", error.Message);
    }

    [Fact]
    public void An_unknown_mime_type_is_an_UnsupportedError()
    {
        var error = Assert.Throws<UnsupportedError>(() => Ortc.GenerateRouterRtpCapabilities(
            [Audio("audio/chicken", 8000, channels: 4)]));
        Assert.Equal("media codec not supported [mimeType:audio/chicken]", error.Message);
    }

    [Fact]
    public void Mono_opus_is_an_UnsupportedError()
    {
        Assert.Throws<UnsupportedError>(() => Ortc.GenerateRouterRtpCapabilities(
            [Audio("audio/opus", 48000, channels: 1)]));
        // Channels default to 1 when absent.
        Assert.Throws<UnsupportedError>(() => Ortc.GenerateRouterRtpCapabilities(
            [Audio("audio/opus", 48000)]));
    }

    [Fact]
    public void A_clock_rate_the_codec_does_not_support_is_an_UnsupportedError()
    {
        Assert.Throws<UnsupportedError>(() => Ortc.GenerateRouterRtpCapabilities([Video("video/VP8", clockRate: 48000)]));
    }

    [Fact]
    public void Mime_types_match_in_any_case_and_keep_the_supported_spelling()
    {
        var caps = Ortc.GenerateRouterRtpCapabilities([Video("VIDEO/vp8")]);

        Assert.Equal("video/VP8", caps.Codecs![0].MimeType);
        Assert.Equal(MediaKind.Video, caps.Codecs[0].Kind);
    }

    [Fact]
    public void The_kind_comes_from_the_mime_type_not_from_the_given_kind()
    {
        var caps = Ortc.GenerateRouterRtpCapabilities(
            [new RtpCodecCapability { Kind = MediaKind.Audio, MimeType = "video/VP8", ClockRate = 90000 }]);

        Assert.Equal(MediaKind.Video, caps.Codecs![0].Kind);
        Assert.Equal("video/rtx", caps.Codecs[1].MimeType);
    }

    [Fact]
    public void Media_codecs_that_are_not_a_list_are_a_TypeError()
    {
        var error = Assert.Throws<TypeError>(() => Ortc.GenerateRouterRtpCapabilities(null));
        Assert.Equal("mediaCodecs must be an Array", error.Message);
    }

    [Fact]
    public void No_media_codecs_give_no_codecs_and_every_header_extension()
    {
        var caps = Ortc.GenerateRouterRtpCapabilities([]);

        Assert.Empty(caps.Codecs!);
        JsonAssert.Equal("[" + SupportedRtpCapabilitiesTests.HeaderExtensionsJson + "]", caps.HeaderExtensions);
    }

    [Theory]
    [InlineData("")]
    [InlineData("opus")]
    [InlineData("application/opus")]
    public void A_missing_or_malformed_mime_type_is_a_TypeError(string mimeType)
    {
        Assert.Throws<TypeError>(() => Ortc.GenerateRouterRtpCapabilities([Audio(mimeType, 48000)]));
    }

    [Fact]
    public void Multiopus_matches_the_supported_stream_layout_only()
    {
        var caps = Ortc.GenerateRouterRtpCapabilities(
        [
            Audio("audio/multiopus", 48000, channels: 6,
                parameters: new Dictionary<string, CodecParameterValue>
                {
                    ["channel_mapping"] = "0,4,1,2,3,5", ["num_streams"] = 4, ["coupled_streams"] = 2,
                }),
        ]);
        Assert.Equal(6, caps.Codecs![0].Channels);

        // Same channel count, other layout: not supported.
        Assert.Throws<UnsupportedError>(() => Ortc.GenerateRouterRtpCapabilities(
        [
            Audio("audio/multiopus", 48000, channels: 6,
                parameters: new Dictionary<string, CodecParameterValue> { ["num_streams"] = 3, ["coupled_streams"] = 2 }),
        ]));
        // A string where the table has a number does not match either (strict equality).
        Assert.Throws<UnsupportedError>(() => Ortc.GenerateRouterRtpCapabilities(
        [
            Audio("audio/multiopus", 48000, channels: 6,
                parameters: new Dictionary<string, CodecParameterValue> { ["num_streams"] = "4", ["coupled_streams"] = 2 }),
        ]));
    }

    [Fact]
    public void The_input_codecs_are_not_changed()
    {
        var given = Audio("audio/opus", 48000, channels: 2);
        var before = Sfu.Contracts.Json.SfuJson.Serialize(given);

        _ = Ortc.GenerateRouterRtpCapabilities([given]);

        Assert.Equal(before, Sfu.Contracts.Json.SfuJson.Serialize(given));
    }

    internal static RtpCodecCapability Audio(
        string mimeType,
        int clockRate,
        int? channels = null,
        int? preferredPayloadType = null,
        IReadOnlyDictionary<string, CodecParameterValue>? parameters = null) =>
        new()
        {
            Kind = MediaKind.Audio,
            MimeType = mimeType,
            ClockRate = clockRate,
            Channels = channels,
            PreferredPayloadType = preferredPayloadType,
            Parameters = parameters,
        };

    internal static RtpCodecCapability Video(string mimeType, int clockRate = 90000, int? preferredPayloadType = null) =>
        new()
        {
            Kind = MediaKind.Video,
            MimeType = mimeType,
            ClockRate = clockRate,
            PreferredPayloadType = preferredPayloadType,
        };

    private static List<int> PayloadTypes(RtpCapabilities caps)
    {
        var payloadTypes = new List<int>();
        foreach (var codec in caps.Codecs!)
        {
            payloadTypes.Add(codec.PreferredPayloadType!.Value);
        }
        return payloadTypes;
    }
}
