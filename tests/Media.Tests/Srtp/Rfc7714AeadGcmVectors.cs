using Sfu.Media.Srtp;
using Sfu.Media.Srtp.Ciphers;

namespace Sfu.Media.Tests.Srtp;

/// <summary>
/// RFC 7714 §16 (SRTP AEAD_AES_128_GCM and AEAD_AES_256_GCM, encryption and decryption) and §17 (SRTCP), exact
/// bytes. The RFC gives the session key and salt directly (no key derivation), SSRC 0x8041f8d3 with ROC 0 and
/// SEQ 0xf17b for RTP, and sender SSRC 0x4d617273 with SRTCP index 0x5d4 for RTCP.
/// </summary>
public class Rfc7714AeadGcmVectors
{
    private const string Key128 = "000102030405060708090a0b0c0d0e0f";
    private const string Key256 = "000102030405060708090a0b0c0d0e0f 101112131415161718191a1b1c1d1e1f";
    private const string Salt = "517569642070726f2071756f";

    private const string RtpPlain = """
        8040f17b 8041f8d3 5501a0b2 47616c6c 69612065 7374206f 6d6e6973 20646976
        69736120 696e2070 61727465 73207472 6573
        """;

    private const string RtcpPlain = """
        81c8000d 4d617273 4e545031 4e545032 52545020 0000042a 0000e930 4c756e61
        deadbeef deadbeef deadbeef deadbeef deadbeef
        """;

    private const uint RtcpSsrc = 0x4d617273;
    private const uint RtcpIndex = 0x5d4;

    public static TheoryData<string, string> RtpVectors => new()
    {
        // §16.1.1 / §16.1.2
        {
            Key128, """
            8040f17b 8041f8d3 5501a0b2 f24de3a3 fb34de6c acba861c 9d7e4bca be633bd5
            0d294e6f 42a5f47a 51c7d19b 36de3adf 8833899d 7f27beb1 6a9152cf 765ee439 0cce
            """
        },
        // §16.2.1 / §16.2.2
        {
            Key256, """
            8040f17b 8041f8d3 5501a0b2 32b1de78 a822fe12 ef9f78fa 332e33aa b1801238
            9a58e2f3 b50b2a02 76ffae0f 1ba63799 b87b7aa3 db36dfff d6b0f9bb 7878d7a7 6c13
            """
        },
    };

    public static TheoryData<string, string> RtcpVectors => new()
    {
        // §17.1.1 / §17.1.2
        {
            Key128, """
            81c8000d 4d617273 63e94885 dcdab67c a727d766 2f6b7e99 7ff5c0f7 6c06f32d
            c676a5f1 730d6fda 4ce09b46 86303ded 0bb9275b c84aa458 96cf4d2f c5abf872 45d9eade 800005d4
            """
        },
        // §17.2.1 / §17.2.2
        {
            Key256, """
            81c8000d 4d617273 d50ae4d1 f5ce5d30 4ba297e4 7d470c28 2c3ece5d bffe0a50
            a2eaa5c1 110555be 8415f658 c61de047 6f1b6fad 1d1eb30c 4446839f 57ff6f6c b26ac3be 800005d4
            """
        },
    };

    /// <summary>§17's authentication-only packets: E = 0, the RTCP packet in clear, then the tag and 0x000005d4.</summary>
    public static TheoryData<string, string> RtcpTagOnlyVectors => new()
    {
        { Key128, "841dd968 3dd78ec9 2ae58790 125f62b3 000005d4" },
        { Key256, "91db4afb feee5a97 8fab4393 ed2615fe 000005d4" },
    };

    [Theory]
    [MemberData(nameof(RtpVectors))]
    public void Section_16_rtp_encryption_produces_the_encrypted_and_tagged_packet(string key, string expected)
    {
        using var context = NewContext(key);
        var buffer = WithRoom(Hex.Decode(RtpPlain));

        Assert.True(context.TryProtectRtp(buffer, Hex.Decode(RtpPlain).Length, out int length, out var error), error.ToString());
        Assert.Equal(Hex.Decode(expected), buffer[..length]);
    }

    [Theory]
    [MemberData(nameof(RtpVectors))]
    public void Section_16_rtp_decryption_recovers_the_plaintext_packet(string key, string protectedPacket)
    {
        using var context = NewContext(key);
        var buffer = Hex.Decode(protectedPacket);

        Assert.True(context.TryUnprotectRtp(buffer, buffer.Length, out int length, out var error), error.ToString());
        Assert.Equal(Hex.Decode(RtpPlain), buffer[..length]);
    }

    [Theory]
    [MemberData(nameof(RtcpVectors))]
    public void Section_17_srtcp_encryption_produces_the_encrypted_and_tagged_packet_with_E_and_index(string key, string expected)
    {
        using var cipher = new AeadAesGcmCipher(SessionKeys(key));
        var plain = Hex.Decode(RtcpPlain);
        var buffer = WithRoom(plain);

        int length = cipher.ProtectRtcp(buffer, plain.Length, RtcpSsrc, RtcpIndex);

        Assert.Equal(Hex.Decode(expected), buffer[..length]);
    }

    [Theory]
    [MemberData(nameof(RtcpVectors))]
    public void Section_17_srtcp_decryption_recovers_the_plaintext_packet(string key, string protectedPacket)
    {
        using var context = NewContext(key);
        var buffer = Hex.Decode(protectedPacket);

        Assert.True(context.TryUnprotectRtcp(buffer, buffer.Length, out int length, out var error), error.ToString());
        Assert.Equal(Hex.Decode(RtcpPlain), buffer[..length]);
    }

    [Theory]
    [MemberData(nameof(RtcpTagOnlyVectors))]
    public void Section_17_srtcp_tag_only_packet_authenticates_and_stays_in_clear(string key, string trailer)
    {
        using var context = NewContext(key);
        var buffer = Hex.Decode(RtcpPlain + trailer);

        Assert.True(context.TryUnprotectRtcp(buffer, buffer.Length, out int length, out var error), error.ToString());
        Assert.Equal(Hex.Decode(RtcpPlain), buffer[..length]);
    }

    [Theory]
    [MemberData(nameof(RtcpTagOnlyVectors))]
    public void Section_17_srtcp_tag_only_packet_with_a_flipped_payload_bit_fails_authentication(string key, string trailer)
    {
        using var context = NewContext(key);
        var buffer = Hex.Decode(RtcpPlain + trailer);
        buffer[20] ^= 0x01;

        Assert.False(context.TryUnprotectRtcp(buffer, buffer.Length, out _, out var error));
        Assert.Equal(SrtpError.AuthenticationFailed, error);
    }

    private static SrtpSessionKeys SessionKeys(string key) => new()
    {
        RtpKey = Hex.Decode(key),
        RtpSalt = Hex.Decode(Salt),
        RtcpKey = Hex.Decode(key),
        RtcpSalt = Hex.Decode(Salt),
    };

    private static SrtpContext NewContext(string key)
    {
        var profile = Hex.Decode(key).Length == 16 ? SrtpProfile.AeadAes128Gcm : SrtpProfile.AeadAes256Gcm;
        return new SrtpContext(profile, SessionKeys(key));
    }

    private static byte[] WithRoom(byte[] packet)
    {
        var buffer = new byte[packet.Length + SrtpProfiles.MaxRtcpOverhead];
        packet.CopyTo(buffer, 0);
        return buffer;
    }
}
