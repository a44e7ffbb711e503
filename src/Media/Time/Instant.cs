using System.Diagnostics;

namespace Sfu.Media.Time;

/// <summary>
/// A point on the media loop's monotonic clock, in microseconds. Only the media loop reads the clock
/// (<see cref="FromStopwatch"/>); protocol code takes <c>Instant now</c> as an argument, so tests can run on virtual time.
/// </summary>
public readonly record struct Instant(long Microseconds) : IComparable<Instant>
{
    public static readonly Instant Zero = new(0);

    /// <summary>"Nothing scheduled": the timeout a state machine returns when it has no timer.</summary>
    public static readonly Instant MaxValue = new(long.MaxValue);

    public long Milliseconds => Microseconds / 1000;

    public static Instant FromMilliseconds(long ms) => new(ms * 1000);

    /// <summary>Converts a <see cref="Stopwatch.GetTimestamp"/> reading. Used by the media loop only.</summary>
    public static Instant FromStopwatch(long timestamp) =>
        new((long)(timestamp * (1_000_000.0 / Stopwatch.Frequency)));

    public Instant AddMicroseconds(long us) => new(Microseconds + us);

    public Instant AddMilliseconds(long ms) => new(Microseconds + ms * 1000);

    public static Instant operator +(Instant a, TimeSpan d) => new(a.Microseconds + d.Ticks / 10);

    public static Instant operator -(Instant a, TimeSpan d) => new(a.Microseconds - d.Ticks / 10);

    public static TimeSpan operator -(Instant a, Instant b) => TimeSpan.FromTicks((a.Microseconds - b.Microseconds) * 10);

    public static bool operator <(Instant a, Instant b) => a.Microseconds < b.Microseconds;

    public static bool operator >(Instant a, Instant b) => a.Microseconds > b.Microseconds;

    public static bool operator <=(Instant a, Instant b) => a.Microseconds <= b.Microseconds;

    public static bool operator >=(Instant a, Instant b) => a.Microseconds >= b.Microseconds;

    public static Instant Min(Instant a, Instant b) => a.Microseconds <= b.Microseconds ? a : b;

    public int CompareTo(Instant other) => Microseconds.CompareTo(other.Microseconds);

    public override string ToString() => $"{Microseconds / 1000.0:0.###}ms";
}
