using Sfu.Media.Rtcp;

namespace Sfu.Media.Tests.Rtcp;

public class PayloadSpecificFeedbackTests
{
    private const RtcpPacketType Psfb = RtcpPacketType.PayloadSpecificFeedback;

    [Fact]
    public void Pli_is_read_and_written_byte_for_byte()
    {
        Assert.True(RtcpFeedback.TryParse(Rfc4585FeedbackVectors.Pli, Psfb, 1, out RtcpFeedback pli, out _));
        Assert.Equal(1u, pli.SenderSsrc);
        Assert.Equal(0x02D03702u, pli.MediaSsrc);
        Assert.Equal(Rfc4585FeedbackVectors.Pli, RtcpAssert.Write(
            (Span<byte> d, out int w) => RtcpFeedbackWriter.Pli(1, 0x02D03702).TryWrite(d, out w), 12));
    }

    [Fact]
    public void Sli_is_read_and_written_byte_for_byte()
    {
        Assert.True(RtcpFeedbackPacket<SliItem>.TryParse(Rfc4585FeedbackVectors.Sli, Psfb, 2, out var sli, out _));
        Assert.Equal(new SliItem(1, 4, 1), sli[0]);
        Assert.Equal(Rfc4585FeedbackVectors.Sli, RtcpAssert.Write(
            (Span<byte> d, out int w) => RtcpFeedbackWriter.Sli(0xFA17FA17, 0, [new SliItem(1, 4, 1)]).TryWrite(d, out w), 16));
        Assert.False(RtcpFeedbackWriter.Sli(1, 2, [new SliItem(0x2000, 0, 0)]).TryWrite(new byte[64], out _));
    }

    [Fact]
    public void Rpsi_carries_a_payload_type_and_a_padded_bit_string()
    {
        Assert.True(ReferencePictureSelectionIndication.TryParse(Rfc4585FeedbackVectors.Rpsi, out var rpsi, out _));
        Assert.Equal(0xFA17FA17u, rpsi.SenderSsrc);
        Assert.Equal(8, rpsi.PaddingBits);
        Assert.Equal(2, rpsi.PayloadType);
        Assert.Equal(40, rpsi.BitLength);
        Assert.Equal(new byte[] { 0x00, 0x00, 0x00, 0x00, 0x01 }, rpsi.BitString.ToArray());

        byte[] written = RtcpAssert.Write(
            (Span<byte> d, out int w) =>
                new ReferencePictureSelectionIndicationWriter(0xFA17FA17, 0, 2, [0x00, 0x00, 0x00, 0x00, 0x01]).TryWrite(d, out w),
            20);
        Assert.Equal(Rfc4585FeedbackVectors.Rpsi, written);
    }

    [Fact]
    public void Rpsi_padding_bits_beyond_the_fci_are_refused()
    {
        byte[] data = Rfc4585FeedbackVectors.Rpsi;
        data[12] = 49; // 6 octets = 48 bits
        Assert.False(ReferencePictureSelectionIndication.TryParse(data, out _, out RtcpParseError error));
        Assert.Equal(RtcpParseError.BadFeedbackItem, error);
    }

    [Fact]
    public void Fir_is_read_and_written_byte_for_byte()
    {
        Assert.True(RtcpFeedbackPacket<FirItem>.TryParse(Rfc5104CodecControlVectors.Fir, Psfb, 4, out var fir, out _));
        Assert.Equal(0xFA17FA17u, fir.SenderSsrc);
        Assert.Equal(0u, fir.MediaSsrc);
        Assert.Equal(new FirItem(0x02D03702, 4), fir[0]);
        Assert.Equal(Rfc5104CodecControlVectors.Fir, RtcpAssert.Write(
            (Span<byte> d, out int w) => RtcpFeedbackWriter.Fir(0xFA17FA17, [new FirItem(0x02D03702, 4)]).TryWrite(d, out w), 20));
    }

    [Fact]
    public void Tstn_is_read_and_written_byte_for_byte()
    {
        Assert.True(RtcpFeedbackPacket<TstItem>.TryParse(Rfc5104CodecControlVectors.Tstn, Psfb, 6, out var tstn, out _));
        Assert.Equal(new TstItem(0x02D03702, 8, 1), tstn[0]);
        Assert.Equal(Rfc5104CodecControlVectors.Tstn, RtcpAssert.Write(
            (Span<byte> d, out int w) => RtcpFeedbackWriter.Tstn(0xFA17FA17, [new TstItem(0x02D03702, 8, 1)]).TryWrite(d, out w), 20));
        Assert.False(RtcpFeedbackWriter.Tstr(1, [new TstItem(1, 1, 32)]).TryWrite(new byte[64], out _));
    }

