using System.Text.Json.Nodes;
using Sfu.Contracts.Options;
using Sfu.Contracts.Rtp;

namespace Sfu.Actors.Entities;

/// <summary>What a <see cref="WorkerActor"/> understands, and what it answers.</summary>
public static class WorkerProtocol
{
    /// <summary>Create a router on this worker. Answers <see cref="RouterCreated"/>; TypeError/UnsupportedError for bad codecs.</summary>
    public sealed record CreateRouter(string RouterId, IReadOnlyList<RtpCodecCapability>? MediaCodecs, JsonObject? AppData);

    public sealed record RouterCreated(string Id, RtpCapabilities RtpCapabilities, JsonObject AppData);

    /// <summary>Answers the worker's <see cref="Sfu.Contracts.Dumps.WorkerDump"/> (W5).</summary>
    public sealed record Dump
    {
        public static Dump Instance { get; } = new();
    }

    /// <summary>Answers the worker thread's <see cref="Sfu.Contracts.Dumps.WorkerResourceUsage"/> (W6).</summary>
    public sealed record GetResourceUsage
    {
        public static GetResourceUsage Instance { get; } = new();
    }

    /// <summary>W7. Answers <see cref="Done"/>.</summary>
    public sealed record UpdateSettings(WorkerUpdateableSettings Settings);

    /// <summary>A router of this worker has closed (from the router actor).</summary>
    public sealed record RouterClosed(string RouterId);
}
