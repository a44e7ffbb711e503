using System.Buffers.Binary;
using FsCheck;
using FsCheck.Fluent;
using Sfu.Media.Rtcp;

namespace Sfu.Media.Tests.Rtcp;

public class TransportWideCcFeedbackTests
{
    [Theory]
    [InlineData(DraftHolmerTransportWideCcVectors.RunLengthExample1, 221, "0000000000000000000000000000000000000000")] // 221 × not received
    [InlineData(DraftHolmerTransportWideCcVectors.StatusVectorExample1, 14, "01111100011100")]
    public void Draft_chunk_examples_decode_to_their_symbols(ushort chunk, int count, string expectedPrefix)
    {
        byte[] packet = SingleChunkPacket(chunk, count, deltas: expectedPrefix.Count(c => c == '1') + 8);
        Assert.True(TransportWideCcFeedback.TryParse(packet, out TransportWideCcFeedback fb, out RtcpParseError error), error.ToString());
        string symbols = Symbols(fb);
        Assert.Equal(count, symbols.Length);
        Assert.StartsWith(expectedPrefix.Substring(0, Math.Min(expectedPrefix.Length, count)), symbols);
        if (chunk == DraftHolmerTransportWideCcVectors.RunLengthExample1)
        {
            Assert.Equal(new string('0', 221), symbols);
            Assert.Equal(0, fb.ReceivedCount);
        }
        else
        {
            Assert.Equal(8, fb.ReceivedCount); // 5 + 3 received
        }
    }

    [Fact]
    public void Draft_run_of_reserved_symbol_11_is_refused()
    {
        byte[] packet = SingleChunkPacket(DraftHolmerTransportWideCcVectors.RunLengthExample2, 24, deltas: 0);
        Assert.False(TransportWideCcFeedback.TryParse(packet, out _, out RtcpParseError error));
        Assert.Equal(RtcpParseError.BadTransportCcFeedback, error);
    }

    [Fact]
    public void Mediasoup_one_bit_vector_feedback_is_read()
    {
        Assert.True(TransportWideCcFeedback.TryParse(DraftHolmerTransportWideCcVectors.MediasoupOneBitVector, out var fb, out _));
        Assert.Equal(0xFA17FA17u, fb.SenderSsrc);
        Assert.Equal(0x09FAFF67u, fb.MediaSsrc);
        Assert.Equal(39, fb.BaseSequenceNumber);
        Assert.Equal(13, fb.PacketStatusCount);
        Assert.Equal(6275825, fb.ReferenceTime);
        Assert.Equal(6275825L * 64_000, fb.ReferenceTimeInMicroseconds);
        Assert.Equal(3, fb.FeedbackPacketCount);
        Assert.Equal(10, fb.ReceivedCount);
        Assert.Equal("1111111000111", Symbols(fb));
        Assert.Equal(
            [(39, 16), (40, 0), (41, 0), (42, 0), (43, 0), (44, 0), (45, 0), (49, 28), (50, 4), (51, 0)],
            Received(fb));
    }

    [Fact]
    public void Mediasoup_negative_reference_time_is_sign_extended()
    {
        Assert.True(TransportWideCcFeedback.TryParse(DraftHolmerTransportWideCcVectors.MediasoupNegativeReferenceTime, out var fb, out _));
        Assert.Equal(-2, fb.ReferenceTime);
        Assert.Equal(0, fb.PacketStatusCount);
        Assert.Equal(1, fb.FeedbackPacketCount);
        Assert.Empty(Received(fb));
    }

    [Fact]
    public void Pion_chrome_capture_with_rtcp_padding_is_read()
    {
        Assert.True(TransportWideCcFeedback.TryParse(DraftHolmerTransportWideCcVectors.PionExample1, out var fb, out _));
        Assert.Equal(4195875351u, fb.SenderSsrc);
        Assert.Equal(1124282272u, fb.MediaSsrc);
        Assert.Equal(153, fb.BaseSequenceNumber);
        Assert.Equal(4057090, fb.ReferenceTime);
        Assert.Equal(23, fb.FeedbackPacketCount);
        Assert.Equal([(153, 148)], Received(fb));
        TransportWideCcPacketEnumerator e = fb.Packets;
        Assert.True(e.MoveNext());
        Assert.Equal(37_000, e.Current.DeltaMicroseconds);

        Assert.True(TransportWideCcFeedback.TryParse(DraftHolmerTransportWideCcVectors.PionExample4, out fb, out _));
        Assert.Equal(
            [(4, 76), (5, 36), (6, 36), (7, 16), (8, 12), (9, 12), (10, 16)],
            Received(fb));
    }

