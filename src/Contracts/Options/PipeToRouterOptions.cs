using Sfu.Contracts.Transports;

namespace Sfu.Contracts.Options;

/// <summary>
/// PR1 <c>router.pipeToRouter(options)</c>, on this project's wire:
/// <c>{ producerId?, dataProducerId?, targetRouterId, enableSctp?, numSctpStreams?, enableRtx?, enableSrtp?,
/// listenInfo?, listenIp? }</c>. mediasoup passes the target Router object; here it is its id, and the target may
/// be on another node. Exactly one of the two producer ids, and at most one of listenInfo/listenIp, are expected.
/// </summary>
public sealed record PipeToRouterOptions
{
    public string? ProducerId { get; init; }

    public string? DataProducerId { get; init; }

    public string? TargetRouterId { get; init; }

    /// <summary>Default true.</summary>
    public bool? EnableSctp { get; init; }

    /// <summary>Default <c>{ OS: 1024, MIS: 1024 }</c>.</summary>
    public NumSctpStreams? NumSctpStreams { get; init; }

    /// <summary>Default false.</summary>
    public bool? EnableRtx { get; init; }

    /// <summary>Default false.</summary>
    public bool? EnableSrtp { get; init; }

    /// <summary>Default <c>{ protocol: 'udp', ip: '127.0.0.1' }</c>.</summary>
    public TransportListenInfo? ListenInfo { get; init; }

    /// <summary>Deprecated: a string or <c>{ip, announcedIp?}</c>.</summary>
    public TransportListenIp? ListenIp { get; init; }
}
