using Sfu.Contracts.Dumps;
using Sfu.Contracts.Transports;

namespace Sfu.Contracts.Tests;

public class DataProducerDumpTests
{
    [Fact]
    public void An_sctp_data_producer_dump_round_trips() =>
        JsonAssert.RoundTrips<DataProducerDump>("""
            {"id":"dp1","type":"sctp","sctpStreamParameters":{"streamId":666,"ordered":false,"maxPacketLifeTime":5000},
             "label":"foo","protocol":"bar","paused":false}
            """);

    [Fact]
    public void A_direct_data_producer_dump_omits_stream_parameters() =>
        JsonAssert.Writes(
            new DataProducerDump { Id = "dp1", Type = DataProducerType.Direct, Paused = true },
            """{"id":"dp1","type":"direct","label":"","protocol":"","paused":true}""");

    [Fact]
    public void Stream_parameters_in_a_dump_are_the_shared_type() =>
        Assert.Equal(
            new SctpStreamParameters { StreamId = 1, Ordered = true },
            SfuJson.Deserialize<DataProducerDump>("""{"type":"sctp","sctpStreamParameters":{"streamId":1,"ordered":true}}""").SctpStreamParameters);
}
