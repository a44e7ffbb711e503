using System.Diagnostics;
using System.Globalization;

namespace Sfu.Actors.Runtime.TestKit;

/// <summary>
/// Time in tests: the default timeout (3 s) and the time factor from the environment variable
/// <c>SFU_TEST_TIMEFACTOR</c> (a double, default 1) that every TestKit timeout is multiplied by, as Akka's
/// <c>akka.test.timefactor</c>. Also the deadline set by <c>Within</c>, which flows with the async context.
/// </summary>
public static class TestKitSettings
{
    /// <summary>The environment variable holding the time factor.</summary>
    public const string TimeFactorVariable = "SFU_TEST_TIMEFACTOR";

    private static readonly AsyncLocal<long?> s_deadline = new();

    /// <summary>The factor every timeout is multiplied by.</summary>
    public static double TimeFactor { get; } = ParseTimeFactor(Environment.GetEnvironmentVariable(TimeFactorVariable));

    /// <summary>The timeout when none is given (3 s, dilated).</summary>
    public static TimeSpan DefaultTimeout => Dilated(TimeSpan.FromSeconds(3));

    /// <summary><paramref name="duration"/> times <see cref="TimeFactor"/> (infinite stays infinite).</summary>
    public static TimeSpan Dilated(TimeSpan duration) =>
        duration == Timeout.InfiniteTimeSpan ? duration : TimeSpan.FromTicks((long)(duration.Ticks * TimeFactor));

    /// <summary>The time left in the innermost <c>Within</c> block, or <c>null</c> outside one.</summary>
    public static TimeSpan? Remaining =>
        s_deadline.Value is { } deadline ? Max(TimeSpan.Zero, Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), deadline)) : null;

    /// <summary>The time left in a <c>Within</c> block, else the default timeout.</summary>
    public static TimeSpan RemainingOrDefault => Remaining ?? DefaultTimeout;

    /// <summary><paramref name="timeout"/> dilated, or the remaining/default time when <c>null</c>.</summary>
    public static TimeSpan RemainingOrDilated(TimeSpan? timeout) => timeout is { } t ? Dilated(t) : RemainingOrDefault;

    /// <summary>Parses a time factor: empty = 1; otherwise a positive number (invariant culture).</summary>
    /// <exception cref="InvalidOperationException">Not a positive finite number.</exception>
    public static double ParseTimeFactor(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return 1.0;
        }
        if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var factor) || factor <= 0 || double.IsInfinity(factor))
        {
            throw new InvalidOperationException($"{TimeFactorVariable} must be a positive number, not '{value}'.");
        }
        return factor;
    }

    /// <summary>Sets a deadline <paramref name="max"/> from now (never later than an enclosing one) until disposed.</summary>
    internal static DeadlineScope PushDeadline(TimeSpan max)
    {
        var previous = s_deadline.Value;
        var deadline = Stopwatch.GetTimestamp() + (long)(max.TotalSeconds * Stopwatch.Frequency);
        if (previous is { } outer && outer < deadline)
        {
            deadline = outer;
        }
        s_deadline.Value = deadline;
        return new DeadlineScope(previous);
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    internal readonly struct DeadlineScope(long? previous) : IDisposable
    {
        public void Dispose() => s_deadline.Value = previous;
    }
}
