using Sfu.Contracts;

namespace Sfu.Media.Srtp;

/// <summary>
/// The SRTP protection profiles the SFU offers (mediasoup v3 SEC4). The numeric values are the DTLS-SRTP
/// protection profile identifiers (RFC 5764 §4.1.2, RFC 7714 §14.2).
/// </summary>
public enum SrtpProfile : ushort
{
    /// <summary>AES-128 counter mode, HMAC-SHA1 with an 80-bit tag (RFC 3711 §4.1.1, §4.2.1). Master 16 + 14 bytes.</summary>
    AesCm128HmacSha1_80 = 0x0001,

    /// <summary>AES-128 counter mode, HMAC-SHA1 with a 32-bit RTP tag; SRTCP keeps the 80-bit tag (RFC 5764 §4.1.2). Master 16 + 14 bytes.</summary>
    AesCm128HmacSha1_32 = 0x0002,

    /// <summary>AES-128-GCM with a 16-byte tag (RFC 7714). Master 16 + 12 bytes.</summary>
    AeadAes128Gcm = 0x0007,

    /// <summary>AES-256-GCM with a 16-byte tag (RFC 7714). Master 32 + 12 bytes.</summary>
    AeadAes256Gcm = 0x0008,
}

/// <summary>Sizes and names of the <see cref="SrtpProfile"/>s.</summary>
public static class SrtpProfiles
{
    /// <summary>The most bytes protecting an RTP packet adds (the 16-byte GCM tag).</summary>
    public const int MaxRtpOverhead = 16;

    /// <summary>The most bytes protecting an RTCP packet adds (the 16-byte GCM tag and the 4-byte E flag and SRTCP index).</summary>
    public const int MaxRtcpOverhead = 20;

    /// <summary>The four profiles, in mediasoup's DTLS preference order (SEC3).</summary>
    public static IReadOnlyList<SrtpProfile> All { get; } =
    [
        SrtpProfile.AeadAes256Gcm,
        SrtpProfile.AeadAes128Gcm,
        SrtpProfile.AesCm128HmacSha1_80,
        SrtpProfile.AesCm128HmacSha1_32,
    ];

    /// <summary>mediasoup's <c>cryptoSuite</c> string, e.g. <c>AES_CM_128_HMAC_SHA1_80</c>.</summary>
    public static string ToSuiteName(this SrtpProfile profile) => profile switch
    {
        SrtpProfile.AesCm128HmacSha1_80 => "AES_CM_128_HMAC_SHA1_80",
        SrtpProfile.AesCm128HmacSha1_32 => "AES_CM_128_HMAC_SHA1_32",
        SrtpProfile.AeadAes128Gcm => "AEAD_AES_128_GCM",
        SrtpProfile.AeadAes256Gcm => "AEAD_AES_256_GCM",
        _ => throw Unknown(profile),
    };

    /// <summary>Parses mediasoup's <c>cryptoSuite</c> string (exact, case-sensitive, as mediasoup compares it).</summary>
    public static bool TryParseSuiteName(string? suite, out SrtpProfile profile)
    {
        switch (suite)
        {
            case "AES_CM_128_HMAC_SHA1_80": profile = SrtpProfile.AesCm128HmacSha1_80; return true;
            case "AES_CM_128_HMAC_SHA1_32": profile = SrtpProfile.AesCm128HmacSha1_32; return true;
            case "AEAD_AES_128_GCM": profile = SrtpProfile.AeadAes128Gcm; return true;
            case "AEAD_AES_256_GCM": profile = SrtpProfile.AeadAes256Gcm; return true;
            default: profile = default; return false;
        }
    }

    /// <summary>Parses mediasoup's <c>cryptoSuite</c> string; an unknown suite is a <see cref="TypeError"/>.</summary>
    public static SrtpProfile ParseSuiteName(string? suite) =>
        TryParseSuiteName(suite, out var profile)
            ? profile
            : throw new TypeError($"invalid/unsupported srtpParameters.cryptoSuite '{suite}'");

