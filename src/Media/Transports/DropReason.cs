namespace Sfu.Media.Transports;

/// <summary>Why a transport dropped an incoming datagram. Counted per reason, visible in the transport's dump.</summary>
public enum DropReason
{
    /// <summary>Neither RTP nor RTCP (RFC 7983 first byte), or too short to be either.</summary>
    NotRtpOrRtcp,

    /// <summary>From an address other than the connected remote (or before connect, without comedia).</summary>
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
}
