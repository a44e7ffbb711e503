using System.Collections.Concurrent;
using System.Text.Json;
using Sfu.Contracts;
using Sfu.Contracts.Api;

namespace Sfu.Actors.Cluster;

/// <summary>
/// The bus of an embedded node (or of several nodes in one process, in tests): direct calls, no broker.
/// Requests for a node that is not on the bus fail at once with NodeUnavailable, as a broker's NO_ROUTE would.
/// </summary>
public sealed class InProcessBus : IBus
{
    private readonly ConcurrentDictionary<string, IBusNode> _nodes = new(StringComparer.Ordinal);

    public IDisposable Join(IBusNode node)
    {
        if (!_nodes.TryAdd(node.NodeId, node))
        {
            throw new SfuException($"a node with id '{node.NodeId}' is already on the bus");
        }
        return new Membership(this, node);
    }

    public Task<JsonElement> RequestAsync(string nodeId, BusRequest request, CancellationToken cancellationToken)
    {
        if (!_nodes.TryGetValue(nodeId, out var node))
        {
            return Task.FromException<JsonElement>(new NodeUnavailableError($"node '{nodeId}' is not available"));
        }
        return node.HandleRequestAsync(request, cancellationToken);
    }

    public void Publish(RouterEvent routerEvent)
    {
        foreach (var node in _nodes.Values)
        {
            node.OnRouterEvent(routerEvent);
        }
    }

    public IReadOnlyList<NodeInfo> Members => _nodes.Values.Select(n => n.GetStatus()).OrderBy(n => n.NodeId, StringComparer.Ordinal).ToArray();

    private sealed class Membership(InProcessBus bus, IBusNode node) : IDisposable
    {
        public void Dispose() => bus._nodes.TryRemove(new KeyValuePair<string, IBusNode>(node.NodeId, node));
    }
}
