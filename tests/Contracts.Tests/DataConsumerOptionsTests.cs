using Sfu.Contracts.Options;

namespace Sfu.Contracts.Tests;

public class DataConsumerOptionsTests
{
    [Fact]
    public void Data_consumer_options_keep_out_of_range_subchannels_for_the_server_to_truncate()
    {
        var options = JsonAssert.RoundTrips<DataConsumerOptions>("""
            {"dataProducerId":"dp1","ordered":false,"maxRetransmits":2,"paused":true,
             "subchannels":[0,1,1,1,2,65535,65536,65537,100],"appData":{"baz":"LOL"}}
            """);

        Assert.Equal([0, 1, 1, 1, 2, 65535, 65536, 65537, 100], options.Subchannels!);
    }

    [Fact]
    public void A_missing_data_producer_id_stays_null() =>
        Assert.Null(SfuJson.Deserialize<DataConsumerOptions>("{}").DataProducerId);

    [Theory]
    [InlineData("""{"dataProducerId":"dp1","subchannels":"1"}""")]
    [InlineData("""{"dataProducerId":"dp1","subchannels":["1"]}""")]
    [InlineData("""{"dataProducerId":"dp1","maxPacketLifeTime":"5"}""")]
    [InlineData("""{"dataProducerId":"dp1","appData":"str"}""")]
    public void Invalid_data_consumer_options_do_not_deserialize(string json) =>
        JsonAssert.Rejects<DataConsumerOptions>(json);
}
