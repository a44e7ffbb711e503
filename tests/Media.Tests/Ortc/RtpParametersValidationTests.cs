using Sfu.Contracts;
using Sfu.Contracts.Rtp;
using Sfu.Media.Ortc;

namespace Sfu.Media.Tests.Ortc;

using Ortc = Sfu.Media.Ortc.Ortc;

/// <summary>ORTC-8: what validation fills in and what it rejects.</summary>
public sealed class RtpParametersValidationTests
{
    [Fact]
    public void Codec_capability_gets_kind_from_mime_type_one_channel_empty_parameters_and_feedback()
    {
        var codec = Ortc.ValidateRtpCodecCapability(
            new RtpCodecCapability { Kind = MediaKind.Video, MimeType = "AUDIO/PCMU", ClockRate = 8000 });

        JsonAssert.Equal("""
            { "kind": "audio", "mimeType": "AUDIO/PCMU", "clockRate": 8000, "channels": 1, "parameters": {}, "rtcpFeedback": [] }
            """, codec);
    }

    [Fact]
    public void Video_codec_capability_loses_its_channels()
    {
        var codec = Ortc.ValidateRtpCodecCapability(
            new RtpCodecCapability { MimeType = "video/VP8", ClockRate = 90000, Channels = 2 });

        Assert.Equal(MediaKind.Video, codec.Kind);
        Assert.Null(codec.Channels);
    }

    [Fact]
    public void A_feedback_without_parameter_gets_an_empty_one()
    {
        var codec = Ortc.ValidateRtpCodecCapability(new RtpCodecCapability
        {
            MimeType = "video/VP8",
            ClockRate = 90000,
            RtcpFeedback = [new RtcpFeedback("nack"), new RtcpFeedback("nack", "pli"), new RtcpFeedback("goog-remb", "")],
        });

        JsonAssert.Equal(
            """[ { "type": "nack", "parameter": "" }, { "type": "nack", "parameter": "pli" }, { "type": "goog-remb", "parameter": "" } ]""",
            codec.RtcpFeedback);
    }

    [Fact]
    public void A_feedback_without_type_is_a_TypeError()
    {
        var error = Assert.Throws<TypeError>(() => Ortc.ValidateRtpCodecCapability(new RtpCodecCapability
        {
            MimeType = "video/VP8", ClockRate = 90000, RtcpFeedback = [new RtcpFeedback("", "pli")],
        }));
        Assert.Equal("missing fb.type", error.Message);
    }

    [Theory]
    [InlineData("", "missing codec.mimeType")]
    [InlineData("opus", "invalid codec.mimeType")]
    [InlineData("text/plain", "invalid codec.mimeType")]
    [InlineData("audio/", "invalid codec.mimeType")]
    public void A_missing_or_malformed_mime_type_is_a_TypeError(string mimeType, string message)
    {
        var capability = Assert.Throws<TypeError>(() =>
            Ortc.ValidateRtpCodecCapability(new RtpCodecCapability { MimeType = mimeType, ClockRate = 1 }));
        var parameters = Assert.Throws<TypeError>(() =>
            Ortc.ValidateRtpCodecParameters(new RtpCodecParameters { MimeType = mimeType, ClockRate = 1 }));
        Assert.Equal(message, capability.Message);
        Assert.Equal(message, parameters.Message);
    }

    [Fact]
    public void A_string_apt_is_a_TypeError()
    {
        var error = Assert.Throws<TypeError>(() => Ortc.ValidateRtpCodecCapability(new RtpCodecCapability
        {
            MimeType = "video/rtx", ClockRate = 90000, Parameters = new Dictionary<string, CodecParameterValue> { ["apt"] = "96" },
        }));
        Assert.Equal("invalid codec apt parameter", error.Message);
    }

    [Fact]
    public void Header_extension_capability_defaults_to_unencrypted_sendrecv()
    {
        var ext = Ortc.ValidateRtpHeaderExtension(
            new RtpHeaderExtension { Kind = MediaKind.Video, Uri = RtpHeaderExtensionUris.Mid, PreferredId = 1 });

        JsonAssert.Equal("""
            { "kind": "video", "uri": "urn:ietf:params:rtp-hdrext:sdes:mid", "preferredId": 1, "preferredEncrypt": false, "direction": "sendrecv" }
            """, ext);
    }

    [Fact]
    public void Header_extension_capability_keeps_a_given_direction()
    {
        var ext = Ortc.ValidateRtpHeaderExtension(new RtpHeaderExtension
        {
            Kind = MediaKind.Audio, Uri = "x", PreferredId = 3, Direction = RtpHeaderExtensionDirection.RecvOnly,
        });

        Assert.Equal(RtpHeaderExtensionDirection.RecvOnly, ext.Direction);
    }

    [Fact]
    public void Header_extension_capability_without_uri_or_with_an_unknown_kind_is_a_TypeError()
    {
        Assert.Equal("missing ext.uri", Assert.Throws<TypeError>(() => Ortc.ValidateRtpHeaderExtension(
            new RtpHeaderExtension { Kind = MediaKind.Audio, PreferredId = 1 })).Message);
        Assert.Equal("invalid ext.kind", Assert.Throws<TypeError>(() => Ortc.ValidateRtpHeaderExtension(
            new RtpHeaderExtension { Kind = (MediaKind)7, Uri = "x", PreferredId = 1 })).Message);
    }

