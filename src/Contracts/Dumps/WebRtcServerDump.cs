namespace Sfu.Contracts.Dumps;

/// <summary>
/// S2 <c>webRtcServer.dump()</c>: <c>{ id, udpSockets[{ip,port}], tcpServers[{ip,port}], webRtcTransportIds,
/// localIceUsernameFragments[{localIceUsernameFragment, webRtcTransportId}], tupleHashes[{tupleHash, webRtcTransportId}] }</c>.
/// </summary>
public sealed record WebRtcServerDump
{
    public string Id { get; init; } = "";

    public IReadOnlyList<IpPort> UdpSockets { get; init; } = [];

    public IReadOnlyList<IpPort> TcpServers { get; init; } = [];

    public IReadOnlyList<string> WebRtcTransportIds { get; init; } = [];

    /// <summary>One entry per ufrag; after <c>restartIce</c> a transport has two (S3).</summary>
    public IReadOnlyList<IceUsernameFragmentEntry> LocalIceUsernameFragments { get; init; } = [];

    public IReadOnlyList<TupleHashEntry> TupleHashes { get; init; } = [];
}

/// <summary><c>{ ip, port }</c>: a bound socket.</summary>
public sealed record IpPort
{
    public string Ip { get; init; } = "";

    public int Port { get; init; }
}

/// <summary><c>{ localIceUsernameFragment, webRtcTransportId }</c> (mediasoup's <c>IceUserNameFragment</c>).</summary>
public sealed record IceUsernameFragmentEntry
{
    public string LocalIceUsernameFragment { get; init; } = "";

    public string WebRtcTransportId { get; init; } = "";
}

/// <summary><c>{ tupleHash, webRtcTransportId }</c>: a learned 5-tuple (hashed to a uint64) and its transport.</summary>
public sealed record TupleHashEntry
{
    public ulong TupleHash { get; init; }

    public string WebRtcTransportId { get; init; } = "";
}
