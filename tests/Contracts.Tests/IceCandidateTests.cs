using Sfu.Contracts.Transports;

namespace Sfu.Contracts.Tests;

public class IceCandidateTests
{
    [Fact]
    public void Udp_candidate_writes_ip_and_address_with_the_same_value_and_no_tcp_type()
    {
        var candidate = new IceCandidate
        {
            Foundation = "udpcandidate",
            Priority = 1076302079,
            Address = "9.9.9.1",
            Protocol = TransportProtocol.Udp,
            Port = 40533,
            Type = IceCandidateType.Host,
        };

        JsonAssert.Writes(candidate, """
            {"foundation":"udpcandidate","priority":1076302079,"ip":"9.9.9.1","address":"9.9.9.1",
             "protocol":"udp","port":40533,"type":"host"}
            """);
        Assert.Equal("9.9.9.1", candidate.Ip);
    }

    [Fact]
    public void Tcp_candidate_with_a_hostname_round_trips_with_passive_tcp_type()
    {
        var candidate = JsonAssert.RoundTrips<IceCandidate>("""
            {"foundation":"tcpcandidate","priority":1076276479,"ip":"media.example.com","address":"media.example.com",
             "protocol":"tcp","port":44444,"type":"host","tcpType":"passive"}
            """);

        Assert.Equal(TransportProtocol.Tcp, candidate.Protocol);
        Assert.Equal(IceCandidateTcpType.Passive, candidate.TcpType);
    }

    [Fact]
    public void A_candidate_with_only_the_deprecated_ip_reads_it_as_the_address()
    {
        var candidate = SfuJson.Deserialize<IceCandidate>("""
            {"foundation":"udpcandidate","priority":1,"ip":"10.0.0.1","protocol":"udp","port":1,"type":"host"}
            """);

        Assert.Equal("10.0.0.1", candidate.Address);
        Assert.Equal("10.0.0.1", JsonAssert.ObjectOf(candidate)["address"]!.GetValue<string>());
    }

    [Fact]
    public void When_ip_and_address_differ_the_address_wins_whatever_the_key_order()
    {
        var ipFirst = SfuJson.Deserialize<IceCandidate>("""{"ip":"1.1.1.1","address":"2.2.2.2"}""");
        var addressFirst = SfuJson.Deserialize<IceCandidate>("""{"address":"2.2.2.2","ip":"1.1.1.1"}""");

        Assert.Equal("2.2.2.2", ipFirst.Address);
        Assert.Equal("2.2.2.2", addressFirst.Address);
    }

    [Theory]
    [InlineData("srflx", IceCandidateType.ServerReflexive)]
    [InlineData("prflx", IceCandidateType.PeerReflexive)]
    [InlineData("relay", IceCandidateType.Relay)]
    public void Client_side_candidate_types_are_read(string wire, IceCandidateType expected) =>
        Assert.Equal(expected, SfuJson.Deserialize<IceCandidate>($$"""{"type":"{{wire}}"}""").Type);

    [Fact]
    public void A_string_priority_is_rejected() =>
        JsonAssert.Rejects<IceCandidate>("""{"priority":"1"}""");
}
