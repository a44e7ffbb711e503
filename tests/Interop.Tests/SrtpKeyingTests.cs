using Sfu.Contracts.Transports;
using Sfu.Interop.Tests.Harness;
using Sfu.Media.Srtp;

namespace Sfu.Interop.Tests;

/// <summary>mediasoup's keyBase64 turned into what GStreamer and ffmpeg take.</summary>
public sealed class SrtpKeyingTests
{
    [Theory]
    [InlineData(SrtpProfile.AesCm128HmacSha1_80, "aes-128-icm", "hmac-sha1-80", "hmac-sha1-80", true)]
    [InlineData(SrtpProfile.AesCm128HmacSha1_32, "aes-128-icm", "hmac-sha1-32", "hmac-sha1-80", true)]
    [InlineData(SrtpProfile.AeadAes128Gcm, "aes-128-gcm", "null", "null", false)]
    [InlineData(SrtpProfile.AeadAes256Gcm, "aes-256-gcm", "null", "null", false)]
    public void Each_suite_maps_to_gstreamer_cipher_and_auth_names(SrtpProfile profile, string cipher, string rtpAuth, string rtcpAuth, bool ffmpeg)
    {
        var key = SrtpKeying.Generate(profile);

        Assert.Equal((cipher, rtpAuth, rtcpAuth, ffmpeg), (key.GstCipher, key.GstRtpAuth, key.GstRtcpAuth, key.FfmpegSupports));
        Assert.Equal(profile.ToSuiteName(), key.CryptoSuite);
    }

    [Fact]
    public void The_gstreamer_key_is_the_same_key_and_salt_bytes_in_hex()
    {
        // mediasoup keyBase64 = base64(master key 16 bytes ‖ master salt 14 bytes); here the bytes 0..29.
        byte[] bytes = [.. Enumerable.Range(0, 30).Select(i => (byte)i)];
        var key = new SrtpKeying(SrtpProfile.AesCm128HmacSha1_80, Convert.ToBase64String(bytes));

        Assert.Equal("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d", key.KeyHex);
        Assert.Equal(bytes, key.KeyAndSalt);
    }

    [Theory]
    [InlineData(SrtpProfile.AesCm128HmacSha1_80, 30)]
    [InlineData(SrtpProfile.AesCm128HmacSha1_32, 30)]
    [InlineData(SrtpProfile.AeadAes128Gcm, 28)]
    [InlineData(SrtpProfile.AeadAes256Gcm, 44)]
    public void Generated_keys_have_the_suite_length_and_differ(SrtpProfile profile, int bytes)
    {
        var a = SrtpKeying.Generate(profile);
        var b = SrtpKeying.Generate(profile);

        Assert.Equal(2 * bytes, a.KeyHex.Length);
        Assert.NotEqual(a.KeyBase64, b.KeyBase64);
    }

    [Theory]
    [InlineData(SrtpCryptoSuite.AesCm128HmacSha1Tag80)]
    [InlineData(SrtpCryptoSuite.AesCm128HmacSha1Tag32)]
    [InlineData(SrtpCryptoSuite.AeadAes128Gcm)]
    [InlineData(SrtpCryptoSuite.AeadAes256Gcm)]
    public void Srtp_parameters_of_the_sfu_round_trip(SrtpCryptoSuite suite)
    {
        var key = SrtpKeying.Generate(SrtpKeying.ToProfile(suite));

        var parameters = key.ToSrtpParameters();

        Assert.Equal(suite, parameters.CryptoSuite);
        Assert.Equal(key, SrtpKeying.From(parameters));
    }

    [Fact]
    public void A_key_of_the_wrong_length_for_its_suite_is_refused()
    {
        var key = new SrtpKeying(SrtpProfile.AeadAes256Gcm, SrtpKeying.Generate(SrtpProfile.AesCm128HmacSha1_80).KeyBase64);

        Assert.ThrowsAny<Exception>(() => key.KeyHex);
    }

    [Fact]
    public void The_key_is_not_printed()
    {
        var key = SrtpKeying.Generate(SrtpProfile.AeadAes128Gcm);

        Assert.Equal("AEAD_AES_128_GCM", key.ToString());
    }
}
