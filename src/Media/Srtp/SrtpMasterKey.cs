using System.Security.Cryptography;
using Sfu.Contracts;

namespace Sfu.Media.Srtp;

/// <summary>
/// A master key and master salt for one profile. mediasoup's PlainTransport carries them as
/// <c>srtpParameters.keyBase64</c> = base64(key || salt) (PT5, SEC4); DTLS exports them per RFC 5764 §4.2
/// (<see cref="SrtpKeyingMaterial"/>).
/// </summary>
public sealed class SrtpMasterKey
{
    private readonly byte[] _key;
    private readonly byte[] _salt;

    private SrtpMasterKey(SrtpProfile profile, byte[] key, byte[] salt)
    {
        Profile = profile;
        _key = key;
        _salt = salt;
    }

    public SrtpProfile Profile { get; }

    /// <summary>The master key: 16 bytes, or 32 for AEAD_AES_256_GCM.</summary>
    public ReadOnlyMemory<byte> Key => _key;

    /// <summary>The master salt: 14 bytes for AES-CM, 12 for AES-GCM.</summary>
    public ReadOnlyMemory<byte> Salt => _salt;

    /// <summary>Copies a key and a salt of the profile's lengths.</summary>
    public static SrtpMasterKey Create(SrtpProfile profile, ReadOnlySpan<byte> key, ReadOnlySpan<byte> salt)
    {
        if (key.Length != profile.MasterKeyLength() || salt.Length != profile.MasterSaltLength())
        {
            throw new ArgumentException(
                $"{profile.ToSuiteName()} needs a {profile.MasterKeyLength()}-byte key and a {profile.MasterSaltLength()}-byte salt.");
        }

        return new SrtpMasterKey(profile, key.ToArray(), salt.ToArray());
    }

    /// <summary>Splits key || salt; false unless it is exactly <see cref="SrtpProfiles.MasterLength"/> bytes.</summary>
    public static bool TryFromConcatenated(SrtpProfile profile, ReadOnlySpan<byte> keyAndSalt, out SrtpMasterKey? masterKey)
    {
        int keyLength = profile.MasterKeyLength();
        if (keyAndSalt.Length != profile.MasterLength())
        {
            masterKey = null;
            return false;
        }

        masterKey = new SrtpMasterKey(profile, keyAndSalt[..keyLength].ToArray(), keyAndSalt[keyLength..].ToArray());
        return true;
    }

    /// <summary>Splits key || salt; a wrong length is an <see cref="ArgumentException"/>.</summary>
    public static SrtpMasterKey FromConcatenated(SrtpProfile profile, ReadOnlySpan<byte> keyAndSalt) =>
        TryFromConcatenated(profile, keyAndSalt, out var masterKey)
            ? masterKey!
            : throw new ArgumentException(
                $"{profile.ToSuiteName()} needs {profile.MasterLength()} bytes of key and salt, got {keyAndSalt.Length}.",
                nameof(keyAndSalt));

    /// <summary>Decodes mediasoup's <c>keyBase64</c>; false for invalid base64 or a wrong decoded length.</summary>
    public static bool TryFromBase64(SrtpProfile profile, string? keyBase64, out SrtpMasterKey? masterKey)
    {
        masterKey = null;
        if (string.IsNullOrEmpty(keyBase64))
        {
            return false;
        }

        Span<byte> bytes = stackalloc byte[64];
        return Convert.TryFromBase64String(keyBase64, bytes, out int written)
            && TryFromConcatenated(profile, bytes[..written], out masterKey);
    }

    /// <summary>Decodes mediasoup's <c>keyBase64</c>; invalid input is a <see cref="TypeError"/> (mediasoup PT3).</summary>
    public static SrtpMasterKey FromBase64(SrtpProfile profile, string? keyBase64) =>
        TryFromBase64(profile, keyBase64, out var masterKey)
            ? masterKey!
            : throw new TypeError($"invalid srtpParameters.keyBase64 for {profile.ToSuiteName()} (must decode to {profile.MasterLength()} bytes)");

    /// <summary>A fresh random master key and salt (PlainTransport's local <c>srtpParameters</c>).</summary>
    public static SrtpMasterKey Generate(SrtpProfile profile) =>
        new(profile,
            RandomNumberGenerator.GetBytes(profile.MasterKeyLength()),
            RandomNumberGenerator.GetBytes(profile.MasterSaltLength()));

    /// <summary>key || salt.</summary>
    public byte[] ToConcatenated() => [.. _key, .. _salt];

    /// <summary>base64(key || salt): 40 characters, or 60 for AEAD_AES_256_GCM (mediasoup SEC4).</summary>
    public string ToBase64() => Convert.ToBase64String(ToConcatenated());

    /// <summary>Does not print the key.</summary>
    public override string ToString() => $"SrtpMasterKey({Profile.ToSuiteName()})";
}
