using FsCheck;
using FsCheck.Fluent;
using Sfu.Contracts.Rtp;
using Sfu.Media.Rtp;

namespace Sfu.Media.Tests.Rtp;

public class RtpHeaderExtensionRewriterTests
{
    [Fact]
    public void Ids_are_remapped_and_dropped_in_the_one_byte_form()
    {
        byte[] source = Rfc8285HeaderExtensionVectors.OneByteForm;
        var map = new RtpHeaderExtensionIdMap { [1] = 4, [3] = 1 }; // 2 is dropped
        byte[] result = Rewrite(source, map);

        Assert.True(RtpPacketView.TryParse(result, out RtpPacketView p, out _));
        Assert.Equal(RtpExtensionForm.OneByte, p.ExtensionForm);
        Assert.Equal(["4:AA", "1:FFFFFFFF"], RtpPacketViewTests.Elements(p));
        Assert.Equal(
            new byte[]
            {
                0x90, 0x01, 0x00, 0x08, 0, 0, 0, 4, 0, 0, 0, 5, // fixed header unchanged
                0xBE, 0xDE, 0x00, 0x02,                         // 7 bytes of elements → 2 words
                0x40, 0xAA,                                     // id 4
                0x13, 0xFF, 0xFF, 0xFF, 0xFF,                   // id 1, 4 bytes
                0x00,                                           // padding
                0x12, 0x23,                                     // payload
            },
            result);
    }

    [Fact]
    public void A_target_id_above_14_switches_to_the_two_byte_form()
    {
        byte[] source = Rfc8285HeaderExtensionVectors.OneByteForm;
        var map = new RtpHeaderExtensionIdMap { [1] = 200, [2] = 2 };
        byte[] result = Rewrite(source, map);

        Assert.True(RtpPacketView.TryParse(result, out RtpPacketView p, out _));
        Assert.Equal(RtpExtensionForm.TwoByte, p.ExtensionForm);
        Assert.Equal(["200:AA", "2:BBFF"], RtpPacketViewTests.Elements(p));
        Assert.Equal(new byte[] { 0x12, 0x23 }, p.Payload.ToArray());
    }

    [Fact]
    public void A_kept_zero_length_element_keeps_the_two_byte_form()
    {
        byte[] source = Rfc8285HeaderExtensionVectors.TwoByteForm;
        var map = new RtpHeaderExtensionIdMap { [1] = 1, [3] = 5 };
        byte[] result = Rewrite(source, map);

        Assert.True(RtpPacketView.TryParse(result, out RtpPacketView p, out _));
        Assert.Equal(RtpExtensionForm.TwoByte, p.ExtensionForm);
        Assert.Equal(["1:", "5:DEADBEEF"], RtpPacketViewTests.Elements(p));
    }

    [Fact]
    public void Two_byte_elements_that_fit_are_written_in_the_one_byte_form()
    {
        byte[] source = Rfc8285HeaderExtensionVectors.TwoByteForm;
        var map = new RtpHeaderExtensionIdMap { [2] = 3, [3] = 4 };
        byte[] result = Rewrite(source, map);

        Assert.True(RtpPacketView.TryParse(result, out RtpPacketView p, out _));
        Assert.Equal(RtpExtensionForm.OneByte, p.ExtensionForm);
        Assert.Equal(["3:42", "4:DEADBEEF"], RtpPacketViewTests.Elements(p));
        Assert.Equal(new byte[] { 1, 2, 3 }, p.Payload.ToArray());
    }

    [Fact]
    public void Dropping_every_element_removes_the_block_and_clears_X()
    {
        byte[] source = Rfc8285HeaderExtensionVectors.OneByteForm;
        byte[] result = Rewrite(source, new RtpHeaderExtensionIdMap());

        Assert.Equal(
            new byte[] { 0x80, 0x01, 0x00, 0x08, 0, 0, 0, 4, 0, 0, 0, 5, 0x12, 0x23 },
            result);
    }

    [Fact]
    public void Csrcs_payload_and_padding_are_copied_unchanged()
    {
        byte[] source = Rfc8285HeaderExtensionVectors.CsrcsAndPadding;
        byte[] result = Rewrite(source, new RtpHeaderExtensionIdMap { [1] = 1 });
        Assert.Equal(source, result);
    }

    [Fact]
    public void Every_too_small_destination_is_refused()
    {
        byte[] source = Rfc8285HeaderExtensionVectors.OneByteForm;
        var map = new RtpHeaderExtensionIdMap { [1] = 4, [3] = 1 };
        int needed = Rewrite(source, map).Length;
        Assert.True(RtpPacketView.TryParse(source, out RtpPacketView p, out _));
        for (int n = 0; n < needed; n++)
        {
            Assert.False(RtpHeaderExtensionRewriter.TryRewrite(p, map.AsSpan(), new byte[n], out int written));
            Assert.Equal(0, written);
        }
    }

