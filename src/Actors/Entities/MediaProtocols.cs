using System.Text.Json;
using Sfu.Contracts.Options;
using Sfu.Media.Transports;

namespace Sfu.Actors.Entities;

/// <summary>What a <see cref="TransportActor"/> understands. Answers are the mediasoup shapes (or <see cref="Done"/>).</summary>
public static class TransportProtocol
{
    /// <summary>PT3 / PP2: the kind's connect parameters, read by the actor for its kind.</summary>
    public sealed record Connect(JsonElement Parameters);

    /// <summary>Answers <see cref="Contracts.Api.ProducerInfo"/>; the producer keeps <c>options.id</c> when given (piping).</summary>
    public sealed record Produce(ProducerOptions Options);

    /// <summary>Answers <see cref="Contracts.Api.ConsumerInfo"/>.</summary>
    public sealed record Consume(ConsumerOptions Options);

    public sealed record Close(string Reason);

    public sealed record Dump
    {
        public static Dump Instance { get; } = new();
    }

    public sealed record GetStats
    {
        public static GetStats Instance { get; } = new();
    }

    public sealed record EnableTraceEvent(IReadOnlyList<string>? Types);

    /// <summary>T4/T5: which limit to set and its value in bps (0 = none); answers Done, TypeError for a bad value.</summary>
    public sealed record SetBitrateLimit(BitrateLimit Limit, long Bitrate);
}

/// <summary>What a <see cref="ProducerActor"/> understands.</summary>
public static class ProducerProtocol
{
    public sealed record Close(string Reason);

    public sealed record Pause
    {
        public static Pause Instance { get; } = new();
    }

    public sealed record Resume
    {
        public static Resume Instance { get; } = new();
    }

    public sealed record Dump
    {
        public static Dump Instance { get; } = new();
    }

    public sealed record GetStats
    {
        public static GetStats Instance { get; } = new();
    }

    public sealed record EnableTraceEvent(IReadOnlyList<string>? Types);
}

/// <summary>What a <see cref="ConsumerActor"/> understands.</summary>
public static class ConsumerProtocol
{
    public sealed record Close(string Reason);

    public sealed record Pause
    {
        public static Pause Instance { get; } = new();
    }

    public sealed record Resume
    {
        public static Resume Instance { get; } = new();
    }

    public sealed record Dump
    {
        public static Dump Instance { get; } = new();
    }

    public sealed record GetStats
    {
        public static GetStats Instance { get; } = new();
    }

    public sealed record RequestKeyFrame
    {
        public static RequestKeyFrame Instance { get; } = new();
    }

    /// <summary>C8: answers Done; TypeError for a missing or out-of-range priority.</summary>
    public sealed record SetPriority(int? Priority);

    /// <summary>C7: answers <see cref="SetPreferredLayersResult"/> (a no-op for simple consumers).</summary>
    public sealed record SetPreferredLayers(ConsumerPreferredLayers Layers);

    /// <summary>mediasoup's answer to <c>setPreferredLayers</c>: <c>{ preferredLayers? }</c>.</summary>
    public sealed record SetPreferredLayersResult(Contracts.Events.ConsumerLayers? PreferredLayers);

    public sealed record EnableTraceEvent(IReadOnlyList<string>? Types);
}
