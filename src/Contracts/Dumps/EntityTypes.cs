using System.Text.Json.Serialization;
using Sfu.Contracts.Json;

namespace Sfu.Contracts.Dumps;

/// <summary>P4 Producer type: <c>'simple'|'simulcast'|'svc'</c>.</summary>
[JsonConverter(typeof(WireEnumConverter<ProducerType>))]
public enum ProducerType
{
    [JsonStringEnumMemberName("simple")] Simple,
    [JsonStringEnumMemberName("simulcast")] Simulcast,
    [JsonStringEnumMemberName("svc")] Svc,
}

/// <summary>C3 Consumer type: the producer's type, or <c>'pipe'</c>.</summary>
[JsonConverter(typeof(WireEnumConverter<ConsumerType>))]
public enum ConsumerType
{
    [JsonStringEnumMemberName("simple")] Simple,
    [JsonStringEnumMemberName("simulcast")] Simulcast,
    [JsonStringEnumMemberName("svc")] Svc,
    [JsonStringEnumMemberName("pipe")] Pipe,
}

/// <summary>DP2 DataProducer type: <c>'sctp'|'direct'</c>.</summary>
[JsonConverter(typeof(WireEnumConverter<DataProducerType>))]
public enum DataProducerType
{
    [JsonStringEnumMemberName("sctp")] Sctp,
    [JsonStringEnumMemberName("direct")] Direct,
}

/// <summary>DC2 DataConsumer type: <c>'sctp'|'direct'</c>.</summary>
[JsonConverter(typeof(WireEnumConverter<DataConsumerType>))]
public enum DataConsumerType
{
    [JsonStringEnumMemberName("sctp")] Sctp,
    [JsonStringEnumMemberName("direct")] Direct,
}
