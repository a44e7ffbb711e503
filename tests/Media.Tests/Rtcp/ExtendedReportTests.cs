using Sfu.Media.Rtcp;
using Sfu.Media.Time;

namespace Sfu.Media.Tests.Rtcp;

public class ExtendedReportTests
{
    [Fact]
    public void Receiver_reference_time_and_dlrr_blocks_are_read()
    {
        Assert.True(ExtendedReport.TryParse(Rfc3611ExtendedReportVectors.RrtAndDlrr, out ExtendedReport xr, out _));
        Assert.Equal(2222u, xr.SenderSsrc);
        Assert.True(xr.TryGetReceiverReferenceTime(out NtpTime rrt));
        Assert.Equal(new NtpTime(11111111, 22222222), rrt);
        Assert.Equal([new DlrrSubBlock(1234, 11111111, 22222222)], Dlrr(xr));
    }

    [Fact]
    public void Receiver_reference_time_and_dlrr_blocks_are_written_byte_for_byte()
    {
        byte[] written = RtcpAssert.Write(
            (Span<byte> d, out int w) =>
                new ExtendedReportWriter(2222, new NtpTime(11111111, 22222222), [new DlrrSubBlock(1234, 11111111, 22222222)])
                    .TryWrite(d, out w),
            36);
        Assert.Equal(Rfc3611ExtendedReportVectors.RrtAndDlrr, written);
    }

    [Fact]
    public void Unknown_blocks_are_skipped()
    {
        Assert.True(ExtendedReport.TryParse(Rfc3611ExtendedReportVectors.UnknownBlockThenDlrr, out ExtendedReport xr, out _));
        Assert.False(xr.TryGetReceiverReferenceTime(out _));
        Assert.Equal([new DlrrSubBlock(10, 11, 12), new DlrrSubBlock(20, 21, 22)], Dlrr(xr));
        var types = new List<byte>();
        foreach (ExtendedReportBlock block in xr.Blocks)
        {
            types.Add(block.BlockType);
        }

        Assert.Equal(new byte[] { 6, 5 }, types);
    }

    [Fact]
    public void An_xr_with_only_a_dlrr_or_only_an_rrt_round_trips()
    {
        byte[] onlyDlrr = RtcpAssert.Write(
            (Span<byte> d, out int w) => new ExtendedReportWriter(1, null, [new DlrrSubBlock(2, 3, 4)]).TryWrite(d, out w), 24);
        Assert.True(ExtendedReport.TryParse(onlyDlrr, out ExtendedReport xr, out _));
        Assert.False(xr.TryGetReceiverReferenceTime(out _));
        Assert.Equal([new DlrrSubBlock(2, 3, 4)], Dlrr(xr));

        byte[] onlyRrt = RtcpAssert.Write(
            (Span<byte> d, out int w) => new ExtendedReportWriter(1, new NtpTime(5UL), default).TryWrite(d, out w), 20);
        Assert.True(ExtendedReport.TryParse(onlyRrt, out xr, out _));
        Assert.True(xr.TryGetReceiverReferenceTime(out NtpTime ntp));
        Assert.Equal(5UL, ntp.Value);
        Assert.Empty(Dlrr(xr));
    }

    [Theory]
    [InlineData(11, 0x03)] // RRT block claiming 3 words
    [InlineData(23, 0x02)] // DLRR block of 2 words (not a multiple of 3)
    [InlineData(23, 0x09)] // DLRR block running past the packet
    public void Malformed_blocks_are_refused(int lengthOffset, byte value)
    {
        byte[] data = Rfc3611ExtendedReportVectors.RrtAndDlrr;
        data[lengthOffset] = value;
        Assert.False(ExtendedReport.TryParse(data, out _, out RtcpParseError error));
        Assert.Equal(RtcpParseError.BadExtendedReportBlock, error);
    }

    [Fact]
    public void Every_prefix_fails_and_random_blocks_never_throw()
    {
        RtcpAssert.EveryPrefixFails(Rfc3611ExtendedReportVectors.RrtAndDlrr, (ReadOnlySpan<byte> d, out RtcpParseError e) => ExtendedReport.TryParse(d, out _, out e));
        RtcpAssert.EveryPrefixFails(Rfc3611ExtendedReportVectors.UnknownBlockThenDlrr, (ReadOnlySpan<byte> d, out RtcpParseError e) => ExtendedReport.TryParse(d, out _, out e));
        RtcpAssert.RandomBytesNeverThrow(207, 0, (ReadOnlySpan<byte> d, out RtcpParseError e) =>
        {
            if (!ExtendedReport.TryParse(d, out ExtendedReport xr, out e))
            {
                return false;
            }

            xr.TryGetReceiverReferenceTime(out _);
            return Dlrr(xr).Count >= 0;
        });
    }

    private static List<DlrrSubBlock> Dlrr(ExtendedReport xr)
    {
        var list = new List<DlrrSubBlock>();
        foreach (DlrrSubBlock sub in xr.DlrrSubBlocks)
        {
            list.Add(sub);
        }

        return list;
    }
}
