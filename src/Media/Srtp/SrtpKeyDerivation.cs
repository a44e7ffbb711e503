namespace Sfu.Media.Srtp;

/// <summary>The key derivation labels of RFC 3711 §4.3.2 (and §4.3.2 of RFC 6188 for AES-256).</summary>
public enum SrtpKeyLabel : byte
{
    RtpEncryption = 0x00,
    RtpAuthentication = 0x01,
    RtpSalt = 0x02,
    RtcpEncryption = 0x03,
    RtcpAuthentication = 0x04,
    RtcpSalt = 0x05,
}

/// <summary>
/// The SRTP key derivation function, AES-CM PRF (RFC 3711 §4.3.1 and §4.3.3; RFC 6188 §3 for AES-192/256;
/// RFC 7714 §11 for the AEAD profiles). The key derivation rate is 0, as DTLS-SRTP and mediasoup use it, so
/// <c>r = index DIV kdr</c> is always zero:
/// <code>
/// key_id = label || r                  (8 + 48 bits)
/// x      = key_id XOR master_salt      (112 bits, right-aligned)
/// output = AES-CM(master_key, IV = x * 2^16), truncated to the session key length
/// </code>
/// A 96-bit AEAD master salt is padded on the right with zero octets to 112 bits first, as libsrtp does.
/// </summary>
public static class SrtpKeyDerivation
{
    private const int SaltLength = 14;

    /// <summary>Fills <paramref name="destination"/> (any length) with the session key for <paramref name="label"/>.</summary>
    /// <param name="masterKey">16, 24 or 32 bytes.</param>
    /// <param name="masterSalt">14 bytes (AES-CM) or 12 bytes (AEAD, padded with two zero octets).</param>
    public static void DeriveSessionKey(ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> masterSalt, SrtpKeyLabel label, Span<byte> destination)
    {
        if (masterSalt.Length > SaltLength)
        {
            throw new ArgumentException("The master salt is at most 14 bytes.", nameof(masterSalt));
        }

        Span<byte> iv = stackalloc byte[16];
        iv.Clear();
        masterSalt.CopyTo(iv);
        // key_id is right-aligned against the 14-byte salt: the label is octet 7, r (six zero octets) octets 8..13.
        iv[7] ^= (byte)label;

        destination.Clear();
        using var ctr = new AesCounterMode(masterKey);
        ctr.Apply(iv, destination);
    }
}
