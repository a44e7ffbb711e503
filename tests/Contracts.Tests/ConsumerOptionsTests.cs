using Sfu.Contracts.Options;

namespace Sfu.Contracts.Tests;

public class ConsumerOptionsTests
{
    [Fact]
    public void Consumer_options_round_trip()
    {
        var options = JsonAssert.RoundTrips<ConsumerOptions>("""
            {"producerId":"p1",
             "rtpCapabilities":{"codecs":[{"kind":"audio","mimeType":"audio/opus","preferredPayloadType":100,"clockRate":48000,"channels":2,
                                           "rtcpFeedback":[{"type":"nack","parameter":""}]}],
                                "headerExtensions":[{"kind":"audio","uri":"urn:ietf:params:rtp-hdrext:sdes:mid","preferredId":1,"preferredEncrypt":false}]},
             "paused":true,"mid":"custom-mid","preferredLayers":{"spatialLayer":12},"ignoreDtx":true,"enableRtx":true,"pipe":false,
             "appData":{"baz":"LOL"}}
            """);

        Assert.Equal(12, options.PreferredLayers!.SpatialLayer);
        Assert.Null(options.PreferredLayers.TemporalLayer);
    }

    [Fact]
    public void A_pipe_consume_with_only_a_producer_id_leaves_the_rest_null()
    {
        var options = SfuJson.Deserialize<ConsumerOptions>("""{"producerId":"p1"}""");

        Assert.Equal(new ConsumerOptions { ProducerId = "p1" }, options);
    }

    [Theory]
    [InlineData("""{"producerId":123}""")]
    [InlineData("""{"producerId":"p1","rtpCapabilities":"x"}""")]
    [InlineData("""{"producerId":"p1","mid":1}""")]
    [InlineData("""{"producerId":"p1","preferredLayers":"foo"}""")]
    [InlineData("""{"producerId":"p1","preferredLayers":{"spatialLayer":"2"}}""")]
    [InlineData("""{"producerId":"p1","appData":"str"}""")]
    public void Invalid_consumer_options_do_not_deserialize(string json) =>
        JsonAssert.Rejects<ConsumerOptions>(json);

    [Fact]
    public void Preferred_layers_without_spatial_layer_deserialize_for_the_server_to_reject()
    {
        Assert.Null(SfuJson.Deserialize<ConsumerPreferredLayers>("{}").SpatialLayer);
        Assert.Null(SfuJson.Deserialize<ConsumerPreferredLayers>("""{"temporalLayer":2}""").SpatialLayer);
        JsonAssert.RoundTrips<ConsumerPreferredLayers>("""{"spatialLayer":2,"temporalLayer":3}""");
    }
}
