using Sfu.Media.Buffers;
using Sfu.Media.Streams;
using Sfu.Media.Time;

namespace Sfu.Media.Tests.Streams;

/// <summary>
/// Scenarios of mediasoup's worker/test/src/RTC/TestRtpRetransmissionBuffer.cpp: a row of the expected layout is
/// (present, seq, timestamp) from the oldest slot to the newest.
/// </summary>
public class RtpRetransmissionBufferTests
{
    private readonly PacketBufferPool _pool = new(bufferSize: 64, maxIdle: 64);

    private static RtpRetransmissionBuffer Create(int maxItems) => new(maxItems, TimeSpan.FromMilliseconds(2000), 90000);

    private bool Insert(RtpRetransmissionBuffer buffer, ushort seq, uint timestamp)
    {
        PacketBuffer packet = _pool.RentCopy(StreamTestPackets.Build(seq, timestamp))!;
        bool stored = buffer.Insert(seq, timestamp, 1111, packet);
        packet.Release();
        return stored;
    }

    private static void AssertLayout(RtpRetransmissionBuffer buffer, params (bool Present, ushort Seq, uint Timestamp)[] expected)
    {
        Assert.Equal(expected.Length, buffer.Count);
        for (int i = 0; i < expected.Length; i++)
        {
            bool present = buffer.TryGetAt(i, out ushort seq, out uint ts);
            Assert.Equal(expected[i].Present, present);
            if (present)
            {
                Assert.Equal(expected[i].Seq, seq);
                Assert.Equal(expected[i].Timestamp, ts);
            }
        }
    }

    [Fact]
    public void Proper_packets_received_in_order()
    {
        RtpRetransmissionBuffer buffer = Create(4);
        Insert(buffer, 10001, 1000000000);
        Insert(buffer, 10002, 1000000000);
        Insert(buffer, 10003, 1000000200);
        Insert(buffer, 10004, 1000000200);

        AssertLayout(buffer, (true, 10001, 1000000000), (true, 10002, 1000000000), (true, 10003, 1000000200),
            (true, 10004, 1000000200));
    }

    [Fact]
    public void Proper_packets_received_out_of_order()
    {
        RtpRetransmissionBuffer buffer = Create(4);
        Insert(buffer, 20004, 2000000200);
        Insert(buffer, 20001, 2000000000);
        Insert(buffer, 20003, 2000000200);
        Insert(buffer, 20002, 2000000000);

        AssertLayout(buffer, (true, 20001, 2000000000), (true, 20002, 2000000000), (true, 20003, 2000000200),
            (true, 20004, 2000000200));
    }

    [Fact]
    public void Packet_with_too_new_sequence_number_empties_the_buffer()
    {
        RtpRetransmissionBuffer buffer = Create(4);
        Insert(buffer, 30001, 3000000000);
        Insert(buffer, 30002, 3000000000);
        Insert(buffer, 30003, 3000000200);
        Insert(buffer, 40000, 3000003000);

        AssertLayout(buffer, (true, 40000, 3000003000));
        Assert.Equal(1, _pool.Outstanding);
    }

    [Fact]
    public void Blank_slots_are_properly_created()
    {
        RtpRetransmissionBuffer buffer = Create(10);
        Assert.True(Insert(buffer, 40002, 4000000002));
        Assert.False(Insert(buffer, 40003, 4000000001)); // lower timestamp than 40002's
        Assert.True(Insert(buffer, 40004, 4000000004)); // 1 blank slot
        Assert.False(Insert(buffer, 40002, 4000000002)); // duplicate
        Assert.True(Insert(buffer, 40008, 4000000008)); // 3 blank slots
        Assert.True(Insert(buffer, 40006, 4000000006));
        Assert.True(Insert(buffer, 40000, 4000000000)); // 1 blank slot at the front

        AssertLayout(buffer,
            (true, 40000, 4000000000), (false, 0, 0), (true, 40002, 4000000002), (false, 0, 0),
            (true, 40004, 4000000004), (false, 0, 0), (true, 40006, 4000000006), (false, 0, 0),
            (true, 40008, 4000000008));
    }

    [Fact]
    public void Packet_with_too_old_sequence_number_is_discarded()
    {
        RtpRetransmissionBuffer buffer = Create(4);
        Insert(buffer, 10001, 1000000001);
        Insert(buffer, 10002, 1000000002);
        Insert(buffer, 10003, 1000000003);
        Assert.False(Insert(buffer, 40000, 1000000000));

        AssertLayout(buffer, (true, 10001, 1000000001), (true, 10002, 1000000002), (true, 10003, 1000000003));
    }

    [Fact]
    public void Packet_with_too_old_timestamp_is_discarded()
    {
        RtpRetransmissionBuffer buffer = Create(4);
        const uint maxDiffTs = 2000 * 90000 / 1000;
        Insert(buffer, 10001, 1000000001);
        Insert(buffer, 10002, 1000000002);
        Insert(buffer, 10003, 1000000003);
        Assert.False(Insert(buffer, 10000, 1000000003 - maxDiffTs - 100));

        AssertLayout(buffer, (true, 10001, 1000000001), (true, 10002, 1000000002), (true, 10003, 1000000003));
    }

