using Sfu.Media.Srtp;

namespace Sfu.Media.Tests.Srtp;

/// <summary>
/// RFC 6188 §7.1 (AES-256-CM keystream) and §7.2 (AES_256_CM_PRF key derivation). No AES-256-CM profile is offered,
/// but AEAD_AES_256_GCM derives its session keys with the same AES-256 PRF, so these prove that building block.
/// </summary>
public class Rfc6188AesCmVectors
{
    [Fact]
    public void Section_7_1_aes_256_keystream_matches_the_first_three_and_last_three_blocks()
    {
        using var ctr = new AesCounterMode(Hex.Decode("57f82fe3613fd170a85ec93c40b1f092 2ec4cb0dc025b58272147cc438944a98"));
        var keystream = new byte[65282 * 16];
        ctr.Apply(Hex.Decode("F0F1F2F3F4F5F6F7F8F9FAFBFCFD0000"), keystream);

        Assert.Equal(
            Hex.Decode("92bdd28a93c3f52511c677d08b5515a4 9da71b2378a854f67050756ded165bac 63c4868b7096d88421b563b8c94c9a31"),
            keystream[..48]);
        Assert.Equal(
            Hex.Decode("cea518c90fd91ced9cbb18c078a54711 3dbc4814f4da5f00a08772b63c6a046d 6eb246913062a16891433e97dd01a57f"),
            keystream[^48..]);
    }

    private const string MasterKey = "f0f04914b513f2763a1b1fa130f10e29 98f6f6e43e4309d1e622a0e332b9f1b6";
    private const string MasterSalt = "3b04803de51ee7c96423ab5b78d2";

    [Theory]
    [InlineData(SrtpKeyLabel.RtpEncryption, "5ba1064e30ec51613cad926c5a28ef73 1ec7fb397f70a960653caf06554cd8c4")]
    [InlineData(SrtpKeyLabel.RtpSalt, "fa31791685ca444a9e07c6c64e93")]
    [InlineData(SrtpKeyLabel.RtpAuthentication, "fd9c32d39ed5fbb5a9dc96b30818454d1313dc05")]
    public void Section_7_2_aes_256_prf_derives_the_session_keys(SrtpKeyLabel label, string expected)
    {
        var want = Hex.Decode(expected);
        var got = new byte[want.Length];
        SrtpKeyDerivation.DeriveSessionKey(Hex.Decode(MasterKey), Hex.Decode(MasterSalt), label, got);
        Assert.Equal(want, got);
    }
}
