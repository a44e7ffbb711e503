using Sfu.Contracts.Rtp;

namespace Sfu.Contracts.Tests;

public class RtpCapabilitiesTests
{
    /// <summary>
    /// Router capabilities for [opus, VP8, H264] (ORTC-1) with the 17 header extensions of §4.2 in the router's order.
    /// </summary>
    private const string RouterCapabilities = """
        {"codecs":[
           {"kind":"audio","mimeType":"audio/opus","preferredPayloadType":100,"clockRate":48000,"channels":2,
            "parameters":{"useinbandfec":1},
            "rtcpFeedback":[{"type":"nack","parameter":""},{"type":"transport-cc","parameter":""}]},
           {"kind":"video","mimeType":"video/VP8","preferredPayloadType":101,"clockRate":90000,"parameters":{},
            "rtcpFeedback":[{"type":"nack","parameter":""},{"type":"nack","parameter":"pli"},{"type":"ccm","parameter":"fir"},
                            {"type":"goog-remb","parameter":""},{"type":"transport-cc","parameter":""}]},
           {"kind":"video","mimeType":"video/rtx","preferredPayloadType":102,"clockRate":90000,"parameters":{"apt":101},"rtcpFeedback":[]},
           {"kind":"video","mimeType":"video/H264","preferredPayloadType":103,"clockRate":90000,
            "parameters":{"level-asymmetry-allowed":1,"packetization-mode":1,"profile-level-id":"42e01f"},
            "rtcpFeedback":[{"type":"nack","parameter":""},{"type":"nack","parameter":"pli"},{"type":"ccm","parameter":"fir"},
                            {"type":"goog-remb","parameter":""},{"type":"transport-cc","parameter":""}]},
           {"kind":"video","mimeType":"video/rtx","preferredPayloadType":104,"clockRate":90000,"parameters":{"apt":103},"rtcpFeedback":[]}],
         "headerExtensions":[
           {"kind":"audio","uri":"urn:ietf:params:rtp-hdrext:sdes:mid","preferredId":1,"preferredEncrypt":false,"direction":"sendrecv"},
           {"kind":"video","uri":"urn:ietf:params:rtp-hdrext:sdes:mid","preferredId":1,"preferredEncrypt":false,"direction":"sendrecv"},
           {"kind":"video","uri":"urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id","preferredId":2,"preferredEncrypt":false,"direction":"recvonly"},
           {"kind":"video","uri":"urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id","preferredId":3,"preferredEncrypt":false,"direction":"recvonly"},
           {"kind":"audio","uri":"http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time","preferredId":4,"preferredEncrypt":false,"direction":"sendrecv"},
           {"kind":"video","uri":"http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time","preferredId":4,"preferredEncrypt":false,"direction":"sendrecv"},
           {"kind":"audio","uri":"http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01","preferredId":5,"preferredEncrypt":false,"direction":"recvonly"},
           {"kind":"video","uri":"http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01","preferredId":5,"preferredEncrypt":false,"direction":"sendrecv"},
           {"kind":"video","uri":"http://tools.ietf.org/html/draft-ietf-avtext-framemarking-07","preferredId":6,"preferredEncrypt":false,"direction":"sendrecv"},
           {"kind":"video","uri":"urn:ietf:params:rtp-hdrext:framemarking","preferredId":7,"preferredEncrypt":false,"direction":"sendrecv"},
           {"kind":"audio","uri":"urn:ietf:params:rtp-hdrext:ssrc-audio-level","preferredId":10,"preferredEncrypt":false,"direction":"sendrecv"},
           {"kind":"video","uri":"urn:3gpp:video-orientation","preferredId":11,"preferredEncrypt":false,"direction":"sendrecv"},
           {"kind":"video","uri":"urn:ietf:params:rtp-hdrext:toffset","preferredId":12,"preferredEncrypt":false,"direction":"sendrecv"},
           {"kind":"audio","uri":"http://www.webrtc.org/experiments/rtp-hdrext/abs-capture-time","preferredId":13,"preferredEncrypt":false,"direction":"sendrecv"},
           {"kind":"video","uri":"http://www.webrtc.org/experiments/rtp-hdrext/abs-capture-time","preferredId":13,"preferredEncrypt":false,"direction":"sendrecv"},
           {"kind":"audio","uri":"http://www.webrtc.org/experiments/rtp-hdrext/playout-delay","preferredId":14,"preferredEncrypt":false,"direction":"sendrecv"},
           {"kind":"video","uri":"http://www.webrtc.org/experiments/rtp-hdrext/playout-delay","preferredId":14,"preferredEncrypt":false,"direction":"sendrecv"}]}
        """;

    [Fact]
    public void Router_capabilities_with_all_17_header_extensions_round_trip()
    {
        var capabilities = JsonAssert.RoundTrips<RtpCapabilities>(RouterCapabilities);

        Assert.Equal(17, capabilities.HeaderExtensions!.Count);
        Assert.Equal(6, capabilities.HeaderExtensions.Count(h => h.Kind == MediaKind.Audio));
        Assert.Equal(
            RtpHeaderExtensionDirection.RecvOnly,
            capabilities.HeaderExtensions.Single(h => h.Kind == MediaKind.Audio && h.PreferredId == 5).Direction);
        Assert.Equal("", capabilities.Codecs![0].RtcpFeedback![0].Parameter);
    }

    [Fact]
    public void Device_capabilities_without_direction_or_encrypt_omit_them() =>
        JsonAssert.Writes(
            new RtpCapabilities
            {
                Codecs = [new RtpCodecCapability { Kind = MediaKind.Audio, MimeType = "audio/opus", ClockRate = 48000, Channels = 2 }],
                HeaderExtensions = [new RtpHeaderExtension { Kind = MediaKind.Audio, Uri = "urn:ietf:params:rtp-hdrext:sdes:mid", PreferredId = 1 }],
            },
            """
            {"codecs":[{"kind":"audio","mimeType":"audio/opus","clockRate":48000,"channels":2}],
             "headerExtensions":[{"kind":"audio","uri":"urn:ietf:params:rtp-hdrext:sdes:mid","preferredId":1}]}
            """);

    [Fact]
    public void Empty_capabilities_write_an_empty_object() =>
        JsonAssert.Writes(new RtpCapabilities(), "{}");

    [Theory]
    [InlineData("""{"codecs":[{"kind":"data","mimeType":"audio/opus","clockRate":48000}]}""")]
    [InlineData("""{"codecs":[{"kind":1,"mimeType":"video/VP8","clockRate":90000}]}""")]
    [InlineData("""{"headerExtensions":[{"kind":"audio","uri":"u","preferredId":1,"direction":"both"}]}""")]
    [InlineData("""{"headerExtensions":[{"kind":"audio","uri":"u","preferredId":1,"direction":0}]}""")]
    [InlineData("""{"codecs":{}}""")]
    public void Invalid_capabilities_are_rejected(string json) =>
        JsonAssert.Rejects<RtpCapabilities>(json);
}