    [Fact]
    public void Two_bit_vector_carries_large_negative_deltas_across_the_wrap()
    {
        Assert.True(TransportWideCcFeedback.TryParse(DraftHolmerTransportWideCcVectors.TwoBitVectorWithNegativeDelta, out var fb, out _));
        Assert.Equal("120100000000", Symbols(fb));
        Assert.Equal([(65534, 10), (65535, -4), (1, 0)], Received(fb));
    }

    [Fact]
    public void Deltas_running_past_the_packet_are_refused()
    {
        byte[] data = DraftHolmerTransportWideCcVectors.MediasoupOneBitVector;
        data[15] = 14; // 14 statuses: one more received packet than deltas
        data[21] = 0x8F; // …make the 14th symbol "received"
        Assert.False(TransportWideCcFeedback.TryParse(data, out _, out RtcpParseError error));
        Assert.Equal(RtcpParseError.BadTransportCcFeedback, error);
    }

    [Fact]
    public void Every_prefix_fails_and_random_bodies_never_throw()
    {
        RtcpParser parse = (ReadOnlySpan<byte> d, out RtcpParseError e) => TransportWideCcFeedback.TryParse(d, out _, out e);
        RtcpAssert.EveryPrefixFails(DraftHolmerTransportWideCcVectors.MediasoupOneBitVector, parse);
        RtcpAssert.EveryPrefixFails(DraftHolmerTransportWideCcVectors.PionExample1, parse);
        RtcpAssert.EveryPrefixFails(DraftHolmerTransportWideCcVectors.PionExample4, parse);
        RtcpAssert.EveryPrefixFails(DraftHolmerTransportWideCcVectors.TwoBitVectorWithNegativeDelta, parse);
        RtcpAssert.RandomBytesNeverThrow(205, 15, (ReadOnlySpan<byte> d, out RtcpParseError e) =>
        {
            if (!TransportWideCcFeedback.TryParse(d, out var fb, out e))
            {
                return false;
            }

            int n = 0;
            foreach (TransportWideCcPacketStatus status in fb.Packets)
            {
                n++;
            }

            Assert.Equal(fb.PacketStatusCount, n);
            return true;
        });
    }

    [Fact]
    public void Builder_writes_a_run_of_small_deltas_like_chrome()
    {
        var builder = new TransportWideCcFeedbackBuilder();
        builder.Reset(4195875351, 423483579, 1);
        long t = 1074030L * 64_000;
        int[] deltasMs = [19, 9, 9, 4, 3, 3, 4];
        ushort seq = 4;
        foreach (int ms in deltasMs)
        {
            t += ms * 1000;
            Assert.Equal(TransportWideCcAddResult.Added, builder.TryAdd(seq++, t));
        }

        byte[] written = RtcpAssert.Write((Span<byte> d, out int w) => builder.TryWrite(d, out w), 32);
        Assert.Equal(DraftHolmerTransportWideCcVectors.PionExample4, written);
    }

    [Fact]
    public void Builder_marks_gaps_as_not_received_and_uses_large_deltas_when_needed()
    {
        var builder = new TransportWideCcFeedbackBuilder();
        builder.Reset(1, 2, 0);
        long reference = 64_000;
        Assert.Equal(TransportWideCcAddResult.Added, builder.TryAdd(65534, reference + 2_500));
        Assert.Equal(TransportWideCcAddResult.Added, builder.TryAdd(65535, reference + 1_500));
        Assert.Equal(TransportWideCcAddResult.Added, builder.TryAdd(1, reference + 1_500));
        Assert.Equal(TransportWideCcAddResult.OutOfOrder, builder.TryAdd(0, reference + 1_600));
        Assert.Equal(TransportWideCcAddResult.DeltaOutOfRange, builder.TryAdd(2, reference + 9_000_000));
        Assert.Equal(4, builder.PacketStatusCount);

        byte[] written = RtcpAssert.Write((Span<byte> d, out int w) => builder.TryWrite(d, out w), 28);
        Assert.True(TransportWideCcFeedback.TryParse(written, out var fb, out _));
        Assert.Equal(65534, fb.BaseSequenceNumber);
        Assert.Equal(1, fb.ReferenceTime);
        Assert.Equal("1201", Symbols(fb));
        Assert.Equal([(65534, 10), (65535, -4), (1, 0)], Received(fb));
    }

    [Fact]
    public void Builder_refuses_a_packet_that_would_exceed_the_maximum_size()
    {
        var builder = new TransportWideCcFeedbackBuilder();
        builder.Reset(1, 2, 0, maxLength: 32);
        ushort seq = 100;
        long t = 0;
        int added = 0;
        TransportWideCcAddResult result;
        while ((result = builder.TryAdd(seq, t)) == TransportWideCcAddResult.Added)
        {
            seq += 2; // every other packet lost: one-bit vectors
            t += 300_000; // 300 ms: large deltas force two-bit vectors
            added++;
        }

        Assert.Equal(TransportWideCcAddResult.Full, result);
        Assert.True(added > 0);
        Assert.True(builder.GetSerializedLength() <= 32);
        byte[] written = RtcpAssert.Write((Span<byte> d, out int w) => builder.TryWrite(d, out w), builder.GetSerializedLength());
        Assert.True(TransportWideCcFeedback.TryParse(written, out var fb, out _));
        Assert.Equal(added, fb.ReceivedCount);
    }

