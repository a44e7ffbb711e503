using System.Text.Json.Serialization;

namespace Sfu.Contracts.Api;

/// <summary><c>cluster.getNodes</c> → <c>{nodes:[…]}</c>.</summary>
public sealed record ClusterNodes(IReadOnlyList<NodeInfo> Nodes);

/// <summary>One node as the cluster sees it: <c>{nodeId, state, workers:[{workerId, routerCount}]}</c>.</summary>
public sealed record NodeInfo(string NodeId, NodeState State, IReadOnlyList<WorkerInfo> Workers)
{
    /// <summary>The node's incarnation: it changes each time the node starts (and when it comes back after being declared dead).</summary>
    public long Incarnation { get; init; }
}

public sealed record WorkerInfo(int WorkerId, int RouterCount);

/// <summary>A node's lifecycle state, as published in presence.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<NodeState>))]
public enum NodeState
{
    /// <summary>Takes new routers.</summary>
    [JsonStringEnumMemberName("SERVING")] Serving,

    /// <summary>Refuses new routers; existing ones keep running until they close or the drain deadline.</summary>
    [JsonStringEnumMemberName("DRAINING")] Draining,

    /// <summary>Closing what is left before exiting.</summary>
    [JsonStringEnumMemberName("SHUTTING_DOWN")] ShuttingDown,
}
