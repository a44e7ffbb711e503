using Sfu.Contracts;
using Sfu.Media.Srtp;

namespace Sfu.Media.Tests.Srtp;

public class SrtpMasterKeyTests
{
    [Theory]
    [InlineData(SrtpProfile.AesCm128HmacSha1_80, 40)]
    [InlineData(SrtpProfile.AesCm128HmacSha1_32, 40)]
    [InlineData(SrtpProfile.AeadAes128Gcm, 40)]
    [InlineData(SrtpProfile.AeadAes256Gcm, 60)]
    public void A_generated_key_has_mediasoups_base64_length_and_round_trips(SrtpProfile profile, int base64Length)
    {
        var key = SrtpMasterKey.Generate(profile);
        string base64 = key.ToBase64();

        Assert.Equal(base64Length, base64.Length);
        var parsed = SrtpMasterKey.FromBase64(profile, base64);
        Assert.Equal(key.Key.ToArray(), parsed.Key.ToArray());
        Assert.Equal(key.Salt.ToArray(), parsed.Salt.ToArray());
    }

    [Fact]
    public void Two_generated_keys_differ()
    {
        Assert.NotEqual(
            SrtpMasterKey.Generate(SrtpProfile.AeadAes256Gcm).ToBase64(),
            SrtpMasterKey.Generate(SrtpProfile.AeadAes256Gcm).ToBase64());
    }

    [Fact]
    public void Concatenated_key_and_salt_split_at_the_key_length()
    {
        var bytes = Enumerable.Range(1, 44).Select(i => (byte)i).ToArray();

        var key = SrtpMasterKey.FromConcatenated(SrtpProfile.AeadAes256Gcm, bytes);

        Assert.Equal(bytes[..32], key.Key.ToArray());
        Assert.Equal(bytes[32..], key.Salt.ToArray());
        Assert.Equal(bytes, key.ToConcatenated());
    }

    [Theory]
    [InlineData(SrtpProfile.AesCm128HmacSha1_80, 29)]
    [InlineData(SrtpProfile.AesCm128HmacSha1_80, 31)]
    [InlineData(SrtpProfile.AeadAes128Gcm, 30)]
    [InlineData(SrtpProfile.AeadAes256Gcm, 30)]
    public void A_wrong_length_does_not_split(SrtpProfile profile, int length)
    {
        Assert.False(SrtpMasterKey.TryFromConcatenated(profile, new byte[length], out _));
        Assert.Throws<ArgumentException>(() => SrtpMasterKey.FromConcatenated(profile, new byte[length]));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not base64!")]
    [InlineData("AAAA")] // 3 bytes
    public void A_bad_keyBase64_is_a_TypeError(string? keyBase64)
    {
        Assert.False(SrtpMasterKey.TryFromBase64(SrtpProfile.AesCm128HmacSha1_80, keyBase64, out _));
        Assert.Throws<TypeError>(() => SrtpMasterKey.FromBase64(SrtpProfile.AesCm128HmacSha1_80, keyBase64));
    }

    [Fact]
    public void A_key_for_the_256_bit_suite_is_a_TypeError_for_the_128_bit_suites()
    {
        string base64 = SrtpMasterKey.Generate(SrtpProfile.AeadAes256Gcm).ToBase64();

        Assert.Throws<TypeError>(() => SrtpMasterKey.FromBase64(SrtpProfile.AesCm128HmacSha1_80, base64));
        Assert.Throws<TypeError>(() => SrtpMasterKey.FromBase64(SrtpProfile.AeadAes128Gcm, base64));
    }

    [Fact]
    public void ToString_does_not_reveal_the_key()
    {
        var key = SrtpMasterKey.Generate(SrtpProfile.AesCm128HmacSha1_80);
        Assert.DoesNotContain(key.ToBase64(), key.ToString());
        Assert.Contains("AES_CM_128_HMAC_SHA1_80", key.ToString());
    }
}
