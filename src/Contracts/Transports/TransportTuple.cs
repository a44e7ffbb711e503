namespace Sfu.Contracts.Transports;

/// <summary>
/// §3.9 A transport's 5-tuple: <c>{ localIp, localAddress, localPort, remoteIp?, remotePort?, protocol }</c>.
/// </summary>
/// <remarks>
/// <c>localIp</c> is mediasoup's deprecated copy of <c>localAddress</c>; both are written with the same value.
/// Reading a tuple that has only <c>localIp</c> fills <see cref="LocalAddress"/>; setting <see cref="LocalIp"/> once
/// <see cref="LocalAddress"/> is set changes nothing.
/// </remarks>
public sealed record TransportTuple
{
    /// <summary>Deprecated: the same value as <see cref="LocalAddress"/>.</summary>
    public string LocalIp
    {
        get => LocalAddress;
        init
        {
            if (string.IsNullOrEmpty(LocalAddress))
            {
                LocalAddress = value;
            }
        }
    }

    /// <summary>The announced address if given, else the bound IP (PT2).</summary>
    public string LocalAddress { get; init; } = "";

    public int LocalPort { get; init; }

    public string? RemoteIp { get; init; }

    public int? RemotePort { get; init; }

    public TransportProtocol Protocol { get; init; }
}
