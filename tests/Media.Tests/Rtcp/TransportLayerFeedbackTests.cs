using Sfu.Media.Rtcp;

namespace Sfu.Media.Tests.Rtcp;

public class TransportLayerFeedbackTests
{
    private const RtcpPacketType Rtpfb = RtcpPacketType.TransportLayerFeedback;

    [Fact]
    public void Generic_nack_is_read_and_written_byte_for_byte()
    {
        Assert.True(RtcpFeedbackPacket<GenericNackItem>.TryParse(Rfc4585FeedbackVectors.Nack, Rtpfb, 1, out var nack, out _));
        Assert.Equal(1u, nack.SenderSsrc);
        Assert.Equal(0x0330BDEEu, nack.MediaSsrc);
        Assert.Equal(1, nack.Count);
        Assert.Equal(new GenericNackItem(2959, 0x0003), nack[0]);
        Assert.Equal(3, nack[0].LostPacketCount);
        var lost = new ushort[17];
        Assert.Equal(3, nack[0].GetLostSequenceNumbers(lost));
        Assert.Equal(new ushort[] { 2959, 2960, 2961 }, lost.AsSpan(0, 3).ToArray());

        byte[] written = RtcpAssert.Write(
            (Span<byte> d, out int w) => RtcpFeedbackWriter.Nack(1, 0x0330BDEE, [new GenericNackItem(2959, 3)]).TryWrite(d, out w), 16);
        Assert.Equal(Rfc4585FeedbackVectors.Nack, written);
    }

    [Fact]
    public void Lost_sequence_numbers_pack_into_nack_items_across_the_wrap()
    {
        ushort[] lost = [65534, 65535, 0, 15, 16, 17, 40];
        var items = new GenericNackItem[8];
        int count = GenericNackItem.Pack(lost, items);
        Assert.Equal(
            [new GenericNackItem(65534, 0b11), new GenericNackItem(15, 0b11), new GenericNackItem(40, 0)],
            items.AsSpan(0, count).ToArray());

        var unpacked = new List<ushort>();
        var buffer = new ushort[17];
        foreach (GenericNackItem item in items.AsSpan(0, count))
        {
            unpacked.AddRange(buffer.AsSpan(0, item.GetLostSequenceNumbers(buffer)).ToArray());
        }

        Assert.Equal(lost, unpacked);
        Assert.Equal(1, GenericNackItem.Pack(lost, items.AsSpan(0, 1)));
    }

    [Fact]
    public void Tmmbr_bitrate_is_mantissa_times_two_to_the_exponent()
    {
        Assert.True(RtcpFeedbackPacket<TmmbItem>.TryParse(Rfc5104CodecControlVectors.Tmmbr, Rtpfb, 3, out var tmmbr, out _));
        Assert.Equal(new TmmbItem(0x02D03702, 365504, 0), tmmbr[0]);

        byte[] written = RtcpAssert.Write(
            (Span<byte> d, out int w) => RtcpFeedbackWriter.Tmmbr(1, 0x0330BDEE, [new TmmbItem(0x02D03702, 365504, 0)]).TryWrite(d, out w),
            20);
        Assert.True(RtcpFeedbackPacket<TmmbItem>.TryParse(written, Rtpfb, 3, out var again, out _));
        Assert.Equal(tmmbr[0], again[0]);
        // 10^9 needs 30 bits; the 17-bit mantissa keeps the top bits: 122070 × 2^13, rounded down.
        Assert.Equal(new TmmbItem(5, 999_997_440, 40), RoundTripTmmbn(new TmmbItem(5, 1_000_000_000, 40)));
    }

    [Fact]
    public void Tmmb_overflowing_bitrate_and_overhead_are_refused()
    {
        byte[] data = Rfc5104CodecControlVectors.Tmmbr;
        data[16] = 0xFC; // exponent 63 with a non-zero mantissa overflows 64 bits
        Assert.False(RtcpFeedbackPacket<TmmbItem>.TryParse(data, Rtpfb, 3, out _, out RtcpParseError error));
        Assert.Equal(RtcpParseError.BadFeedbackItem, error);
        Assert.False(RtcpFeedbackWriter.Tmmbr(1, 2, [new TmmbItem(1, 1, 512)]).TryWrite(new byte[64], out _));
    }

    [Fact]
    public void Tllei_ecn_and_sr_req_are_read_and_written_byte_for_byte()
    {
        Assert.True(RtcpFeedbackPacket<GenericNackItem>.TryParse(Rfc6642Rfc6679Rfc6051FeedbackVectors.Tllei, Rtpfb, 7, out var tllei, out _));
        GenericNackItem tlleiItem = tllei[0];
        Assert.Equal(new GenericNackItem(1, 0b1010101001010101), tlleiItem);
        Assert.Equal(Rfc6642Rfc6679Rfc6051FeedbackVectors.Tllei, RtcpAssert.Write(
            (Span<byte> d, out int w) => RtcpFeedbackWriter.Tllei(1, 0x0330BDEE, [tlleiItem]).TryWrite(d, out w), 16));

        Assert.True(RtcpFeedbackPacket<EcnItem>.TryParse(Rfc6642Rfc6679Rfc6051FeedbackVectors.Ecn, Rtpfb, 8, out var ecn, out _));
        var item = new EcnItem(1, 1, 1, 1, 1, 1, 1);
        Assert.Equal(item, ecn[0]);
        Assert.Equal(Rfc6642Rfc6679Rfc6051FeedbackVectors.Ecn, RtcpAssert.Write(
            (Span<byte> d, out int w) => RtcpFeedbackWriter.Ecn(1, 0x0330BDEE, [item]).TryWrite(d, out w), 32));

        Assert.True(RtcpFeedback.TryParse(Rfc6642Rfc6679Rfc6051FeedbackVectors.SrReq, Rtpfb, 5, out RtcpFeedback srReq, out _));
        Assert.Equal(1u, srReq.SenderSsrc);
        Assert.Equal(0x0330BDEEu, srReq.MediaSsrc);
        Assert.True(srReq.Fci.IsEmpty);
        Assert.Equal(Rfc6642Rfc6679Rfc6051FeedbackVectors.SrReq, RtcpAssert.Write(
            (Span<byte> d, out int w) => RtcpFeedbackWriter.SrReq(1, 0x0330BDEE).TryWrite(d, out w), 12));
    }

