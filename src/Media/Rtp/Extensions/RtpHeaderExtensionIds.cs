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
        RtpHeaderExtensionUris.Mid => Mid,
        RtpHeaderExtensionUris.RtpStreamId => Rid,
        RtpHeaderExtensionUris.RepairedRtpStreamId => RRid,
        RtpHeaderExtensionUris.AbsSendTime => AbsSendTime,
        RtpHeaderExtensionUris.TransportWideCc01 => TransportWideCc01,
        RtpHeaderExtensionUris.FrameMarking => FrameMarking,
        RtpHeaderExtensionUris.FrameMarking07 => FrameMarking07,
        RtpHeaderExtensionUris.SsrcAudioLevel => SsrcAudioLevel,
        RtpHeaderExtensionUris.VideoOrientation => VideoOrientation,
        RtpHeaderExtensionUris.TimeOffset => TOffset,
        RtpHeaderExtensionUris.AbsCaptureTime => AbsCaptureTime,
        RtpHeaderExtensionUris.PlayoutDelay => PlayoutDelay,
        _ => 0,
    };

    /// <summary>A copy with the id for <paramref name="uri"/> replaced (unknown URIs leave it unchanged).</summary>
    public RtpHeaderExtensionIds With(string uri, byte id) => uri switch
    {
        RtpHeaderExtensionUris.Mid => this with { Mid = id },
        RtpHeaderExtensionUris.RtpStreamId => this with { Rid = id },
        RtpHeaderExtensionUris.RepairedRtpStreamId => this with { RRid = id },
        RtpHeaderExtensionUris.AbsSendTime => this with { AbsSendTime = id },
        RtpHeaderExtensionUris.TransportWideCc01 => this with { TransportWideCc01 = id },
        RtpHeaderExtensionUris.FrameMarking => this with { FrameMarking = id },
        RtpHeaderExtensionUris.FrameMarking07 => this with { FrameMarking07 = id },
        RtpHeaderExtensionUris.SsrcAudioLevel => this with { SsrcAudioLevel = id },
        RtpHeaderExtensionUris.VideoOrientation => this with { VideoOrientation = id },
        RtpHeaderExtensionUris.TimeOffset => this with { TOffset = id },
        RtpHeaderExtensionUris.AbsCaptureTime => this with { AbsCaptureTime = id },
        RtpHeaderExtensionUris.PlayoutDelay => this with { PlayoutDelay = id },
        _ => this,
    };
}
