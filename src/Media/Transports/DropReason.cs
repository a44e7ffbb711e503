namespace Sfu.Media.Transports;

/// <summary>
/// Why a transport dropped an incoming datagram (or, for SCTP, a message the association delivered). Counted per
/// reason, visible in the transport's dump (<c>packetDrops</c>).
/// </summary>
public enum DropReason
{
    /// <summary>Neither RTP nor RTCP (RFC 7983 first byte), or too short to be either.</summary>
    NotRtpOrRtcp,

    /// <summary>From an address other than the connected (or, with comedia, learned) remote.</summary>
    UnknownRemote,

    /// <summary>SRTP/SRTCP authentication failed (bad tag or wrong key).</summary>
    SrtpAuthenticationFailed,

    /// <summary>SRTP/SRTCP replay: a packet already received, or too old for the window.</summary>
    SrtpReplay,

    /// <summary>Any other SRTP failure (truncated, too many streams, …).</summary>
    SrtpOther,

    /// <summary>RTP that does not parse (RFC 3550/8285).</summary>
    BadRtp,

    /// <summary>RTCP whose compound structure or lengths do not hold.</summary>
    BadRtcp,

    /// <summary>RTP that matches no producer (SSRC, MID or RID).</summary>
    UnknownSsrc,

    /// <summary>RTP with a payload type the producer did not declare.</summary>
    UnknownPayloadType,

    /// <summary>RTP the stream rejected (RFC 3550 sequence validation, or an empty RTX payload).</summary>
    InvalidSequence,

    /// <summary>An SCTP packet (common header with ports 5000/5000) on a transport created without <c>enableSctp</c>.</summary>
    SctpNotEnabled,

    /// <summary>
    /// An SCTP packet the association rejected as a whole: malformed, bad CRC32c, wrong ports or verification tag, or
    /// out of the blue (RFC 9260 §8.4); the association counts the finer reasons itself.
    /// </summary>
    BadSctp,

    /// <summary>An SCTP message on a stream that no data producer receives on.</summary>
    SctpNoDataProducer,

    /// <summary>
    /// An SCTP message with PPID 50 (WebRTC DataChannel Establishment Protocol, RFC 8832): ignored, because SCTP on a
    /// plain or pipe transport is not a DataChannel association and channels are negotiated out of band (PT6, SEC5).
    /// </summary>
    SctpDataChannelControl,

    /// <summary>An SCTP message larger than <c>maxSctpMessageSize</c> (acknowledged by the association, then dropped).</summary>
    SctpMessageTooLarge,
    /// <summary>
    /// Before the transport knows its remote (not connected yet, and not comedia): typically the peer's first packets
    /// racing this end's <c>connect</c>, such as the SCTP INIT of a pipe transport connected just before its partner.
    /// </summary>
    NotConnected,
}
