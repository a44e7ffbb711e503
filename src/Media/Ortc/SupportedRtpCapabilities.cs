using System.Collections.ObjectModel;
using Sfu.Contracts.Rtp;

namespace Sfu.Media.Ortc;

/// <summary>
/// Every codec and header extension the media engine can route (reference §4, mediasoup 3.14.16
/// <c>supportedRtpCapabilities.ts</c>), as the raw table: mono codecs carry no <c>channels</c>, feedback carries no
/// <c>parameter</c> and codecs without parameters carry none; <see cref="Ortc.ValidateRtpCapabilities"/> fills them in.
/// RTX is never listed: <see cref="Ortc.GenerateRouterRtpCapabilities"/> adds one <c>video/rtx</c> per video codec.
/// </summary>
/// <remarks>
/// The value is immutable all the way down (read-only collections), so handing it out is as safe as mediasoup's
/// deep clone per <c>getSupportedRtpCapabilities()</c> call (M2).
/// </remarks>
public static class SupportedRtpCapabilities
{
    /// <summary>The supported capabilities (§4.1 codecs in table order, §4.2 header extensions in router order).</summary>
    public static RtpCapabilities Value { get; } = Create();

    private static RtpCapabilities Create()
    {
        var nackAndTcc = Feedback([new RtcpFeedback("nack"), new RtcpFeedback("transport-cc")]);
        var tcc = Feedback([new RtcpFeedback("transport-cc")]);
        var video = Feedback(
        [
            new RtcpFeedback("nack"),
            new RtcpFeedback("nack", "pli"),
            new RtcpFeedback("ccm", "fir"),
            new RtcpFeedback("goog-remb"),
            new RtcpFeedback("transport-cc"),
        ]);
        var levelAsymmetryAllowed = Parameters([("level-asymmetry-allowed", 1)]);

        RtpCodecCapability[] codecs =
        [
            Audio("audio/opus", 48000, channels: 2, rtcpFeedback: nackAndTcc),
            Audio("audio/multiopus", 48000, channels: 4, rtcpFeedback: nackAndTcc,
                parameters: Parameters([("channel_mapping", "0,1,2,3"), ("num_streams", 2), ("coupled_streams", 2)])),
            Audio("audio/multiopus", 48000, channels: 6, rtcpFeedback: nackAndTcc,
                parameters: Parameters([("channel_mapping", "0,4,1,2,3,5"), ("num_streams", 4), ("coupled_streams", 2)])),
            Audio("audio/multiopus", 48000, channels: 8, rtcpFeedback: nackAndTcc,
                parameters: Parameters([("channel_mapping", "0,6,1,2,3,4,5,7"), ("num_streams", 5), ("coupled_streams", 3)])),
            Audio("audio/PCMU", 8000, preferredPayloadType: 0, rtcpFeedback: tcc),
            Audio("audio/PCMA", 8000, preferredPayloadType: 8, rtcpFeedback: tcc),
            Audio("audio/ISAC", 32000, rtcpFeedback: tcc),
            Audio("audio/ISAC", 16000, rtcpFeedback: tcc),
            Audio("audio/G722", 8000, preferredPayloadType: 9, rtcpFeedback: tcc),
            Audio("audio/iLBC", 8000, rtcpFeedback: tcc),
            Audio("audio/SILK", 24000, rtcpFeedback: tcc),
            Audio("audio/SILK", 16000, rtcpFeedback: tcc),
            Audio("audio/SILK", 12000, rtcpFeedback: tcc),
            Audio("audio/SILK", 8000, rtcpFeedback: tcc),
            Audio("audio/CN", 32000, preferredPayloadType: 13),
            Audio("audio/CN", 16000, preferredPayloadType: 13),
            Audio("audio/CN", 8000, preferredPayloadType: 13),
            Audio("audio/telephone-event", 48000),
            Audio("audio/telephone-event", 32000),
            Audio("audio/telephone-event", 16000),
            Audio("audio/telephone-event", 8000),
            Video("video/VP8", video),
            Video("video/VP9", video),
            Video("video/H264", video, levelAsymmetryAllowed),
            Video("video/H264-SVC", video, levelAsymmetryAllowed),
            Video("video/H265", video, levelAsymmetryAllowed),
        ];

        RtpHeaderExtension[] headerExtensions =
        [
            Extension(MediaKind.Audio, RtpHeaderExtensionUris.Mid, 1, RtpHeaderExtensionDirection.SendRecv),
            Extension(MediaKind.Video, RtpHeaderExtensionUris.Mid, 1, RtpHeaderExtensionDirection.SendRecv),
            Extension(MediaKind.Video, RtpHeaderExtensionUris.RtpStreamId, 2, RtpHeaderExtensionDirection.RecvOnly),
            Extension(MediaKind.Video, RtpHeaderExtensionUris.RepairedRtpStreamId, 3, RtpHeaderExtensionDirection.RecvOnly),
            Extension(MediaKind.Audio, RtpHeaderExtensionUris.AbsSendTime, 4, RtpHeaderExtensionDirection.SendRecv),
            Extension(MediaKind.Video, RtpHeaderExtensionUris.AbsSendTime, 4, RtpHeaderExtensionDirection.SendRecv),
            // Audio receives transport-wide CC but never sends it (no audio BWE on the send side).
            Extension(MediaKind.Audio, RtpHeaderExtensionUris.TransportWideCc01, 5, RtpHeaderExtensionDirection.RecvOnly),
            Extension(MediaKind.Video, RtpHeaderExtensionUris.TransportWideCc01, 5, RtpHeaderExtensionDirection.SendRecv),
            Extension(MediaKind.Video, RtpHeaderExtensionUris.FrameMarking07, 6, RtpHeaderExtensionDirection.SendRecv),
            Extension(MediaKind.Video, RtpHeaderExtensionUris.FrameMarking, 7, RtpHeaderExtensionDirection.SendRecv),
            Extension(MediaKind.Audio, RtpHeaderExtensionUris.SsrcAudioLevel, 10, RtpHeaderExtensionDirection.SendRecv),
            Extension(MediaKind.Video, RtpHeaderExtensionUris.VideoOrientation, 11, RtpHeaderExtensionDirection.SendRecv),
            Extension(MediaKind.Video, RtpHeaderExtensionUris.TimeOffset, 12, RtpHeaderExtensionDirection.SendRecv),
            Extension(MediaKind.Audio, RtpHeaderExtensionUris.AbsCaptureTime, 13, RtpHeaderExtensionDirection.SendRecv),
            Extension(MediaKind.Video, RtpHeaderExtensionUris.AbsCaptureTime, 13, RtpHeaderExtensionDirection.SendRecv),
            Extension(MediaKind.Audio, RtpHeaderExtensionUris.PlayoutDelay, 14, RtpHeaderExtensionDirection.SendRecv),
            Extension(MediaKind.Video, RtpHeaderExtensionUris.PlayoutDelay, 14, RtpHeaderExtensionDirection.SendRecv),
        ];

        return new RtpCapabilities
        {
            Codecs = Array.AsReadOnly(codecs),
            HeaderExtensions = Array.AsReadOnly(headerExtensions),
        };
    }

