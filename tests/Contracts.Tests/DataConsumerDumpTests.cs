using Sfu.Contracts.Dumps;

namespace Sfu.Contracts.Tests;

public class DataConsumerDumpTests
{
    [Fact]
    public void An_sctp_data_consumer_dump_round_trips() =>
        JsonAssert.RoundTrips<DataConsumerDump>("""
            {"id":"dc1","dataProducerId":"dp1","type":"sctp",
             "sctpStreamParameters":{"streamId":0,"ordered":false,"maxRetransmits":2},
             "label":"foo","protocol":"bar","bufferedAmountLowThreshold":0,"paused":false,"dataProducerPaused":false,
             "subchannels":[0,1,2,100,65535]}
            """);

    [Fact]
    public void A_direct_data_consumer_dump_has_no_stream_parameters_and_empty_subchannels() =>
        JsonAssert.Writes(
            new DataConsumerDump { Id = "dc1", DataProducerId = "dp1", Type = DataConsumerType.Direct, Paused = true },
            """
            {"id":"dc1","dataProducerId":"dp1","type":"direct","label":"","protocol":"","bufferedAmountLowThreshold":0,
             "paused":true,"dataProducerPaused":false,"subchannels":[]}
            """);
}
