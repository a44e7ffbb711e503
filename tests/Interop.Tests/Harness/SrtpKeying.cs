using Sfu.Contracts.Transports;
using Sfu.Media.Srtp;

namespace Sfu.Interop.Tests.Harness;

/// <summary>
/// One SRTP suite and master key in mediasoup's form (<c>srtpParameters</c>: <c>cryptoSuite</c> and
/// <c>keyBase64</c> = base64(master key ‖ master salt), RFC 3711 §8.2), with the spellings the tools want:
/// GStreamer's srtpenc/srtpdec take the same key ‖ salt bytes as hex plus cipher and auth names; ffmpeg takes the
/// base64 (<c>-srtp_out_params</c>, SDP <c>a=crypto … inline:</c>) but only the AES-CM suites.
/// </summary>
public sealed record SrtpKeying(SrtpProfile Profile, string KeyBase64)
{
    /// <summary>mediasoup's <c>cryptoSuite</c> string, e.g. <c>AES_CM_128_HMAC_SHA1_80</c>.</summary>
    public string CryptoSuite => Profile.ToSuiteName();

    /// <summary>Master key ‖ master salt.</summary>
    public byte[] KeyAndSalt => SrtpMasterKey.FromBase64(Profile, KeyBase64).ToConcatenated();

    /// <summary>Master key ‖ master salt in lowercase hex: GStreamer's serialization of a GstBuffer (srtpenc <c>key</c>, caps <c>srtp-key</c>).</summary>
    public string KeyHex => Convert.ToHexStringLower(KeyAndSalt);

    /// <summary>GStreamer's <c>GstSrtpCipherType</c> nick for RTP and RTCP.</summary>
    public string GstCipher => Profile switch
    {
        SrtpProfile.AesCm128HmacSha1_80 or SrtpProfile.AesCm128HmacSha1_32 => "aes-128-icm",
        SrtpProfile.AeadAes128Gcm => "aes-128-gcm",
        SrtpProfile.AeadAes256Gcm => "aes-256-gcm",
        _ => throw new ArgumentOutOfRangeException(nameof(Profile), Profile, null),
    };

    /// <summary>GStreamer's <c>GstSrtpAuthType</c> nick for RTP; the GCM suites authenticate inside the cipher ("null").</summary>
    public string GstRtpAuth => Profile switch
    {
        SrtpProfile.AesCm128HmacSha1_80 => "hmac-sha1-80",
        SrtpProfile.AesCm128HmacSha1_32 => "hmac-sha1-32",
        _ => "null",
    };

    /// <summary>GStreamer's auth nick for RTCP: SRTCP keeps the 80-bit tag in the _32 suite (RFC 5764 §4.1.2).</summary>
    public string GstRtcpAuth => Profile.IsAead() ? "null" : "hmac-sha1-80";

    /// <summary>Whether ffmpeg's SRTP (libavformat/srtp.c) implements this suite: only the AES-CM ones.</summary>
    public bool FfmpegSupports => !Profile.IsAead();

    /// <summary>A fresh random key for <paramref name="profile"/>.</summary>
    public static SrtpKeying Generate(SrtpProfile profile) => new(profile, SrtpMasterKey.Generate(profile).ToBase64());

    /// <summary>From the SFU's <c>srtpParameters</c> (a PlainTransport's <c>transport.srtpParameters</c>).</summary>
    public static SrtpKeying From(SrtpParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return new SrtpKeying(ToProfile(parameters.CryptoSuite), parameters.KeyBase64);
    }

    /// <summary>As <c>srtpParameters</c> for <c>plainTransport.connect({ srtpParameters })</c>.</summary>
    public SrtpParameters ToSrtpParameters() => new() { CryptoSuite = ToSuite(Profile), KeyBase64 = KeyBase64 };

    /// <summary>An SRTP context with this key (for a tap to decrypt what passes, or a test to encrypt).</summary>
    public SrtpContext CreateContext() => new(SrtpMasterKey.FromBase64(Profile, KeyBase64));

    public static SrtpProfile ToProfile(SrtpCryptoSuite suite) => suite switch
    {
        SrtpCryptoSuite.AesCm128HmacSha1Tag80 => SrtpProfile.AesCm128HmacSha1_80,
        SrtpCryptoSuite.AesCm128HmacSha1Tag32 => SrtpProfile.AesCm128HmacSha1_32,
        SrtpCryptoSuite.AeadAes128Gcm => SrtpProfile.AeadAes128Gcm,
        SrtpCryptoSuite.AeadAes256Gcm => SrtpProfile.AeadAes256Gcm,
        _ => throw new ArgumentOutOfRangeException(nameof(suite), suite, null),
    };

    public static SrtpCryptoSuite ToSuite(SrtpProfile profile) => profile switch
    {
        SrtpProfile.AesCm128HmacSha1_80 => SrtpCryptoSuite.AesCm128HmacSha1Tag80,
        SrtpProfile.AesCm128HmacSha1_32 => SrtpCryptoSuite.AesCm128HmacSha1Tag32,
        SrtpProfile.AeadAes128Gcm => SrtpCryptoSuite.AeadAes128Gcm,
        SrtpProfile.AeadAes256Gcm => SrtpCryptoSuite.AeadAes256Gcm,
        _ => throw new ArgumentOutOfRangeException(nameof(profile), profile, null),
    };

    /// <summary>Names the suite only; keys stay out of test names and logs.</summary>
    public override string ToString() => CryptoSuite;
}