    private static RtpCodecCapability Audio(
        string mimeType,
        int clockRate,
        int? channels = null,
        int? preferredPayloadType = null,
        IReadOnlyList<RtcpFeedback>? rtcpFeedback = null,
        IReadOnlyDictionary<string, CodecParameterValue>? parameters = null) =>
        new()
        {
            Kind = MediaKind.Audio,
            MimeType = mimeType,
            PreferredPayloadType = preferredPayloadType,
            ClockRate = clockRate,
            Channels = channels,
            Parameters = parameters,
            RtcpFeedback = rtcpFeedback,
        };

    private static RtpCodecCapability Video(
        string mimeType,
        IReadOnlyList<RtcpFeedback> rtcpFeedback,
        IReadOnlyDictionary<string, CodecParameterValue>? parameters = null) =>
        new()
        {
            Kind = MediaKind.Video,
            MimeType = mimeType,
            ClockRate = 90000,
            Parameters = parameters,
            RtcpFeedback = rtcpFeedback,
        };

    private static RtpHeaderExtension Extension(MediaKind kind, string uri, int id, RtpHeaderExtensionDirection direction) =>
        new()
        {
            Kind = kind,
            Uri = uri,
            PreferredId = id,
            PreferredEncrypt = false,
            Direction = direction,
        };

    private static ReadOnlyCollection<RtcpFeedback> Feedback(RtcpFeedback[] feedback) => Array.AsReadOnly(feedback);

    private static ReadOnlyDictionary<string, CodecParameterValue> Parameters((string Key, CodecParameterValue Value)[] entries)
    {
        var parameters = new OrderedDictionary<string, CodecParameterValue>(entries.Length, StringComparer.Ordinal);
        foreach (var (key, value) in entries)
        {
            parameters.Add(key, value);
        }
        return new ReadOnlyDictionary<string, CodecParameterValue>(parameters);
    }
}
