using Sfu.Contracts.Options;

namespace Sfu.Contracts.Tests;

public class DataProducerOptionsTests
{
    [Fact]
    public void Data_producer_options_round_trip() =>
        JsonAssert.RoundTrips<DataProducerOptions>("""
            {"id":"dp1","sctpStreamParameters":{"streamId":12345,"ordered":false,"maxPacketLifeTime":5000},
             "label":"foo","protocol":"bar","paused":true,"appData":{"foo":1}}
            """);

    [Fact]
    public void Options_without_stream_parameters_deserialize_for_direct_transports() =>
        Assert.Null(SfuJson.Deserialize<DataProducerOptions>("""{"label":"x"}""").SctpStreamParameters);

    [Theory]
    [InlineData("""{"sctpStreamParameters":{}}""")]
    [InlineData("""{"sctpStreamParameters":{"foo":"bar"}}""")]
    [InlineData("""{"label":1}""")]
    [InlineData("""{"appData":"str"}""")]
    public void Invalid_data_producer_options_do_not_deserialize(string json) =>
        JsonAssert.Rejects<DataProducerOptions>(json);
}
