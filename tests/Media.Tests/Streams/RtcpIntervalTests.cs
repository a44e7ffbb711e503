using Sfu.Contracts.Rtp;
using Sfu.Media.Streams;
using Sfu.Media.Time;

namespace Sfu.Media.Tests.Streams;

/// <summary>RT3: RTCP intervals.</summary>
public class RtcpIntervalTests
{
    [Theory]
    [InlineData(0, 10, 1000)] // nothing sent: the video maximum
    [InlineData(100_000, 10, 1000)] // 100 kbps: 3600 ms, capped
    [InlineData(1_000_000, 10, 360)] // 1 Mbps: 360 ms
    [InlineData(1_000_000, 5, 180)]
    [InlineData(1_000_000, 15, 540)]
    [InlineData(10_000_000, 10, 36)]
    public void Transport_interval_shrinks_with_the_send_bitrate(long bps, int tenths, double expectedMs)
    {
        Assert.Equal(expectedMs, RtcpInterval.NextTransportInterval(bps, tenths).TotalMilliseconds);
    }

    [Fact]
    public void Stream_reports_are_due_after_their_kinds_interval_less_fifteen_percent()
    {
        Instant last = Instant.FromMilliseconds(10_000);

        Assert.False(RtcpInterval.IsStreamReportDue(MediaKind.Video, last, Instant.FromMilliseconds(10_869)));
        Assert.True(RtcpInterval.IsStreamReportDue(MediaKind.Video, last, Instant.FromMilliseconds(10_870)));
        Assert.False(RtcpInterval.IsStreamReportDue(MediaKind.Audio, last, Instant.FromMilliseconds(14_347)));
        Assert.True(RtcpInterval.IsStreamReportDue(MediaKind.Audio, last, Instant.FromMilliseconds(14_348)));
    }
}
