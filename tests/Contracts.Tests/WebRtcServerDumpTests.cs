using Sfu.Contracts.Dumps;

namespace Sfu.Contracts.Tests;

public class WebRtcServerDumpTests
{
    [Fact]
    public void A_webrtc_server_dump_round_trips_after_restart_ice_with_two_ufrags() =>
        JsonAssert.RoundTrips<WebRtcServerDump>("""
            {"id":"s1","udpSockets":[{"ip":"127.0.0.1","port":44444}],"tcpServers":[{"ip":"127.0.0.1","port":44445}],
             "webRtcTransportIds":["t1"],
             "localIceUsernameFragments":[{"localIceUsernameFragment":"ufrag1","webRtcTransportId":"t1"},
                                          {"localIceUsernameFragment":"ufrag2","webRtcTransportId":"t1"}],
             "tupleHashes":[{"tupleHash":18446744073709551557,"webRtcTransportId":"t1"}]}
            """);

    [Fact]
    public void A_new_webrtc_server_dump_has_empty_lists() =>
        JsonAssert.Writes(new WebRtcServerDump { Id = "s1", UdpSockets = [new IpPort { Ip = "0.0.0.0", Port = 40000 }] }, """
            {"id":"s1","udpSockets":[{"ip":"0.0.0.0","port":40000}],"tcpServers":[],"webRtcTransportIds":[],
             "localIceUsernameFragments":[],"tupleHashes":[]}
            """);
}
