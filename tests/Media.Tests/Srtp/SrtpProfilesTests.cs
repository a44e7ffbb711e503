using Sfu.Contracts;
using Sfu.Media.Srtp;

namespace Sfu.Media.Tests.Srtp;

public class SrtpProfilesTests
{
    [Theory]
    [InlineData("AES_CM_128_HMAC_SHA1_80", SrtpProfile.AesCm128HmacSha1_80, 16, 14, 30, 10, 10)]
    [InlineData("AES_CM_128_HMAC_SHA1_32", SrtpProfile.AesCm128HmacSha1_32, 16, 14, 30, 4, 10)]
    [InlineData("AEAD_AES_128_GCM", SrtpProfile.AeadAes128Gcm, 16, 12, 28, 16, 16)]
    [InlineData("AEAD_AES_256_GCM", SrtpProfile.AeadAes256Gcm, 32, 12, 44, 16, 16)]
    public void Suite_names_and_lengths_are_mediasoups(
        string suite, SrtpProfile profile, int key, int salt, int master, int rtpTag, int rtcpTag)
    {
        Assert.True(SrtpProfiles.TryParseSuiteName(suite, out var parsed));
        Assert.Equal(profile, parsed);
        Assert.Equal(suite, profile.ToSuiteName());
        Assert.Equal(key, profile.MasterKeyLength());
        Assert.Equal(salt, profile.MasterSaltLength());
        Assert.Equal(master, profile.MasterLength());
        Assert.Equal(2 * master, profile.KeyingMaterialLength());
        Assert.Equal(rtpTag, profile.RtpAuthTagLength());
        Assert.Equal(rtcpTag, profile.RtcpAuthTagLength());
        Assert.Equal(rtpTag, profile.RtpOverhead());
        Assert.Equal(rtcpTag + 4, profile.RtcpOverhead());
        Assert.True(profile.RtpOverhead() <= SrtpProfiles.MaxRtpOverhead);
        Assert.True(profile.RtcpOverhead() <= SrtpProfiles.MaxRtcpOverhead);
    }

    [Theory]
    [InlineData("aes_cm_128_hmac_sha1_80")]
    [InlineData("AES_256_CM_HMAC_SHA1_80")]
    [InlineData("")]
    [InlineData(null)]
    public void Unknown_suite_names_do_not_parse_and_are_a_TypeError(string? suite)
    {
        Assert.False(SrtpProfiles.TryParseSuiteName(suite, out _));
        var error = Assert.Throws<TypeError>(() => SrtpProfiles.ParseSuiteName(suite));
        Assert.Equal(ErrorNames.TypeError, error.Name);
    }

    [Theory]
    [InlineData(0x0001, SrtpProfile.AesCm128HmacSha1_80)]
    [InlineData(0x0002, SrtpProfile.AesCm128HmacSha1_32)]
    [InlineData(0x0007, SrtpProfile.AeadAes128Gcm)]
    [InlineData(0x0008, SrtpProfile.AeadAes256Gcm)]
    public void Dtls_protection_profile_ids_map_both_ways(ushort id, SrtpProfile profile)
    {
        Assert.True(SrtpProfiles.TryFromDtlsProfileId(id, out var parsed));
        Assert.Equal(profile, parsed);
        Assert.Equal(id, profile.ToDtlsProfileId());
    }

    [Theory]
    [InlineData(0x0000)]
    [InlineData(0x0005)] // SRTP_NULL_HMAC_SHA1_80: not offered
    [InlineData(0x0009)]
    public void Dtls_protection_profiles_the_sfu_does_not_offer_are_not_mapped(ushort id)
    {
        Assert.False(SrtpProfiles.TryFromDtlsProfileId(id, out _));
    }

    [Fact]
    public void All_lists_the_profiles_in_mediasoups_dtls_preference_order()
    {
        Assert.Equal(
            [SrtpProfile.AeadAes256Gcm, SrtpProfile.AeadAes128Gcm, SrtpProfile.AesCm128HmacSha1_80, SrtpProfile.AesCm128HmacSha1_32],
            SrtpProfiles.All);
    }
}
