using Sfu.Media.Rtp;
using Sfu.Media.Streams;

namespace Sfu.Media.Tests.Streams;

/// <summary>RTX encapsulation (RFC 4588 §4), byte for byte.</summary>
public class RtxPacketTests
{
    // V=2 P=1 X=1 CC=0 | M=1 PT=96 | seq 0x1234 | ts 0x01020304 | SSRC 0x0000_1111 | one-byte extension: id 1 = 0x05 |
    // payload DE AD BE EF | 2 octets of padding.
    private static readonly byte[] Original =
    [
        0xB0, 0xE0, 0x12, 0x34, 0x01, 0x02, 0x03, 0x04, 0x00, 0x00, 0x11, 0x11,
        0xBE, 0xDE, 0x00, 0x01, 0x10, 0x05, 0x00, 0x00,
        0xDE, 0xAD, 0xBE, 0xEF,
        0x00, 0x02,
    ];

    // P cleared, PT=97 (marker kept), seq 0x0100, SSRC 0x0000_2222, same timestamp and extension, OSN 0x1234, payload.
    private static readonly byte[] Rtx =
    [
        0x90, 0xE1, 0x01, 0x00, 0x01, 0x02, 0x03, 0x04, 0x00, 0x00, 0x22, 0x22,
        0xBE, 0xDE, 0x00, 0x01, 0x10, 0x05, 0x00, 0x00,
        0x12, 0x34, 0xDE, 0xAD, 0xBE, 0xEF,
    ];

    [Fact]
    public void Encode_inserts_the_osn_and_drops_padding()
    {
        byte[] destination = new byte[64];

        Assert.True(RtxPacket.TryEncode((byte[])Original.Clone(), destination, 97, 0x2222, 0x0100, out int written));

        Assert.Equal(Rtx, destination.AsSpan(0, written).ToArray());
    }

    [Fact]
    public void Encode_in_place_gives_the_same_bytes()
    {
        byte[] buffer = new byte[64];
        Original.CopyTo(buffer, 0);

        Assert.True(RtxPacket.TryEncode(buffer.AsSpan(0, Original.Length), buffer, 97, 0x2222, 0x0100, out int written));

        Assert.Equal(Rtx, buffer.AsSpan(0, written).ToArray());
    }

    [Fact]
    public void Encode_needs_room_for_the_osn()
    {
        Assert.False(RtxPacket.TryEncode((byte[])Original.Clone(), new byte[Rtx.Length - 1], 97, 1, 1, out _));
        Assert.False(RtxPacket.TryEncode((byte[])Original.Clone(), new byte[64], 128, 1, 1, out _));
    }

    [Fact]
    public void Decode_restores_the_original_without_padding()
    {
        byte[] buffer = (byte[])Rtx.Clone();

        Assert.True(RtxPacket.TryDecode(buffer, 96, 0x1111, out RtpPacketView original));

        byte[] expected = (byte[])Original[..24].Clone();
        expected[0] = 0x90; // P cleared
        Assert.Equal(expected, original.Buffer.ToArray());
        Assert.Equal(0x1234, original.SequenceNumber);
        Assert.Equal(96, original.PayloadType);
        Assert.True(original.Marker);
        Assert.Equal(0x1111u, original.Ssrc);
        Assert.True(original.TryGetExtension(1, out ReadOnlySpan<byte> ext));
        Assert.Equal(0x05, ext[0]);
    }

    [Fact]
    public void Decode_ignores_packets_with_nothing_after_the_osn()
    {
        byte[] onlyOsn = StreamTestPackets.Build(7, 1, 0x2222, 97, [0x12, 0x34]);
        byte[] empty = StreamTestPackets.Build(7, 1, 0x2222, 97, []);
        byte[] paddingOnly = StreamTestPackets.Build(7, 1, 0x2222, 97, [], padding: 200);
        byte[] copy = (byte[])onlyOsn.Clone();

        Assert.False(RtxPacket.TryDecode(onlyOsn, 96, 1, out _));
        Assert.False(RtxPacket.TryDecode(empty, 96, 1, out _));
        Assert.False(RtxPacket.TryDecode(paddingOnly, 96, 1, out _));
        Assert.Equal(copy, onlyOsn);
    }

    [Fact]
    public void Encode_then_decode_round_trips_every_prefix_free_packet()
    {
        for (int payloadLength = 1; payloadLength < 40; payloadLength++)
        {
            byte[] payload = Enumerable.Range(0, payloadLength).Select(i => (byte)i).ToArray();
            byte[] original = StreamTestPackets.Build((ushort)(65530 + payloadLength), 99, 0x1111, 96, payload, marker: true);
            byte[] rtx = new byte[original.Length + 2];

            Assert.True(RtxPacket.TryEncode(original, rtx, 97, 0x2222, (ushort)payloadLength, out int written));
            Assert.Equal(rtx.Length, written);
            Assert.True(RtxPacket.TryDecode(rtx, 96, 0x1111, out RtpPacketView decoded));
            Assert.Equal(original, decoded.Buffer.ToArray());
        }
    }
}