    [Fact]
    public void An_empty_builder_writes_nothing()
    {
        var builder = new TransportWideCcFeedbackBuilder();
        Assert.True(builder.IsEmpty);
        Assert.Equal(0, builder.GetSerializedLength());
        Assert.False(builder.TryWrite(new byte[100], out _));
    }

    [Fact]
    public void Built_feedback_parses_back_to_the_arrivals()
    {
        Gen<(int Start, (int Gap, int DeltaUs)[] Steps, long Origin)> cases =
            from start in Gen.Choose(0, 65535)
            from origin in Gen.Choose(0, 1_000_000_000)
            from steps in Gen.ArrayOf(
                from gap in Gen.Frequency((6, Gen.Constant(0)), (3, Gen.Choose(1, 5)), (1, Gen.Choose(6, 300)))
                from delta in Gen.Frequency((6, Gen.Choose(0, 63_000)), (2, Gen.Choose(64_000, 2_000_000)), (1, Gen.Choose(-300_000, -1)))
                select (gap, delta))
            select (start, steps, (long)origin * 1000);
        Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var builder = new TransportWideCcFeedbackBuilder(maxStatusCount: 65535);
            builder.Reset(11, 22, 7, maxLength: 1200);
            var expected = new List<(ushort Seq, long ArrivalTicks)>();
            ushort seq = (ushort)c.Start;
            long arrival = c.Origin;
            foreach ((int gap, int delta) in c.Steps)
            {
                TransportWideCcAddResult result = builder.TryAdd(seq, arrival);
                if (result != TransportWideCcAddResult.Added)
                {
                    break;
                }

                expected.Add((seq, Math.DivRem(arrival, 250, out long r) - (r < 0 ? 1 : 0)));
                seq = (ushort)(seq + 1 + gap);
                arrival += delta;
            }

            if (expected.Count == 0)
            {
                return;
            }

            var buffer = new byte[1500];
            Assert.True(builder.TryWrite(buffer, out int written));
            Assert.True(written <= 1200);
            Assert.True(TransportWideCcFeedback.TryParse(buffer.AsSpan(0, written), out var fb, out RtcpParseError error), error.ToString());
            Assert.Equal(11u, fb.SenderSsrc);
            Assert.Equal(22u, fb.MediaSsrc);
            Assert.Equal(7, fb.FeedbackPacketCount);
            Assert.Equal(expected[0].Seq, fb.BaseSequenceNumber);
            Assert.Equal(expected.Count, fb.ReceivedCount);

            long ticks = fb.ReferenceTime * 256L;
            var actual = new List<(ushort, long)>();
            foreach (TransportWideCcPacketStatus status in fb.Packets)
            {
                if (status.Received)
                {
                    ticks += status.Delta;
                    actual.Add((status.SequenceNumber, ticks));
                }
            }

            // The wire keeps 24 bits of reference time: compare modulo that.
            long modulus = (1L << 24) * 256;
            Assert.Equal(
                expected.Select(x => (x.Seq, ((x.ArrivalTicks % modulus) + modulus) % modulus)).ToArray(),
                actual.Select(x => (x.Item1, ((x.Item2 % modulus) + modulus) % modulus)).ToArray());
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(300));
    }

    private static byte[] SingleChunkPacket(ushort chunk, int count, int deltas)
    {
        int length = (20 + 2 + deltas + 3) & ~3;
        var data = new byte[length];
        data[0] = 0x8F;
        data[1] = 205;
        BinaryPrimitives.WriteUInt16BigEndian(data.AsSpan(2), (ushort)(length / 4 - 1));
        BinaryPrimitives.WriteUInt16BigEndian(data.AsSpan(14), (ushort)count);
        BinaryPrimitives.WriteUInt16BigEndian(data.AsSpan(20), chunk);
        return data;
    }

    private static string Symbols(TransportWideCcFeedback fb)
    {
        var text = new System.Text.StringBuilder();
        foreach (TransportWideCcPacketStatus status in fb.Packets)
        {
            text.Append((int)status.Symbol);
        }

        return text.ToString();
    }

    private static (int Seq, int Delta)[] Received(TransportWideCcFeedback fb)
    {
        var list = new List<(int, int)>();
        foreach (TransportWideCcPacketStatus status in fb.Packets)
        {
            if (status.Received)
            {
                list.Add((status.SequenceNumber, status.Delta));
            }
        }

        return list.ToArray();
    }
}
