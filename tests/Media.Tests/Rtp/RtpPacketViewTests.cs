using FsCheck;
using FsCheck.Fluent;
using Sfu.Media.Rtp;

namespace Sfu.Media.Tests.Rtp;

public class RtpPacketViewTests
{
    [Fact]
    public void Header_only_packet_parses_with_an_empty_payload()
    {
        byte[] data = Rfc8285HeaderExtensionVectors.HeaderOnly;
        Assert.True(RtpPacketView.TryParse(data, out RtpPacketView p, out RtpParseError error));
        Assert.Equal(RtpParseError.None, error);
        Assert.Equal(1, p.PayloadType);
        Assert.False(p.Marker);
        Assert.Equal(8, p.SequenceNumber);
        Assert.Equal(4u, p.Timestamp);
        Assert.Equal(5u, p.Ssrc);
        Assert.Equal(0, p.CsrcCount);
        Assert.False(p.HasExtension);
        Assert.Equal(RtpExtensionForm.None, p.ExtensionForm);
        Assert.Equal(12, p.HeaderLength);
        Assert.Equal(0, p.PayloadLength);
        Assert.Equal(0, p.PaddingLength);
    }

    [Fact]
    public void One_byte_extensions_of_RFC_8285_section_4_2_are_found_by_id()
    {
        byte[] data = Rfc8285HeaderExtensionVectors.OneByteForm;
        Assert.True(RtpPacketView.TryParse(data, out RtpPacketView p, out _));
        Assert.Equal(RtpExtensionForm.OneByte, p.ExtensionForm);
        Assert.Equal(0xBEDE, p.ExtensionProfile);
        Assert.Equal(12, p.ExtensionData.Length);
        Assert.Equal(28, p.HeaderLength);

        Assert.True(p.TryGetExtension(1, out ReadOnlySpan<byte> v1));
        Assert.Equal(new byte[] { 0xAA }, v1.ToArray());
        Assert.True(p.TryGetExtension(2, out ReadOnlySpan<byte> v2));
        Assert.Equal(new byte[] { 0xBB, 0xFF }, v2.ToArray());
        Assert.True(p.TryGetExtension(3, out ReadOnlySpan<byte> v3));
        Assert.Equal(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF }, v3.ToArray());
        Assert.False(p.TryGetExtension(4, out _));
        Assert.Equal(new byte[] { 0x12, 0x23 }, p.Payload.ToArray());
    }

    [Fact]
    public void Two_byte_extensions_of_RFC_8285_section_4_3_include_zero_length_elements()
    {
        byte[] data = Rfc8285HeaderExtensionVectors.TwoByteForm;
        Assert.True(RtpPacketView.TryParse(data, out RtpPacketView p, out _));
        Assert.Equal(RtpExtensionForm.TwoByte, p.ExtensionForm);
        Assert.Equal(111, p.PayloadType);
        Assert.Equal(0x1234, p.SequenceNumber);
        Assert.Equal(65536u, p.Timestamp);
        Assert.Equal(0xCAFEBABEu, p.Ssrc);
        Assert.Equal(
            ["1:", "2:42", "3:DEADBEEF"],
            Elements(p));
        Assert.Equal(new byte[] { 1, 2, 3 }, p.Payload.ToArray());
    }

    [Fact]
    public void Mediasoup_two_byte_packet_skips_padding_between_elements()
    {
        byte[] data = Rfc8285HeaderExtensionVectors.MediasoupTwoByteForm;
        Assert.True(RtpPacketView.TryParse(data, out RtpPacketView p, out _));
        Assert.Equal(["1:", "2:42", "3:1122", "4:"], Elements(p));
        Assert.True(p.TryGetExtension(4, out ReadOnlySpan<byte> v4));
        Assert.True(v4.IsEmpty);
        Assert.False(p.HasExtensionElement(5));
        Assert.Equal(0, p.PayloadLength);
    }

    [Fact]
    public void Padding_only_packet_has_no_payload_and_eight_padding_octets()
    {
        byte[] data = Rfc8285HeaderExtensionVectors.PaddingOnly;
        Assert.True(RtpPacketView.TryParse(data, out RtpPacketView p, out _));
        Assert.True(p.HasPadding);
        Assert.Equal(8, p.PaddingLength);
        Assert.Equal(0, p.PayloadLength);
        Assert.Equal(9, p.SequenceNumber);
        Assert.Equal(8, p.PayloadAndPadding.Length);
    }

    [Fact]
    public void Csrcs_marker_and_padding_are_read()
    {
        byte[] data = Rfc8285HeaderExtensionVectors.CsrcsAndPadding;
        Assert.True(RtpPacketView.TryParse(data, out RtpPacketView p, out _));
        Assert.True(p.Marker);
        Assert.Equal(96, p.PayloadType);
        Assert.Equal(65535, p.SequenceNumber);
        Assert.Equal(uint.MaxValue, p.Timestamp);
        Assert.Equal(2, p.CsrcCount);
        Assert.Equal(2u, p.GetCsrc(0));
        Assert.Equal(3u, p.GetCsrc(1));
        Assert.Equal(new byte[] { 0x99 }, p.Payload.ToArray());
        Assert.Equal(3, p.PaddingLength);
        Assert.Throws<ArgumentOutOfRangeException>(() => ReadCsrc(data, 2));
    }

    [Fact]
    public void Setters_write_the_buffer_in_place_and_keep_the_neighbouring_bits()
    {
        byte[] data = Rfc8285HeaderExtensionVectors.CsrcsAndPadding;
        Assert.True(RtpPacketView.TryParse(data, out RtpPacketView p, out _));
        p.PayloadType = 100;
        Assert.True(p.Marker);
        p.Marker = false;
        p.SequenceNumber = 0x0102;
        p.Timestamp = 0x03040506;
        p.Ssrc = 0x0708090A;
        Assert.Equal(
            new byte[] { 0xA2, 0x64, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0A },
            data.AsSpan(0, 12).ToArray());
        p.Marker = true;
        Assert.Equal(0xE4, data[1]);
        Assert.Equal(100, p.PayloadType);
    }

    [Theory]
    [InlineData(new byte[] { 0x80, 0x01, 0x00 }, RtpParseError.Truncated)]
    [InlineData(new byte[] { 0x40, 0x01, 0x00, 0x08, 0, 0, 0, 4, 0, 0, 0, 5 }, RtpParseError.BadVersion)]
    [InlineData(new byte[] { 0xC0, 0x01, 0x00, 0x08, 0, 0, 0, 4, 0, 0, 0, 5 }, RtpParseError.BadVersion)]
    [InlineData(new byte[] { 0x81, 0x01, 0x00, 0x08, 0, 0, 0, 4, 0, 0, 0, 5, 0, 0, 0 }, RtpParseError.Truncated)] // CC=1, 3 bytes
    [InlineData(new byte[] { 0x90, 0x01, 0x00, 0x08, 0, 0, 0, 4, 0, 0, 0, 5, 0xBE, 0xDE }, RtpParseError.Truncated)] // X, no ext header
    [InlineData(new byte[] { 0x90, 0x01, 0x00, 0x08, 0, 0, 0, 4, 0, 0, 0, 5, 0xBE, 0xDE, 0x00, 0x02, 0x10, 0xAA, 0, 0 }, RtpParseError.BadExtensionLength)]
    [InlineData(new byte[] { 0xA0, 0x01, 0x00, 0x08, 0, 0, 0, 4, 0, 0, 0, 5, 0x11, 0x00 }, RtpParseError.BadPadding)] // count 0
    [InlineData(new byte[] { 0xA0, 0x01, 0x00, 0x08, 0, 0, 0, 4, 0, 0, 0, 5, 0x11, 0x03 }, RtpParseError.BadPadding)] // count 3 > 2
    [InlineData(new byte[] { 0xA0, 0x01, 0x00, 0x08, 0, 0, 0, 4, 0, 0, 0, 5 }, RtpParseError.BadPadding)] // P with no room
    public void Malformed_packets_are_rejected_with_the_reason(byte[] data, RtpParseError expected)
    {
        Assert.False(RtpPacketView.TryParse(data, out _, out RtpParseError error));
        Assert.Equal(expected, error);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Every_prefix_shorter_than_the_header_fails_and_none_throws(string name)
    {
        byte[] full = Rfc8285HeaderExtensionVectors.Get(name);
        Assert.True(RtpPacketView.TryParse(full.ToArray(), out RtpPacketView whole, out _));
        int headerLength = whole.HeaderLength;
        for (int n = 0; n < full.Length; n++)
        {
            byte[] prefix = full.AsSpan(0, n).ToArray(); // exact-size array: any overread throws
            bool ok = RtpPacketView.TryParse(prefix, out RtpPacketView p, out RtpParseError error);
            if (n < headerLength)
            {
                Assert.False(ok, $"prefix {n}");
                Assert.NotEqual(RtpParseError.None, error);
            }
            else if (ok)
            {
                // Longer prefixes are datagrams of their own: the view must stay inside them.
                Assert.Equal(n, p.HeaderLength + p.PayloadLength + p.PaddingLength);
                _ = Elements(p);
            }
        }
    }

    public static TheoryData<string> Names => Rfc8285HeaderExtensionVectors.Names;

    [Fact]
    public void One_byte_id_15_ends_the_element_walk()
    {
        byte[] data =
        [
            0x90, 0x01, 0x00, 0x08, 0, 0, 0, 4, 0, 0, 0, 5,
            0xBE, 0xDE, 0x00, 0x02,
            0x10, 0xAA,       // id 1
            0xF3, 0x20, 0xBB, // id 15: stop (what follows would read as id 2)
            0x00, 0x00, 0x00,
        ];
        Assert.True(RtpPacketView.TryParse(data, out RtpPacketView p, out _));
        Assert.Equal(["1:AA"], Elements(p));
        Assert.False(p.HasExtensionElement(2));
    }

    [Fact]
    public void An_element_that_runs_past_the_block_ends_the_walk_without_failing_the_packet()
    {
        byte[] data =
        [
            0x90, 0x01, 0x00, 0x08, 0, 0, 0, 4, 0, 0, 0, 5,
            0xBE, 0xDE, 0x00, 0x01,
            0x10, 0xAA,       // id 1
            0x23, 0xBB,       // id 2 claims 4 bytes, only 1 left in the block
            0x77,             // payload
        ];
        Assert.True(RtpPacketView.TryParse(data, out RtpPacketView p, out _));
        Assert.Equal(["1:AA"], Elements(p));
        Assert.Equal(new byte[] { 0x77 }, p.Payload.ToArray());
    }

    [Fact]
    public void Extensions_of_another_profile_are_opaque()
    {
        byte[] data =
        [
            0x90, 0x01, 0x00, 0x08, 0, 0, 0, 4, 0, 0, 0, 5,
            0x12, 0x34, 0x00, 0x01, 0x10, 0xAA, 0x00, 0x00,
        ];
        Assert.True(RtpPacketView.TryParse(data, out RtpPacketView p, out _));
        Assert.Equal(RtpExtensionForm.Other, p.ExtensionForm);
        Assert.Empty(Elements(p));
        Assert.False(p.TryGetExtension(1, out _));
        Assert.Equal(4, p.ExtensionData.Length);
    }

    [Fact]
    public void A_fixed_size_value_is_replaced_in_place_only_when_the_length_matches()
    {
        byte[] data = Rfc8285HeaderExtensionVectors.OneByteForm;
        Assert.True(RtpPacketView.TryParse(data, out RtpPacketView p, out _));
        Assert.True(p.TrySetExtensionValue(2, [0x01, 0x02]));
        Assert.False(p.TrySetExtensionValue(2, [0x01, 0x02, 0x03]));
        Assert.False(p.TrySetExtensionValue(9, [0x01]));
        Assert.Equal(new byte[] { 0x21, 0x01, 0x02 }, data.AsSpan(18, 3).ToArray());
        Assert.True(p.TryGetWritableExtension(3, out Span<byte> v3));
        v3[0] = 0x00;
        Assert.Equal(0x00, data[24]);
    }

    [Theory]
    [InlineData(new byte[] { 0x80, 0x60, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }, true, false)] // PT 96
    [InlineData(new byte[] { 0x80, 0xE0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }, true, false)] // PT 96 + marker
    [InlineData(new byte[] { 0x80, 0xC8, 0, 6, 0, 0, 0, 0, 0, 0, 0, 0 }, false, true)] // SR 200
    [InlineData(new byte[] { 0x81, 0xC9, 0, 1 }, false, true)] // RR 201, short
    [InlineData(new byte[] { 0x80, 0xC0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }, false, true)] // 192 (PT 64 + M)
    [InlineData(new byte[] { 0x80, 0xDF, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }, false, true)] // 223 (PT 95 + M)
    [InlineData(new byte[] { 0x80, 0xBF, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }, true, false)] // 191 (PT 63 + M)
    [InlineData(new byte[] { 0x80, 0xE0, 0, 0 }, false, false)] // too short for RTP
    [InlineData(new byte[] { 0x00, 0x01, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }, false, false)] // STUN range
    [InlineData(new byte[] { 0x16, 0xFE, 0xFD, 0, 0, 0, 0, 0, 0, 0, 0, 0 }, false, false)] // DTLS range
    public void RTP_and_RTCP_are_told_apart_by_the_second_octet(byte[] data, bool isRtp, bool isRtcp)
    {
        Assert.Equal(isRtp, RtpPacketView.IsRtp(data));
        Assert.Equal(isRtcp, RtpPacketView.IsRtcp(data));
    }

    [Fact]
    public void Random_bytes_never_throw()
    {
        Prop.ForAll(RtpGenerators.Bytes(0, 120).ToArbitrary(), data =>
        {
            if (data.Length > 0)
            {
                data[0] = (byte)((data[0] & 0x3F) | 0x80); // mostly version 2, to get past the first check
            }

            if (RtpPacketView.TryParse(data, out RtpPacketView p, out _))
            {
                _ = Elements(p);
                _ = p.Payload.Length + p.CsrcBytes.Length + p.ExtensionData.Length;
                for (int id = 0; id < 256; id++)
                {
                    p.TryGetExtension(id, out _);
                }
            }

            return true;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(2000));
    }

    [Fact]
    public void Built_packets_parse_back_to_the_same_fields()
    {
        Prop.ForAll(RtpGenerators.Packets.ToArbitrary(), model =>
        {
            byte[] data = model.Build();
            Assert.True(RtpPacketView.TryParse(data, out RtpPacketView p, out _));
            Assert.Equal(model.Marker, p.Marker);
            Assert.Equal(model.PayloadType, p.PayloadType);
            Assert.Equal(model.SequenceNumber, p.SequenceNumber);
            Assert.Equal(model.Timestamp, p.Timestamp);
            Assert.Equal(model.Ssrc, p.Ssrc);
            Assert.Equal(model.Csrcs, Enumerable.Range(0, model.Csrcs.Length).Select(i => ReadCsrc(data, i)).ToArray());
            Assert.Equal(model.Form, p.ExtensionForm);
            Assert.Equal(
                model.Extensions.Select(e => $"{e.Id}:{Convert.ToHexString(e.Value)}").ToArray(),
                Elements(p));
            Assert.Equal(model.Payload, p.Payload.ToArray());
            Assert.Equal(model.Padding, p.PaddingLength);
            Assert.Equal(0, (p.HeaderLength - 12) % 4);
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(500));
    }

    [Fact]
    public void Builder_refuses_values_outside_the_wire_limits()
    {
        var buffer = new byte[64];
        var b = new RtpPacketBuilder(buffer);
        Assert.False(b.TryWriteHeader(false, 128, 0, 0, 0, default));
        Assert.True(b.TryWriteHeader(false, 127, 0, 0, 0, default));
        Assert.True(b.TryBeginExtensions(RtpExtensionForm.OneByte));
        Assert.False(b.TryAddExtension(15, [1]));
        Assert.False(b.TryAddExtension(0, [1]));
        Assert.False(b.TryAddExtension(1, []));
        Assert.False(b.TryAddExtension(1, new byte[17]));
        Assert.True(b.TryAddExtension(14, new byte[16]));
        Assert.True(b.TryEndExtensions());
        Assert.False(b.TryWritePayload(new byte[64]));
        Assert.False(b.TryWritePadding(0));

        var tiny = new RtpPacketBuilder(new byte[11]);
        Assert.False(tiny.TryWriteHeader(false, 0, 0, 0, 0, default));
    }

    internal static string[] Elements(RtpPacketView p)
    {
        var list = new List<string>();
        foreach (RtpExtensionElement e in p.Extensions)
        {
            list.Add($"{e.Id}:{Convert.ToHexString(e.Value)}");
        }

        return list.ToArray();
    }

    private static uint ReadCsrc(byte[] data, int index)
    {
        Assert.True(RtpPacketView.TryParse(data, out RtpPacketView p, out _));
        return p.GetCsrc(index);
    }
}
