namespace Sfu.Media.Rtp.Extensions;

/// <summary>The twelve header extension URIs the router offers (mediasoup §4.2), in its capability order.</summary>
public static class RtpHeaderExtensionUri
{
    /// <summary>RFC 9143 §15 media identification (id 1).</summary>
    public const string Mid = "urn:ietf:params:rtp-hdrext:sdes:mid";

    /// <summary>RFC 8852 §3.1 RtpStreamId, the simulcast "rid" (id 2).</summary>
    public const string RtpStreamId = "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id";

    /// <summary>RFC 8852 §3.2 RepairedRtpStreamId, the RTX "rrid" (id 3).</summary>
    public const string RepairedRtpStreamId = "urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id";

    /// <summary>Absolute send time, 24-bit 6.18 fixed point seconds (id 4).</summary>
    public const string AbsSendTime = "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time";

    /// <summary>Transport-wide sequence number, draft-holmer-rmcat-transport-wide-cc-extensions-01 (id 5).</summary>
    public const string TransportWideCc01 = "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01";

    /// <summary>Frame marking, draft-ietf-avtext-framemarking-07 URI (id 6).</summary>
    public const string FrameMarking07 = "http://tools.ietf.org/html/draft-ietf-avtext-framemarking-07";

    /// <summary>Frame marking, IANA URN (id 7).</summary>
    public const string FrameMarking = "urn:ietf:params:rtp-hdrext:framemarking";

    /// <summary>RFC 6464 client-to-mixer audio level (id 10).</summary>
    public const string SsrcAudioLevel = "urn:ietf:params:rtp-hdrext:ssrc-audio-level";

    /// <summary>3GPP TS 26.114 §7.4.5 coordination of video orientation, CVO (id 11).</summary>
    public const string VideoOrientation = "urn:3gpp:video-orientation";

    /// <summary>RFC 5450 transmission time offset (id 12).</summary>
    public const string TimeOffset = "urn:ietf:params:rtp-hdrext:toffset";

    /// <summary>Absolute capture time (id 13).</summary>
    public const string AbsCaptureTime = "http://www.webrtc.org/experiments/rtp-hdrext/abs-capture-time";

    /// <summary>Playout delay limits (id 14).</summary>
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
        foreach (string u in All)
        {
            if (string.Equals(u, uri, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
