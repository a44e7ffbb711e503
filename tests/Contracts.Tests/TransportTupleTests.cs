using Sfu.Contracts.Transports;

namespace Sfu.Contracts.Tests;

public class TransportTupleTests
{
    [Fact]
    public void A_local_only_tuple_writes_local_ip_as_the_local_address_and_omits_the_remote() =>
        JsonAssert.Writes(
            new TransportTuple { LocalAddress = "9.9.9.1", LocalPort = 40000, Protocol = TransportProtocol.Udp },
            """{"localIp":"9.9.9.1","localAddress":"9.9.9.1","localPort":40000,"protocol":"udp"}""");

    [Fact]
    public void A_connected_tuple_round_trips() =>
        JsonAssert.RoundTrips<TransportTuple>("""
            {"localIp":"127.0.0.1","localAddress":"127.0.0.1","localPort":40001,"remoteIp":"1.2.3.4","remotePort":1234,"protocol":"udp"}
            """);

    [Fact]
    public void A_tuple_with_only_the_deprecated_local_ip_reads_it_as_the_local_address() =>
        Assert.Equal("10.0.0.1", SfuJson.Deserialize<TransportTuple>("""{"localIp":"10.0.0.1","localPort":1,"protocol":"tcp"}""").LocalAddress);
}
