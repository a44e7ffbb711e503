using System.Text.Json.Nodes;
using Sfu.Contracts.Transports;

namespace Sfu.Contracts.Options;

/// <summary>S1 <c>worker.createWebRtcServer({ listenInfos, appData? })</c>: one UDP socket or TCP server per entry.</summary>
public sealed record WebRtcServerOptions
{
    public IReadOnlyList<TransportListenInfo>? ListenInfos { get; init; }

    public JsonObject? AppData { get; init; }
}
