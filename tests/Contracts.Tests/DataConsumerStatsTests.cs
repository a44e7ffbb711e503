using Sfu.Contracts.Stats;

namespace Sfu.Contracts.Tests;

public class DataConsumerStatsTests
{
    [Fact]
    public void Data_consumer_stats_have_the_data_consumer_type() =>
        JsonAssert.Writes(
            new DataConsumerStats { Timestamp = 1718000000000, Label = "foo", Protocol = "bar", MessagesSent = 170, BytesSent = 2550, BufferedAmount = 0 },
            """{"type":"data-consumer","timestamp":1718000000000,"label":"foo","protocol":"bar","messagesSent":170,"bytesSent":2550,"bufferedAmount":0}""");

    [Fact]
    public void Data_consumer_stats_round_trip() =>
        JsonAssert.RoundTrips<DataConsumerStats>(
            """{"type":"data-consumer","timestamp":1,"label":"l","protocol":"p","messagesSent":1,"bytesSent":2,"bufferedAmount":3}""");
}
