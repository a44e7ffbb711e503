using FsCheck;
using FsCheck.Fluent;
using Sfu.Media.Streams;
using Sfu.Media.Time;

namespace Sfu.Media.Tests.Streams;

/// <summary>
/// NACK generation (MP4). The tables are mediasoup's worker/test/src/RTC/TestNackGenerator.cpp (send delay 0): a row
/// is (seq, is key frame, first NACKed seq, number NACKed, key frame required, NACK list length after).
/// </summary>
public class NackGeneratorTests
{
    private readonly record struct Row(ushort Seq, bool KeyFrame, ushort FirstNacked, int NumNacked, bool KeyFrameRequired, int ListLength);

    internal sealed class RecordingListener : INackGeneratorListener
    {
        public List<ushort[]> Batches { get; } = [];

        public int KeyFrameRequests { get; set; }

        public void OnNackGeneratorNackRequired(NackGenerator generator, ReadOnlySpan<ushort> sequenceNumbers) =>
            Batches.Add(sequenceNumbers.ToArray());

        public void OnNackGeneratorKeyFrameRequired(NackGenerator generator) => KeyFrameRequests++;
    }

    private static void Validate(params Row[] rows)
    {
        var listener = new RecordingListener();
        var generator = new NackGenerator(listener, TimeSpan.Zero);
        Instant now = Instant.FromMilliseconds(1000);
        foreach (Row row in rows)
        {
            listener.Batches.Clear();
            listener.KeyFrameRequests = 0;

            generator.ReceivePacket(row.Seq, row.KeyFrame, isRecovered: false, now);

            if (row.NumNacked == 0)
            {
                Assert.Empty(listener.Batches);
            }
            else
            {
                ushort[] batch = Assert.Single(listener.Batches);
                Assert.Equal(row.FirstNacked, batch[0]);
                Assert.Equal(row.NumNacked, batch.Length);
            }

            Assert.Equal(row.KeyFrameRequired ? 1 : 0, listener.KeyFrameRequests);
            Assert.Equal(row.ListLength, generator.NackListLength);
        }
    }

    [Fact]
    public void No_nacks_required()
    {
        Validate(
            new(2371, false, 0, 0, false, 0), new(2372, false, 0, 0, false, 0), new(2373, false, 0, 0, false, 0),
            new(2374, false, 0, 0, false, 0), new(2375, false, 0, 0, false, 0), new(2376, false, 0, 0, false, 0),
            new(2377, false, 0, 0, false, 0), new(2378, false, 0, 0, false, 0), new(2379, false, 0, 0, false, 0),
            new(2380, false, 0, 0, false, 0), new(2254, false, 0, 0, false, 0), new(2250, false, 0, 0, false, 0));
    }

    [Fact]
    public void Generate_nack_for_missing_ordered_packet()
    {
        Validate(new(2381, false, 0, 0, false, 0), new(2383, false, 2382, 1, false, 1));
    }

    [Fact]
    public void Sequence_wrap_generates_no_nack()
    {
        Validate(new(65534, false, 0, 0, false, 0), new(65535, false, 0, 0, false, 0), new(0, false, 0, 0, false, 0));
    }

    [Fact]
    public void Generate_nack_after_sequence_wrap()
    {
        Validate(new(65534, false, 0, 0, false, 0), new(65535, false, 0, 0, false, 0), new(1, false, 0, 1, false, 1));
    }

    [Fact]
    public void Generate_nack_after_sequence_wrap_and_yet_another_nack()
    {
        // mediasoup's table says 0 for the last row but does not check it: nothing removes the 10 entries there.
        Validate(
            new(65534, false, 0, 0, false, 0), new(65535, false, 0, 0, false, 0), new(1, false, 0, 1, false, 1),
            new(11, false, 2, 9, false, 10), new(12, true, 0, 0, false, 10), new(13, true, 0, 0, false, 10));
    }

    [Fact]
    public void Intercalated_missing_packets()
    {
        Validate(
            new(1, false, 0, 0, false, 0), new(3, false, 2, 1, false, 1), new(5, false, 4, 1, false, 2),
            new(7, false, 6, 1, false, 3), new(9, false, 8, 1, false, 4));
    }

    [Fact]
    public void Non_contiguous_intercalated_missing_packets()
    {
        Validate(
            new(1, false, 0, 0, false, 0), new(3, false, 2, 1, false, 1), new(7, false, 4, 3, false, 4),
            new(9, false, 8, 1, false, 5));
    }