    [Fact]
    public void Vbcm_is_read_and_written_byte_for_byte()
    {
        Assert.True(VideoBackChannelMessage.TryParse(Rfc5104CodecControlVectors.Vbcm, out var vbcm, out _));
        var items = new List<string>();
        foreach (VbcmItem item in vbcm.Items)
        {
            items.Add($"{item.Ssrc:x8}/{item.SequenceNumber}/{item.PayloadType}/{Convert.ToHexString(item.Value)}");
        }

        Assert.Equal(["02d03702/8/2/01"], items);
        Assert.Equal(Rfc5104CodecControlVectors.Vbcm, RtcpAssert.Write(
            (Span<byte> d, out int w) => new VideoBackChannelMessageWriter(0xFA17FA17, 0x02D03702, 8, 2, [0x01]).TryWrite(d, out w), 24));
    }

    [Fact]
    public void Vbcm_octet_string_running_past_the_packet_is_refused()
    {
        byte[] data = Rfc5104CodecControlVectors.Vbcm;
        data[19] = 5;
        Assert.False(VideoBackChannelMessage.TryParse(data, out _, out RtcpParseError error));
        Assert.Equal(RtcpParseError.BadFeedbackItem, error);
    }

    [Fact]
    public void Pslei_is_read_and_written_byte_for_byte()
    {
        Assert.True(RtcpFeedbackPacket<PsleiItem>.TryParse(Rfc6642Rfc6679Rfc6051FeedbackVectors.Pslei, Psfb, 8, out var lei, out _));
        Assert.Equal(new PsleiItem(0x02D03702), lei[0]);
        Assert.Equal(Rfc6642Rfc6679Rfc6051FeedbackVectors.Pslei, RtcpAssert.Write(
            (Span<byte> d, out int w) => RtcpFeedbackWriter.Pslei(0xFA17FA17, 0, [new PsleiItem(0x02D03702)]).TryWrite(d, out w), 16));
    }

    [Fact]
    public void Remb_is_read_and_written_byte_for_byte()
    {
        Assert.True(ReceiverEstimatedMaximumBitrate.TryParse(Rfc4585FeedbackVectors.Remb, out var remb, out _));
        Assert.Equal(0xFA17FA17u, remb.SenderSsrc);
        Assert.Equal(0u, remb.MediaSsrc);
        Assert.Equal(122754UL, remb.Bitrate);
        Assert.Equal(2, remb.SsrcCount);
        Assert.Equal(0x02D03702u, remb.GetSsrc(0));
        Assert.Equal(0x04A76747u, remb.GetSsrc(1));

        byte[] written = RtcpAssert.Write(
            (Span<byte> d, out int w) =>
                new ReceiverEstimatedMaximumBitrateWriter(0xFA17FA17, 122754, [0x02D03702, 0x04A76747]).TryWrite(d, out w),
            28);
        Assert.Equal(Rfc4585FeedbackVectors.Remb, written);
    }

    [Fact]
    public void Remb_bitrate_above_the_18_bit_mantissa_gets_an_exponent()
    {
        var buffer = new byte[24];
        Assert.True(new ReceiverEstimatedMaximumBitrateWriter(1, 2_000_000, [9]).TryWrite(buffer, out _));
        Assert.Equal(0x0F, buffer[17]); // exp 3 | mantissa high bits 11 (2000000 >> 3 = 250000 = 0x3D090)
        Assert.Equal(new byte[] { 0xD0, 0x90 }, buffer.AsSpan(18, 2).ToArray());
        Assert.True(ReceiverEstimatedMaximumBitrate.TryParse(buffer, out var remb, out _));
        Assert.Equal(2_000_000UL, remb.Bitrate);

        Assert.True(new ReceiverEstimatedMaximumBitrateWriter(1, 1_000_000_001, [9]).TryWrite(buffer, out _));
        Assert.True(ReceiverEstimatedMaximumBitrate.TryParse(buffer, out remb, out _));
        Assert.Equal(999_997_440UL, remb.Bitrate); // rounded down: 244140 × 2^12
    }

    [Fact]
    public void Remb_with_a_lying_ssrc_count_is_refused()
    {
        byte[] data = Rfc4585FeedbackVectors.Remb;
        data[16] = 3;
        Assert.False(ReceiverEstimatedMaximumBitrate.TryParse(data, out _, out RtcpParseError error));
        Assert.Equal(RtcpParseError.BadRemb, error);
    }

