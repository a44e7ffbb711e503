using System.Text.Json.Serialization;
using Sfu.Contracts.Json;

namespace Sfu.Contracts.Transports;

/// <summary>
/// §3.5 <c>{ usernameFragment, password, iceLite? }</c>: the server's ICE credentials (RFC 8445 §5.3).
/// The server is ICE-lite and always sends <c>iceLite: true</c> (WT2).
/// </summary>
public sealed record IceParameters
{
    public required string UsernameFragment { get; init; }

    public required string Password { get; init; }

    public bool? IceLite { get; init; }
}

/// <summary>
/// §3.6 A local ICE candidate (RFC 8445 §5.1.1):
/// <c>{ foundation, priority, ip, address, protocol, port, type, tcpType? }</c>.
/// </summary>
/// <remarks>
/// <c>ip</c> is mediasoup's deprecated copy of <c>address</c>; both are written with the same value because
/// mediasoup-client reads <c>address ?? ip</c>. Reading a candidate that has only <c>ip</c> fills <see cref="Address"/>;
/// setting <see cref="Ip"/> once <see cref="Address"/> is set changes nothing.
/// </remarks>
public sealed record IceCandidate
{
    public string Foundation { get; init; } = "";

    /// <summary>uint32 priority (RFC 8445 §5.1.2).</summary>
    public uint Priority { get; init; }

    /// <summary>Deprecated: the same value as <see cref="Address"/>.</summary>
    public string Ip
    {
        get => Address;
        init
        {
            if (string.IsNullOrEmpty(Address))
            {
                Address = value;
            }
        }
    }

    /// <summary>The announced address (IP or hostname) if given, else the bound IP (WT3).</summary>
    public string Address { get; init; } = "";

    public TransportProtocol Protocol { get; init; }

    public int Port { get; init; }

    public IceCandidateType Type { get; init; }

    /// <summary>TCP candidates only; the server emits <c>'passive'</c> (RFC 6544 §4.5).</summary>
    public IceCandidateTcpType? TcpType { get; init; }
}

/// <summary>Candidate type (RFC 8839 §5.1 <c>cand-type</c>). The server emits only <c>'host'</c>; clients know the others.</summary>
[JsonConverter(typeof(WireEnumConverter<IceCandidateType>))]
public enum IceCandidateType
{
    [JsonStringEnumMemberName("host")] Host,
    [JsonStringEnumMemberName("srflx")] ServerReflexive,
    [JsonStringEnumMemberName("prflx")] PeerReflexive,
    [JsonStringEnumMemberName("relay")] Relay,
}

/// <summary>TCP candidate type (RFC 6544 §4.5). The server emits only <c>'passive'</c>.</summary>
[JsonConverter(typeof(WireEnumConverter<IceCandidateTcpType>))]
public enum IceCandidateTcpType
{
    [JsonStringEnumMemberName("active")] Active,
    [JsonStringEnumMemberName("passive")] Passive,
    [JsonStringEnumMemberName("so")] SimultaneousOpen,
}

/// <summary>ICE role (RFC 8445 §6.1.1). An ICE-lite server is always <c>'controlled'</c> (WT2).</summary>
[JsonConverter(typeof(WireEnumConverter<IceRole>))]
public enum IceRole
{
    [JsonStringEnumMemberName("controlled")] Controlled,
    [JsonStringEnumMemberName("controlling")] Controlling,
}

/// <summary>WebRtcTransport ICE state (WT8): <c>new|connected|completed|disconnected|closed</c>.</summary>
[JsonConverter(typeof(WireEnumConverter<IceState>))]
public enum IceState
{
    [JsonStringEnumMemberName("new")] New,
    [JsonStringEnumMemberName("connected")] Connected,
    [JsonStringEnumMemberName("completed")] Completed,
    [JsonStringEnumMemberName("disconnected")] Disconnected,
    [JsonStringEnumMemberName("closed")] Closed,
}