    [Fact]
    public void Big_jump()
    {
        Validate(
            new(1, false, 0, 0, false, 0), new(300, false, 2, 298, false, 298), new(3, false, 0, 0, false, 297),
            new(4, false, 0, 0, false, 296), new(5, false, 0, 0, false, 295));
    }

    [Fact]
    public void Key_frame_required_when_the_nack_list_is_too_large()
    {
        Validate(new(1, false, 0, 0, false, 0), new(3000, false, 0, 0, true, 0));
    }

    [Fact]
    public void Send_delay_holds_back_the_first_nack_until_a_later_packet()
    {
        var listener = new RecordingListener();
        var generator = new NackGenerator(listener, TimeSpan.FromMilliseconds(10));

        generator.ReceivePacket(1, false, false, Instant.FromMilliseconds(0));
        generator.ReceivePacket(3, false, false, Instant.FromMilliseconds(0));
        Assert.Empty(listener.Batches);

        generator.ReceivePacket(4, false, false, Instant.FromMilliseconds(9));
        Assert.Empty(listener.Batches);

        generator.ReceivePacket(5, false, false, Instant.FromMilliseconds(10));
        Assert.Equal(new ushort[] { 2 }, Assert.Single(listener.Batches));
    }

    [Fact]
    public void A_reordered_packet_arriving_within_the_send_delay_is_never_requested()
    {
        var listener = new RecordingListener();
        var generator = new NackGenerator(listener, TimeSpan.FromMilliseconds(10));

        generator.ReceivePacket(1, false, false, Instant.FromMilliseconds(0));
        generator.ReceivePacket(3, false, false, Instant.FromMilliseconds(0));
        generator.ReceivePacket(2, false, false, Instant.FromMilliseconds(3));
        generator.OnTimer(Instant.FromMilliseconds(40));

        Assert.Empty(listener.Batches);
        Assert.Equal(0, generator.NackListLength);
        Assert.Equal(Instant.MaxValue, generator.NextTimeout);
    }

    [Fact]
    public void Timer_requests_after_the_delay_and_repeats_every_rtt_up_to_ten_times()
    {
        var listener = new RecordingListener();
        var generator = new NackGenerator(listener, TimeSpan.FromMilliseconds(10));
        generator.ReceivePacket(1, false, false, Instant.FromMilliseconds(0));
        generator.ReceivePacket(3, false, false, Instant.FromMilliseconds(0));

        Assert.Equal(Instant.FromMilliseconds(40), generator.NextTimeout);
        var sentAt = new List<long>();
        for (long t = 0; t <= 2000 && generator.NextTimeout != Instant.MaxValue; t++)
        {
            int before = listener.Batches.Count;
            generator.OnTimer(Instant.FromMilliseconds(t));
            if (listener.Batches.Count > before)
            {
                Assert.Equal(new ushort[] { 2 }, listener.Batches[^1]);
                sentAt.Add(t);
            }
        }

        // First at the first tick (40 ms), then on the first tick at least 100 ms (the default RTT) after the last.
        Assert.Equal([40, 160, 280, 400, 520, 640, 760, 880, 1000, 1120], sentAt);
        Assert.Equal(0, generator.NackListLength);
        Assert.Equal(Instant.MaxValue, generator.NextTimeout);
    }

    [Fact]
    public void Rtt_spaces_the_repeated_requests()
    {
        var listener = new RecordingListener();
        var generator = new NackGenerator(listener, TimeSpan.Zero);
        generator.UpdateRtt(TimeSpan.FromMilliseconds(200));
        generator.ReceivePacket(1, false, false, Instant.FromMilliseconds(0));
        generator.ReceivePacket(3, false, false, Instant.FromMilliseconds(0)); // requested at once

        var sentAt = new List<long> { 0 };
        for (long t = 1; t <= 500; t++)
        {
            int before = listener.Batches.Count;
            generator.OnTimer(Instant.FromMilliseconds(t));
            if (listener.Batches.Count > before)
            {
                sentAt.Add(t);
            }
        }

        Assert.Equal([0, 200, 400], sentAt);
    }

