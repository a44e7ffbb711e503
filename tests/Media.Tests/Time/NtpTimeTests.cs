using Sfu.Media.Time;

namespace Sfu.Media.Tests.Time;

public class NtpTimeTests
{
    [Fact]
    public void The_Unix_epoch_is_2208988800_NTP_seconds()
    {
        NtpTime ntp = NtpTime.FromUnixMilliseconds(0);
        Assert.Equal(2_208_988_800u, ntp.Seconds);
        Assert.Equal(0u, ntp.Fraction);
        Assert.Equal(0, ntp.ToUnixMilliseconds());
    }

    [Fact]
    public void Half_a_second_is_a_fraction_of_2_to_the_31()
    {
        NtpTime ntp = NtpTime.FromUnixMilliseconds(1_500);
        Assert.Equal(2_208_988_801u, ntp.Seconds);
        Assert.Equal(0x8000_0000u, ntp.Fraction);
    }

    [Fact]
    public void Sender_report_timestamp_from_mediasoup_converts_to_unix_time()
    {
        // TestSenderReport.cpp: NTP sec 3711615412, frac 1985245553 → 2017-08-12T19:36:52.462 UTC.
        var ntp = new NtpTime(3711615412u, 1985245553u);
        Assert.Equal((3711615412L - 2_208_988_800L) * 1000 + 462, ntp.ToUnixMilliseconds());
        Assert.Equal(0xC1B47654u, ntp.Compact);
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(1L)]
    [InlineData(999_999L)]
    [InlineData(1_700_000_000_123_456L)]
    [InlineData(-1L)]
    public void Unix_microseconds_round_trip(long unixUs)
    {
        Assert.Equal(unixUs, NtpTime.FromUnixMicroseconds(unixUs).ToUnixMicroseconds());
    }

    [Fact]
    public void Instant_conversion_uses_the_given_wallclock_offset()
    {
        const long unixAtZero = 1_700_000_000_000_000;
        var instant = new Instant(2_500_000);
        NtpTime ntp = NtpTime.FromInstant(instant, unixAtZero);
        Assert.Equal(unixAtZero + 2_500_000, ntp.ToUnixMicroseconds());
        Assert.Equal(instant, ntp.ToInstant(unixAtZero));
    }

    [Fact]
    public void Round_trip_time_matches_the_RFC_3550_section_6_4_1_example()
    {
        // A = 0xb710:8000 (46864.500 s), LSR = 0xb705:2000 (46853.125 s), DLSR = 0x0005:4000 (5.250 s)
        // → delay 0x0006:2000 = 6.125 s.
        Assert.True(NtpTime.TryGetRoundTrip(0xb7108000u, 0xb7052000u, 0x00054000u, out long rtt));
        Assert.Equal(6_125_000, rtt);
    }

    [Fact]
    public void No_round_trip_without_a_sender_report()
    {
        Assert.False(NtpTime.TryGetRoundTrip(0xb7108000u, 0, 0, out _));
    }

    [Fact]
    public void Compact_durations_are_in_units_of_1_65536_second()
    {
        Assert.Equal(0x00054000u, NtpTime.MicrosecondsToCompact(5_250_000));
        Assert.Equal(5_250_000, NtpTime.CompactToMicroseconds(0x00054000u));
        Assert.Equal(0u, NtpTime.MicrosecondsToCompact(-5));
    }
}
