using System.Runtime.CompilerServices;

namespace Sfu.Media.Time;

/// <summary>
/// A 64-bit NTP timestamp (RFC 3550 §4, RFC 5905 §6): seconds since 1900-01-01 in the high 32 bits and a binary
/// fraction of a second in the low 32 bits. SR packets carry it whole; RR/DLRR blocks carry the "compact" middle 32
/// bits (16.16 fixed point) as LSR and DLSR.
/// </summary>
public readonly record struct NtpTime(ulong Value) : IComparable<NtpTime>
{
    /// <summary>Seconds between the NTP epoch (1900) and the Unix epoch (1970).</summary>
    public const long UnixEpochOffsetSeconds = 2_208_988_800;

    /// <summary>Builds a timestamp from its two 32-bit halves.</summary>
    public NtpTime(uint seconds, uint fraction)
        : this(((ulong)seconds << 32) | fraction)
    {
    }

    /// <summary>Whole seconds since 1900 (wraps in 2036).</summary>
    public uint Seconds => (uint)(Value >> 32);

    /// <summary>Fraction of a second in units of 2^-32 s.</summary>
    public uint Fraction => (uint)Value;

    /// <summary>The middle 32 bits (16.16 fixed point seconds), the "LSR" form of RFC 3550 §6.4.1.</summary>
    public uint Compact => (uint)(Value >> 16);

    /// <summary>Converts Unix time in milliseconds.</summary>
    public static NtpTime FromUnixMilliseconds(long unixMs) => FromUnixMicroseconds(unixMs * 1000);

    /// <summary>Converts Unix time in microseconds.</summary>
    public static NtpTime FromUnixMicroseconds(long unixUs)
    {
        long seconds = Math.DivRem(unixUs, 1_000_000, out long remainder);
        if (remainder < 0)
        {
            seconds--;
            remainder += 1_000_000;
        }

        ulong fraction = (ulong)(((UInt128)(ulong)remainder << 32) / 1_000_000);
        return new NtpTime((uint)(seconds + UnixEpochOffsetSeconds), (uint)fraction);
    }

    /// <summary>
    /// Converts a media-loop <see cref="Instant"/>, given the Unix time (µs) that corresponds to <see cref="Instant.Zero"/>.
    /// </summary>
    public static NtpTime FromInstant(Instant instant, long unixMicrosecondsAtZero) =>
        FromUnixMicroseconds(instant.Microseconds + unixMicrosecondsAtZero);

    /// <summary>Unix time in microseconds (rounded to the nearest microsecond).</summary>
    public long ToUnixMicroseconds()
    {
        long seconds = Seconds - UnixEpochOffsetSeconds;
        long micros = (long)(((ulong)Fraction * 1_000_000UL + (1UL << 31)) >> 32);
        return seconds * 1_000_000 + micros;
    }

    /// <summary>Unix time in milliseconds (rounded to the nearest millisecond).</summary>
    public long ToUnixMilliseconds()
    {
        long seconds = Seconds - UnixEpochOffsetSeconds;
        long millis = (long)(((ulong)Fraction * 1_000UL + (1UL << 31)) >> 32);
        return seconds * 1_000 + millis;
    }

    /// <summary>The <see cref="Instant"/> for this timestamp, given the Unix time (µs) at <see cref="Instant.Zero"/>.</summary>
    public Instant ToInstant(long unixMicrosecondsAtZero) => new(ToUnixMicroseconds() - unixMicrosecondsAtZero);

    /// <summary>A duration in microseconds as compact NTP units (1/65536 s), e.g. the DLSR field.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint MicrosecondsToCompact(long microseconds) =>
        microseconds <= 0 ? 0u : (uint)(((ulong)microseconds * 65536UL + 500_000UL) / 1_000_000UL);

    /// <summary>A compact NTP duration (1/65536 s) in microseconds.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long CompactToMicroseconds(uint compact) => (long)(((ulong)compact * 1_000_000UL + 32768UL) >> 16);

    /// <summary>
    /// Round-trip time from a report block (RFC 3550 §6.4.1): <c>A - LSR - DLSR</c> in compact units, where
    /// <paramref name="receivedAtCompact"/> is the compact NTP time at which the report arrived.
    /// </summary>
    /// <returns>False when LSR is 0 (no SR received yet by the reporter). A negative result is clamped to 0.</returns>
    public static bool TryGetRoundTrip(uint receivedAtCompact, uint lastSenderReport, uint delaySinceLastSenderReport,
        out long microseconds)
    {
        if (lastSenderReport == 0)
        {
            microseconds = 0;
            return false;
        }

        int rtt = (int)(receivedAtCompact - lastSenderReport - delaySinceLastSenderReport);
        microseconds = rtt <= 0 ? 0 : CompactToMicroseconds((uint)rtt);
        return true;
    }

    /// <inheritdoc />
    public int CompareTo(NtpTime other) => Value.CompareTo(other.Value);

    /// <inheritdoc />
    public override string ToString() => $"ntp {Seconds}.{((ulong)Fraction * 1_000_000UL) >> 32:D6}";
}
