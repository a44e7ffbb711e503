using System.Globalization;

namespace Sfu.ClusterHost.Configuration.Hocon;

/// <summary>
/// HOCON durations (HOCON.md "Units format", "Duration format"): a number, optional whitespace, and an optional
/// lower-case unit. A number alone is milliseconds. Units: ns, us, ms, s, m, h, d and their long forms (nanosecond(s),
/// nano(s), microsecond(s), micro(s), millisecond(s), milli(s), second(s), minute(s), hour(s), day(s)). The result is
/// rounded to the nearest <see cref="TimeSpan"/> tick (100 ns).
/// </summary>
public static class HoconDuration
{
    /// <summary>Parses a duration; a number without a unit is milliseconds.</summary>
    public static bool TryParse(string? text, out TimeSpan value) => TryParse(text, out value, out _);

    /// <summary>Parses a duration and tells whether the text named a unit (<c>10s</c>) or was a bare number (<c>10</c>).</summary>
    public static bool TryParse(string? text, out TimeSpan value, out bool hasUnit)
    {
        value = default;
        hasUnit = false;
        if (text is null)
        {
            return false;
        }

        var span = text.AsSpan().Trim();
        var unitStart = span.Length;
        while (unitStart > 0 && char.IsLetter(span[unitStart - 1]))
        {
            unitStart--;
        }

        var unit = span[unitStart..];
        var number = span[..unitStart].TrimEnd();
        if (number.IsEmpty || !IsPlainNumber(number))
        {
            return false;
        }

        decimal ticksPerUnit;
        if (unit.IsEmpty)
        {
            ticksPerUnit = TimeSpan.TicksPerMillisecond;
        }
        else if (TicksPerUnit(unit) is { } perUnit)
        {
            ticksPerUnit = perUnit;
            hasUnit = true;
        }
        else
        {
            return false;
        }

        if (!decimal.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var amount))
        {
            return false;
        }

        try
        {
            var ticks = decimal.Round(amount * ticksPerUnit, MidpointRounding.AwayFromZero);
            if (ticks > long.MaxValue || ticks < long.MinValue)
            {
                return false;
            }

            value = TimeSpan.FromTicks((long)ticks);
            return true;
        }
        catch (OverflowException)
        {
            return false;
        }
    }

    /// <summary>A JSON-style number: sign, digits, optional fraction and exponent (no thousands separators, no spaces).</summary>
    private static bool IsPlainNumber(ReadOnlySpan<char> s)
    {
        var i = 0;
        if (i < s.Length && s[i] is '-' or '+')
        {
            i++;
        }

        var digits = 0;
        while (i < s.Length && char.IsAsciiDigit(s[i]))
        {
            i++;
            digits++;
        }

        if (i < s.Length && s[i] == '.')
        {
            i++;
            while (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                i++;
                digits++;
            }
        }

        if (digits == 0)
        {
            return false;
        }

        if (i < s.Length && s[i] is 'e' or 'E')
        {
            i++;
            if (i < s.Length && s[i] is '-' or '+')
            {
                i++;
            }

            var exponentDigits = 0;
            while (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                i++;
                exponentDigits++;
            }

            if (exponentDigits == 0)
            {
                return false;
            }
        }

        return i == s.Length;
    }

    private static decimal? TicksPerUnit(ReadOnlySpan<char> unit) => unit switch
    {
        "ns" or "nano" or "nanos" or "nanosecond" or "nanoseconds" => 0.01m,
        "us" or "micro" or "micros" or "microsecond" or "microseconds" => 10m,
        "ms" or "milli" or "millis" or "millisecond" or "milliseconds" => TimeSpan.TicksPerMillisecond,
        "s" or "second" or "seconds" => TimeSpan.TicksPerSecond,
        "m" or "minute" or "minutes" => TimeSpan.TicksPerMinute,
        "h" or "hour" or "hours" => TimeSpan.TicksPerHour,
        "d" or "day" or "days" => TimeSpan.TicksPerDay,
        _ => null,
    };
}
