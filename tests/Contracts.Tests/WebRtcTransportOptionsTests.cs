using Sfu.Contracts.Options;
using Sfu.Contracts.Transports;

namespace Sfu.Contracts.Tests;

public class WebRtcTransportOptionsTests
{
    [Fact]
    public void Full_options_round_trip() =>
        JsonAssert.RoundTrips<WebRtcTransportOptions>("""
            {"listenInfos":[{"protocol":"udp","ip":"0.0.0.0","announcedAddress":"9.9.9.1","portRange":{"min":40000,"max":40100}},
                            {"protocol":"tcp","ip":"0.0.0.0","announcedAddress":"media.example.com"}],
             "enableUdp":true,"enableTcp":true,"preferUdp":true,"preferTcp":false,"iceConsentTimeout":20,
             "initialAvailableOutgoingBitrate":1000000,"enableSctp":true,"numSctpStreams":{"OS":2048,"MIS":2048},
             "maxSctpMessageSize":262144,"sctpSendBufferSize":262144,"appData":{"foo":"bar","n":[1,2]}}
            """);

    [Fact]
    public void A_webrtc_server_is_given_by_id() =>
        Assert.Equal("s1", JsonAssert.RoundTrips<WebRtcTransportOptions>("""{"webRtcServerId":"s1","enableUdp":false}""").WebRtcServerId);

    [Fact]
    public void Missing_options_stay_null_so_the_server_applies_defaults()
    {
        var options = SfuJson.Deserialize<WebRtcTransportOptions>("{}");

        Assert.Equal(new WebRtcTransportOptions(), options);
        JsonAssert.Writes(options, "{}");
    }

    [Theory]
    [InlineData("""{"listenInfos":"x"}""")]
    [InlineData("""{"listenIps":"x"}""")]
    [InlineData("""{"listenIps":[123]}""")]
    [InlineData("""{"numSctpStreams":"foo"}""")]
    [InlineData("""{"enableUdp":"true"}""")]
    [InlineData("""{"iceConsentTimeout":"30"}""")]
    [InlineData("""{"appData":"str"}""")]
    [InlineData("""{"appData":[]}""")]
    [InlineData("""{"appData":1}""")]
    public void Wrongly_typed_options_do_not_deserialize(string json) =>
        JsonAssert.Rejects<WebRtcTransportOptions>(json);

    [Fact]
    public void Connect_parameters_carry_dtls_parameters()
    {
        var parameters = JsonAssert.RoundTrips<WebRtcTransportConnectParameters>("""
            {"dtlsParameters":{"role":"client","fingerprints":[{"algorithm":"sha-256","value":"82:5A:68:3D"}]}}
            """);

        Assert.Equal(DtlsRole.Client, parameters.DtlsParameters!.Role);
        Assert.Null(SfuJson.Deserialize<WebRtcTransportConnectParameters>("{}").DtlsParameters);
    }
}