    [Fact]
    public void Application_layer_feedback_other_than_remb_is_passed_raw()
    {
        Assert.True(RtcpFeedback.TryParse(Rfc4585FeedbackVectors.Afb, Psfb, 15, out RtcpFeedback afb, out _));
        Assert.False(ReceiverEstimatedMaximumBitrate.IsRemb(afb.Fci));
        Assert.Equal(new byte[] { 0, 0, 0, 1 }, afb.Fci.ToArray());
        Assert.False(ReceiverEstimatedMaximumBitrate.TryParse(Rfc4585FeedbackVectors.Afb, out _, out RtcpParseError error));
        Assert.Equal(RtcpParseError.WrongPacketType, error);
        Assert.Equal(Rfc4585FeedbackVectors.Afb, RtcpAssert.Write(
            (Span<byte> d, out int w) => new RtcpFeedbackWriter(Psfb, 15, 0xFA17FA17, 0, [0, 0, 0, 1]).TryWrite(d, out w), 16));
        Assert.False(new RtcpFeedbackWriter(Psfb, 15, 1, 0, [0, 0, 1]).TryWrite(new byte[64], out _));
    }

    [Fact]
    public void Every_prefix_fails_and_random_bodies_never_throw()
    {
        RtcpAssert.EveryPrefixFails(Rfc4585FeedbackVectors.Pli, (ReadOnlySpan<byte> d, out RtcpParseError e) => RtcpFeedback.TryParse(d, Psfb, 1, out _, out e));
        RtcpAssert.EveryPrefixFails(Rfc4585FeedbackVectors.Sli, (ReadOnlySpan<byte> d, out RtcpParseError e) => RtcpFeedbackPacket<SliItem>.TryParse(d, Psfb, 2, out _, out e));
        RtcpAssert.EveryPrefixFails(Rfc4585FeedbackVectors.Rpsi, (ReadOnlySpan<byte> d, out RtcpParseError e) => ReferencePictureSelectionIndication.TryParse(d, out _, out e));
        RtcpAssert.EveryPrefixFails(Rfc5104CodecControlVectors.Fir, (ReadOnlySpan<byte> d, out RtcpParseError e) => RtcpFeedbackPacket<FirItem>.TryParse(d, Psfb, 4, out _, out e));
        RtcpAssert.EveryPrefixFails(Rfc5104CodecControlVectors.Tstn, (ReadOnlySpan<byte> d, out RtcpParseError e) => RtcpFeedbackPacket<TstItem>.TryParse(d, Psfb, 6, out _, out e));
        RtcpAssert.EveryPrefixFails(Rfc5104CodecControlVectors.Vbcm, (ReadOnlySpan<byte> d, out RtcpParseError e) => VideoBackChannelMessage.TryParse(d, out _, out e));
        RtcpAssert.EveryPrefixFails(Rfc6642Rfc6679Rfc6051FeedbackVectors.Pslei, (ReadOnlySpan<byte> d, out RtcpParseError e) => RtcpFeedbackPacket<PsleiItem>.TryParse(d, Psfb, 8, out _, out e));
        RtcpAssert.EveryPrefixFails(Rfc4585FeedbackVectors.Remb, (ReadOnlySpan<byte> d, out RtcpParseError e) => ReceiverEstimatedMaximumBitrate.TryParse(d, out _, out e));
        RtcpAssert.EveryPrefixFails(Rfc4585FeedbackVectors.Afb, (ReadOnlySpan<byte> d, out RtcpParseError e) => RtcpFeedback.TryParse(d, out _, out e));

        RtcpAssert.RandomBytesNeverThrow(206, 3, (ReadOnlySpan<byte> d, out RtcpParseError e) =>
            ReferencePictureSelectionIndication.TryParse(d, out var rpsi, out e) && rpsi.BitString.Length >= 0);
        RtcpAssert.RandomBytesNeverThrow(206, 7, (ReadOnlySpan<byte> d, out RtcpParseError e) =>
        {
            if (!VideoBackChannelMessage.TryParse(d, out var vbcm, out e))
            {
                return false;
            }

            foreach (VbcmItem item in vbcm.Items)
            {
                _ = item.Value.Length;
            }

            return true;
        });
        RtcpAssert.RandomBytesNeverThrow(206, 15, (ReadOnlySpan<byte> d, out RtcpParseError e) =>
        {
            if (!ReceiverEstimatedMaximumBitrate.TryParse(d, out var remb, out e))
            {
                return false;
            }

            for (int i = 0; i < remb.SsrcCount; i++)
            {
                remb.GetSsrc(i);
            }

            return true;
        });
    }
}
