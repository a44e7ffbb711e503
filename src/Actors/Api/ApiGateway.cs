using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Sfu.Actors.Cluster;
using Sfu.Contracts;
using Sfu.Contracts.Api;
using Sfu.Contracts.Ids;
using Sfu.Contracts.Wire;

namespace Sfu.Actors.Api;

/// <summary>
/// A node's entry point for app requests (WebSocket or in-process). Any node serves any request: the gateway finds the
/// node that owns the target — from the id, which embeds it — and sends the request there over the bus. It also
/// fans router events out to the sessions that follow each router.
/// </summary>
public sealed class ApiGateway
{
    private readonly SfuNode _node;
    private readonly IBus _bus;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, ApiSession> _sessions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, ApiSession>> _followers = new(StringComparer.Ordinal);

    internal ApiGateway(SfuNode node, IBus bus, ILogger logger)
    {
        _node = node;
        _bus = bus;
        _logger = logger;
    }

    /// <summary>Opens (or takes back) a session. A null id makes a new session.</summary>
    public ApiSession OpenSession(string? sessionId) =>
        _sessions.GetOrAdd(string.IsNullOrEmpty(sessionId) ? Guid.NewGuid().ToString("N") : sessionId, id => new ApiSession(id));

    /// <summary>Executes one request for <paramref name="session"/>. Never throws: failures become error responses.</summary>
    public async Task<WireResponse> HandleAsync(ApiSession session, WireRequest request, CancellationToken cancellationToken = default)
    {
        try
        {
            var data = await ExecuteAsync(session, request.Method, request.Data, cancellationToken).ConfigureAwait(false);
            return WireResponse.Success(request.Id, data.ValueKind == JsonValueKind.Undefined ? null : data);
        }
        catch (SfuException e)
        {
            return WireResponse.Failure(request.Id, e.Name, e.Message);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return WireResponse.Failure(request.Id, ErrorNames.Error, "request cancelled");
        }
        catch (Exception e)
        {
            _logger.LogError(e, "request {Method} failed unexpectedly", request.Method);
            return WireResponse.Failure(request.Id, ErrorNames.Error, e.Message);
        }
    }

    /// <summary>Executes a request and answers its data; throws <see cref="SfuException"/>.</summary>
    public async Task<JsonElement> ExecuteAsync(ApiSession session, string method, JsonElement data, CancellationToken cancellationToken = default)
    {
        if (data.ValueKind != JsonValueKind.Object)
        {
            throw new TypeError("request data must be an object");
        }
        if (!WireApi.TryGet(method, out var wireMethod))
        {
            throw WireApi.Unimplemented(method);
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_node.Settings.RequestTimeout);
        try
        {
            switch (wireMethod.Target)
            {
                case WireTarget.Cluster when method == WireMethods.ClusterGetNodes:
                    return WireApi.ToData(new ClusterNodes(_bus.Members));
                case WireTarget.Cluster when method == WireMethods.ClusterCreateRouter:
                    return await CreateRouterAsync(session, data, deadline.Token).ConfigureAwait(false);
                case WireTarget.Worker:
                {
                    var nodeId = WireData.OptionalString(data, "nodeId") ?? _node.NodeId;
                    return await _bus.RequestAsync(nodeId, new BusRequest(method, data, session.Id), deadline.Token).ConfigureAwait(false);
                }
                case WireTarget.Entity or WireTarget.NodeService:
                {
                    var id = WireData.RequiredString(data, wireMethod.IdField);
                    var nodeId = EntityId.TryParseOwner(id, out var owner, out _) ? owner : _node.NodeId;
                    return await _bus.RequestAsync(nodeId, new BusRequest(method, data, session.Id), deadline.Token).ConfigureAwait(false);
                }
                default:
                    throw WireApi.Unimplemented(method);
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new DeadlineExceededError($"'{method}' got no answer within {_node.Settings.RequestTimeout.TotalSeconds:0.###} s");
        }
    }

    /// <summary>Delivers a router's event to the sessions following that router.</summary>
    public void OnRouterEvent(RouterEvent routerEvent)
    {
        if (!_followers.TryGetValue(routerEvent.RouterId, out var sessions))
        {
            return;
        }
        foreach (var session in sessions.Values)
        {
            try
            {
                session.Deliver(routerEvent.Notification);
            }
            catch (Exception e)
            {
                _logger.LogWarning(e, "delivering {Method} to session {Session} failed", routerEvent.Notification.Method, session.Id);
            }
        }
        if (routerEvent.Notification.Method == WireMethods.RouterClosed)
        {
            _followers.TryRemove(routerEvent.RouterId, out _);
        }
    }

    /// <summary>Makes <paramref name="session"/> receive the events of <paramref name="routerId"/>.</summary>
    public void Follow(ApiSession session, string routerId) =>
        _followers.GetOrAdd(routerId, _ => new ConcurrentDictionary<string, ApiSession>(StringComparer.Ordinal))[session.Id] = session;

    private async Task<JsonElement> CreateRouterAsync(ApiSession session, JsonElement data, CancellationToken cancellationToken)
    {
        var nodeId = WireData.OptionalString(data, "nodeId");
        var workerId = WireData.OptionalInt(data, "workerId");
        if (workerId is not null && nodeId is null)
        {
            nodeId = _node.NodeId; // a worker id alone means a worker of the node serving the request
        }

        IEnumerable<string> candidates = nodeId is not null
            ? [nodeId]
            : _bus.Members
                .Where(n => n.State == NodeState.Serving)
                .OrderBy(n => n.Workers.Sum(w => w.RouterCount))
                .ThenBy(n => n.NodeId, StringComparer.Ordinal)
                .Select(n => n.NodeId)
                .ToArray();

        SfuException? last = null;
        foreach (var candidate in candidates)
        {
            try
            {
                var created = await _bus.RequestAsync(candidate, new BusRequest(WireApi.NodeCreateRouter, data, session.Id), cancellationToken).ConfigureAwait(false);
                Follow(session, created.GetProperty("id").GetString()!);
                return created;
            }
            catch (SfuException e) when (nodeId is null && e is DrainingError or NodeUnavailableError)
            {
                last = e; // placement: try the next node
            }
        }
        throw last ?? new NodeUnavailableError("no serving node can take a router");
    }
}
