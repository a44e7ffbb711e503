using Sfu.Media.Srtp;

namespace Sfu.Media.Tests.Srtp;

/// <summary>RFC 3711 Appendix B.2 (AES-CM keystream) and B.3 (key derivation).</summary>
public class Rfc3711AesCmVectors
{
    /// <summary>B.2: session key, and the offset (salt already shifted, SSRC 0, index 0) as the first counter block.</summary>
    private const string SessionKey = "2B7E151628AED2A6ABF7158809CF4F3C";
    private const string Offset = "F0F1F2F3F4F5F6F7F8F9FAFBFCFD0000";
    private const int SegmentBlocks = 65282;

    [Fact]
    public void B2_keystream_matches_the_first_three_and_last_three_blocks_of_the_segment()
    {
        using var ctr = new AesCounterMode(Hex.Decode(SessionKey));
        var keystream = new byte[SegmentBlocks * 16];
        ctr.Apply(Hex.Decode(Offset), keystream);

        Assert.Equal(
            Hex.Decode("E03EAD0935C95E80E166B16DD92B4EB4 D23513162B02D0F72A43A2FE4A5F97AB 41E95B3BB0A2E8DD477901E4FCA894C0"),
            keystream[..48]);
        // Counters ...FEFF, ...FF00, ...FF01.
        Assert.Equal(
            Hex.Decode("EC8CDF7398607CB0F2D21675EA9EA1E4 362B7C3C6773516318A077D7FC5073AE 6A2CC3787889374FBEB4C81B17BA6C44"),
            keystream[^48..]);
    }

    [Fact]
    public void B2_keystream_is_the_same_whether_applied_at_once_or_from_a_later_counter()
    {
        using var ctr = new AesCounterMode(Hex.Decode(SessionKey));
        var whole = new byte[5000];
        ctr.Apply(Hex.Decode(Offset), whole);

        var tail = new byte[5000 - 16 * 100];
        ctr.Apply(Hex.Decode("F0F1F2F3F4F5F6F7F8F9FAFBFCFD0064"), tail);

        Assert.Equal(whole[(16 * 100)..], tail);
    }

    private const string MasterKey = "E1F97A0D3E018BE0D64FA32C06DE4139";
    private const string MasterSalt = "0EC675AD498AFEEBB6960B3AABE6";

    [Fact]
    public void B3_derives_the_cipher_key()
    {
        var key = new byte[16];
        SrtpKeyDerivation.DeriveSessionKey(Hex.Decode(MasterKey), Hex.Decode(MasterSalt), SrtpKeyLabel.RtpEncryption, key);
        Assert.Equal(Hex.Decode("C61E7A93744F39EE10734AFE3FF7A087"), key);
    }

    [Fact]
    public void B3_derives_the_cipher_salt()
    {
        var salt = new byte[14];
        SrtpKeyDerivation.DeriveSessionKey(Hex.Decode(MasterKey), Hex.Decode(MasterSalt), SrtpKeyLabel.RtpSalt, salt);
        Assert.Equal(Hex.Decode("30CBBC08863D8C85D49DB34A9AE1"), salt);
    }

    [Fact]
    public void B3_derives_the_94_octet_auth_key_across_six_counter_blocks()
    {
        var auth = new byte[94];
        SrtpKeyDerivation.DeriveSessionKey(Hex.Decode(MasterKey), Hex.Decode(MasterSalt), SrtpKeyLabel.RtpAuthentication, auth);
        Assert.Equal(
            Hex.Decode("""
                CEBE321F6FF7716B6FD4AB49AF256A15 6D38BAA48F0A0ACF3C34E2359E6CDBCE
                E049646C43D9327AD175578EF7227098 6371C10C9A369AC2F94A8C5FBCDDDC25
                6D6E919A48B610EF17C2041E47403576 6B68642C59BBFC2F34DB60DBDFB2
                """),
            auth);
    }
}
