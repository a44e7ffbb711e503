using System.Text.Json;
using System.Text.Json.Nodes;
using Sfu.Actors.Cluster;
using Sfu.Actors.Entities;
using Sfu.Contracts;
using Sfu.Contracts.Options;
using Sfu.Contracts.Rtp;
using Sfu.Contracts.Wire;
using Sfu.Media.Transports;

namespace Sfu.Actors.Api;

/// <summary>What a wire method addresses: the cluster, a worker, or an entity found by its id field.</summary>
public enum WireTarget
{
    Cluster,
    Worker,
    Entity,

    /// <summary>A service of the node that owns the entity named by the id field (orchestration, e.g. pipeToRouter).</summary>
    NodeService,
}

/// <summary>One implemented wire method: how to find its target and how to read its data into a command.</summary>
/// <param name="Name">The wire method name.</param>
/// <param name="Target">What it addresses.</param>
/// <param name="Kind">For entity methods, the kind of entity.</param>
/// <param name="IdField">For entity methods, the data field holding the target id (<c>routerId</c>, …).</param>
/// <param name="Parse">Reads the data into the actor's command; throws TypeError for bad data.</param>
/// <param name="IdempotentOnClosed">True when the method is a no-op on an entity that has already closed (close).</param>
public sealed record WireMethod(
    string Name,
    WireTarget Target,
    EntityKind Kind,
    string IdField,
    Func<JsonElement, object> Parse,
    bool IdempotentOnClosed = false);

/// <summary>
/// The wire API's method table: every implemented method by its mediasoup-shaped name. Every other mediasoup method
/// name answers <c>Error</c> "not implemented yet"; unknown names answer <c>Error</c> "unknown method".
/// </summary>
public static class WireApi
{
    /// <summary>Node-internal: create a router on this node (placement already chose it).</summary>
    public const string NodeCreateRouter = "node.createRouter";

