using System.Text.Json.Nodes;
using Sfu.Contracts.Transports;

namespace Sfu.Contracts.Options;

/// <summary>
/// DP1 <c>transport.produceData({ id?, sctpStreamParameters?, label?, protocol?, paused?, appData? })</c>.
/// <c>sctpStreamParameters</c> are required on SCTP transports and ignored on a DirectTransport.
/// </summary>
public sealed record DataProducerOptions
{
    /// <summary>Only for pipeToRouter: reuse the original data producer's id.</summary>
    public string? Id { get; init; }

    public SctpStreamParameters? SctpStreamParameters { get; init; }

    /// <summary>Default <c>''</c>.</summary>
    public string? Label { get; init; }

    /// <summary>Default <c>''</c>.</summary>
    public string? Protocol { get; init; }

    /// <summary>Default false.</summary>
    public bool? Paused { get; init; }

    public JsonObject? AppData { get; init; }
}

/// <summary>
/// DC1 <c>transport.consumeData({ dataProducerId, ordered?, maxPacketLifeTime?, maxRetransmits?, paused?,
/// subchannels?, appData? })</c>. Reliability fields override the data producer's on SCTP transports.
/// </summary>
public sealed record DataConsumerOptions
{
    public string? DataProducerId { get; init; }

    public bool? Ordered { get; init; }

    public int? MaxPacketLifeTime { get; init; }

    public int? MaxRetransmits { get; init; }

    /// <summary>Default false.</summary>
    public bool? Paused { get; init; }

    /// <summary>Initial subchannels; the server truncates each to uint16 and de-duplicates (DC3).</summary>
    public IReadOnlyList<int>? Subchannels { get; init; }

    public JsonObject? AppData { get; init; }
}
