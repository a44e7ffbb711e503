using Sfu.Contracts.Rtp;

namespace Sfu.Contracts.Dumps;

/// <summary>
/// P11 <c>producer.dump()</c>: <c>{ id, kind, type, rtpParameters, rtpMapping, rtpStreams?, traceEventTypes, paused }</c>.
/// <c>rtpParameters</c> are the normalized ones (canonical mimeType case, <c>codecPayloadType</c> filled);
/// <c>rtpStreams</c> is absent until a stream exists.
/// </summary>
public sealed record ProducerDump
{
    public string Id { get; init; } = "";

    public MediaKind Kind { get; init; }

    public ProducerType Type { get; init; }

    public RtpParameters RtpParameters { get; init; } = new();

    public RtpMapping RtpMapping { get; init; } = new();

    public IReadOnlyList<RtpStreamDump>? RtpStreams { get; init; }

    public IReadOnlyList<string> TraceEventTypes { get; init; } = [];

    public bool Paused { get; init; }
}
