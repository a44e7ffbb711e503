namespace Sfu.Contracts.Events;

/// <summary>
/// O3 One entry of an AudioLevelObserver's <c>'volumes'</c>. mediasoup passes the Producer object; on this
/// project's wire it is <c>{ producerId, volume }</c>.
/// </summary>
public sealed record AudioLevelObserverVolume
{
    public string ProducerId { get; init; } = "";

    /// <summary>Average volume in dBov over the interval, −127 … 0 (RFC 6464 §3).</summary>
    public int Volume { get; init; }
}

/// <summary>
/// O2 An ActiveSpeakerObserver's <c>'dominantspeaker'</c> (mediasoup's
/// <c>ActiveSpeakerObserverDominantSpeaker</c>). mediasoup passes the Producer object; on this project's wire it
/// is <c>{ producerId }</c>.
/// </summary>
public sealed record ActiveSpeakerEvent
{
    public string ProducerId { get; init; } = "";
}
