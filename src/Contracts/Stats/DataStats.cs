namespace Sfu.Contracts.Stats;

/// <summary>DP4 <c>{ type: 'data-producer', timestamp, label, protocol, messagesReceived, bytesReceived }</c>.</summary>
public sealed record DataProducerStats
{
    public const string TypeName = "data-producer";

    public string Type => TypeName;

    public long Timestamp { get; init; }

    public string Label { get; init; } = "";

    public string Protocol { get; init; } = "";

    /// <summary>Counts messages dropped while paused too (DP3).</summary>
    public long MessagesReceived { get; init; }

    public long BytesReceived { get; init; }
}

/// <summary>DC7 <c>{ type: 'data-consumer', timestamp, label, protocol, messagesSent, bytesSent, bufferedAmount }</c>.</summary>
public sealed record DataConsumerStats
{
    public const string TypeName = "data-consumer";

    public string Type => TypeName;

    public long Timestamp { get; init; }

    public string Label { get; init; } = "";

    public string Protocol { get; init; } = "";

    public long MessagesSent { get; init; }

    public long BytesSent { get; init; }

    public long BufferedAmount { get; init; }
}
