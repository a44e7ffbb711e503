using FsCheck;
using FsCheck.Fluent;
using Sfu.Media.Time;

namespace Sfu.Media.Tests.Time;

public class SeqNum16Tests
{
    [Theory]
    [InlineData(1, 0, true)]
    [InlineData(0, 1, false)]
    [InlineData(0, 65535, true)] // wrap: 0 follows 65535
    [InlineData(65535, 0, false)]
    [InlineData(32767, 0, true)] // 32767 ahead
    [InlineData(0, 32767, false)]
    [InlineData(0, 32768, true)] // exactly half: the numerically smaller one is newer (mediasoup's rule)
    [InlineData(32768, 0, false)]
    [InlineData(32768, 32767, true)]
    [InlineData(32767, 32768, false)]
    [InlineData(32767, 65535, true)] // exactly half across the top: again the smaller one
    [InlineData(65535, 32767, false)]
    [InlineData(5, 5, false)]
    public void IsNewer_follows_serial_number_order_at_the_wrap_points(int a, int b, bool expected)
    {
        Assert.Equal(expected, SeqNum16.IsNewer((ushort)a, (ushort)b));
    }

    [Theory]
    [InlineData(0, 1, 1)]
    [InlineData(65535, 0, 1)]
    [InlineData(0, 65535, -1)]
    [InlineData(0, 32767, 32767)]
    [InlineData(0, 32768, -32768)]
    [InlineData(32767, 32768, 1)]
    [InlineData(32768, 32767, -1)]
    [InlineData(65535, 32767, -32768)]
    public void Distance_is_the_signed_shortest_step_count(int from, int to, int expected)
    {
        Assert.Equal(expected, SeqNum16.Distance((ushort)from, (ushort)to));
    }

    [Fact]
    public void Of_two_different_numbers_exactly_one_is_newer()
    {
        Gen<(ushort, ushort)> pairs =
            from a in Gen.Choose(0, 65535)
            from b in Gen.Choose(0, 65535)
            where a != b
            select ((ushort)a, (ushort)b);
        Prop.ForAll(pairs.ToArbitrary(), p => SeqNum16.IsNewer(p.Item1, p.Item2) != SeqNum16.IsNewer(p.Item2, p.Item1))
            .QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Adding_a_forward_step_below_half_gives_a_newer_number_at_the_given_distance()
    {
        Gen<(ushort, int)> cases =
            from a in Gen.Choose(0, 65535)
            from d in Gen.Choose(1, 32767)
            select ((ushort)a, d);
        Prop.ForAll(cases.ToArbitrary(), c =>
        {
            ushort b = (ushort)(c.Item1 + c.Item2);
            return SeqNum16.IsNewer(b, c.Item1) && SeqNum16.Distance(c.Item1, b) == c.Item2
                && SeqNum16.Compare(b, c.Item1) > 0 && SeqNum16.Max(b, c.Item1) == b;
        }).QuickCheckThrowOnFailure();
    }

    [Theory]
    [InlineData(0u, 4294967295u, true)]
    [InlineData(4294967295u, 0u, false)]
    [InlineData(0x7FFFFFFFu, 0u, true)]
    [InlineData(0x80000000u, 0u, false)]
    [InlineData(0u, 0x80000000u, true)]
    public void Timestamps_compare_wrap_aware(uint a, uint b, bool expected)
    {
        Assert.Equal(expected, SeqNum32.IsNewer(a, b));
    }

    [Fact]
    public void Timestamp_distance_crosses_the_32_bit_wrap()
    {
        Assert.Equal(10, SeqNum32.Distance(4294967290u, 4u));
        Assert.Equal(-10, SeqNum32.Distance(4u, 4294967290u));
    }
}
