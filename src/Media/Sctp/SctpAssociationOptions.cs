namespace Sfu.Media.Sctp;

/// <summary>Who sends the INIT: the client initiates (<see cref="SctpAssociation.Connect"/>), the server waits for it.</summary>
public enum SctpRole
{
    Client,
    Server,
}

/// <summary>
/// Settings of one <see cref="SctpAssociation"/>. Defaults follow mediasoup's usrsctp set-up (port 5000, 1024
/// streams each way, 262144-byte messages and send buffer, 1200-byte MTU) and RFC 9260 §16 for the protocol
/// constants, except <see cref="RtoMin"/> (see there).
/// </summary>
public sealed record SctpAssociationOptions
{
    public ushort LocalPort { get; init; } = 5000;

    public ushort RemotePort { get; init; } = 5000;

    /// <summary>OS announced in INIT / INIT ACK: how many outgoing streams this side wants (1–65535).</summary>
    public ushort OutboundStreams { get; init; } = 1024;

    /// <summary>MIS announced in INIT / INIT ACK: the most incoming streams this side accepts (1–65535).</summary>
    public ushort MaxInboundStreams { get; init; } = 1024;

    /// <summary>Largest message <see cref="SctpAssociation.Send"/> accepts and the receiver reassembles (mediasoup maxSctpMessageSize).</summary>
    public int MaxMessageSize { get; init; } = 262_144;

    /// <summary>Bytes that may be queued or unacknowledged before <see cref="SctpAssociation.Send"/> reports a full buffer (sctpSendBufferSize).</summary>
    public long SendBufferSize { get; init; } = 262_144;

    /// <summary>Receive window advertised in a_rwnd: bytes held for reassembly or ordering count against it.</summary>
    public int ReceiveBufferSize { get; init; } = 1_048_576;

    /// <summary>
    /// A WebRTC DataChannel association (SCTP over DTLS): when the peer resets one of its outgoing streams, the
    /// matching outgoing stream of this side is reset too (RFC 8831 §6.7). False for SCTP over plain UDP.
    /// </summary>
    public bool IsDataChannel { get; init; }

    public SctpRole Role { get; init; } = SctpRole.Server;

    /// <summary>Largest SCTP packet (common header and chunks), excluding the UDP or DTLS headers around it.</summary>
    public int Mtu { get; init; } = 1200;

    /// <summary>Initial retransmission timeout, RTO.Initial of RFC 9260 §16.</summary>
    public TimeSpan RtoInitial { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Lower bound of the RTO. RFC 9260 §16 says 1 s; real-time data channel stacks use far less (usrsctp as
    /// configured by libwebrtc, dcsctp), and so does this default.
    /// </summary>
    public TimeSpan RtoMin { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Upper bound of the RTO, RTO.Max of RFC 9260 §16.</summary>
    public TimeSpan RtoMax { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>INIT or COOKIE ECHO retransmissions before the association fails (Max.Init.Retransmits).</summary>
    public int MaxInitRetransmits { get; init; } = 8;

    /// <summary>Consecutive T3-rtx / T2 / RE-CONFIG timeouts before the association fails (Association.Max.Retrans).</summary>
    public int MaxAssociationRetransmits { get; init; } = 10;

    /// <summary>Longest delay before a SACK (RFC 9260 §6.2: at most 500 ms; 200 ms is the customary value).</summary>
    public TimeSpan DelayedSackTimeout { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>How long a State Cookie stays valid (Valid.Cookie.Life).</summary>
    public TimeSpan ValidCookieLife { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Source of verification tags, initial TSNs and the cookie key. Null = a cryptographic generator; tests pass a
    /// seeded <see cref="System.Random"/> for reproducible runs.
    /// </summary>
    public Random? Random { get; init; }
}
