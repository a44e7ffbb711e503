using System.Text.Json.Serialization;
using Sfu.Contracts.Json;

namespace Sfu.Contracts.Transports;

/// <summary>
/// §3.8 <c>{ cryptoSuite, keyBase64 }</c>: SRTP keying for Plain and Pipe transports. <c>keyBase64</c> is the
/// master key followed by the master salt (RFC 3711 §8.2), Base64-encoded (SEC4 gives the lengths).
/// </summary>
public sealed record SrtpParameters
{
    public required SrtpCryptoSuite CryptoSuite { get; init; }

    public required string KeyBase64 { get; init; }
}

/// <summary>SRTP crypto suites, spelled as on the wire (RFC 4568 §6.2, RFC 7714 §14.2).</summary>
[JsonConverter(typeof(WireEnumConverter<SrtpCryptoSuite>))]
public enum SrtpCryptoSuite
{
    /// <summary>AES-256 GCM, 16-byte tag (RFC 7714 §14.2); master key 32 B + salt 12 B.</summary>
    [JsonStringEnumMemberName("AEAD_AES_256_GCM")] AeadAes256Gcm,

    /// <summary>AES-128 GCM, 16-byte tag (RFC 7714 §14.2); master key 16 B + salt 12 B.</summary>
    [JsonStringEnumMemberName("AEAD_AES_128_GCM")] AeadAes128Gcm,

    /// <summary>AES-128 counter mode, HMAC-SHA1 80-bit tag (RFC 3711 §5; RFC 4568 §6.2.1).</summary>
    [JsonStringEnumMemberName("AES_CM_128_HMAC_SHA1_80")] AesCm128HmacSha1Tag80,

    /// <summary>AES-128 counter mode, HMAC-SHA1 32-bit RTP tag (RFC 4568 §6.2.2; SRTCP keeps 80 bits).</summary>
    [JsonStringEnumMemberName("AES_CM_128_HMAC_SHA1_32")] AesCm128HmacSha1Tag32,
}
