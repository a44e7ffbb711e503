using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Sfu.Media.Sctp;

namespace Sfu.Media.Tests.Sctp;

public class Crc32cTests
{
    /// <summary>RFC 3720 §B.4 (iSCSI) CRC32c examples, and the customary check value of "123456789".</summary>
    public static TheoryData<byte[], uint> Rfc3720Vectors => new()
    {
        { new byte[32], 0x8A9136AA },
        { Enumerable.Repeat((byte)0xFF, 32).ToArray(), 0x62A8AB43 },
        { Enumerable.Range(0, 32).Select(i => (byte)i).ToArray(), 0x46DD794E },
        { Enumerable.Range(0, 32).Select(i => (byte)(31 - i)).ToArray(), 0x113FDB5C },
        {
            // An iSCSI Read (10) command PDU.
            [
                0x01, 0xC0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
                0x14, 0x00, 0x00, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0x00, 0x14, 0x00, 0x00, 0x00, 0x18,
                0x28, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
            ],
            0xD9963A56
        },
        { Encoding.ASCII.GetBytes("123456789"), 0xE3069283 },
        { Array.Empty<byte>(), 0x00000000 },
    };

    [Theory]
    [MemberData(nameof(Rfc3720Vectors))]
    public void Known_vectors_match(byte[] data, uint expected)
    {
        Assert.Equal(expected, Crc32c.Compute(data));
        Assert.Equal(expected, Crc32c.ComputeWithTable(data));
    }

    [Fact]
    public void The_hardware_path_and_the_table_agree_on_any_input_and_alignment()
    {
        Prop.ForAll(ArbMap.Default.ArbFor<byte[]>(), ArbMap.Default.ArbFor<byte>(), (data, skip) =>
        {
            ReadOnlySpan<byte> span = data.AsSpan(Math.Min(skip % 8, data.Length));
            return Crc32c.Compute(span) == Crc32c.ComputeWithTable(span);
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(500));
    }

    [Fact]
    public void Update_in_pieces_equals_one_pass()
    {
        byte[] data = Enumerable.Range(0, 1000).Select(i => (byte)(i * 7)).ToArray();
        uint crc = Crc32c.Update(0xFFFF_FFFF, data.AsSpan(0, 333));
        crc = ~Crc32c.Update(crc, data.AsSpan(333));

        Assert.Equal(Crc32c.Compute(data), crc);
    }

    [Fact]
    public void Checksums_of_packets_captured_from_node_sctp_and_chrome_verify()
    {
        Assert.True(SctpPacket.VerifyChecksum(Rfc9260ChunkVectors.NodeSctpInitPacket));
        Assert.True(SctpPacket.VerifyChecksum(Rfc9260ChunkVectors.ChromeInitPacket));
    }

    [Fact]
    public void Writing_the_checksum_reproduces_the_captured_bytes()
    {
        byte[] packet = Rfc9260ChunkVectors.ChromeInitPacket;
        byte[] copy = (byte[])packet.Clone();
        copy[8] = copy[9] = copy[10] = copy[11] = 0xAA;

        SctpPacket.WriteChecksum(copy);

        Assert.Equal(packet, copy);
    }

    [Fact]
    public void Any_flipped_bit_breaks_the_checksum()
    {
        byte[] packet = Rfc9260ChunkVectors.NodeSctpInitPacket;
        for (int bit = 0; bit < packet.Length * 8; bit++)
        {
            byte[] copy = (byte[])packet.Clone();
            copy[bit / 8] ^= (byte)(1 << (bit % 8));
            Assert.False(SctpPacket.VerifyChecksum(copy), $"bit {bit}");
        }
    }
}
