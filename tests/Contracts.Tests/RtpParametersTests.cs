using Sfu.Contracts.Rtp;

namespace Sfu.Contracts.Tests;

public class RtpParametersTests
{
    /// <summary>§3.4 consumer output example (test-Consumer's H264 video consumer: mid '1', PT 103 + RTX 104, L4T5).</summary>
    private const string VideoConsumerParameters = """
        {"mid":"1",
         "codecs":[{"mimeType":"video/H264","payloadType":103,"clockRate":90000,
                    "parameters":{"packetization-mode":1,"profile-level-id":"4d0032"},
                    "rtcpFeedback":[{"type":"nack","parameter":""},{"type":"nack","parameter":"pli"},
                                    {"type":"ccm","parameter":"fir"},{"type":"goog-remb","parameter":""}]},
                   {"mimeType":"video/rtx","payloadType":104,"clockRate":90000,"parameters":{"apt":103},"rtcpFeedback":[]}],
         "headerExtensions":[{"uri":"urn:ietf:params:rtp-hdrext:sdes:mid","id":1,"encrypt":false,"parameters":{}},
                             {"uri":"http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time","id":4,"encrypt":false,"parameters":{}},
                             {"uri":"urn:3gpp:video-orientation","id":11,"encrypt":false,"parameters":{}},
                             {"uri":"urn:ietf:params:rtp-hdrext:toffset","id":12,"encrypt":false,"parameters":{}}],
         "encodings":[{"ssrc":123456789,"rtx":{"ssrc":123456790},"scalabilityMode":"L4T5","maxBitrate":1500000}],
         "rtcp":{"cname":"FOOBAR","reducedSize":true}}
        """;

    [Fact]
    public void The_consumer_output_example_round_trips_unchanged()
    {
        var parameters = JsonAssert.RoundTrips<RtpParameters>(VideoConsumerParameters);

        Assert.Equal("1", parameters.Mid);
        Assert.Equal(103, parameters.Codecs[1].Parameters!["apt"].Number);
        Assert.Equal(123456790u, parameters.Encodings![0].Rtx!.Ssrc);
        Assert.Equal(new ScalabilityMode(4, 5, false), ScalabilityMode.Parse(parameters.Encodings[0].ScalabilityMode));
    }

    [Fact]
    public void An_empty_rtcp_feedback_parameter_is_kept_and_an_absent_one_stays_absent()
    {
        var codec = SfuJson.Deserialize<RtpCodecParameters>("""
            {"mimeType":"video/VP8","payloadType":101,"clockRate":90000,"rtcpFeedback":[{"type":"nack","parameter":""},{"type":"goog-remb"}]}
            """);

        Assert.Equal("", codec.RtcpFeedback![0].Parameter);
        Assert.Null(codec.RtcpFeedback[1].Parameter);
        JsonAssert.Writes(codec, """
            {"mimeType":"video/VP8","payloadType":101,"clockRate":90000,"rtcpFeedback":[{"type":"nack","parameter":""},{"type":"goog-remb"}]}
            """);
    }

    [Fact]
    public void Codec_parameters_keep_strings_and_numbers_apart()
    {
        var codec = JsonAssert.RoundTrips<RtpCodecParameters>("""
            {"mimeType":"audio/opus","payloadType":100,"clockRate":48000,"channels":2,
             "parameters":{"useinbandfec":1,"usedtx":1,"foo":222.222,"bar":"333"},"rtcpFeedback":[]}
            """);

        Assert.True(codec.Parameters!["useinbandfec"].IsNumber);
        Assert.Equal(222.222, codec.Parameters["foo"].Number);
        Assert.Equal("333", codec.Parameters["bar"].String);
    }

    [Theory]
    [InlineData("true")]
    [InlineData("{}")]
    [InlineData("[1]")]
    [InlineData("null")]
    public void Codec_parameter_values_other_than_string_or_number_are_rejected(string value) =>
        JsonAssert.Rejects<RtpCodecParameters>(
            $$$"""{"mimeType":"video/H264","payloadType":103,"clockRate":90000,"parameters":{"packetization-mode":{{{value}}}}}""");

    [Fact]
    public void A_minimal_producer_parameters_object_omits_absent_fields() =>
        JsonAssert.Writes(
            new RtpParameters
            {
                Codecs = [new RtpCodecParameters { MimeType = "audio/opus", PayloadType = 111, ClockRate = 48000, Channels = 2 }],
                Encodings = [new RtpEncodingParameters { Ssrc = 11111111 }],
            },
            """{"codecs":[{"mimeType":"audio/opus","payloadType":111,"clockRate":48000,"channels":2}],"encodings":[{"ssrc":11111111}]}""");

    [Fact]
    public void Simulcast_encodings_with_rids_and_dtx_round_trip() =>
        JsonAssert.RoundTrips<RtpParameters>("""
            {"codecs":[{"mimeType":"video/VP8","payloadType":96,"clockRate":90000}],
             "encodings":[{"rid":"r0","scalabilityMode":"L1T3","scaleResolutionDownBy":4,"maxBitrate":150000,"dtx":false},
                          {"rid":"r1","scalabilityMode":"L1T3","scaleResolutionDownBy":2.5,"maxBitrate":500000,"codecPayloadType":96}]}
            """);

    [Theory]
    [InlineData("""{"codecs":[],"encodings":[{"ssrc":"1111"}]}""")]
    [InlineData("""{"codecs":[],"encodings":[{"rtx":{"ssrc":"1112"}}]}""")]
    [InlineData("""{"codecs":[{"mimeType":"audio/opus","payloadType":"111","clockRate":48000}]}""")]
    [InlineData("""{"codecs":[],"rtcp":{"reducedSize":"true"}}""")]
    public void Wrongly_typed_rtp_parameters_are_rejected(string json) =>
        JsonAssert.Rejects<RtpParameters>(json);
}