    [Fact]
    public void Capabilities_without_lists_get_empty_lists()
    {
        JsonAssert.Equal("""{ "codecs": [], "headerExtensions": [] }""", Ortc.ValidateRtpCapabilities(new RtpCapabilities()));
    }

    [Fact]
    public void Rtp_parameters_get_empty_lists_unencrypted_extensions_dtx_false_and_reduced_size_rtcp()
    {
        var parameters = Ortc.ValidateRtpParameters(JsonAssert.Parse<RtpParameters>("""
            {
              "codecs": [ { "mimeType": "audio/opus", "payloadType": 111, "clockRate": 48000 } ],
              "headerExtensions": [ { "uri": "urn:ietf:params:rtp-hdrext:sdes:mid", "id": 1 } ],
              "encodings": [ { "ssrc": 1 }, { "ssrc": 2, "dtx": true } ],
              "rtcp": { "cname": "c", "reducedSize": false }
            }
            """));

        JsonAssert.Equal("""
            {
              "codecs": [ { "mimeType": "audio/opus", "payloadType": 111, "clockRate": 48000, "channels": 1, "parameters": {}, "rtcpFeedback": [] } ],
              "headerExtensions": [ { "uri": "urn:ietf:params:rtp-hdrext:sdes:mid", "id": 1, "encrypt": false, "parameters": {} } ],
              "encodings": [ { "ssrc": 1, "dtx": false }, { "ssrc": 2, "dtx": true } ],
              "rtcp": { "cname": "c", "reducedSize": true }
            }
            """, parameters);
    }

    [Fact]
    public void Rtp_parameters_without_optional_members_get_defaults()
    {
        var parameters = Ortc.ValidateRtpParameters(new RtpParameters());

        JsonAssert.Equal("""{ "codecs": [], "headerExtensions": [], "encodings": [], "rtcp": { "reducedSize": true } }""", parameters);
    }

    [Fact]
    public void Producer_normalization_turns_missing_or_empty_encodings_into_one_empty_encoding()
    {
        var codec = new RtpCodecParameters { MimeType = "audio/opus", PayloadType = 111, ClockRate = 48000, Channels = 2 };

        var missing = Ortc.NormalizeProducerRtpParameters(new RtpParameters { Codecs = [codec] });
        var empty = Ortc.NormalizeProducerRtpParameters(new RtpParameters { Codecs = [codec], Encodings = [] });
        var given = Ortc.NormalizeProducerRtpParameters(
            new RtpParameters { Codecs = [codec], Encodings = [new RtpEncodingParameters { Ssrc = 5 }] });

        JsonAssert.Equal("""[ { "dtx": false } ]""", missing.Encodings);
        JsonAssert.Equal("""[ { "dtx": false } ]""", empty.Encodings);
        JsonAssert.Equal("""[ { "ssrc": 5, "dtx": false } ]""", given.Encodings);
    }

    [Fact]
    public void An_rtx_object_without_ssrc_is_a_TypeError()
    {
        var error = Assert.Throws<TypeError>(() => Ortc.ValidateRtpParameters(JsonAssert.Parse<RtpParameters>("""
            { "codecs": [], "encodings": [ { "ssrc": 1, "rtx": {} } ] }
            """)));
        Assert.Equal("missing encoding.rtx.ssrc", error.Message);
    }

    [Fact]
    public void A_header_extension_without_uri_is_a_TypeError()
    {
        var error = Assert.Throws<TypeError>(() => Ortc.ValidateRtpParameters(JsonAssert.Parse<RtpParameters>("""
            { "codecs": [], "headerExtensions": [ { "id": 1 } ] }
            """)));
        Assert.Equal("missing ext.uri", error.Message);
    }

    [Fact]
    public void Validation_returns_a_copy_and_leaves_the_input_as_it_was()
    {
        var input = JsonAssert.Parse<RtpParameters>("""
            { "codecs": [ { "mimeType": "video/VP8", "payloadType": 96, "clockRate": 90000, "rtcpFeedback": [ { "type": "nack" } ] } ] }
            """);
        var before = Sfu.Contracts.Json.SfuJson.Serialize(input);

        var validated = Ortc.ValidateRtpParameters(input);

        Assert.Equal(before, Sfu.Contracts.Json.SfuJson.Serialize(input));
        Assert.Equal("", validated.Codecs[0].RtcpFeedback![0].Parameter);
        Assert.Null(input.Codecs[0].RtcpFeedback![0].Parameter);
    }

    [Fact]
    public void Validating_twice_gives_the_same_result()
    {
        var once = Ortc.ValidateRtpCapabilities(SupportedRtpCapabilities.Value);
        var twice = Ortc.ValidateRtpCapabilities(once);

        Assert.Equal(Sfu.Contracts.Json.SfuJson.Serialize(once), Sfu.Contracts.Json.SfuJson.Serialize(twice));
    }
}
