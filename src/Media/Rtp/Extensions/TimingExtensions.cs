using System.Buffers.Binary;

namespace Sfu.Media.Rtp.Extensions;

/// <summary>
/// abs-send-time (http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time): the send time as 24-bit unsigned
/// 6.18 fixed point seconds, wrapping every 64 s.
/// </summary>
public static class AbsSendTimeExtension
{
    /// <summary>Value length in bytes.</summary>
    public const int Length = 3;

    /// <summary>Reads the 24-bit value.</summary>
    public static bool TryRead(ReadOnlySpan<byte> value, out uint absSendTime)
    {
        if (value.Length < Length)
        {
            absSendTime = 0;
            return false;
        }

        absSendTime = ((uint)value[0] << 16) | ((uint)value[1] << 8) | value[2];
        return true;
    }

    /// <summary>Writes the low 24 bits of <paramref name="absSendTime"/>.</summary>
    public static bool TryWrite(Span<byte> destination, uint absSendTime)
    {
        if (destination.Length < Length)
        {
            return false;
        }

        destination[0] = (byte)(absSendTime >> 16);
        destination[1] = (byte)(absSendTime >> 8);
        destination[2] = (byte)absSendTime;
        return true;
    }

    /// <summary>Converts a time in microseconds (any epoch) to the 6.18 wire value, rounded.</summary>
    public static uint FromMicroseconds(long microseconds)
    {
        long us = microseconds % 64_000_000;
        if (us < 0)
        {
            us += 64_000_000;
        }

        return (uint)((((ulong)us << 18) + 500_000UL) / 1_000_000UL) & 0xFFFFFF;
    }

    /// <summary>Converts a wire value to microseconds within the 64-second cycle, rounded.</summary>
    public static long ToMicroseconds(uint absSendTime) =>
        (long)(((ulong)(absSendTime & 0xFFFFFF) * 1_000_000UL + (1UL << 17)) >> 18);
}

/// <summary>
/// Transport-wide sequence number (draft-holmer-rmcat-transport-wide-cc-extensions-01 §2): a 16-bit counter over
/// every packet of the transport, echoed back in transport-cc feedback.
/// </summary>
public static class TransportWideSequenceNumberExtension
{
    /// <summary>Value length in bytes.</summary>
    public const int Length = 2;

    /// <summary>Reads the sequence number.</summary>
    public static bool TryRead(ReadOnlySpan<byte> value, out ushort sequenceNumber)
    {
        if (value.Length < Length)
        {
            sequenceNumber = 0;
            return false;
        }

        sequenceNumber = BinaryPrimitives.ReadUInt16BigEndian(value);
        return true;
    }

    /// <summary>Writes the sequence number.</summary>
    public static bool TryWrite(Span<byte> destination, ushort sequenceNumber) =>
        BinaryPrimitives.TryWriteUInt16BigEndian(destination, sequenceNumber);
}

/// <summary>
/// Transmission time offset (RFC 5450 §2): a 24-bit signed offset, in RTP timestamp units, of the send time from the
/// packet's timestamp.
/// </summary>
public static class TransmissionTimeOffsetExtension
{
    /// <summary>Value length in bytes.</summary>
    public const int Length = 3;

    /// <summary>Smallest value.</summary>
    public const int MinValue = -(1 << 23);

    /// <summary>Largest value.</summary>
    public const int MaxValue = (1 << 23) - 1;

    /// <summary>Reads the sign-extended offset.</summary>
    public static bool TryRead(ReadOnlySpan<byte> value, out int offset)
    {
        if (value.Length < Length)
        {
            offset = 0;
            return false;
        }

        int raw = (value[0] << 16) | (value[1] << 8) | value[2];
        offset = (raw << 8) >> 8;
        return true;
    }

