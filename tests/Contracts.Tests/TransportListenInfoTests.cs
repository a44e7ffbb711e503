using Sfu.Contracts.Options;
using Sfu.Contracts.Transports;

namespace Sfu.Contracts.Tests;

public class TransportListenInfoTests
{
    [Fact]
    public void A_full_listen_info_round_trips() =>
        JsonAssert.RoundTrips<TransportListenInfo>("""
            {"protocol":"udp","ip":"0.0.0.0","announcedAddress":"media.example.com","announcedIp":"9.9.9.1","port":40000,
             "portRange":{"min":40000,"max":49999},"flags":{"ipv6Only":false,"udpReusePort":true},
             "sendBufferSize":1048576,"recvBufferSize":1048576}
            """);

    [Fact]
    public void A_minimal_listen_info_writes_only_what_was_given() =>
        JsonAssert.Writes(new TransportListenInfo { Protocol = TransportProtocol.Tcp, Ip = "127.0.0.1" }, """{"protocol":"tcp","ip":"127.0.0.1"}""");

    [Fact]
    public void Missing_protocol_and_ip_stay_null_for_the_server_to_reject()
    {
        var info = SfuJson.Deserialize<TransportListenInfo>("{}");

        Assert.Null(info.Protocol);
        Assert.Null(info.Ip);
    }

    [Theory]
    [InlineData("""{"protocol":"sctp","ip":"127.0.0.1"}""")]
    [InlineData("""{"protocol":"udp","ip":"127.0.0.1","port":"40000"}""")]
    [InlineData("""{"protocol":"udp","ip":"127.0.0.1","portRange":{"min":"1","max":2}}""")]
    [InlineData("""{"protocol":"udp","ip":123}""")]
    public void Wrongly_typed_listen_infos_do_not_deserialize(string json) =>
        JsonAssert.Rejects<TransportListenInfo>(json);

    [Fact]
    public void A_listen_ip_string_reads_as_the_ip()
    {
        var listenIp = SfuJson.Deserialize<TransportListenIp>("\"127.0.0.1\"");

        Assert.Equal(new TransportListenIp { Ip = "127.0.0.1" }, listenIp);
    }

    [Fact]
    public void A_listen_ip_object_reads_ip_and_announced_ip() =>
        Assert.Equal(
            new TransportListenIp { Ip = "0.0.0.0", AnnouncedIp = "9.9.9.1" },
            SfuJson.Deserialize<TransportListenIp>("""{"ip":"0.0.0.0","announcedIp":"9.9.9.1"}"""));

    [Fact]
    public void A_listen_ip_is_written_as_an_object()
    {
        JsonAssert.Writes(new TransportListenIp { Ip = "127.0.0.1" }, """{"ip":"127.0.0.1"}""");
        JsonAssert.Writes(new TransportListenIp { Ip = "0.0.0.0", AnnouncedIp = "9.9.9.1" }, """{"ip":"0.0.0.0","announcedIp":"9.9.9.1"}""");
    }

    [Theory]
    [InlineData("123")]
    [InlineData("[\"127.0.0.1\"]")]
    [InlineData("true")]
    [InlineData("""{"ip":123}""")]
    public void A_listen_ip_that_is_neither_string_nor_object_is_rejected(string json) =>
        JsonAssert.Rejects<TransportListenIp>(json);

    [Fact]
    public void Deprecated_listen_ips_mix_strings_and_objects()
    {
        var options = SfuJson.Deserialize<WebRtcTransportOptions>("""
            {"listenIps":["127.0.0.1",{"ip":"0.0.0.0","announcedIp":"9.9.9.1"}],"port":44444}
            """);

        Assert.Equal(
            [new TransportListenIp { Ip = "127.0.0.1" }, new TransportListenIp { Ip = "0.0.0.0", AnnouncedIp = "9.9.9.1" }],
            options.ListenIps!);
        Assert.Equal(44444, options.Port);
    }

    [Fact]
    public void A_number_among_listen_ips_is_rejected() =>
        JsonAssert.Rejects<WebRtcTransportOptions>("""{"listenIps":[123]}""");

    [Fact]
    public void A_string_in_place_of_the_listen_ips_array_is_rejected() =>
        JsonAssert.Rejects<WebRtcTransportOptions>("""{"listenIps":"127.0.0.1"}""");
}
