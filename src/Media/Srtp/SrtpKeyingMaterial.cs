namespace Sfu.Media.Srtp;

/// <summary>Which end of the DTLS handshake this endpoint was; it decides which exported key it sends with.</summary>
public enum SrtpKeyingRole
{
    DtlsClient,
    DtlsServer,
}

/// <summary>
/// The keying material a DTLS-SRTP handshake exports (label <c>EXTRACTOR-dtls_srtp</c>), RFC 5764 §4.2:
/// <code>
/// client_write_SRTP_master_key[key_len] | server_write_SRTP_master_key[key_len] |
/// client_write_SRTP_master_salt[salt_len] | server_write_SRTP_master_salt[salt_len]
/// </code>
/// The client sends with the client key and salt and receives with the server's; the server the other way round.
/// </summary>
public static class SrtpKeyingMaterial
{
    /// <summary>Splits the exported material into the client's and the server's master keys.</summary>
    public static void Split(SrtpProfile profile, ReadOnlySpan<byte> material, out SrtpMasterKey client, out SrtpMasterKey server)
    {
        int keyLength = profile.MasterKeyLength();
        int saltLength = profile.MasterSaltLength();
        if (material.Length != profile.KeyingMaterialLength())
        {
            throw new ArgumentException(
                $"{profile.ToSuiteName()} needs {profile.KeyingMaterialLength()} bytes of keying material, got {material.Length}.",
                nameof(material));
        }

        var clientKey = material[..keyLength];
        var serverKey = material.Slice(keyLength, keyLength);
        var clientSalt = material.Slice(2 * keyLength, saltLength);
        var serverSalt = material.Slice(2 * keyLength + saltLength, saltLength);
        client = SrtpMasterKey.Create(profile, clientKey, clientSalt);
        server = SrtpMasterKey.Create(profile, serverKey, serverSalt);
    }

    /// <summary>Splits the material and picks the local (send) and remote (receive) keys for <paramref name="role"/>.</summary>
    public static void SelectKeys(SrtpProfile profile, ReadOnlySpan<byte> material, SrtpKeyingRole role, out SrtpMasterKey local, out SrtpMasterKey remote)
    {
        Split(profile, material, out var client, out var server);
        (local, remote) = role == SrtpKeyingRole.DtlsClient ? (client, server) : (server, client);
    }
}
