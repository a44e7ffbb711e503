using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sfu.Contracts;
using Sfu.Contracts.Api;
using Sfu.Contracts.Dumps;
using Sfu.Contracts.Json;
using Sfu.Contracts.Options;
using Sfu.Contracts.Rtp;
using Sfu.Contracts.Wire;

namespace Sfu.Client;

/// <summary>
/// The C# API (<see cref="ISfu"/>, <see cref="IRouter"/>, …) over any <see cref="ISfuConnection"/>: a WebSocket to a
/// node of a cluster, or an in-process connection to an embedded node. The objects it hands out follow their
/// notifications (close, …) and raise them as events.
/// </summary>
public sealed class SfuClient : ISfu
{
    private readonly ISfuConnection _connection;
    private readonly bool _ownsConnection;
    private readonly ConcurrentDictionary<string, RouterProxy> _routers = new(StringComparer.Ordinal);

    public SfuClient(ISfuConnection connection, bool ownsConnection = true)
    {
        _connection = connection;
        _ownsConnection = ownsConnection;
        _connection.Notification += OnNotification;
    }

    /// <summary>Connects over WebSocket to the first reachable of <paramref name="contactPoints"/> (<c>ws://host:port/ws</c>).</summary>
    public static async Task<SfuClient> ConnectAsync(params Uri[] contactPoints) =>
        new(await WebSocketSfuConnection.ConnectAsync(contactPoints).ConfigureAwait(false));

    public ISfuConnection Connection => _connection;

    public async Task<ClusterNodes> GetNodesAsync(CancellationToken cancellationToken = default) =>
        Read<ClusterNodes>(await RequestAsync(WireMethods.ClusterGetNodes, WireCodec.EmptyObject, cancellationToken).ConfigureAwait(false));

    public async Task<IRouter> CreateRouterAsync(RouterOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var info = Read<RouterInfo>(await RequestAsync(WireMethods.ClusterCreateRouter, ToData(options), cancellationToken).ConfigureAwait(false));
        var router = new RouterProxy(this, info);
        _routers[router.Id] = router;
        return router;
    }

    public IWorker GetWorker(string nodeId, int workerId) => new WorkerProxy(this, nodeId, workerId);

    public async ValueTask DisposeAsync()
    {
        _connection.Notification -= OnNotification;
        if (_ownsConnection)
        {
            await _connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    internal Task<JsonElement> RequestAsync(string method, JsonElement data, CancellationToken cancellationToken) =>
        _connection.RequestAsync(method, data, cancellationToken);

    internal static T Read<T>(JsonElement data) => data.Deserialize<T>(SfuJson.Options)
        ?? throw new SfuException($"the node answered no {typeof(T).Name}");

    /// <summary>Serializes options and adds the target's id fields.</summary>
    internal static JsonElement ToData(object? options, params (string Name, object? Value)[] fields)
    {
        var json = options is null ? new JsonObject() : JsonSerializer.SerializeToNode(options, options.GetType(), SfuJson.Options)!.AsObject();
        foreach (var (name, value) in fields)
        {
            json[name] = value is null ? null : JsonSerializer.SerializeToNode(value, value.GetType(), SfuJson.Options);
        }
        return JsonSerializer.SerializeToElement(json, SfuJson.Options);
    }

    internal void Forget(RouterProxy router) => _routers.TryRemove(router.Id, out _);

    private void OnNotification(object? sender, WireNotification notification)
    {
        if (notification.Method == WireMethods.RouterClosed &&
            notification.Data.TryGetProperty("routerId", out var id) && id.GetString() is { } routerId &&
            _routers.TryRemove(routerId, out var router))
        {
            var reason = notification.Data.TryGetProperty("reason", out var r) ? r.GetString() ?? "" : "";
            router.OnClosed(reason);
        }
    }
}

internal sealed class WorkerProxy(SfuClient client, string nodeId, int workerId) : IWorker
{
    public string NodeId => nodeId;

    public int WorkerId => workerId;

    public async Task<WorkerDump> DumpAsync(CancellationToken cancellationToken = default) =>
        SfuClient.Read<WorkerDump>(await Request(WireMethods.WorkerDump, null, cancellationToken).ConfigureAwait(false));

    public async Task<WorkerResourceUsage> GetResourceUsageAsync(CancellationToken cancellationToken = default) =>
        SfuClient.Read<WorkerResourceUsage>(await Request(WireMethods.WorkerGetResourceUsage, null, cancellationToken).ConfigureAwait(false));

    public Task UpdateSettingsAsync(WorkerUpdateableSettings settings, CancellationToken cancellationToken = default) =>
        Request(WireMethods.WorkerUpdateSettings, settings, cancellationToken);

    private Task<JsonElement> Request(string method, object? options, CancellationToken cancellationToken) =>
        client.RequestAsync(method, SfuClient.ToData(options, ("nodeId", nodeId), ("workerId", workerId)), cancellationToken);
}

internal sealed class RouterProxy(SfuClient client, RouterInfo info) : IRouter
{
    private int _closed;

    public string Id => info.Id;

    public string NodeId => info.NodeId;

    public int WorkerId => info.WorkerId;

    public RtpCapabilities RtpCapabilities => info.RtpCapabilities;

    public JsonObject AppData => info.AppData;

    public bool IsClosed => Volatile.Read(ref _closed) == 1;

    public event EventHandler<ClosedEventArgs>? Closed;

    public async Task CloseAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _closed, 1) == 1)
        {
            return;
        }
        client.Forget(this);
        try
        {
            await Request(WireMethods.RouterClose, null, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            RaiseClosed(CloseReasons.App);
        }
    }

    public async Task<RouterDump> DumpAsync(CancellationToken cancellationToken = default) =>
        SfuClient.Read<RouterDump>(await Request(WireMethods.RouterDump, null, cancellationToken).ConfigureAwait(false));

    public async Task<bool> CanConsumeAsync(string producerId, RtpCapabilities rtpCapabilities, CancellationToken cancellationToken = default)
    {
        var data = await Request(WireMethods.RouterCanConsume, null, cancellationToken,
            ("producerId", producerId), ("rtpCapabilities", rtpCapabilities)).ConfigureAwait(false);
        return data.ValueKind == JsonValueKind.True;
    }

    internal void OnClosed(string reason)
    {
        if (Interlocked.Exchange(ref _closed, 1) == 0)
        {
            RaiseClosed(reason);
        }
    }

    private void RaiseClosed(string reason)
    {
        try
        {
            Closed?.Invoke(this, new ClosedEventArgs(reason));
        }
        catch (Exception)
        {
            // A listener's failure is its own (mediasoup's 'listenererror').
        }
    }

    private Task<JsonElement> Request(string method, object? options, CancellationToken cancellationToken, params (string, object?)[] fields) =>
        client.RequestAsync(method, SfuClient.ToData(options, [("routerId", Id), .. fields]), cancellationToken);
}
