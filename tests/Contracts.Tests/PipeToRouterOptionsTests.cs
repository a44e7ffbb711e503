using Sfu.Contracts.Options;

namespace Sfu.Contracts.Tests;

public class PipeToRouterOptionsTests
{
    [Fact]
    public void Options_name_the_target_router_by_id() =>
        JsonAssert.RoundTrips<PipeToRouterOptions>("""
            {"producerId":"p1","targetRouterId":"r2","enableSctp":true,"numSctpStreams":{"OS":1024,"MIS":1024},
             "enableRtx":true,"enableSrtp":true,"listenInfo":{"protocol":"udp","ip":"127.0.0.1"}}
            """);

    [Fact]
    public void Data_pipes_and_deprecated_listen_ips_are_read()
    {
        var options = SfuJson.Deserialize<PipeToRouterOptions>("""{"dataProducerId":"dp1","targetRouterId":"r2","listenIp":"127.0.0.1"}""");

        Assert.Equal("dp1", options.DataProducerId);
        Assert.Null(options.ProducerId);
        Assert.Equal("127.0.0.1", options.ListenIp!.Ip);
    }

    [Fact]
    public void Both_or_neither_producer_ids_deserialize_for_the_server_to_reject()
    {
        var both = SfuJson.Deserialize<PipeToRouterOptions>("""{"producerId":"p1","dataProducerId":"dp1","targetRouterId":"r2"}""");
        var neither = SfuJson.Deserialize<PipeToRouterOptions>("""{"targetRouterId":"r2"}""");

        Assert.NotNull(both.ProducerId);
        Assert.NotNull(both.DataProducerId);
        Assert.Null(neither.ProducerId);
        Assert.Null(neither.DataProducerId);
    }

    [Fact]
    public void A_numeric_target_router_id_is_rejected() =>
        JsonAssert.Rejects<PipeToRouterOptions>("""{"producerId":"p1","targetRouterId":2}""");
}
