namespace Sfu.Media.Srtp;

/// <summary>The two contexts of a transport: <see cref="Send"/> protects outgoing packets, <see cref="Receive"/> unprotects incoming ones.</summary>
public sealed class SrtpContextPair : IDisposable
{
    public SrtpContextPair(SrtpContext send, SrtpContext receive)
    {
        Send = send;
        Receive = receive;
    }

    public SrtpContext Send { get; }

    public SrtpContext Receive { get; }

    /// <summary>Contexts from DTLS-exported keying material (RFC 5764 §4.2) for this endpoint's DTLS role.</summary>
    public static SrtpContextPair FromDtlsKeyingMaterial(SrtpProfile profile, ReadOnlySpan<byte> material, SrtpKeyingRole role, SrtpContextOptions? options = null)
    {
        SrtpKeyingMaterial.SelectKeys(profile, material, role, out var local, out var remote);
        return FromMasterKeys(local, remote, options);
    }

    /// <summary>
    /// Contexts from a local key (used to protect what this endpoint sends) and the remote peer's key (used to
    /// unprotect what it receives) — PlainTransport's local <c>srtpParameters</c> and those given to <c>connect</c>.
    /// </summary>
    public static SrtpContextPair FromMasterKeys(SrtpMasterKey local, SrtpMasterKey remote, SrtpContextOptions? options = null)
    {
        if (local.Profile != remote.Profile)
        {
            throw new ArgumentException("Both keys must be of the same profile.", nameof(remote));
        }

        var send = new SrtpContext(local, options);
        try
        {
            return new SrtpContextPair(send, new SrtpContext(remote, options));
        }
        catch
        {
            send.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        Send.Dispose();
        Receive.Dispose();
    }
}
