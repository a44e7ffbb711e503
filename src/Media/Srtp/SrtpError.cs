namespace Sfu.Media.Srtp;

/// <summary>Why an SRTP or SRTCP packet was not protected or unprotected. Network input never throws; it yields one of these.</summary>
public enum SrtpError
{
    None = 0,

    /// <summary>The packet is shorter than its fixed header, than the header it declares (CSRCs, extension), or than header plus tag.</summary>
    Truncated,

    /// <summary>Not an RTP/RTCP packet: the version is not 2.</summary>
    InvalidHeader,

    /// <summary>Protect only: the buffer has no room after the packet for the tag (and SRTCP index).</summary>
    BufferTooSmall,

    /// <summary>The authentication tag does not match (RFC 3711 §3.3, RFC 7714 §5.3).</summary>
    AuthenticationFailed,

    /// <summary>The packet index was already accepted (RFC 3711 §3.3.2). A sender with <c>AllowRepeatTx</c> never sees it.</summary>
    ReplayDuplicate,

    /// <summary>The packet index is older than the 1024-packet replay window (RFC 3711 §3.3.2).</summary>
    ReplayOld,

    /// <summary>A new SSRC would exceed the context's stream limit.</summary>
    TooManyStreams,

    /// <summary>The 48-bit SRTP index or the 31-bit SRTCP index is exhausted: the master key must be replaced (RFC 3711 §9.2).</summary>
    KeyExpired,
}
