namespace Sfu.Media.Srtp;

/// <summary>Settings of an <see cref="SrtpContext"/>. The defaults are mediasoup's (libsrtp policy in SrtpSession.cpp).</summary>
public sealed record SrtpContextOptions
{
    public static SrtpContextOptions Default { get; } = new();

    /// <summary>
    /// Most SSRCs the context keeps state for, for RTP and for RTCP each. A packet of a new SSRC beyond it fails with
    /// <see cref="SrtpError.TooManyStreams"/>; <see cref="SrtpContext.RemoveStream"/> frees a slot. Default 1000.
    /// </summary>
    public int MaxStreams { get; init; } = 1000;

    /// <summary>
    /// Sender side: protecting a packet index again (a retransmission of the same packet) is allowed, as libsrtp's
    /// <c>allow_repeat_tx</c> (mediasoup SEC4: on). Only indices inside the replay window can be repeated.
    /// </summary>
    public bool AllowRepeatTx { get; init; } = true;

    /// <summary>Streams expected up front; the SSRC maps are created with this capacity. Default 16.</summary>
    public int InitialStreamCapacity { get; init; } = 16;
}
