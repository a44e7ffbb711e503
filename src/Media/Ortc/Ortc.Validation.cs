using System.Text.RegularExpressions;
using Sfu.Contracts;
using Sfu.Contracts.Rtp;

namespace Sfu.Media.Ortc;

/// <content>
/// ORTC-8: validation and normalization of what an application hands in. Each function returns a normalized copy
/// (mediasoup fills defaults into its argument in place) and throws <see cref="TypeError"/> with mediasoup's message on
/// bad input. Checks that the C# types already make impossible (a string SSRC, a boolean clock rate) have no
/// counterpart here: they fail when the JSON is read.
/// </content>
public static partial class Ortc
{
    private static readonly Regex MimeTypeRegex =
        new("^(audio|video)/(.+)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    /// <summary>
    /// ORTC-8 for capabilities: <c>codecs</c> and <c>headerExtensions</c> default to <c>[]</c>, and each entry is
    /// normalized by <see cref="ValidateRtpCodecCapability"/> and <see cref="ValidateRtpHeaderExtension"/>.
    /// </summary>
    /// <exception cref="TypeError">An entry is invalid.</exception>
    public static RtpCapabilities ValidateRtpCapabilities(RtpCapabilities caps)
    {
        if (caps is null)
        {
            throw new TypeError("caps is not an object");
        }

        var codecs = new RtpCodecCapability[caps.Codecs?.Count ?? 0];
        for (var i = 0; i < codecs.Length; i++)
        {
            codecs[i] = ValidateRtpCodecCapability(caps.Codecs![i]);
        }

        var headerExtensions = new RtpHeaderExtension[caps.HeaderExtensions?.Count ?? 0];
        for (var i = 0; i < headerExtensions.Length; i++)
        {
            headerExtensions[i] = ValidateRtpHeaderExtension(caps.HeaderExtensions![i]);
        }

        return caps with { Codecs = codecs, HeaderExtensions = headerExtensions };
    }

    /// <summary>
    /// ORTC-8 for a codec capability: <c>kind</c> is taken from the mimeType, audio <c>channels</c> defaults to 1 and
    /// video has none, <c>parameters</c> defaults to <c>{}</c> (<c>apt</c> must be a number), <c>rtcpFeedback</c>
    /// defaults to <c>[]</c> and a missing feedback <c>parameter</c> becomes <c>''</c>.
    /// </summary>
    /// <exception cref="TypeError">Missing or malformed mimeType, a non-numeric <c>apt</c>, a feedback without type.</exception>
    public static RtpCodecCapability ValidateRtpCodecCapability(RtpCodecCapability codec)
    {
        if (codec is null)
        {
            throw new TypeError("codec is not an object");
        }

        var kind = ParseMimeTypeKind(codec.MimeType);

        return codec with
        {
            Kind = kind,
            Channels = kind == MediaKind.Audio ? codec.Channels ?? 1 : null,
            Parameters = ValidateCodecParameterMap(codec.Parameters),
            RtcpFeedback = ValidateRtcpFeedbackList(codec.RtcpFeedback),
        };
    }

    /// <summary>ORTC-8 for one feedback entry: <c>type</c> is required; a missing or empty <c>parameter</c> becomes <c>''</c>.</summary>
    /// <exception cref="TypeError">No type.</exception>
    public static RtcpFeedback ValidateRtcpFeedback(RtcpFeedback feedback)
    {
        if (feedback is null)
        {
            throw new TypeError("fb is not an object");
        }
        if (string.IsNullOrEmpty(feedback.Type))
        {
            throw new TypeError("missing fb.type");
        }
        return feedback.Parameter is null ? feedback with { Parameter = "" } : feedback;
    }

    /// <summary>
    /// ORTC-8 for a header extension capability: <c>uri</c> is required, <c>preferredEncrypt</c> defaults to false and
    /// <c>direction</c> to <c>'sendrecv'</c>.
    /// </summary>
    /// <exception cref="TypeError">An unknown kind or no uri.</exception>
    public static RtpHeaderExtension ValidateRtpHeaderExtension(RtpHeaderExtension ext)
    {
        if (ext is null)
        {
            throw new TypeError("ext is not an object");
        }
        if (ext.Kind is not (MediaKind.Audio or MediaKind.Video))
        {
            throw new TypeError("invalid ext.kind");
        }
        if (string.IsNullOrEmpty(ext.Uri))
        {
            throw new TypeError("missing ext.uri");
        }
        return ext with
        {
            PreferredEncrypt = ext.PreferredEncrypt ?? false,
            Direction = ext.Direction ?? RtpHeaderExtensionDirection.SendRecv,
        };
    }

    /// <summary>
    /// ORTC-8 for RTP parameters, as <c>transport.produce()</c> validates them: each codec is normalized
    /// (<see cref="ValidateRtpCodecParameters"/>), <c>headerExtensions</c> and <c>encodings</c> default to <c>[]</c>,
    /// encodings get <c>dtx:false</c> unless true, and <c>rtcp</c> defaults to <c>{}</c> with <c>reducedSize</c>
    /// forced to true. An empty <c>encodings</c> list stays empty here; see <see cref="NormalizeProducerRtpParameters"/>.
    /// </summary>
    /// <exception cref="TypeError">A codec, header extension or encoding is invalid.</exception>
    public static RtpParameters ValidateRtpParameters(RtpParameters parameters)
    {
        if (parameters is null)
        {
            throw new TypeError("params is not an object");
        }
        if (parameters.Codecs is null)
        {
            throw new TypeError("missing params.codecs");
        }

        var codecs = new RtpCodecParameters[parameters.Codecs.Count];
        for (var i = 0; i < codecs.Length; i++)
        {
            codecs[i] = ValidateRtpCodecParameters(parameters.Codecs[i]);
        }

        var headerExtensions = new RtpHeaderExtensionParameters[parameters.HeaderExtensions?.Count ?? 0];
        for (var i = 0; i < headerExtensions.Length; i++)
        {
            headerExtensions[i] = ValidateRtpHeaderExtensionParameters(parameters.HeaderExtensions![i]);
        }

        var encodings = new RtpEncodingParameters[parameters.Encodings?.Count ?? 0];
        for (var i = 0; i < encodings.Length; i++)
        {
            encodings[i] = ValidateRtpEncodingParameters(parameters.Encodings![i]);
        }

        return parameters with
        {
            Codecs = codecs,
            HeaderExtensions = headerExtensions,
            Encodings = encodings,
            Rtcp = ValidateRtcpParameters(parameters.Rtcp ?? new RtcpParameters()),
        };
    }

    /// <summary>
    /// What <c>transport.produce()</c> keeps as the producer's <c>rtpParameters</c> before matching them to the router:
    /// <see cref="ValidateRtpParameters"/>, then a missing or empty <c>encodings</c> becomes <c>[{}]</c> (with the
    /// normalized <c>dtx:false</c>). The transport still overrides <c>rtcp.cname</c> on non-pipe transports (T7).
    /// </summary>
    /// <exception cref="TypeError">As <see cref="ValidateRtpParameters"/>.</exception>
    public static RtpParameters NormalizeProducerRtpParameters(RtpParameters parameters)
    {
        var validated = ValidateRtpParameters(parameters);
        return validated.Encodings!.Count == 0
            ? validated with { Encodings = [ValidateRtpEncodingParameters(new RtpEncodingParameters())] }
            : validated;
    }

    /// <summary>ORTC-8 for a negotiated codec: as <see cref="ValidateRtpCodecCapability"/>, for the parameters shape.</summary>
    /// <exception cref="TypeError">Missing or malformed mimeType, a non-numeric <c>apt</c>, a feedback without type.</exception>
    public static RtpCodecParameters ValidateRtpCodecParameters(RtpCodecParameters codec)
    {
        if (codec is null)
        {
            throw new TypeError("codec is not an object");
        }

        var kind = ParseMimeTypeKind(codec.MimeType);

        return codec with
        {
            Channels = kind == MediaKind.Audio ? codec.Channels ?? 1 : null,
            Parameters = ValidateCodecParameterMap(codec.Parameters),
            RtcpFeedback = ValidateRtcpFeedbackList(codec.RtcpFeedback),
        };
    }

    /// <summary>ORTC-8 for a negotiated header extension: <c>uri</c> is required, <c>encrypt</c> defaults to false, <c>parameters</c> to <c>{}</c>.</summary>
    /// <exception cref="TypeError">No uri.</exception>
    public static RtpHeaderExtensionParameters ValidateRtpHeaderExtensionParameters(RtpHeaderExtensionParameters ext)
    {
        if (ext is null)
        {
            throw new TypeError("ext is not an object");
        }
        if (string.IsNullOrEmpty(ext.Uri))
        {
            throw new TypeError("missing ext.uri");
        }
        return ext with
        {
            Encrypt = ext.Encrypt ?? false,
            Parameters = ext.Parameters is null ? CodecParameters.Empty : ext.Parameters,
        };
    }

    /// <summary>
    /// ORTC-8 for an encoding: <c>dtx</c> becomes false unless it is true; an <c>rtx</c> object must carry its SSRC.
    /// </summary>
    /// <exception cref="TypeError"><c>rtx</c> without <c>ssrc</c> (read as 0).</exception>
    public static RtpEncodingParameters ValidateRtpEncodingParameters(RtpEncodingParameters encoding)
    {
        if (encoding is null)
        {
            throw new TypeError("encoding is not an object");
        }
        if (encoding.Rtx is { Ssrc: 0 })
        {
            throw new TypeError("missing encoding.rtx.ssrc");
        }
        return encoding.Dtx == true ? encoding : encoding with { Dtx = false };
    }

    /// <summary>ORTC-8 for RTCP parameters: <c>reducedSize</c> is forced to true (RFC 5506 is all mediasoup speaks).</summary>
    public static RtcpParameters ValidateRtcpParameters(RtcpParameters rtcp)
    {
        if (rtcp is null)
        {
            throw new TypeError("rtcp is not an object");
        }
        return rtcp.ReducedSize == true ? rtcp : rtcp with { ReducedSize = true };
    }

    /// <summary>The kind a mimeType names (<c>audio/…</c> or <c>video/…</c>, any case).</summary>
    /// <exception cref="TypeError">Missing or not of the form <c>audio/x</c> or <c>video/x</c>.</exception>
    private static MediaKind ParseMimeTypeKind(string? mimeType)
    {
        if (string.IsNullOrEmpty(mimeType))
        {
            throw new TypeError("missing codec.mimeType");
        }
        var match = MimeTypeRegex.Match(mimeType);
        if (!match.Success)
        {
            throw new TypeError("invalid codec.mimeType");
        }
        return match.Groups[1].Value.Equals("audio", StringComparison.OrdinalIgnoreCase) ? MediaKind.Audio : MediaKind.Video;
    }

    private static IReadOnlyDictionary<string, CodecParameterValue> ValidateCodecParameterMap(
        IReadOnlyDictionary<string, CodecParameterValue>? parameters)
    {
        if (parameters is null)
        {
            return CodecParameters.Empty;
        }
        if (parameters.TryGetValue("apt", out var apt) && !apt.IsNumber)
        {
            throw new TypeError("invalid codec apt parameter");
        }
        return parameters;
    }

    private static IReadOnlyList<RtcpFeedback> ValidateRtcpFeedbackList(IReadOnlyList<RtcpFeedback>? feedback)
    {
        if (feedback is null)
        {
            return [];
        }
        var validated = new RtcpFeedback[feedback.Count];
        for (var i = 0; i < validated.Length; i++)
        {
            validated[i] = ValidateRtcpFeedback(feedback[i]);
        }
        return validated;
    }
}
