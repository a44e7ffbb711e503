using Sfu.ClusterHost.Configuration.Hocon;

namespace Sfu.ClusterHost.Tests.Configuration;

/// <summary>HOCON.md "Duration format": a number with an optional lower-case unit; a bare number is milliseconds.</summary>
public sealed class HoconDurationTests
{
    [Theory]
    [InlineData("1500ns", 15)]
    [InlineData("1500 nanoseconds", 15)]
    [InlineData("1 nanosecond", 0)]
    [InlineData("250us", 2_500)]
    [InlineData("1 microsecond", 10)]
    [InlineData("2 microseconds", 20)]
    [InlineData("500ms", 5_000_000)]
    [InlineData("1 millisecond", 10_000)]
    [InlineData("3 milliseconds", 30_000)]
    [InlineData("2 millis", 20_000)]
    [InlineData("10s", 100_000_000)]
    [InlineData("1 second", 10_000_000)]
    [InlineData("10 seconds", 100_000_000)]
    [InlineData("2m", 1_200_000_000)]
    [InlineData("1 minute", 600_000_000)]
    [InlineData("2 minutes", 1_200_000_000)]
    [InlineData("1h", 36_000_000_000)]
    [InlineData("1 hour", 36_000_000_000)]
    [InlineData("3 hours", 108_000_000_000)]
    [InlineData("1d", 864_000_000_000)]
    [InlineData("1 day", 864_000_000_000)]
    [InlineData("7 days", 6_048_000_000_000)]
    [InlineData("  1.5s  ", 15_000_000)]
    [InlineData("-2s", -20_000_000)]
    [InlineData("1e3ms", 10_000_000)]
    public void Units_scale_the_number(string text, long expectedTicks)
    {
        Assert.True(HoconDuration.TryParse(text, out var value, out var hasUnit));
        Assert.Equal(TimeSpan.FromTicks(expectedTicks), value);
        Assert.True(hasUnit);
    }

    [Theory]
    [InlineData("500", 5_000_000)]
    [InlineData("0", 0)]
    [InlineData("2.5", 25_000)]
    public void A_bare_number_is_milliseconds(string text, long expectedTicks)
    {
        Assert.True(HoconDuration.TryParse(text, out var value, out var hasUnit));
        Assert.Equal(TimeSpan.FromTicks(expectedTicks), value);
        Assert.False(hasUnit);
    }

    [Theory]
    [InlineData("")]
    [InlineData("s")]
    [InlineData("10 S")]
    [InlineData("10 Seconds")]
    [InlineData("10 parsecs")]
    [InlineData("10 s 5")]
    [InlineData("1,000ms")]
    [InlineData("ten seconds")]
    [InlineData("1e30d")]
    [InlineData(null)]
    public void Anything_else_is_not_a_duration(string? text)
    {
        Assert.False(HoconDuration.TryParse(text, out _));
    }
}