    private static readonly Dictionary<string, WireMethod> Methods = new[]
    {
        Cluster(WireMethods.ClusterGetNodes),
        Cluster(WireMethods.ClusterCreateRouter),
        Worker(WireMethods.WorkerDump, _ => WorkerProtocol.Dump.Instance),
        Worker(WireMethods.WorkerGetResourceUsage, _ => WorkerProtocol.GetResourceUsage.Instance),
        Worker(WireMethods.WorkerUpdateSettings, data => new WorkerProtocol.UpdateSettings(WireData.Whole<WorkerUpdateableSettings>(data))),
        Router(WireMethods.RouterClose, _ => new RouterProtocol.Close(CloseReasons.App), idempotentOnClosed: true),
        Router(WireMethods.RouterDump, _ => RouterProtocol.Dump.Instance),
        Router(WireMethods.RouterCanConsume, ParseCanConsume),
        Router(WireMethods.RouterCreatePlainTransport, d => new RouterProtocol.CreatePlainTransport(WireData.Whole<PlainTransportOptions>(d))),
        Router(WireMethods.RouterCreatePipeTransport, d => new RouterProtocol.CreatePipeTransport(WireData.Whole<PipeTransportOptions>(d))),
        // Orchestration between routers: the node owning the source router runs it (see PipeCoordinator).
        new(WireMethods.RouterPipeToRouter, WireTarget.NodeService, EntityKind.Router, IdFieldOf(EntityKind.Router), d => WireData.Whole<PipeToRouterOptions>(d)),

        Entity(EntityKind.Transport, WireMethods.TransportClose, _ => new TransportProtocol.Close(CloseReasons.App), idempotentOnClosed: true),
        Entity(EntityKind.Transport, WireMethods.TransportDump, _ => TransportProtocol.Dump.Instance),
        Entity(EntityKind.Transport, WireMethods.TransportGetStats, _ => TransportProtocol.GetStats.Instance),
        Entity(EntityKind.Transport, WireMethods.TransportConnect, d => new TransportProtocol.Connect(d)),
        Entity(EntityKind.Transport, WireMethods.TransportProduce, d => new TransportProtocol.Produce(WireData.Whole<ProducerOptions>(d))),
        Entity(EntityKind.Transport, WireMethods.TransportConsume, d => new TransportProtocol.Consume(WireData.Whole<ConsumerOptions>(d))),
        Entity(EntityKind.Transport, WireMethods.TransportEnableTraceEvent, d => new TransportProtocol.EnableTraceEvent(TraceTypes(d))),
        Entity(EntityKind.Transport, WireMethods.TransportSetMaxIncomingBitrate, d => new TransportProtocol.SetBitrateLimit(BitrateLimit.MaxIncoming, Bitrate(d))),
        Entity(EntityKind.Transport, WireMethods.TransportSetMaxOutgoingBitrate, d => new TransportProtocol.SetBitrateLimit(BitrateLimit.MaxOutgoing, Bitrate(d))),
        Entity(EntityKind.Transport, WireMethods.TransportSetMinOutgoingBitrate, d => new TransportProtocol.SetBitrateLimit(BitrateLimit.MinOutgoing, Bitrate(d))),

        Entity(EntityKind.Producer, WireMethods.ProducerClose, _ => new ProducerProtocol.Close(CloseReasons.App), idempotentOnClosed: true),
        Entity(EntityKind.Producer, WireMethods.ProducerDump, _ => ProducerProtocol.Dump.Instance),
        Entity(EntityKind.Producer, WireMethods.ProducerGetStats, _ => ProducerProtocol.GetStats.Instance),
        Entity(EntityKind.Producer, WireMethods.ProducerPause, _ => ProducerProtocol.Pause.Instance),
        Entity(EntityKind.Producer, WireMethods.ProducerResume, _ => ProducerProtocol.Resume.Instance),
        Entity(EntityKind.Producer, WireMethods.ProducerEnableTraceEvent, d => new ProducerProtocol.EnableTraceEvent(TraceTypes(d))),

        Entity(EntityKind.Consumer, WireMethods.ConsumerClose, _ => new ConsumerProtocol.Close(CloseReasons.App), idempotentOnClosed: true),
        Entity(EntityKind.Consumer, WireMethods.ConsumerDump, _ => ConsumerProtocol.Dump.Instance),
        Entity(EntityKind.Consumer, WireMethods.ConsumerGetStats, _ => ConsumerProtocol.GetStats.Instance),
        Entity(EntityKind.Consumer, WireMethods.ConsumerPause, _ => ConsumerProtocol.Pause.Instance),
        Entity(EntityKind.Consumer, WireMethods.ConsumerResume, _ => ConsumerProtocol.Resume.Instance),
        Entity(EntityKind.Consumer, WireMethods.ConsumerRequestKeyFrame, _ => ConsumerProtocol.RequestKeyFrame.Instance),
        Entity(EntityKind.Consumer, WireMethods.ConsumerSetPriority, d => new ConsumerProtocol.SetPriority(Priority(d))),
        Entity(EntityKind.Consumer, WireMethods.ConsumerUnsetPriority, _ => new ConsumerProtocol.SetPriority(1)),
        Entity(EntityKind.Consumer, WireMethods.ConsumerSetPreferredLayers, d => new ConsumerProtocol.SetPreferredLayers(PreferredLayers(d))),
        Entity(EntityKind.Consumer, WireMethods.ConsumerEnableTraceEvent, d => new ConsumerProtocol.EnableTraceEvent(TraceTypes(d))),
    }.ToDictionary(m => m.Name, StringComparer.Ordinal);

    public static bool TryGet(string method, out WireMethod wireMethod) => Methods.TryGetValue(method, out wireMethod!);

    /// <summary>The error for a method this build does not implement: known mediasoup names vs unknown names.</summary>
    public static SfuException Unimplemented(string method) =>
        WireMethods.All.Contains(method)
            ? new SfuException($"'{method}' is not implemented yet")
            : new SfuException($"unknown method '{method}'");

