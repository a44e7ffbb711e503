using System.Text.Json;
using System.Text.Json.Nodes;
using Sfu.Actors.Cluster;
using Sfu.Actors.Entities;
using Sfu.Contracts;
using Sfu.Contracts.Options;
using Sfu.Contracts.Rtp;
using Sfu.Contracts.Wire;

namespace Sfu.Actors.Api;

/// <summary>What a wire method addresses: the cluster, a worker, or an entity found by its id field.</summary>
public enum WireTarget
{
    Cluster,
    Worker,
    Entity,
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
        new(name, WireTarget.Entity, EntityKind.Router, IdFieldOf(EntityKind.Router), parse, idempotentOnClosed);
}
