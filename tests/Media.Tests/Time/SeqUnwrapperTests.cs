using FsCheck;
using FsCheck.Fluent;
using Sfu.Media.Time;

namespace Sfu.Media.Tests.Time;

public class SeqUnwrapperTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(32767)]
    [InlineData(32768)]
    [InlineData(65535)]
    public void Counting_up_from_a_wrap_point_continues_past_65535(int start)
    {
        var unwrapper = new SeqUnwrapper();
        for (long i = 0; i < 70_000; i++)
        {
            Assert.Equal(start + i, unwrapper.Unwrap((ushort)(start + i)));
        }
    }

    [Fact]
    public void A_reordered_packet_before_the_wrap_lands_before_its_successor()
    {
        var unwrapper = new SeqUnwrapper();
        Assert.Equal(65534, unwrapper.Unwrap(65534));
        Assert.Equal(65536, unwrapper.Unwrap(0));
        Assert.Equal(65535, unwrapper.Unwrap(65535));
        Assert.Equal(65537, unwrapper.Unwrap(1));
    }

    [Fact]
    public void Going_backwards_over_zero_at_the_start_gives_negative_values()
    {
        var unwrapper = new SeqUnwrapper();
        Assert.Equal(0, unwrapper.Unwrap(0));
        Assert.Equal(-1, unwrapper.Unwrap(65535));
    }

    [Fact]
    public void Peek_does_not_move_the_reference()
    {
        var unwrapper = new SeqUnwrapper();
        unwrapper.Unwrap(65535);
        Assert.Equal(65536, unwrapper.PeekUnwrap(0));
        Assert.Equal(65535, unwrapper.Last);
    }

    [Fact]
    public void Unwrapping_is_exact_under_bounded_reordering()
    {
        // Extended sequence numbers from any start, locally shuffled within windows of up to 100 packets: each
        // truncated value unwraps back to its extended value (minus the first value's offset), so the order is kept.
        Gen<(int Start, int[] Order)> cases =
            from start in Gen.Choose(0, 200_000)
            from window in Gen.Choose(1, 100)
            from count in Gen.Choose(1, 3000)
            from seed in Gen.Choose(0, int.MaxValue)
            select (start, Shuffle(count, window, seed));
        Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var unwrapper = new SeqUnwrapper();
            long first = c.Start + c.Order[0];
            long offset = first - (ushort)first;
            foreach (int i in c.Order)
            {
                long extended = c.Start + i;
                if (unwrapper.Unwrap((ushort)extended) != extended - offset)
                {
                    return false;
                }
            }

            return true;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Timestamps_unwrap_past_the_32_bit_wrap()
    {
        var unwrapper = new RtpTimestampUnwrapper();
        Assert.Equal(4294967000L, unwrapper.Unwrap(4294967000u));
        Assert.Equal(4294967296L + 704, unwrapper.Unwrap(704u));
        Assert.Equal(4294967100L, unwrapper.Unwrap(4294967100u));
    }

    private static int[] Shuffle(int count, int window, int seed)
    {
        var random = new Random(seed);
        int[] order = Enumerable.Range(0, count).ToArray();
        for (int i = 0; i < count; i += window)
        {
            int end = Math.Min(count, i + window);
            for (int j = end - 1; j > i; j--)
            {
                int k = random.Next(i, j + 1);
                (order[j], order[k]) = (order[k], order[j]);
            }
        }

        return order;
    }
}