    [Fact]
    public void Packet_with_a_much_newer_timestamp_but_old_sequence_number_restarts_the_buffer()
    {
        // mediasoup issue 1037.
        RtpRetransmissionBuffer buffer = Create(4);
        Insert(buffer, 24816, 1024930187);
        Insert(buffer, 24980, 1025106407);
        Insert(buffer, 18365, 1026593387);

        AssertLayout(buffer, (true, 18365, 1026593387));
    }

    [Fact]
    public void Packet_with_a_minimally_newer_timestamp_but_old_sequence_number_restarts_the_buffer()
    {
        RtpRetransmissionBuffer buffer = Create(4);
        Insert(buffer, 33331, 1000000001);
        Insert(buffer, 33332, 1000000002);
        Insert(buffer, 33330, 1000000003);

        AssertLayout(buffer, (true, 33330, 1000000003));
    }

    [Fact]
    public void Fuzzer_generated_packets_do_not_break_the_buffer()
    {
        // mediasoup issue 1027: a far newer packet drops the old one by age; its duplicate is discarded.
        RtpRetransmissionBuffer buffer = Create(2500);
        Insert(buffer, 12645, 828702743);
        Insert(buffer, 33998, 2228092928);
        Assert.False(Insert(buffer, 33998, 2228092928));

        AssertLayout(buffer, (true, 33998, 2228092928));
    }

    [Fact]
    public void Packets_older_than_the_maximum_delay_leave_when_newer_ones_arrive()
    {
        var buffer = new RtpRetransmissionBuffer(2500, TimeSpan.FromMilliseconds(1000), 48000);
        Insert(buffer, 1, 0);
        Insert(buffer, 2, 48000); // exactly 1000 ms later: kept
        Assert.True(buffer.TryGet(1, out _));

        Insert(buffer, 3, 48960); // 1020 ms after the first
        Assert.False(buffer.TryGet(1, out _));
        Assert.True(buffer.TryGet(2, out RtpRetransmissionItem item));
        Assert.Equal(48000u, item.Timestamp);
        Assert.Equal(2, buffer.Count);
    }

    [Fact]
    public void Full_buffer_drops_its_oldest_packets()
    {
        RtpRetransmissionBuffer buffer = Create(4);
        for (ushort s = 1; s <= 6; s++)
        {
            Insert(buffer, s, s);
        }

        AssertLayout(buffer, (true, 3, 3), (true, 4, 4), (true, 5, 5), (true, 6, 6));
        Assert.Equal(4, _pool.Outstanding);
    }

    [Fact]
    public void Stored_packets_are_retained_and_released_when_dropped_or_cleared()
    {
        RtpRetransmissionBuffer buffer = Create(4);
        PacketBuffer shared = _pool.RentCopy(StreamTestPackets.Build(1, 1))!;

        Assert.True(buffer.Insert(1, 1, 1111, shared));
        Assert.Equal(2, shared.RefCount);
        Assert.True(buffer.TryGet(1, out RtpRetransmissionItem item));
        Assert.Same(shared, item.Packet);

        buffer.Clear();
        Assert.Equal(1, shared.RefCount);
        Assert.True(buffer.IsEmpty);
        shared.Release();
        Assert.Equal(0, _pool.Outstanding);
    }

    [Fact]
    public void Blank_slots_and_unknown_sequence_numbers_are_not_found()
    {
        RtpRetransmissionBuffer buffer = Create(10);
        Insert(buffer, 100, 100);
        Insert(buffer, 103, 103);

        Assert.False(buffer.TryGet(101, out _));
        Assert.False(buffer.TryGet(99, out _));
        Assert.False(buffer.TryGet(104, out _));
        Assert.True(buffer.TryGet(103, out _));
    }

    [Fact]
    public void Sequence_wrap_keeps_the_order()
    {
        RtpRetransmissionBuffer buffer = Create(10);
        Insert(buffer, 65534, 1);
        Insert(buffer, 0, 3);
        Insert(buffer, 65535, 2);

        AssertLayout(buffer, (true, 65534, 1), (true, 65535, 2), (true, 0, 3));
        Assert.True(buffer.TryGet(0, out _));
    }

    [Fact]
    public void Resent_marks_are_kept_per_slot()
    {
        RtpRetransmissionBuffer buffer = Create(10);
        Insert(buffer, 5, 5);
        int index = buffer.IndexOf(5);

        Assert.False(buffer.TryGetResentAt(index, out _));
        Assert.Equal(1, buffer.MarkResent(index, Instant.FromMilliseconds(10)));
        Assert.Equal(2, buffer.MarkResent(index, Instant.FromMilliseconds(20)));
        Assert.True(buffer.TryGetResentAt(index, out Instant at));
        Assert.Equal(Instant.FromMilliseconds(20), at);
    }
}
