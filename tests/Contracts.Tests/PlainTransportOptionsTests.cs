using Sfu.Contracts.Options;
using Sfu.Contracts.Transports;

namespace Sfu.Contracts.Tests;

public class PlainTransportOptionsTests
{
    [Fact]
    public void Options_with_a_separate_rtcp_listen_info_and_srtp_round_trip() =>
        JsonAssert.RoundTrips<PlainTransportOptions>("""
            {"listenInfo":{"protocol":"udp","ip":"127.0.0.1","announcedAddress":"9.9.9.1","port":40000},
             "rtcpListenInfo":{"protocol":"udp","ip":"127.0.0.1","port":40001},
             "rtcpMux":false,"comedia":true,"enableSctp":true,"numSctpStreams":{"OS":256,"MIS":256},
             "maxSctpMessageSize":262144,"sctpSendBufferSize":262144,
             "enableSrtp":true,"srtpCryptoSuite":"AEAD_AES_256_GCM","appData":{}}
            """);

    [Fact]
    public void A_deprecated_listen_ip_string_and_port_are_read()
    {
        var options = SfuJson.Deserialize<PlainTransportOptions>("""{"listenIp":"127.0.0.1","port":40000}""");

        Assert.Equal("127.0.0.1", options.ListenIp!.Ip);
        Assert.Equal(40000, options.Port);
        Assert.Null(options.RtcpMux);
    }

    [Theory]
    [InlineData("""{"listenIp":["127.0.0.1"]}""")]
    [InlineData("""{"srtpCryptoSuite":"AES_CM_128_HMAC_SHA1_64"}""")]
    [InlineData("""{"comedia":1}""")]
    [InlineData("""{"appData":"str"}""")]
    public void Wrongly_typed_options_do_not_deserialize(string json) =>
        JsonAssert.Rejects<PlainTransportOptions>(json);

    [Fact]
    public void Connect_parameters_omit_what_is_not_given()
    {
        JsonAssert.Writes(new PlainTransportConnectParameters { Ip = "127.0.0.2", Port = 9998 }, """{"ip":"127.0.0.2","port":9998}""");
        JsonAssert.RoundTrips<PlainTransportConnectParameters>("""
            {"ip":"127.0.0.2","port":9998,"rtcpPort":9999,"srtpParameters":{"cryptoSuite":"AEAD_AES_256_GCM","keyBase64":"k"}}
            """);
    }

    [Theory]
    [InlineData("""{"ip":"127.0.0.2","port":"9998"}""")]
    [InlineData("""{"srtpParameters":"invalid"}""")]
    [InlineData("""{"srtpParameters":{"cryptoSuite":"FOO","keyBase64":"k"}}""")]
    [InlineData("""{"srtpParameters":{"keyBase64":"k"}}""")]
    public void Invalid_connect_parameters_do_not_deserialize(string json) =>
        JsonAssert.Rejects<PlainTransportConnectParameters>(json);
}
