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
}

/// <summary>The answer to a command that returns nothing.</summary>
public sealed record Done
{
    public static Done Instance { get; } = new();
}
