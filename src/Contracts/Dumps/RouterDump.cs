namespace Sfu.Contracts.Dumps;

/// <summary>
/// R2 <c>router.dump()</c>: <c>{ id, transportIds, rtpObserverIds, mapProducerIdConsumerIds[{key,values}],
/// mapConsumerIdProducerId[{key,value}], mapProducerIdObserverIds[{key,values}],
/// mapDataProducerIdDataConsumerIds[{key,values}], mapDataConsumerIdDataProducerId[{key,value}] }</c>.
/// </summary>
public sealed record RouterDump
{
    public string Id { get; init; } = "";

    public IReadOnlyList<string> TransportIds { get; init; } = [];

    public IReadOnlyList<string> RtpObserverIds { get; init; } = [];

    /// <summary>Producing adds <c>{key, values: []}</c>; consuming fills <c>values</c>.</summary>
    public IReadOnlyList<KeyValuesEntry<string, string>> MapProducerIdConsumerIds { get; init; } = [];

    public IReadOnlyList<KeyValueEntry<string, string>> MapConsumerIdProducerId { get; init; } = [];

    public IReadOnlyList<KeyValuesEntry<string, string>> MapProducerIdObserverIds { get; init; } = [];

    public IReadOnlyList<KeyValuesEntry<string, string>> MapDataProducerIdDataConsumerIds { get; init; } = [];

    public IReadOnlyList<KeyValueEntry<string, string>> MapDataConsumerIdDataProducerId { get; init; } = [];
}
