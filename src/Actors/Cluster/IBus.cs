using System.Text.Json;
using Sfu.Contracts.Api;

namespace Sfu.Actors.Cluster;

/// <summary>A request travelling to the node that owns its target: the wire method and data, and who asked.</summary>
/// <param name="Method">A wire method, or a node-internal one (<c>node.*</c>).</param>
/// <param name="Data">The request's data, as received.</param>
/// <param name="SessionId">The app session the request came from (owner of what it creates).</param>
public sealed record BusRequest(string Method, JsonElement Data, string? SessionId);

/// <summary>What a node offers the bus.</summary>
public interface IBusNode
{
    string NodeId { get; }

    long Incarnation { get; }

    /// <summary>Executes a request whose target this node owns. Answers the response data; throws SfuException.</summary>
    Task<JsonElement> HandleRequestAsync(BusRequest request, CancellationToken cancellationToken);

    /// <summary>An event of any node's router, for this node's app sessions.</summary>
    void OnRouterEvent(RouterEvent routerEvent);

    /// <summary>The node's presence record.</summary>
    NodeInfo GetStatus();
}

/// <summary>
/// The bus between nodes: requests to the owner node, router events to every node, and presence. The embedded
/// default is <see cref="InProcessBus"/>; a cluster uses a broker.
/// </summary>
public interface IBus : IRouterEventSink
{
    /// <summary>Adds a node to the bus; disposing the result takes it off.</summary>
    IDisposable Join(IBusNode node);

    /// <summary>Sends a request to <paramref name="nodeId"/>. NodeUnavailable when no such node is on the bus.</summary>
    Task<JsonElement> RequestAsync(string nodeId, BusRequest request, CancellationToken cancellationToken);

    /// <summary>The nodes currently present, with their latest status.</summary>
    IReadOnlyList<NodeInfo> Members { get; }
}
