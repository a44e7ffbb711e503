using Sfu.Contracts.Options;
using Sfu.Contracts.Transports;

namespace Sfu.Contracts.Tests;

public class WebRtcServerOptionsTests
{
    [Fact]
    public void Listen_infos_round_trip()
    {
        var options = JsonAssert.RoundTrips<WebRtcServerOptions>("""
            {"listenInfos":[{"protocol":"udp","ip":"127.0.0.1","port":44444},
                            {"protocol":"tcp","ip":"127.0.0.1","announcedAddress":"media.example.com","port":44444}],
             "appData":{"foo":123}}
            """);

        Assert.Equal(TransportProtocol.Tcp, options.ListenInfos![1].Protocol);
    }

    [Theory]
    [InlineData("\"foo\"")]
    [InlineData("[]")]
    [InlineData("""{"listenInfos":"foo"}""")]
    [InlineData("""{"listenInfos":["127.0.0.1"]}""")]
    public void Invalid_server_options_do_not_deserialize(string json) =>
        JsonAssert.Rejects<WebRtcServerOptions>(json);

    [Fact]
    public void Empty_options_deserialize_with_no_listen_infos_for_the_server_to_reject() =>
        Assert.Null(SfuJson.Deserialize<WebRtcServerOptions>("{}").ListenInfos);
}
