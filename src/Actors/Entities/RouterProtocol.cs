using Sfu.Contracts.Options;
using Sfu.Contracts.Rtp;

namespace Sfu.Actors.Entities;

/// <summary>What a <see cref="RouterActor"/> understands, and what it answers.</summary>
public static class RouterProtocol
{
    /// <summary>Close the router and everything in it. Answers <see cref="Done"/>.</summary>
    public sealed record Close(string Reason);

    /// <summary>Answers the router's <see cref="Sfu.Contracts.Dumps.RouterDump"/> (R2).</summary>
    public sealed record Dump
    {
        public static Dump Instance { get; } = new();
    }

    /// <summary>Answers whether the producer can be consumed with those capabilities (R4); never fails.</summary>
    public sealed record CanConsume(string? ProducerId, RtpCapabilities? RtpCapabilities);

    /// <summary>PT1. Answers <see cref="Contracts.Api.PlainTransportInfo"/>.</summary>
    public sealed record CreatePlainTransport(PlainTransportOptions Options);

    /// <summary>PP1. Answers <see cref="Contracts.Api.PipeTransportInfo"/>.</summary>
    public sealed record CreatePipeTransport(PipeTransportOptions Options);

    /// <summary>PR1: what pipeToRouter needs of a producer. Answers <see cref="ProducerForPipe"/>; TypeError if unknown.</summary>
    public sealed record GetProducerForPipe(string ProducerId);

    public sealed record ProducerForPipe(string Id, MediaKind Kind, bool Paused, System.Text.Json.Nodes.JsonObject AppData);
}

/// <summary>The answer to a command that returns nothing.</summary>
public sealed record Done
{
    public static Done Instance { get; } = new();
}
