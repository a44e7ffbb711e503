using Sfu.Contracts.Transports;

namespace Sfu.Contracts.Dumps;

/// <summary>DP4 <c>dataProducer.dump()</c>: <c>{ id, type, sctpStreamParameters?, label, protocol, paused }</c>.</summary>
public sealed record DataProducerDump
{
    public string Id { get; init; } = "";

    public DataProducerType Type { get; init; }

    /// <summary>Absent on a DirectTransport.</summary>
    public SctpStreamParameters? SctpStreamParameters { get; init; }

    public string Label { get; init; } = "";

    public string Protocol { get; init; } = "";

    public bool Paused { get; init; }
}

/// <summary>
/// DC7 <c>dataConsumer.dump()</c>: <c>{ id, dataProducerId, type, sctpStreamParameters?, label, protocol,
/// bufferedAmountLowThreshold, paused, dataProducerPaused, subchannels }</c>.
/// </summary>
public sealed record DataConsumerDump
{
    public string Id { get; init; } = "";

    public string DataProducerId { get; init; } = "";

    public DataConsumerType Type { get; init; }

    /// <summary>Absent on a DirectTransport.</summary>
    public SctpStreamParameters? SctpStreamParameters { get; init; }

    public string Label { get; init; } = "";

    public string Protocol { get; init; } = "";

    public long BufferedAmountLowThreshold { get; init; }

    public bool Paused { get; init; }

    public bool DataProducerPaused { get; init; }

    /// <summary>uint16 subchannels, de-duplicated (DC3).</summary>
    public IReadOnlyList<int> Subchannels { get; init; } = [];
}
