using Sfu.Contracts.Rtp;
using Sfu.Media.Time;

namespace Sfu.Media.Streams;

/// <summary>
/// When to send RTCP (RT3, mediasoup's Transport/Consumer/Producer timers; RFC 3550 §6.2 in spirit): the transport's
/// timer runs at most every 1000 ms, sooner with more send bandwidth (360 / kbps seconds), randomised by ×0.5–1.5;
/// each consumer's and producer's report joins a compound only once its own interval (5000 ms audio, 1000 ms video)
/// has nearly passed (<see cref="RtcpReportGate"/>).
/// </summary>
public static class RtcpInterval
{
    /// <summary>Longest report interval of an audio stream.</summary>
    public static readonly TimeSpan MaxAudioInterval = TimeSpan.FromMilliseconds(5000);

    /// <summary>Longest report interval of a video stream, and of the transport timer.</summary>
    public static readonly TimeSpan MaxVideoInterval = TimeSpan.FromMilliseconds(1000);

    /// <summary>The longest report interval for a stream of <paramref name="kind"/>.</summary>
    public static TimeSpan MaxInterval(MediaKind kind) => kind == MediaKind.Audio ? MaxAudioInterval : MaxVideoInterval;

    /// <summary>
    /// The transport's next RTCP timer period.
    /// </summary>
    /// <param name="sendBitrateBps">The consumers' total send bitrate.</param>
    /// <param name="randomTenths">A random integer in 5 … 15 (the caller owns randomness; tests pass fixed values).</param>
    public static TimeSpan NextTransportInterval(long sendBitrateBps, int randomTenths)
    {
        randomTenths = Math.Clamp(randomTenths, 5, 15);
        long intervalMs = (long)MaxVideoInterval.TotalMilliseconds;
        long kbps = sendBitrateBps / 1000;
        if (kbps > 0)
        {
            intervalMs = Math.Min(intervalMs, 360_000 / kbps);
        }

        return TimeSpan.FromMilliseconds(intervalMs * randomTenths / 10.0);
    }

    /// <summary>
    /// True when a stream of <paramref name="kind"/> whose last report went out at <paramref name="lastSent"/> should
    /// report again at <paramref name="now"/> (elapsed × 1.15 ≥ its interval, as mediasoup).
    /// </summary>
    public static bool IsStreamReportDue(MediaKind kind, Instant lastSent, Instant now) =>
        (now.Microseconds - lastSent.Microseconds) * 1.15 >= MaxInterval(kind).Ticks / 10.0;
}

/// <summary>
/// The per-object half of RT3 (mediasoup's <c>lastRtcpSentTime</c> / <c>maxRtcpInterval</c> of a consumer or
/// producer): a report is due on the first transport tick, then once <see cref="RtcpInterval.IsStreamReportDue"/>
/// says its kind's interval has nearly passed. A mutable struct: keep it in a field, not a readonly one.
/// </summary>
public struct RtcpReportGate
{
    private Instant _lastSent;
    private bool _sent;

    /// <summary>True when a report of a <paramref name="kind"/> stream should go into the compound built at <paramref name="now"/>.</summary>
    public readonly bool IsDue(MediaKind kind, Instant now) => !_sent || RtcpInterval.IsStreamReportDue(kind, _lastSent, now);

    /// <summary>A report went out at <paramref name="now"/>.</summary>
    public void MarkSent(Instant now)
    {
        _lastSent = now;
        _sent = true;
    }
}