    [Fact]
    public void Misuse_is_a_bug_and_throws()
    {
        byte[] source = Rfc8285HeaderExtensionVectors.OneByteForm;
        Assert.Throws<ArgumentException>(() => RewriteOverlapping(source));
        Assert.Throws<ArgumentException>(() => RewriteWithShortMap(source));
    }

    [Fact]
    public void Rewriting_keeps_the_mapped_elements_in_order_and_everything_else()
    {
        Gen<(RtpPacketModel, byte[])> cases =
            from model in RtpGenerators.Packets
            from map in Gen.ArrayOf(Gen.Frequency((1, Gen.Constant(0)), (3, Gen.Choose(1, 14)), (1, Gen.Choose(15, 255))), 256)
            select (model, map.Select(x => (byte)x).ToArray());
        Prop.ForAll(cases.ToArbitrary(), c =>
        {
            (RtpPacketModel model, byte[] map) = c;
            byte[] source = model.Build();
            Assert.True(RtpPacketView.TryParse(source, out RtpPacketView src, out _));
            var destination = new byte[source.Length + 600];
            Assert.True(RtpHeaderExtensionRewriter.TryRewrite(src, map, destination, out int written));
            Assert.True(RtpPacketView.TryParse(destination.AsSpan(0, written), out RtpPacketView p, out _));

            string[] expected = model.Extensions.Where(e => map[e.Id] != 0)
                .Select(e => $"{map[e.Id]}:{Convert.ToHexString(e.Value)}").ToArray();
            Assert.Equal(expected, RtpPacketViewTests.Elements(p));
            Assert.Equal(expected.Length > 0, p.HasExtension);
            Assert.Equal(model.Marker, p.Marker);
            Assert.Equal(model.PayloadType, p.PayloadType);
            Assert.Equal(model.SequenceNumber, p.SequenceNumber);
            Assert.Equal(model.Timestamp, p.Timestamp);
            Assert.Equal(model.Ssrc, p.Ssrc);
            Assert.Equal(src.CsrcBytes.ToArray(), p.CsrcBytes.ToArray());
            Assert.Equal(model.Payload, p.Payload.ToArray());
            Assert.Equal(model.Padding, p.PaddingLength);
            bool fitsOneByte = model.Extensions.Where(e => map[e.Id] != 0)
                .All(e => map[e.Id] <= 14 && e.Value.Length is >= 1 and <= 16);
            if (expected.Length > 0)
            {
                Assert.Equal(fitsOneByte ? RtpExtensionForm.OneByte : RtpExtensionForm.TwoByte, p.ExtensionForm);
            }
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(500));
    }

    [Fact]
    public void Id_map_is_built_from_negotiated_uris()
    {
        RtpHeaderExtensionParameters[] producer =
        [
            new() { Uri = "urn:ietf:params:rtp-hdrext:sdes:mid", Id = 9 },
            new() { Uri = "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time", Id = 3 },
            new() { Uri = "urn:example:unknown", Id = 4 },
        ];
        RtpHeaderExtensionParameters[] router =
        [
            new() { Uri = "urn:ietf:params:rtp-hdrext:sdes:mid", Id = 1 },
            new() { Uri = "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time", Id = 4 },
        ];
        RtpHeaderExtensionIdMap map = RtpHeaderExtensionIdMap.MapByUri(producer, router);
        Assert.Equal(1, map[9]);
        Assert.Equal(4, map[3]);
        Assert.Equal(0, map[4]);
        Assert.Equal(2, map.AsSpan().ToArray().Count(x => x != 0));
    }

    private static byte[] Rewrite(byte[] source, RtpHeaderExtensionIdMap map)
    {
        Assert.True(RtpPacketView.TryParse(source, out RtpPacketView p, out _));
        var destination = new byte[1500];
        Assert.True(RtpHeaderExtensionRewriter.TryRewrite(p, map.AsSpan(), destination, out int written));
        return destination.AsSpan(0, written).ToArray();
    }

    private static void RewriteOverlapping(byte[] source)
    {
        var buffer = new byte[200];
        source.CopyTo(buffer, 0);
        RtpPacketView.TryParse(buffer.AsSpan(0, source.Length), out RtpPacketView p, out _);
        RtpHeaderExtensionRewriter.TryRewrite(p, new byte[256], buffer.AsSpan(10), out _);
    }

    private static void RewriteWithShortMap(byte[] source)
    {
        RtpPacketView.TryParse(source, out RtpPacketView p, out _);
        RtpHeaderExtensionRewriter.TryRewrite(p, new byte[255], new byte[200], out _);
    }
}
