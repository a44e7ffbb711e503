using Sfu.Contracts.Options;
using Sfu.Contracts.Transports;

namespace Sfu.Contracts.Tests;

public class PipeTransportOptionsTests
{
    [Fact]
    public void Options_round_trip() =>
        JsonAssert.RoundTrips<PipeTransportOptions>("""
            {"listenInfo":{"protocol":"udp","ip":"127.0.0.1","portRange":{"min":2000,"max":2010}},"enableSctp":true,
             "numSctpStreams":{"OS":1024,"MIS":1024},"maxSctpMessageSize":268435456,"sctpSendBufferSize":268435456,
             "enableRtx":true,"enableSrtp":true,"appData":{"pipe":true}}
            """);

    [Fact]
    public void A_listen_ip_object_is_read() =>
        Assert.Equal(
            new TransportListenIp { Ip = "0.0.0.0", AnnouncedIp = "9.9.9.1" },
            SfuJson.Deserialize<PipeTransportOptions>("""{"listenIp":{"ip":"0.0.0.0","announcedIp":"9.9.9.1"}}""").ListenIp);

    [Fact]
    public void Connect_parameters_round_trip_and_reject_a_string_srtp() 
    {
        JsonAssert.RoundTrips<PipeTransportConnectParameters>("""
            {"ip":"127.0.0.1","port":40001,"srtpParameters":{"cryptoSuite":"AEAD_AES_256_GCM","keyBase64":"k"}}
            """);
        JsonAssert.Rejects<PipeTransportConnectParameters>("""{"ip":"127.0.0.1","port":1,"srtpParameters":"invalid"}""");
    }

    [Fact]
    public void A_string_enable_rtx_is_rejected() =>
        JsonAssert.Rejects<PipeTransportOptions>("""{"enableRtx":"yes"}""");
}
