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
    private readonly ConcurrentDictionary<string, TransportProxy> _transports = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ProducerProxy> _producers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConsumerProxy> _consumers = new(StringComparer.Ordinal);

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
        return Track(new RouterProxy(this, info));
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

    internal T Track<T>(T entity) where T : EntityProxy
    {
        switch (entity)
        {
            case RouterProxy router:
                _routers[router.Id] = router;
                break;
            case TransportProxy transport:
                _transports[transport.Id] = transport;
                break;
            case ProducerProxy producer:
                _producers[ProducerKey(producer.TransportId, producer.Id)] = producer;
                break;
            case ConsumerProxy consumer:
                _consumers[consumer.Id] = consumer;
                break;
        }
        return entity;
    }

    internal void Forget(EntityProxy entity)
    {
        switch (entity)
        {
            case RouterProxy router:
                _routers.TryRemove(router.Id, out _);
                break;
            case TransportProxy transport:
                _transports.TryRemove(transport.Id, out _);
                break;
            case ProducerProxy producer:
                _producers.TryRemove(ProducerKey(producer.TransportId, producer.Id), out _);
                break;
            case ConsumerProxy consumer:
                _consumers.TryRemove(consumer.Id, out _);
                break;
        }
    }

    // Piped producers share their id with the original, so a producer is known by its transport and id.
    private static string ProducerKey(string transportId, string producerId) => transportId + "/" + producerId;

    private void OnNotification(object? sender, WireNotification notification)
    {
        var data = notification.Data;
        var reason = Text(data, "reason") ?? "";
        switch (notification.Method)
        {
            case WireMethods.RouterClosed:
                if (Text(data, "routerId") is { } routerId && _routers.TryGetValue(routerId, out var router))
                {
                    router.MarkClosed(reason);
                }
                break;
            case WireMethods.TransportClosed:
                if (Text(data, "transportId") is { } transportId && _transports.TryGetValue(transportId, out var transport))
                {
                    transport.MarkClosed(reason);
                }
                break;
            case WireMethods.TransportTupleNotification or WireMethods.TransportRtcpTupleNotification or WireMethods.TransportTraceNotification
                or WireMethods.TransportSctpStateChangeNotification:
                if (Text(data, "transportId") is { } tid && _transports.TryGetValue(tid, out var t))
                {
                    t.OnNotification(notification);
                }
                break;
            case WireMethods.ProducerClosed or WireMethods.ProducerScoreNotification or WireMethods.ProducerVideoOrientationChangeNotification
                or WireMethods.ProducerPauseNotification or WireMethods.ProducerResumeNotification or WireMethods.ProducerTraceNotification:
                if (Text(data, "producerId") is { } producerId && Text(data, "transportId") is { } ptid &&
                    _producers.TryGetValue(ProducerKey(ptid, producerId), out var producer))
                {
                    if (notification.Method == WireMethods.ProducerClosed)
                    {
                        producer.MarkClosed(reason);
                    }
                    else
                    {
                        producer.OnNotification(notification);
                    }
                }
                break;
            case WireMethods.ConsumerClosed or WireMethods.ConsumerProducerPauseNotification or
                WireMethods.ConsumerProducerResumeNotification or WireMethods.ConsumerScoreNotification or
                WireMethods.ConsumerTraceNotification:
                if (Text(data, "consumerId") is { } consumerId && _consumers.TryGetValue(consumerId, out var consumer))
                {
                    if (notification.Method == WireMethods.ConsumerClosed)
                    {
                        consumer.MarkClosed(reason);
                    }
                    else
                    {
                        consumer.OnNotification(notification);
                    }
                }
                break;
        }
    }

    private static string? Text(JsonElement data, string name) =>
        data.ValueKind == JsonValueKind.Object && data.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
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

internal sealed class RouterProxy(SfuClient client, RouterInfo info) : EntityProxy(client), IRouter
{
    public string Id => info.Id;

    public string NodeId => info.NodeId;

    public int WorkerId => info.WorkerId;

    public RtpCapabilities RtpCapabilities => info.RtpCapabilities;

    public JsonObject AppData => info.AppData;

    public Task CloseAsync(CancellationToken cancellationToken = default) =>
        CloseByRequestAsync(WireMethods.RouterClose, "routerId", Id, cancellationToken);

    public async Task<RouterDump> DumpAsync(CancellationToken cancellationToken = default) =>
        SfuClient.Read<RouterDump>(await Request(WireMethods.RouterDump, null, cancellationToken).ConfigureAwait(false));

    public async Task<bool> CanConsumeAsync(string producerId, RtpCapabilities rtpCapabilities, CancellationToken cancellationToken = default)
    {
        var data = await Request(WireMethods.RouterCanConsume, null, cancellationToken,
            ("producerId", producerId), ("rtpCapabilities", rtpCapabilities)).ConfigureAwait(false);
        return data.ValueKind == JsonValueKind.True;
    }

    public async Task<IPlainTransport> CreatePlainTransportAsync(PlainTransportOptions options, CancellationToken cancellationToken = default)
    {
        var data = await Request(WireMethods.RouterCreatePlainTransport, options, cancellationToken).ConfigureAwait(false);
        return Client.Track(new PlainTransportProxy(Client, SfuClient.Read<PlainTransportInfo>(data)));
    }

    public async Task<IPipeTransport> CreatePipeTransportAsync(PipeTransportOptions options, CancellationToken cancellationToken = default)
    {
        var data = await Request(WireMethods.RouterCreatePipeTransport, options, cancellationToken).ConfigureAwait(false);
        return Client.Track(new PipeTransportProxy(Client, SfuClient.Read<PipeTransportInfo>(data)));
    }

    public async Task<PipeToRouterResult> PipeToRouterAsync(PipeToRouterOptions options, CancellationToken cancellationToken = default)
    {
        var data = await Request(WireMethods.RouterPipeToRouter, options, cancellationToken).ConfigureAwait(false);
        var info = SfuClient.Read<PipeToRouterInfo>(data);
        return new PipeToRouterResult(
            Client.Track(new ConsumerProxy(Client, info.PipeConsumer)),
            Client.Track(new ProducerProxy(Client, info.PipeProducer)));
    }

    private Task<JsonElement> Request(string method, object? options, CancellationToken cancellationToken, params (string, object?)[] fields) =>
        Client.RequestAsync(method, SfuClient.ToData(options, [("routerId", Id), .. fields]), cancellationToken);
}