    /// <summary>The data field that names an entity of <paramref name="kind"/>.</summary>
    public static string IdFieldOf(EntityKind kind) => kind switch
    {
        EntityKind.Router => "routerId",
        EntityKind.Transport => "transportId",
        EntityKind.Producer => "producerId",
        EntityKind.Consumer => "consumerId",
        EntityKind.DataProducer => "dataProducerId",
        EntityKind.DataConsumer => "dataConsumerId",
        EntityKind.RtpObserver => "rtpObserverId",
        EntityKind.WebRtcServer => "webRtcServerId",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>Turns an actor's answer into the response data (Undefined = no data).</summary>
    public static JsonElement ToData(object? result) => result switch
    {
        null or Done => default,
        JsonElement element => element,
        _ => JsonSerializer.SerializeToElement(result, result.GetType(), Contracts.Json.SfuJson.Options),
    };

    private static object ParseCanConsume(JsonElement data)
    {
        // R4: canConsume never throws for a bad producer id or bad capabilities; it answers false.
        string? producerId = data.TryGetProperty("producerId", out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;
        RtpCapabilities? capabilities = null;
        try
        {
            capabilities = WireData.Optional<RtpCapabilities>(data, "rtpCapabilities");
        }
        catch (TypeError)
        {
        }
        return new RouterProtocol.CanConsume(producerId, capabilities);
    }

    private static WireMethod Cluster(string name) =>
        new(name, WireTarget.Cluster, default, "", _ => throw new InvalidOperationException("cluster methods are handled by the gateway"));

    private static WireMethod Worker(string name, Func<JsonElement, object> parse) =>
        new(name, WireTarget.Worker, default, "workerId", parse);

    private static WireMethod Router(string name, Func<JsonElement, object> parse, bool idempotentOnClosed = false) =>
        Entity(EntityKind.Router, name, parse, idempotentOnClosed);

    private static WireMethod Entity(EntityKind kind, string name, Func<JsonElement, object> parse, bool idempotentOnClosed = false) =>
        new(name, WireTarget.Entity, kind, IdFieldOf(kind), parse, idempotentOnClosed);

    /// <summary>T6/P9/C11: <c>types</c> must be an array of strings (unknown strings are dropped later).</summary>
    private static IReadOnlyList<string>? TraceTypes(JsonElement data)
    {
        if (!data.TryGetProperty("types", out var types) || types.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
        {
            return null;
        }
        if (types.ValueKind != JsonValueKind.Array)
        {
            throw new TypeError("types must be an array");
        }
        var result = new List<string>();
        foreach (var type in types.EnumerateArray())
        {
            if (type.ValueKind != JsonValueKind.String)
            {
                throw new TypeError("every type must be a string");
            }
            result.Add(type.GetString()!);
        }
        return result;
    }

    /// <summary>T4/T5: <c>bitrate</c>, a whole number of bps from 0 to 2^32 - 1 (mediasoup's uint32).</summary>
    private static long Bitrate(JsonElement data)
    {
        if (!data.TryGetProperty("bitrate", out var b) || b.ValueKind != JsonValueKind.Number || !b.TryGetInt64(out var bitrate)
            || bitrate is < 0 or > uint.MaxValue)
        {
            throw new TypeError("missing or invalid bitrate");
        }
        return bitrate;
    }

    /// <summary>C8: an integer priority of at least 1.</summary>
    private static int? Priority(JsonElement data)
    {
        if (!data.TryGetProperty("priority", out var p) || p.ValueKind != JsonValueKind.Number || !p.TryGetInt32(out var priority))
        {
            throw new TypeError("wrong priority");
        }
        if (priority is < 1 or > 255)
        {
            throw new TypeError("wrong priority (must be a number between 1 and 255)");
        }
        return priority;
    }

    /// <summary>C7: spatialLayer must be a number; temporalLayer, if given, too.</summary>
    private static ConsumerPreferredLayers PreferredLayers(JsonElement data)
    {
        if (!data.TryGetProperty("spatialLayer", out var s) || s.ValueKind != JsonValueKind.Number || !s.TryGetInt32(out var spatial))
        {
            throw new TypeError("missing spatialLayer");
        }
        int? temporal = null;
        if (data.TryGetProperty("temporalLayer", out var t) && t.ValueKind != JsonValueKind.Null)
        {
            if (t.ValueKind != JsonValueKind.Number || !t.TryGetInt32(out var value))
            {
                throw new TypeError("wrong temporalLayer");
            }
            temporal = value;
        }
        return new ConsumerPreferredLayers { SpatialLayer = spatial, TemporalLayer = temporal };
    }
}