    /// <summary>Writes an offset in [<see cref="MinValue"/>, <see cref="MaxValue"/>].</summary>
    public static bool TryWrite(Span<byte> destination, int offset)
    {
        if (destination.Length < Length || offset < MinValue || offset > MaxValue)
        {
            return false;
        }

        destination[0] = (byte)(offset >> 16);
        destination[1] = (byte)(offset >> 8);
        destination[2] = (byte)offset;
        return true;
    }
}

/// <summary>
/// Playout delay (http://www.webrtc.org/experiments/rtp-hdrext/playout-delay): minimum and maximum playout delay as
/// two 12-bit values in units of 10 ms.
/// <code>
///  0                   1                   2
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3
/// |       MIN delay       |       MAX delay       |
/// </code>
/// </summary>
public static class PlayoutDelayExtension
{
    /// <summary>Value length in bytes.</summary>
    public const int Length = 3;

    /// <summary>Largest value of either field (4095 × 10 ms).</summary>
    public const int MaxUnits = 0xFFF;

    /// <summary>Reads both limits in 10 ms units.</summary>
    public static bool TryRead(ReadOnlySpan<byte> value, out ushort minDelay, out ushort maxDelay)
    {
        if (value.Length < Length)
        {
            minDelay = 0;
            maxDelay = 0;
            return false;
        }

        int raw = (value[0] << 16) | (value[1] << 8) | value[2];
        minDelay = (ushort)(raw >> 12);
        maxDelay = (ushort)(raw & 0xFFF);
        return true;
    }

    /// <summary>Writes both limits in 10 ms units (each 0–4095).</summary>
    public static bool TryWrite(Span<byte> destination, ushort minDelay, ushort maxDelay)
    {
        if (destination.Length < Length || minDelay > MaxUnits || maxDelay > MaxUnits)
        {
            return false;
        }

        int raw = (minDelay << 12) | maxDelay;
        destination[0] = (byte)(raw >> 16);
        destination[1] = (byte)(raw >> 8);
        destination[2] = (byte)raw;
        return true;
    }
}

/// <summary>
/// Absolute capture time (http://www.webrtc.org/experiments/rtp-hdrext/abs-capture-time): the capture time as a
/// 64-bit NTP timestamp (UQ32.32), optionally followed by the estimated capture clock offset (Q32.32, signed).
/// </summary>
public static class AbsoluteCaptureTimeExtension
{
    /// <summary>Value length without the clock offset.</summary>
    public const int ShortLength = 8;

    /// <summary>Value length with the clock offset.</summary>
    public const int LongLength = 16;

    /// <summary>Reads the capture time and, when present, the clock offset.</summary>
    public static bool TryRead(ReadOnlySpan<byte> value, out ulong captureNtpTime, out long clockOffset, out bool hasClockOffset)
    {
        clockOffset = 0;
        hasClockOffset = false;
        if (value.Length != ShortLength && value.Length != LongLength)
        {
            captureNtpTime = 0;
            return false;
        }

        captureNtpTime = BinaryPrimitives.ReadUInt64BigEndian(value);
        if (value.Length == LongLength)
        {
            clockOffset = BinaryPrimitives.ReadInt64BigEndian(value.Slice(8));
            hasClockOffset = true;
        }

        return true;
    }

    /// <summary>Writes the 8-byte form (no clock offset).</summary>
    public static bool TryWrite(Span<byte> destination, ulong captureNtpTime, out int written)
    {
        written = 0;
        if (!BinaryPrimitives.TryWriteUInt64BigEndian(destination, captureNtpTime))
        {
            return false;
        }

        written = ShortLength;
        return true;
    }

    /// <summary>Writes the 16-byte form with the clock offset.</summary>
    public static bool TryWrite(Span<byte> destination, ulong captureNtpTime, long clockOffset, out int written)
    {
        written = 0;
        if (destination.Length < LongLength)
        {
            return false;
        }

        BinaryPrimitives.WriteUInt64BigEndian(destination, captureNtpTime);
        BinaryPrimitives.WriteInt64BigEndian(destination.Slice(8), clockOffset);
        written = LongLength;
        return true;
    }
}
