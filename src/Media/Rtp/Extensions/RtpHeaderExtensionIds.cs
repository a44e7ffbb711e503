using Sfu.Contracts.Rtp;

namespace Sfu.Media.Rtp.Extensions;

/// <summary>
/// The negotiated local ids of the extensions the media engine reads or writes, for one producer or consumer
/// (mediasoup <c>RTC::RtpHeaderExtensionIds</c>). 0 means "not negotiated".
/// </summary>
public readonly record struct RtpHeaderExtensionIds
{
    /// <summary>urn:ietf:params:rtp-hdrext:sdes:mid.</summary>
    public byte Mid { get; init; }

    /// <summary>urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id.</summary>
    public byte Rid { get; init; }

    /// <summary>urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id.</summary>
    public byte RRid { get; init; }

    /// <summary>abs-send-time.</summary>
    public byte AbsSendTime { get; init; }

    /// <summary>transport-wide-cc-extensions-01.</summary>
    public byte TransportWideCc01 { get; init; }

    /// <summary>urn:ietf:params:rtp-hdrext:framemarking.</summary>
    public byte FrameMarking { get; init; }

    /// <summary>draft-ietf-avtext-framemarking-07.</summary>
    public byte FrameMarking07 { get; init; }

    /// <summary>urn:ietf:params:rtp-hdrext:ssrc-audio-level.</summary>
    public byte SsrcAudioLevel { get; init; }

    /// <summary>urn:3gpp:video-orientation.</summary>
    public byte VideoOrientation { get; init; }

    /// <summary>urn:ietf:params:rtp-hdrext:toffset.</summary>
    public byte TOffset { get; init; }

    /// <summary>abs-capture-time.</summary>
    public byte AbsCaptureTime { get; init; }

    /// <summary>playout-delay.</summary>
    public byte PlayoutDelay { get; init; }

    /// <summary>
    /// Collects the ids of the known URIs from negotiated header extension parameters; unknown URIs and ids outside
    /// 1–255 are ignored. When a URI appears twice the first id wins.
    /// </summary>
    public static RtpHeaderExtensionIds From(IReadOnlyList<RtpHeaderExtensionParameters>? parameters)
    {
        var ids = new RtpHeaderExtensionIds();
        if (parameters is null)
        {
            return ids;
        }

        foreach (RtpHeaderExtensionParameters p in parameters)
        {
            if (p.Id is >= 1 and <= 255 && ids.GetId(p.Uri) == 0)
            {
                ids = ids.With(p.Uri, (byte)p.Id);
            }
        }

        return ids;
    }

    /// <summary>The id negotiated for <paramref name="uri"/>, or 0.</summary>
    public byte GetId(string uri) => uri switch
    {
        RtpHeaderExtensionUri.Mid => Mid,
        RtpHeaderExtensionUri.RtpStreamId => Rid,
        RtpHeaderExtensionUri.RepairedRtpStreamId => RRid,
        RtpHeaderExtensionUri.AbsSendTime => AbsSendTime,
        RtpHeaderExtensionUri.TransportWideCc01 => TransportWideCc01,
        RtpHeaderExtensionUri.FrameMarking => FrameMarking,
        RtpHeaderExtensionUri.FrameMarking07 => FrameMarking07,
        RtpHeaderExtensionUri.SsrcAudioLevel => SsrcAudioLevel,
        RtpHeaderExtensionUri.VideoOrientation => VideoOrientation,
        RtpHeaderExtensionUri.TimeOffset => TOffset,
        RtpHeaderExtensionUri.AbsCaptureTime => AbsCaptureTime,
        RtpHeaderExtensionUri.PlayoutDelay => PlayoutDelay,
        _ => 0,
    };

    /// <summary>A copy with the id for <paramref name="uri"/> replaced (unknown URIs leave it unchanged).</summary>
    public RtpHeaderExtensionIds With(string uri, byte id) => uri switch
    {
        RtpHeaderExtensionUri.Mid => this with { Mid = id },
        RtpHeaderExtensionUri.RtpStreamId => this with { Rid = id },
        RtpHeaderExtensionUri.RepairedRtpStreamId => this with { RRid = id },
        RtpHeaderExtensionUri.AbsSendTime => this with { AbsSendTime = id },
        RtpHeaderExtensionUri.TransportWideCc01 => this with { TransportWideCc01 = id },
        RtpHeaderExtensionUri.FrameMarking => this with { FrameMarking = id },
        RtpHeaderExtensionUri.FrameMarking07 => this with { FrameMarking07 = id },
        RtpHeaderExtensionUri.SsrcAudioLevel => this with { SsrcAudioLevel = id },
        RtpHeaderExtensionUri.VideoOrientation => this with { VideoOrientation = id },
        RtpHeaderExtensionUri.TimeOffset => this with { TOffset = id },
        RtpHeaderExtensionUri.AbsCaptureTime => this with { AbsCaptureTime = id },
        RtpHeaderExtensionUri.PlayoutDelay => this with { PlayoutDelay = id },
        _ => this,
    };
}
