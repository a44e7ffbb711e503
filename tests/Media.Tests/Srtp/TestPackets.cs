using System.Buffers.Binary;
using Sfu.Media.Srtp;

namespace Sfu.Media.Tests.Srtp;

/// <summary>Plain RTP and RTCP packets for the SRTP tests, written field by field (RFC 3550 §5.1, §6.4.1).</summary>
internal static class TestPackets
{
    public static readonly SrtpProfile[] Profiles =
    [
        SrtpProfile.AesCm128HmacSha1_80,
        SrtpProfile.AesCm128HmacSha1_32,
        SrtpProfile.AeadAes128Gcm,
        SrtpProfile.AeadAes256Gcm,
    ];

    public static TheoryData<SrtpProfile> AllProfiles => [.. Profiles];

    /// <summary>An RTP packet: V=2, optional CSRCs and a one-byte-header extension block (0xBEDE) of whole words.</summary>
    public static byte[] Rtp(
        ushort sequenceNumber,
        uint ssrc = 0x11223344,
        uint timestamp = 0x01020304,
        byte payloadType = 96,
        uint[]? csrcs = null,
        byte[]? extension = null,
        byte[]? payload = null)
    {
        csrcs ??= [];
        payload ??= [0xDE, 0xAD, 0xBE, 0xEF, 0x01, 0x02, 0x03];
        int extensionWords = extension is null ? 0 : (extension.Length + 3) / 4;
        int headerLength = 12 + 4 * csrcs.Length + (extension is null ? 0 : 4 + 4 * extensionWords);
        var packet = new byte[headerLength + payload.Length];
        packet[0] = (byte)(0x80 | (extension is null ? 0 : 0x10) | csrcs.Length);
        packet[1] = (byte)(payloadType & 0x7F);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), sequenceNumber);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), ssrc);
        int offset = 12;
        foreach (uint csrc in csrcs)
        {
            BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(offset), csrc);
            offset += 4;
        }

        if (extension is not null)
        {
            BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(offset), 0xBEDE);
            BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(offset + 2), (ushort)extensionWords);
            extension.CopyTo(packet, offset + 4);
            offset += 4 + 4 * extensionWords;
        }

        payload.CopyTo(packet, offset);
        return packet;
    }

    /// <summary>A receiver report (PT 201) with <paramref name="body"/> after the sender SSRC; the length field is set from it.</summary>
    public static byte[] Rtcp(uint senderSsrc = 0x55667788, byte[]? body = null, byte packetType = 201)
    {
        body ??= new byte[24];
        int words = (8 + body.Length + 3) / 4;
        var packet = new byte[4 * words];
        packet[0] = 0x81;
        packet[1] = packetType;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), (ushort)(words - 1));
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), senderSsrc);
        body.CopyTo(packet, 8);
        return packet;
    }

    /// <summary>A buffer holding <paramref name="packet"/> with room for the largest SRTP/SRTCP overhead.</summary>
    public static byte[] WithRoom(byte[] packet)
    {
        var buffer = new byte[packet.Length + SrtpProfiles.MaxRtcpOverhead];
        packet.CopyTo(buffer, 0);
        return buffer;
    }

    /// <summary>Master key and salt of the profile's lengths, from a seed.</summary>
    public static SrtpMasterKey MasterKey(SrtpProfile profile, int seed = 1)
    {
        var bytes = new byte[profile.MasterLength()];
        new Random(seed).NextBytes(bytes);
        return SrtpMasterKey.FromConcatenated(profile, bytes);
    }

    /// <summary>Protects a copy of <paramref name="plain"/> with <paramref name="sender"/> and returns exactly the protected bytes.</summary>
    public static byte[] ProtectRtp(SrtpContext sender, byte[] plain)
    {
        var buffer = WithRoom(plain);
        Assert.True(sender.TryProtectRtp(buffer, plain.Length, out int length, out var error), error.ToString());
        return buffer[..length];
    }

    public static byte[] ProtectRtcp(SrtpContext sender, byte[] plain)
    {
        var buffer = WithRoom(plain);
        Assert.True(sender.TryProtectRtcp(buffer, plain.Length, out int length, out var error), error.ToString());
        return buffer[..length];
    }
}
