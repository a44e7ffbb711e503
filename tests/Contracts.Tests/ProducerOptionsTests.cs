using Sfu.Contracts.Options;
using Sfu.Contracts.Rtp;

namespace Sfu.Contracts.Tests;

public class ProducerOptionsTests
{
    [Fact]
    public void Audio_producer_options_from_the_mediasoup_tests_round_trip()
    {
        var options = JsonAssert.RoundTrips<ProducerOptions>("""
            {"kind":"audio",
             "rtpParameters":{"mid":"AUDIO",
               "codecs":[{"mimeType":"audio/opus","payloadType":111,"clockRate":48000,"channels":2,
                          "parameters":{"useinbandfec":1,"usedtx":1,"foo":222.222,"bar":"333"}}],
               "headerExtensions":[{"uri":"urn:ietf:params:rtp-hdrext:sdes:mid","id":10},
                                   {"uri":"urn:ietf:params:rtp-hdrext:ssrc-audio-level","id":12}],
               "encodings":[{"ssrc":11111111}],
               "rtcp":{"cname":"FOOBAR"}},
             "paused":false,"keyFrameRequestDelay":0,"appData":{"foo":1,"bar":"2"}}
            """);

        Assert.Equal(MediaKind.Audio, options.Kind);
        Assert.Equal(222.222, options.RtpParameters!.Codecs[0].Parameters!["foo"].Number);
        Assert.Equal(1, options.AppData!["foo"]!.GetValue<int>());
    }

    [Fact]
    public void A_pipe_producer_reuses_an_id() =>
        Assert.Equal("p1", SfuJson.Deserialize<ProducerOptions>("""{"id":"p1","kind":"video","rtpParameters":{"codecs":[]}}""").Id);

    [Fact]
    public void Missing_kind_and_parameters_stay_null()
    {
        var options = SfuJson.Deserialize<ProducerOptions>("{}");

        Assert.Null(options.Kind);
        Assert.Null(options.RtpParameters);
    }

    [Theory]
    [InlineData("""{"kind":"chicken"}""")]
    [InlineData("""{"kind":"AUDIO"}""")]
    [InlineData("""{"kind":0}""")]
    [InlineData("""{"kind":"audio","rtpParameters":{"codecs":[],"encodings":[{"ssrc":"1111"}]}}""")]
    [InlineData("""{"kind":"audio","rtpParameters":{"codecs":[{"mimeType":"audio/opus","payloadType":111,"clockRate":48000,"parameters":{"useinbandfec":true}}]}}""")]
    [InlineData("""{"kind":"audio","appData":"str"}""")]
    [InlineData("""{"kind":"audio","paused":"false"}""")]
    public void Invalid_producer_options_do_not_deserialize(string json) =>
        JsonAssert.Rejects<ProducerOptions>(json);
}
