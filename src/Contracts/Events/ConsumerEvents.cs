namespace Sfu.Contracts.Events;

/// <summary>C10 A consumer's <c>'score'</c>: <c>{ score, producerScore, producerScores[] }</c>.</summary>
public sealed record ConsumerScore
{
    /// <summary>Score of the consumer's RTP stream, 0 … 10.</summary>
    public int Score { get; init; }

    /// <summary>Score of the producer stream currently forwarded.</summary>
    public int ProducerScore { get; init; }

    /// <summary>Scores of every producer stream, by encoding.</summary>
    public IReadOnlyList<int> ProducerScores { get; init; } = [];
}

/// <summary>
/// C10 <c>'layerschange'</c> payload and <c>consumer.currentLayers</c>/<c>preferredLayers</c>:
/// <c>{ spatialLayer, temporalLayer? }</c>.
/// </summary>
public sealed record ConsumerLayers
{
    public int SpatialLayer { get; init; }

    public int? TemporalLayer { get; init; }
}