    [Fact]
    public void Packets_that_arrive_leave_the_list_and_report_whether_they_were_requested()
    {
        var listener = new RecordingListener();
        var generator = new NackGenerator(listener, TimeSpan.FromMilliseconds(10));
        generator.ReceivePacket(10, false, false, Instant.FromMilliseconds(0));
        generator.ReceivePacket(14, false, false, Instant.FromMilliseconds(0)); // 11, 12, 13 missing
        generator.ReceivePacket(15, false, false, Instant.FromMilliseconds(20)); // requests them

        Assert.Equal(new ushort[] { 11, 12, 13 }, Assert.Single(listener.Batches));
        Assert.False(generator.ReceivePacket(9, false, false, Instant.FromMilliseconds(21))); // never on the list
        Assert.True(generator.ReceivePacket(12, false, isRecovered: true, Instant.FromMilliseconds(30)));
        Assert.False(generator.ReceivePacket(12, false, isRecovered: true, Instant.FromMilliseconds(31)));
        Assert.False(generator.IsPending(12));
        Assert.True(generator.IsPending(11));
    }

    [Fact]
    public void A_recovered_packet_newer_than_all_seen_is_never_requested()
    {
        var listener = new RecordingListener();
        var generator = new NackGenerator(listener, TimeSpan.Zero);
        generator.ReceivePacket(1, false, false, Instant.FromMilliseconds(0));
        generator.ReceivePacket(4, false, isRecovered: true, Instant.FromMilliseconds(0));
        generator.ReceivePacket(6, false, false, Instant.FromMilliseconds(0));

        Assert.Equal(new ushort[] { 2, 3, 5 }, Assert.Single(listener.Batches));
        Assert.Equal(1, generator.RecoveredListLength);
    }

    [Fact]
    public void Overflow_drops_entries_older_than_a_key_frame_instead_of_asking_for_one()
    {
        var listener = new RecordingListener();
        var generator = new NackGenerator(listener, TimeSpan.Zero);
        Instant now = Instant.FromMilliseconds(0);
        generator.ReceivePacket(1, false, false, now);
        generator.ReceivePacket(900, false, false, now); // 898 missing
        generator.ReceivePacket(901, true, false, now); // key frame
        Assert.Equal(898, generator.NackListLength);

        generator.ReceivePacket(1100, false, false, now); // 198 more: 1096 > 1000

        Assert.Equal(0, listener.KeyFrameRequests);
        Assert.Equal(198, generator.NackListLength);
        Assert.False(generator.IsPending(899));
        Assert.True(generator.IsPending(902));
    }

    [Fact]
    public void Entries_older_than_max_packet_age_are_dropped()
    {
        var listener = new RecordingListener();
        var generator = new NackGenerator(listener, TimeSpan.Zero);
        Instant now = Instant.FromMilliseconds(0);
        generator.ReceivePacket(0, false, false, now);
        generator.ReceivePacket(2, false, false, now); // 1 missing
        for (ushort s = 3; s < 10_002; s++)
        {
            generator.ReceivePacket(s, false, false, now);
        }

        Assert.True(generator.IsPending(1));
        generator.ReceivePacket(10_002, false, false, now);
        Assert.False(generator.IsPending(1));
    }

    [Fact]
    public void Reset_forgets_the_list_and_stops_the_timer()
    {
        var listener = new RecordingListener();
        var generator = new NackGenerator(listener, TimeSpan.Zero);
        generator.ReceivePacket(1, false, false, Instant.Zero);
        generator.ReceivePacket(5, false, false, Instant.Zero);

        generator.Reset();

        Assert.Equal(0, generator.NackListLength);
        Assert.Equal(Instant.MaxValue, generator.NextTimeout);
        generator.ReceivePacket(100, false, false, Instant.Zero); // starts again: no gap from 5
        Assert.Single(listener.Batches);
    }

