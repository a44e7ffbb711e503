using Sfu.Contracts.Stats;

namespace Sfu.Contracts.Tests;

public class DataProducerStatsTests
{
    [Fact]
    public void Data_producer_stats_have_the_data_producer_type() =>
        JsonAssert.Writes(
            new DataProducerStats { Timestamp = 1718000000000, Label = "foo", Protocol = "bar", MessagesReceived = 200, BytesReceived = 3000 },
            """{"type":"data-producer","timestamp":1718000000000,"label":"foo","protocol":"bar","messagesReceived":200,"bytesReceived":3000}""");

    [Fact]
    public void Data_producer_stats_round_trip() =>
        JsonAssert.RoundTrips<DataProducerStats>(
            """{"type":"data-producer","timestamp":1,"label":"","protocol":"","messagesReceived":0,"bytesReceived":0}""");
}
