using System.Text.Json.Nodes;
using Sfu.Contracts.Rtp;

namespace Sfu.Contracts.Options;

/// <summary>
/// T2, P1 <c>transport.produce({ id?, kind, rtpParameters, paused?, keyFrameRequestDelay?, appData? })</c>.
/// A <c>kind</c> other than <c>'audio'</c>/<c>'video'</c> does not deserialize.
/// </summary>
public sealed record ProducerOptions
{
    /// <summary>Only for pipeToRouter: reuse the original producer's id.</summary>
    public string? Id { get; init; }

    public MediaKind? Kind { get; init; }

    public RtpParameters? RtpParameters { get; init; }

    /// <summary>Default false.</summary>
    public bool? Paused { get; init; }

    /// <summary>Video only: ms to merge key-frame requests (P13). Default 0.</summary>
    public int? KeyFrameRequestDelay { get; init; }

    public JsonObject? AppData { get; init; }
}