    [Fact]
    public void An_fci_that_is_not_a_whole_number_of_items_is_refused()
    {
        byte[] data = Rfc6642Rfc6679Rfc6051FeedbackVectors.Ecn.AsSpan(0, 28).ToArray();
        data[3] = 6; // 16 bytes of ECN FCI instead of 20
        Assert.False(RtcpFeedbackPacket<EcnItem>.TryParse(data, Rtpfb, 8, out _, out RtcpParseError error));
        Assert.Equal(RtcpParseError.BadFeedbackItem, error);
    }

    [Fact]
    public void A_nack_without_items_is_refused_but_an_empty_tmmbn_is_fine()
    {
        byte[] empty = RtcpAssert.Write((Span<byte> d, out int w) => RtcpFeedbackWriter.Nack(1, 2, default).TryWrite(d, out w), 12);
        Assert.False(RtcpFeedbackPacket<GenericNackItem>.TryParse(empty, Rtpfb, 1, out _, out RtcpParseError error));
        Assert.Equal(RtcpParseError.BadLength, error);

        byte[] tmmbn = RtcpAssert.Write((Span<byte> d, out int w) => RtcpFeedbackWriter.Tmmbn(1, 2, default).TryWrite(d, out w), 12);
        Assert.True(RtcpFeedbackPacket<TmmbItem>.TryParse(tmmbn, Rtpfb, 4, out var bounding, out _));
        Assert.Equal(0, bounding.Count);
    }

    [Fact]
    public void A_feedback_of_another_format_is_refused()
    {
        Assert.False(RtcpFeedbackPacket<GenericNackItem>.TryParse(Rfc6642Rfc6679Rfc6051FeedbackVectors.Tllei, Rtpfb, 1, out _, out RtcpParseError error));
        Assert.Equal(RtcpParseError.WrongPacketType, error);
        Assert.False(RtcpFeedback.TryParse(Rfc3550ReportVectors.Goodbye, out _, out error));
        Assert.Equal(RtcpParseError.WrongPacketType, error);
    }

    [Fact]
    public void Every_prefix_fails_and_random_bodies_never_throw()
    {
        RtcpAssert.EveryPrefixFails(Rfc4585FeedbackVectors.Nack, (ReadOnlySpan<byte> d, out RtcpParseError e) => RtcpFeedbackPacket<GenericNackItem>.TryParse(d, Rtpfb, 1, out _, out e));
        RtcpAssert.EveryPrefixFails(Rfc5104CodecControlVectors.Tmmbr, (ReadOnlySpan<byte> d, out RtcpParseError e) => RtcpFeedbackPacket<TmmbItem>.TryParse(d, Rtpfb, 3, out _, out e));
        RtcpAssert.EveryPrefixFails(Rfc6642Rfc6679Rfc6051FeedbackVectors.Tllei, (ReadOnlySpan<byte> d, out RtcpParseError e) => RtcpFeedbackPacket<GenericNackItem>.TryParse(d, Rtpfb, 7, out _, out e));
        RtcpAssert.EveryPrefixFails(Rfc6642Rfc6679Rfc6051FeedbackVectors.Ecn, (ReadOnlySpan<byte> d, out RtcpParseError e) => RtcpFeedbackPacket<EcnItem>.TryParse(d, Rtpfb, 8, out _, out e));
        RtcpAssert.EveryPrefixFails(Rfc6642Rfc6679Rfc6051FeedbackVectors.SrReq, (ReadOnlySpan<byte> d, out RtcpParseError e) => RtcpFeedback.TryParse(d, Rtpfb, 5, out _, out e));

        RtcpAssert.RandomBytesNeverThrow(205, 1, (ReadOnlySpan<byte> d, out RtcpParseError e) =>
        {
            if (!RtcpFeedbackPacket<GenericNackItem>.TryParse(d, Rtpfb, 1, out var nack, out e))
            {
                return false;
            }

            foreach (GenericNackItem item in nack)
            {
                _ = item.LostPacketCount;
            }

            return true;
        });
        RtcpAssert.RandomBytesNeverThrow(205, 3, (ReadOnlySpan<byte> d, out RtcpParseError e) => RtcpFeedbackPacket<TmmbItem>.TryParse(d, Rtpfb, 3, out _, out e));
        RtcpAssert.RandomBytesNeverThrow(205, 8, (ReadOnlySpan<byte> d, out RtcpParseError e) => RtcpFeedbackPacket<EcnItem>.TryParse(d, Rtpfb, 8, out _, out e));
    }

    private static TmmbItem RoundTripTmmbn(TmmbItem item)
    {
        var buffer = new byte[20];
        Assert.True(RtcpFeedbackWriter.Tmmbn(1, 2, [item]).TryWrite(buffer, out _));
        Assert.True(RtcpFeedbackPacket<TmmbItem>.TryParse(buffer, Rtpfb, 4, out var tmmbn, out _));
        return tmmbn[0];
    }
}
