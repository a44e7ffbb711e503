using Sfu.Media.Streams;

namespace Sfu.Media.Tests.Streams;

/// <summary>RFC 3550 Appendix A.1 sequence validation.</summary>
public class RtpSequenceTrackerTests
{
    [Fact]
    public void In_order_packets_extend_the_highest_sequence_number()
    {
        var t = new RtpSequenceTracker();
        for (ushort s = 100; s < 110; s++)
        {
            Assert.Equal(RtpSequenceResult.Accepted, t.Update(s));
        }

        Assert.Equal(100, t.BaseSequenceNumber);
        Assert.Equal(109u, t.ExtendedHighestSequenceNumber);
        Assert.Equal(10u, t.ExpectedPackets);
    }

    [Fact]
    public void Wrap_counts_a_cycle()
    {
        var t = new RtpSequenceTracker();
        t.Update(65534);
        t.Update(65535);
        t.Update(0);
        t.Update(1);

        Assert.Equal(65536u, t.Cycles);
        Assert.Equal(65537u, t.ExtendedHighestSequenceNumber);
        Assert.Equal(4u, t.ExpectedPackets);
    }

    [Fact]
    public void First_packet_zero_counts_no_cycle()
    {
        var t = new RtpSequenceTracker();
        t.Update(0);
        t.Update(1);

        Assert.Equal(0u, t.Cycles);
        Assert.Equal(2u, t.ExpectedPackets);
    }

    [Fact]
    public void Gap_below_max_dropout_is_accepted_and_misordered_packets_too()
    {
        var t = new RtpSequenceTracker();
        t.Update(1000);
        Assert.Equal(RtpSequenceResult.Accepted, t.Update(1000 + RtpSequenceTracker.MaxDropout - 1));
        Assert.Equal(RtpSequenceResult.Accepted, t.Update(3000)); // late, less than MaxMisorder behind
        Assert.Equal(RtpSequenceResult.Accepted, t.Update(3000)); // duplicate
        Assert.Equal((ushort)(1000 + RtpSequenceTracker.MaxDropout - 1), t.MaxSequenceNumber);
    }

    [Fact]
    public void Large_jump_is_discarded_until_two_sequential_packets_resync()
    {
        var t = new RtpSequenceTracker();
        t.Update(1000);
        t.Update(1001);

        Assert.Equal(RtpSequenceResult.Discarded, t.Update(30000));
        Assert.Equal(RtpSequenceResult.Discarded, t.Update(40000));
        Assert.Equal(RtpSequenceResult.Reset, t.Update(40001));
        Assert.Equal(2, t.Discarded);
        Assert.Equal(40001, t.BaseSequenceNumber);
        Assert.Equal(1u, t.ExpectedPackets);
        Assert.Equal(RtpSequenceResult.Accepted, t.Update(40002));
    }

    [Fact]
    public void Packet_too_far_behind_is_discarded()
    {
        var t = new RtpSequenceTracker();
        t.Update(10000);

        Assert.Equal(RtpSequenceResult.Discarded, t.Update(10000 - RtpSequenceTracker.MaxMisorder));
        Assert.Equal(RtpSequenceResult.Accepted, t.Update(10000 - RtpSequenceTracker.MaxMisorder + 1));
        Assert.Equal(1, t.Discarded);
    }
}
