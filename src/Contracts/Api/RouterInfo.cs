using System.Text.Json.Nodes;
using Sfu.Contracts.Rtp;

namespace Sfu.Contracts.Api;

/// <summary><c>cluster.createRouter</c> → <c>{id, nodeId, workerId, rtpCapabilities, appData}</c>.</summary>
public sealed record RouterInfo(string Id, string NodeId, int WorkerId, RtpCapabilities RtpCapabilities, JsonObject AppData);

/// <summary><c>cluster.createRouter</c> options: mediasoup's <c>{mediaCodecs, appData}</c>, plus where to place the router.</summary>
public sealed record RouterOptions
{
    public IReadOnlyList<RtpCodecCapability>? MediaCodecs { get; init; }

    public JsonObject? AppData { get; init; }

    /// <summary>The node to create it on; default: the least loaded serving node.</summary>
    public string? NodeId { get; init; }

    /// <summary>The worker of that node; default: its least loaded worker.</summary>
    public int? WorkerId { get; init; }
}
