using FsCheck;
using FsCheck.Fluent;
using Sfu.Media.Srtp;

namespace Sfu.Media.Tests.Srtp;

/// <summary>Index estimation, RFC 3711 §3.3.1 and Appendix A, at the wrap points.</summary>
public class SrtpIndexTests
{
    [Theory]
    // s_l < 32768: same ROC unless SEQ is more than half the space ahead (then it is a late packet of ROC - 1).
    [InlineData(5, 0, 0, 0)]
    [InlineData(5, 0, 32773, 32773)]
    [InlineData(5, 0, 32774, 32774)] // ROC 0 has no ROC - 1: a jump forward, as libsrtp takes it
    [InlineData(5, 1, 32774, 32774)]
    [InlineData(5, 1, 65535, 65535)]
    [InlineData(5, 1, 6, 65536 + 6)]
    [InlineData(0, 2, 65535, 65536 + 65535)]
    [InlineData(32767, 1, 0, 65536)]
    [InlineData(32767, 1, 65535, 65536 + 65535)] // 65535 - 32767 = 32768, not more than half: same ROC
    // s_l >= 32768: ROC + 1 when SEQ is more than half the space behind.
    [InlineData(32768, 0, 0, 0)]
    [InlineData(32768, 0, 65535, 65535)]
    [InlineData(32769, 0, 0, 65536)]
    [InlineData(65535, 0, 0, 65536)]
    [InlineData(65535, 0, 32766, 65536 + 32766)]
    [InlineData(65535, 0, 32767, 32767)] // 65535 - 32768 = 32767, not greater: same ROC
    [InlineData(65535, 0, 32768, 32768)]
    [InlineData(65535, 7, 10, 8 * 65536 + 10)]
    public void Estimate_picks_the_closest_rollover_counter(int highestSeq, long roc, int seq, long expected)
    {
        Assert.Equal(expected, SrtpIndex.Estimate((roc << 16) | (uint)highestSeq, (ushort)seq));
    }

    [Fact]
    public void Estimate_recovers_any_index_within_half_the_sequence_space_of_the_highest()
    {
        var cases =
            from highest in Gen.Choose(65536, int.MaxValue)
            from distance in Gen.Choose(-32767, 32767)
            select (Highest: (long)highest, Index: (long)highest + distance);
        Prop.ForAll(cases.ToArbitrary(), c =>
            Assert.Equal(c.Index, SrtpIndex.Estimate(c.Highest, (ushort)(c.Index & 0xFFFF))))
            .QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Estimate_can_exceed_the_48_bit_index_when_the_rollover_counter_is_exhausted()
    {
        long highest = SrtpIndex.Max; // ROC 2^32 - 1, SEQ 65535
        Assert.True(SrtpIndex.Estimate(highest, 0) > SrtpIndex.Max);
    }
}
