using Sfu.Contracts.Dumps;

namespace Sfu.Contracts.Tests;

public class RouterDumpTests
{
    [Fact]
    public void A_new_router_dump_has_empty_lists_and_maps() =>
        JsonAssert.Writes(new RouterDump { Id = "r1" }, """
            {"id":"r1","transportIds":[],"rtpObserverIds":[],"mapProducerIdConsumerIds":[],"mapConsumerIdProducerId":[],
             "mapProducerIdObserverIds":[],"mapDataProducerIdDataConsumerIds":[],"mapDataConsumerIdDataProducerId":[]}
            """);

    [Fact]
    public void Router_maps_are_key_value_and_key_values_entries()
    {
        var dump = new RouterDump
        {
            Id = "r1",
            TransportIds = ["t1", "t2"],
            RtpObserverIds = ["o1"],
            MapProducerIdConsumerIds = [new("p1", ["c1", "c2"]), new("p2", [])],
            MapConsumerIdProducerId = [new("c1", "p1"), new("c2", "p1")],
            MapProducerIdObserverIds = [new("p1", ["o1"])],
            MapDataProducerIdDataConsumerIds = [new("dp1", ["dc1"])],
            MapDataConsumerIdDataProducerId = [new("dc1", "dp1")],
        };

        JsonAssert.Writes(dump, """
            {"id":"r1","transportIds":["t1","t2"],"rtpObserverIds":["o1"],
             "mapProducerIdConsumerIds":[{"key":"p1","values":["c1","c2"]},{"key":"p2","values":[]}],
             "mapConsumerIdProducerId":[{"key":"c1","value":"p1"},{"key":"c2","value":"p1"}],
             "mapProducerIdObserverIds":[{"key":"p1","values":["o1"]}],
             "mapDataProducerIdDataConsumerIds":[{"key":"dp1","values":["dc1"]}],
             "mapDataConsumerIdDataProducerId":[{"key":"dc1","value":"dp1"}]}
            """);
    }

    [Fact]
    public void A_router_dump_round_trips() =>
        JsonAssert.RoundTrips<RouterDump>("""
            {"id":"r1","transportIds":["t1"],"rtpObserverIds":[],
             "mapProducerIdConsumerIds":[{"key":"p1","values":[]}],"mapConsumerIdProducerId":[],
             "mapProducerIdObserverIds":[],"mapDataProducerIdDataConsumerIds":[],"mapDataConsumerIdDataProducerId":[]}
            """);
}
