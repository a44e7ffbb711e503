namespace Sfu.Contracts.Rtp;

/// <summary>The header extension URIs the router knows (§4.2), as mediasoup spells them.</summary>
public static class RtpHeaderExtensionUris
{
    /// <summary>RFC 8843 §16.1: the BUNDLE media identification.</summary>
    public const string Mid = "urn:ietf:params:rtp-hdrext:sdes:mid";

    /// <summary>RFC 8852 §3.1: the RTP stream identifier (simulcast RID).</summary>
    public const string RtpStreamId = "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id";

    /// <summary>RFC 8852 §3.2: the repaired RTP stream identifier (the RID of an RTX stream).</summary>
    public const string RepairedRtpStreamId = "urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id";

    /// <summary>libwebrtc's absolute send time (6.18 fixed point seconds).</summary>
    public const string AbsSendTime = "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time";

    /// <summary>draft-holmer-rmcat-transport-wide-cc-extensions-01: the transport-wide sequence number.</summary>
    public const string TransportWideCc01 = "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01";

    /// <summary>draft-ietf-avtext-framemarking-07, the draft URI.</summary>
    public const string FrameMarking07 = "http://tools.ietf.org/html/draft-ietf-avtext-framemarking-07";

    /// <summary>The frame marking extension's registered URI.</summary>
    public const string FrameMarking = "urn:ietf:params:rtp-hdrext:framemarking";

    /// <summary>RFC 6464: client-to-mixer audio level.</summary>
    public const string SsrcAudioLevel = "urn:ietf:params:rtp-hdrext:ssrc-audio-level";

    /// <summary>3GPP TS 26.114 §7.4.5: coordination of video orientation.</summary>
    public const string VideoOrientation = "urn:3gpp:video-orientation";

    /// <summary>RFC 5450: transmission time offsets.</summary>
    public const string TimeOffset = "urn:ietf:params:rtp-hdrext:toffset";

    /// <summary>libwebrtc's absolute capture time.</summary>
    public const string AbsCaptureTime = "http://www.webrtc.org/experiments/rtp-hdrext/abs-capture-time";

    /// <summary>libwebrtc's playout delay limits.</summary>
    public const string PlayoutDelay = "http://www.webrtc.org/experiments/rtp-hdrext/playout-delay";

    /// <summary>All twelve URIs, in the router's capability order.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        Mid, RtpStreamId, RepairedRtpStreamId, AbsSendTime, TransportWideCc01, FrameMarking07, FrameMarking,
        SsrcAudioLevel, VideoOrientation, TimeOffset, AbsCaptureTime, PlayoutDelay,
    ];

    /// <summary>True when <paramref name="uri"/> is one of the twelve.</summary>
    public static bool IsSupported(string uri)
    {
        foreach (var u in All)
        {
            if (string.Equals(u, uri, StringComparison.Ordinal))
            {
                return true;
            }
        }
        return false;
    }
}
