using Sfu.Contracts.Events;

namespace Sfu.Contracts.Tests;

public class ConsumerScoreTests
{
    [Fact]
    public void An_initial_simulcast_score_has_one_producer_score_per_encoding() =>
        JsonAssert.Writes(
            new ConsumerScore { Score = 10, ProducerScore = 0, ProducerScores = [0, 0, 0, 0] },
            """{"score":10,"producerScore":0,"producerScores":[0,0,0,0]}""");

    [Fact]
    public void Layers_omit_an_absent_temporal_layer()
    {
        JsonAssert.Writes(new ConsumerLayers { SpatialLayer = 3 }, """{"spatialLayer":3}""");
        JsonAssert.RoundTrips<ConsumerLayers>("""{"spatialLayer":2,"temporalLayer":3}""");
    }

    [Fact]
    public void A_string_spatial_layer_is_rejected() =>
        JsonAssert.Rejects<ConsumerLayers>("""{"spatialLayer":"2"}""");
}