    /// <summary>Maps a DTLS-SRTP protection profile identifier (RFC 5764 §4.1.2) to a profile this SFU supports.</summary>
    public static bool TryFromDtlsProfileId(ushort id, out SrtpProfile profile)
    {
        profile = (SrtpProfile)id;
        return IsDefined(profile);
    }

    /// <summary>The DTLS-SRTP protection profile identifier (RFC 5764 §4.1.2, RFC 7714 §14.2).</summary>
    public static ushort ToDtlsProfileId(this SrtpProfile profile) => IsDefined(profile) ? (ushort)profile : throw Unknown(profile);

    /// <summary>True for the AES-GCM profiles (RFC 7714).</summary>
    public static bool IsAead(this SrtpProfile profile) =>
        profile is SrtpProfile.AeadAes128Gcm or SrtpProfile.AeadAes256Gcm;

    /// <summary>Master key length in bytes: 16, or 32 for AEAD_AES_256_GCM.</summary>
    public static int MasterKeyLength(this SrtpProfile profile) => profile switch
    {
        SrtpProfile.AesCm128HmacSha1_80 or SrtpProfile.AesCm128HmacSha1_32 or SrtpProfile.AeadAes128Gcm => 16,
        SrtpProfile.AeadAes256Gcm => 32,
        _ => throw Unknown(profile),
    };

    /// <summary>Master salt length in bytes: 14 for AES-CM (RFC 3711 §8.2), 12 for AES-GCM (RFC 7714 §12).</summary>
    public static int MasterSaltLength(this SrtpProfile profile) => profile switch
    {
        SrtpProfile.AesCm128HmacSha1_80 or SrtpProfile.AesCm128HmacSha1_32 => 14,
        SrtpProfile.AeadAes128Gcm or SrtpProfile.AeadAes256Gcm => 12,
        _ => throw Unknown(profile),
    };

    /// <summary>Master key plus salt: 30, 30, 28 and 44 bytes (mediasoup SEC4; PlainTransport's <c>keyBase64</c>).</summary>
    public static int MasterLength(this SrtpProfile profile) => profile.MasterKeyLength() + profile.MasterSaltLength();

    /// <summary>Bytes of DTLS-exported keying material the profile needs: both sides' key and salt (RFC 5764 §4.2).</summary>
    public static int KeyingMaterialLength(this SrtpProfile profile) => 2 * profile.MasterLength();

    /// <summary>The RTP authentication tag length: 10, 4, or the 16-byte GCM tag.</summary>
    public static int RtpAuthTagLength(this SrtpProfile profile) => profile switch
    {
        SrtpProfile.AesCm128HmacSha1_80 => 10,
        SrtpProfile.AesCm128HmacSha1_32 => 4,
        SrtpProfile.AeadAes128Gcm or SrtpProfile.AeadAes256Gcm => 16,
        _ => throw Unknown(profile),
    };

    /// <summary>The SRTCP authentication tag length: 10 for both AES-CM profiles (RFC 5764 §4.1.2), 16 for GCM.</summary>
    public static int RtcpAuthTagLength(this SrtpProfile profile) => profile.IsAead() ? 16 : IsDefined(profile) ? 10 : throw Unknown(profile);

    /// <summary>Bytes protecting an RTP packet adds (the tag; no MKI is used).</summary>
    public static int RtpOverhead(this SrtpProfile profile) => profile.RtpAuthTagLength();

    /// <summary>Bytes protecting an RTCP packet adds: the tag and the 4-byte E flag and SRTCP index (RFC 3711 §3.4).</summary>
    public static int RtcpOverhead(this SrtpProfile profile) => profile.RtcpAuthTagLength() + 4;

    private static bool IsDefined(SrtpProfile profile) =>
        profile is SrtpProfile.AesCm128HmacSha1_80 or SrtpProfile.AesCm128HmacSha1_32
            or SrtpProfile.AeadAes128Gcm or SrtpProfile.AeadAes256Gcm;

    private static ArgumentOutOfRangeException Unknown(SrtpProfile profile) =>
        new(nameof(profile), profile, "Unknown SRTP profile.");
}