    /// <summary>
    /// style.md §6.5 property: whatever the loss, reordering, duplication and RTX recovery, the generator never asks
    /// for a packet it has already seen. Requests are mapped to extended sequence numbers nearest to the newest seen.
    /// </summary>
    [Fact]
    public void Never_requests_a_packet_it_has_seen()
    {
        Gen<(int Seed, int Start, int Count, int LossPercent)> scenarios =
            from seed in Gen.Choose(0, int.MaxValue)
            from start in Gen.Elements(0, 1, 127, 32767, 32768, 65000, 65535)
            from count in Gen.Choose(10, 3000)
            from loss in Gen.Choose(0, 40)
            select (seed, start, count, loss);

        Prop.ForAll(scenarios.ToArbitrary(), s =>
        {
            var random = new Random(s.Seed);
            var seen = new HashSet<long>();
            long newest = -1;
            var listener = new CheckingListener(seen, () => newest);
            var generator = new NackGenerator(listener, TimeSpan.FromMilliseconds(random.Next(0, 3) * 10));
            long nowMs = 0;
            var order = new List<long>();
            var lost = new List<long>();
            for (long i = 0; i < s.Count; i++)
            {
                if (random.Next(100) < s.LossPercent)
                {
                    lost.Add(s.Start + i);
                }
                else
                {
                    order.Add(s.Start + i);
                }
            }

            for (int i = 0; i + 1 < order.Count; i++)
            {
                if (random.Next(10) == 0)
                {
                    (order[i], order[i + 1]) = (order[i + 1], order[i]);
                }
            }

            for (int i = 0; i < order.Count; i++)
            {
                Deliver(order[i], recovered: random.Next(50) == 0);
                if (random.Next(20) == 0)
                {
                    Deliver(order[Math.Max(0, i - random.Next(5))], recovered: false); // duplicate
                }

                if (lost.Count > 0 && random.Next(8) == 0)
                {
                    int k = random.Next(lost.Count);
                    if (lost[k] < newest)
                    {
                        Deliver(lost[k], recovered: true); // RTX answer
                        lost.RemoveAt(k);
                    }
                }

                nowMs += random.Next(0, 25);
                generator.OnTimer(Instant.FromMilliseconds(nowMs));
            }

            return listener.Violations == 0;

            void Deliver(long ext, bool recovered)
            {
                seen.Add(ext);
                newest = Math.Max(newest, ext);
                generator.ReceivePacket((ushort)ext, random.Next(30) == 0, recovered, Instant.FromMilliseconds(nowMs));
            }
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(200));
    }

    [Fact]
    public void Each_missing_packet_is_requested_once_by_the_sequence_filter_however_entries_leave_the_list()
    {
        var listener = new RecordingListener();
        var generator = new NackGenerator(listener, TimeSpan.FromMilliseconds(10));
        Instant At(int ms) => Instant.FromMilliseconds(1000 + ms);

        generator.ReceivePacket(100, false, false, At(0));
        generator.ReceivePacket(105, false, false, At(0)); // 101–104 missing, too young to request
        generator.ReceivePacket(103, false, false, At(2)); // a never-requested entry arrives late
        Assert.Empty(listener.Batches);

        generator.ReceivePacket(106, false, false, At(15));
        Assert.Equal([101, 102, 104], Assert.Single(listener.Batches));

        generator.ReceivePacket(110, false, false, At(16)); // 107–109 missing
        generator.ReceivePacket(101, false, false, At(17)); // a requested entry arrives
        generator.ReceivePacket(111, false, false, At(20)); // 107–109 still too young
        Assert.Single(listener.Batches);

        generator.ReceivePacket(112, false, false, At(30)); // requested now; 102 and 104 are not asked again here
        Assert.Equal([107, 108, 109], listener.Batches[1]);
        Assert.Equal(5, generator.NackListLength);
    }

    [Fact]
    public void A_new_gap_is_requested_while_hundreds_of_requested_entries_wait()
    {
        var listener = new RecordingListener();
        var generator = new NackGenerator(listener, TimeSpan.Zero);
        var now = Instant.FromMilliseconds(1000);
        generator.ReceivePacket(0, false, false, now);
        for (ushort seq = 2; seq < 1000; seq += 2)
        {
            generator.ReceivePacket(seq, false, false, now); // every odd one missing, requested at once
        }
        Assert.Equal(499, listener.Batches.Count);
        Assert.Equal(499, generator.NackListLength);

        generator.ReceivePacket(1003, false, false, now);
        Assert.Equal([999, 1000, 1001, 1002], listener.Batches[^1]);
    }

    private sealed class CheckingListener(HashSet<long> seen, Func<long> newest) : INackGeneratorListener
    {
        public int Violations { get; private set; }

        public void OnNackGeneratorNackRequired(NackGenerator generator, ReadOnlySpan<ushort> sequenceNumbers)
        {
            long top = newest();
            foreach (ushort seq in sequenceNumbers)
            {
                long ext = top + SeqNum16.Distance((ushort)top, seq);
                if (seen.Contains(ext))
                {
                    Violations++;
                }
            }
        }

        public void OnNackGeneratorKeyFrameRequired(NackGenerator generator)
        {
        }
    }
}
