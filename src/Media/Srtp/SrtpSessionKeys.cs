using System.Security.Cryptography;

namespace Sfu.Media.Srtp;

/// <summary>
/// The session keys of one SRTP context, derived once from a master key (RFC 3711 §4.3) or, for RFC test vectors,
/// given directly. The authentication keys are empty for the AEAD profiles, which authenticate with GCM.
/// </summary>
internal sealed class SrtpSessionKeys
{
    /// <summary>HMAC-SHA1 keys are 160 bits (RFC 3711 §8.2).</summary>
    public const int AuthKeyLength = 20;

    public required byte[] RtpKey { get; init; }
    public required byte[] RtpSalt { get; init; }
    public byte[] RtpAuthKey { get; init; } = [];
    public required byte[] RtcpKey { get; init; }
    public required byte[] RtcpSalt { get; init; }
    public byte[] RtcpAuthKey { get; init; } = [];

    /// <summary>Zeroes every key and salt.</summary>
    public void Clear()
    {
        CryptographicOperations.ZeroMemory(RtpKey);
        CryptographicOperations.ZeroMemory(RtpSalt);
        CryptographicOperations.ZeroMemory(RtpAuthKey);
        CryptographicOperations.ZeroMemory(RtcpKey);
        CryptographicOperations.ZeroMemory(RtcpSalt);
        CryptographicOperations.ZeroMemory(RtcpAuthKey);
    }

    public static SrtpSessionKeys Derive(SrtpProfile profile, ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> masterSalt)
    {
        if (masterKey.Length != profile.MasterKeyLength())
        {
            throw new ArgumentException($"{profile.ToSuiteName()} needs a {profile.MasterKeyLength()}-byte master key.", nameof(masterKey));
        }

        if (masterSalt.Length != profile.MasterSaltLength())
        {
            throw new ArgumentException($"{profile.ToSuiteName()} needs a {profile.MasterSaltLength()}-byte master salt.", nameof(masterSalt));
        }

        int keyLength = masterKey.Length;
        int saltLength = masterSalt.Length;
        int authLength = profile.IsAead() ? 0 : AuthKeyLength;
        var keys = new SrtpSessionKeys
        {
            RtpKey = new byte[keyLength],
            RtpSalt = new byte[saltLength],
            RtpAuthKey = new byte[authLength],
            RtcpKey = new byte[keyLength],
            RtcpSalt = new byte[saltLength],
            RtcpAuthKey = new byte[authLength],
        };
        SrtpKeyDerivation.DeriveSessionKey(masterKey, masterSalt, SrtpKeyLabel.RtpEncryption, keys.RtpKey);
        SrtpKeyDerivation.DeriveSessionKey(masterKey, masterSalt, SrtpKeyLabel.RtpSalt, keys.RtpSalt);
        SrtpKeyDerivation.DeriveSessionKey(masterKey, masterSalt, SrtpKeyLabel.RtpAuthentication, keys.RtpAuthKey);
        SrtpKeyDerivation.DeriveSessionKey(masterKey, masterSalt, SrtpKeyLabel.RtcpEncryption, keys.RtcpKey);
        SrtpKeyDerivation.DeriveSessionKey(masterKey, masterSalt, SrtpKeyLabel.RtcpSalt, keys.RtcpSalt);
        SrtpKeyDerivation.DeriveSessionKey(masterKey, masterSalt, SrtpKeyLabel.RtcpAuthentication, keys.RtcpAuthKey);
        return keys;
    }
}
