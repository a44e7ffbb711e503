using Sfu.Contracts.Rtp;

namespace Sfu.Media.Ortc;

/// <content>ORTC-2: codec matching.</content>
public static partial class Ortc
{
    /// <summary>
    /// ORTC-2: whether two codecs are the same. Always: mimeType (any case), clock rate and channels (audio without
    /// channels means 1); multiopus also <c>num_streams</c> and <c>coupled_streams</c>. With <paramref name="strict"/>:
    /// H.264 and H.264-SVC need the same <c>packetization-mode</c> (default 0), the same profile and a valid answer
    /// profile-level-id; VP9 needs the same <c>profile-id</c> (default 0). Parameter values compare strictly, as in
    /// JavaScript: <c>1</c> is not <c>'1'</c>.
    /// </summary>
    public static bool MatchCodecs(RtpCodecCapability a, RtpCodecCapability b, bool strict = false) =>
        MatchCodecs(a.MimeType, a.ClockRate, a.Channels, a.Parameters, b.MimeType, b.ClockRate, b.Channels, b.Parameters,
            strict, modify: false, out _);

    /// <inheritdoc cref="MatchCodecs(RtpCodecCapability, RtpCodecCapability, bool)"/>
    public static bool MatchCodecs(RtpCodecCapability a, RtpCodecParameters b, bool strict = false) =>
        MatchCodecs(a.MimeType, a.ClockRate, a.Channels, a.Parameters, b.MimeType, b.ClockRate, b.Channels, b.Parameters,
            strict, modify: false, out _);

    /// <inheritdoc cref="MatchCodecs(RtpCodecCapability, RtpCodecCapability, bool)"/>
    public static bool MatchCodecs(RtpCodecParameters a, RtpCodecCapability b, bool strict = false) =>
        MatchCodecs(a.MimeType, a.ClockRate, a.Channels, a.Parameters, b.MimeType, b.ClockRate, b.Channels, b.Parameters,
            strict, modify: false, out _);

    /// <summary>
    /// <see cref="MatchCodecs(RtpCodecCapability, RtpCodecCapability, bool)"/> with mediasoup's <c>modify</c>: on a strict
    /// H.264 match, <paramref name="aParameters"/> is <paramref name="a"/>'s parameters with <c>profile-level-id</c> set
    /// to the answer for <paramref name="b"/> (or removed when neither side has one). Otherwise it is
    /// <paramref name="a"/>'s parameters unchanged.
    /// </summary>
    public static bool MatchCodecs(
        RtpCodecParameters a,
        RtpCodecCapability b,
        bool strict,
        bool modify,
        out IReadOnlyDictionary<string, CodecParameterValue> aParameters)
    {
        var matched = MatchCodecs(a.MimeType, a.ClockRate, a.Channels, a.Parameters, b.MimeType, b.ClockRate, b.Channels,
            b.Parameters, strict, modify, out var updated);
        aParameters = updated ?? a.Parameters ?? CodecParameters.Empty;
        return matched;
    }

    private static bool MatchCodecs(
        string aMimeType,
        int aClockRate,
        int? aChannels,
        IReadOnlyDictionary<string, CodecParameterValue>? aParameters,
        string bMimeType,
        int bClockRate,
        int? bChannels,
        IReadOnlyDictionary<string, CodecParameterValue>? bParameters,
        bool strict,
        bool modify,
        out IReadOnlyDictionary<string, CodecParameterValue>? updatedAParameters)
    {
        updatedAParameters = null;

        if (!string.Equals(aMimeType, bMimeType, StringComparison.OrdinalIgnoreCase) ||
            aClockRate != bClockRate ||
            EffectiveChannels(aMimeType, aChannels) != EffectiveChannels(bMimeType, bChannels))
        {
            return false;
        }

        if (aMimeType.Equals("audio/multiopus", StringComparison.OrdinalIgnoreCase))
        {
            // RFC 7587 has no multiopus; libwebrtc's multiopus needs the same stream layout on both sides.
            return CodecParameters.StrictEquals(
                       CodecParameters.Get(aParameters, "num_streams"), CodecParameters.Get(bParameters, "num_streams")) &&
                   CodecParameters.StrictEquals(
                       CodecParameters.Get(aParameters, "coupled_streams"), CodecParameters.Get(bParameters, "coupled_streams"));
        }

        if (!strict)
        {
            return true;
        }

        if (aMimeType.Equals("video/H264", StringComparison.OrdinalIgnoreCase) ||
            aMimeType.Equals("video/H264-SVC", StringComparison.OrdinalIgnoreCase))
        {
            // RFC 6184 §8.1: packetization-mode must match, and so must the profile; the level is negotiated.
            if (!CodecParameters.StrictEquals(
                    CodecParameters.OrZero(CodecParameters.Get(aParameters, "packetization-mode")),
                    CodecParameters.OrZero(CodecParameters.Get(bParameters, "packetization-mode"))))
            {
                return false;
            }
            if (!H264ProfileLevelId.IsSameProfile(aParameters, bParameters))
            {
                return false;
            }
            if (!H264ProfileLevelId.TryGenerateProfileLevelIdForAnswer(aParameters, bParameters, out var answer, out _))
            {
                return false;
            }
            if (modify)
            {
                var updated = CodecParameters.Copy(aParameters);
                if (answer is not null)
                {
                    updated[H264ProfileLevelId.ParameterName] = answer;
                }
                else
                {
                    updated.Remove(H264ProfileLevelId.ParameterName);
                }
                updatedAParameters = updated;
            }
            return true;
        }

        if (aMimeType.Equals("video/VP9", StringComparison.OrdinalIgnoreCase))
        {
            // VP9 profile-id (draft-ietf-payload-vp9 §6): default 0.
            return CodecParameters.StrictEquals(
                CodecParameters.OrZero(CodecParameters.Get(aParameters, "profile-id")),
                CodecParameters.OrZero(CodecParameters.Get(bParameters, "profile-id")));
        }

        return true;
    }

    /// <summary>Channels as normalization leaves them: audio defaults to 1, video has none.</summary>
    private static int? EffectiveChannels(string mimeType, int? channels) =>
        mimeType.StartsWith("audio/", StringComparison.OrdinalIgnoreCase) ? channels ?? 1 : null;
}
