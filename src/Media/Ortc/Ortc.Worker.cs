using System.Globalization;
using Sfu.Contracts;
using Sfu.Contracts.Rtp;

namespace Sfu.Media.Ortc;

/// <content>
/// The checks and canonical form that mediasoup's worker applies when it takes in RTP parameters
/// (<c>RTC::RtpParameters</c>), which is what <c>producer.dump()</c> and <c>consumer.dump()</c> show (P11, C13).
/// </content>
public static partial class Ortc
{
    // The worker's MIME subtypes (lowercase key) and their canonical spelling.
    private static readonly Dictionary<string, string> CanonicalSubtypes = new(StringComparer.Ordinal)
    {
        ["opus"] = "opus",
        ["multiopus"] = "multiopus",
        ["pcma"] = "PCMA",
        ["pcmu"] = "PCMU",
        ["isac"] = "ISAC",
        ["g722"] = "G722",
        ["ilbc"] = "iLBC",
        ["silk"] = "SILK",
        ["cn"] = "CN",
        ["telephone-event"] = "telephone-event",
        ["rtx"] = "rtx",
        ["ulpfec"] = "ulpfec",
        ["x-ulpfecuc"] = "x-ulpfecuc",
        ["flexfec"] = "flexfec",
        ["red"] = "red",
        ["vp8"] = "VP8",
        ["vp9"] = "VP9",
        ["h264"] = "H264",
        ["h264-svc"] = "H264-SVC",
        ["h265"] = "H265",
    };

    /// <summary>
    /// The worker's view of RTP parameters: mimeTypes in canonical case (<c>video/h264</c> → <c>video/H264</c>), feedback
    /// with an empty <c>parameter</c> written without it, header extensions with <c>encrypt</c> and <c>parameters</c>,
    /// <c>rtcp.reducedSize</c> set, and each encoding's <c>codecPayloadType</c> pointing at a media codec (the first one
    /// when the encoding names none). Parameter values keep their type (<c>222.222</c> stays a number).
    /// </summary>
    /// <exception cref="TypeError">
    /// As the worker raises it: no codecs, no encodings, a duplicated payload type, an unknown MIME type, an RTX codec
    /// without a numeric <c>apt</c> or whose <c>apt</c> names no media codec, no media codec at all, an encoding whose
    /// <c>codecPayloadType</c> is unknown or not a media codec, a header extension id of 0, or simulcast of encodings
    /// that have several spatial layers, an encoding that cannot be told apart (several encodings need an ssrc or a rid
    /// each; a single one without either needs a <c>mid</c>).
    /// </exception>
    public static RtpParameters CanonicalizeRtpParameters(RtpParameters parameters)
    {
        if (parameters.Codecs is null || parameters.Codecs.Count == 0)
        {
            throw new TypeError("empty codecs");
        }
        if (parameters.Encodings is null || parameters.Encodings.Count == 0)
        {
            throw new TypeError("empty encodings");
        }
        if (parameters.Mid is { Length: 0 })
        {
            throw new TypeError("empty mid");
        }

        var codecs = new RtpCodecParameters[parameters.Codecs.Count];
        for (var i = 0; i < codecs.Length; i++)
        {
            codecs[i] = CanonicalizeCodec(parameters.Codecs[i]);
            for (var j = 0; j < i; j++)
            {
                if (codecs[j].PayloadType == codecs[i].PayloadType)
                {
                    throw new TypeError("duplicated payloadType");
                }
            }
        }

        foreach (var codec in codecs)
        {
            if (!IsRtxCodec(codec.MimeType))
            {
                continue;
            }
            var apt = CodecParameters.Get(codec.Parameters, "apt");
            var found = false;
            foreach (var target in codecs)
            {
                if (CodecParameters.IsNumber(apt, target.PayloadType))
                {
                    if (!IsMediaCodec(target.MimeType))
                    {
                        throw new TypeError("apt in RTX codec points to a RTX codec");
                    }
                    found = true;
                    break;
                }
            }
            if (!found)
            {
                throw new TypeError("apt in RTX codec points to a non existing codec");
            }
        }

        int? firstMediaPayloadType = null;
        foreach (var codec in codecs)
        {
            if (IsMediaCodec(codec.MimeType))
            {
                firstMediaPayloadType = codec.PayloadType;
                break;
            }
        }
        if (firstMediaPayloadType is null)
        {
            throw new TypeError("no media codecs found");
        }

        var encodings = new RtpEncodingParameters[parameters.Encodings.Count];
        for (var i = 0; i < encodings.Length; i++)
        {
            var encoding = parameters.Encodings[i];
            var identified = encoding.Ssrc is not (null or 0) || !string.IsNullOrEmpty(encoding.Rid);
            if (!identified && encodings.Length > 1)
            {
                throw new TypeError("wrong encodings: each of several encodings needs an ssrc or a rid");
            }
            if (!identified && string.IsNullOrEmpty(parameters.Mid))
            {
                throw new TypeError("wrong encodings: a single encoding without ssrc or rid needs a mid");
            }
            if (encodings.Length > 1 && ScalabilityMode.Parse(encoding.ScalabilityMode).SpatialLayers > 1)
            {
                throw new TypeError("cannot use both simulcast and encodings with multiple SVC spatial layers");
            }
            if (encoding.CodecPayloadType is { } codecPayloadType)
            {
                RtpCodecParameters? target = null;
                foreach (var codec in codecs)
                {
                    if (codec.PayloadType == codecPayloadType)
                    {
                        target = codec;
                        break;
                    }
                }
                if (target is null)
                {
                    throw new TypeError("unknown codecPayloadType");
                }
                if (!IsMediaCodec(target.MimeType))
                {
                    throw new TypeError("invalid codecPayloadType");
                }
                encodings[i] = encoding;
            }
            else
            {
                encodings[i] = encoding with { CodecPayloadType = firstMediaPayloadType };
            }
        }

        var sourceExtensions = parameters.HeaderExtensions ?? [];
        var headerExtensions = new RtpHeaderExtensionParameters[sourceExtensions.Count];
        for (var i = 0; i < headerExtensions.Length; i++)
        {
            var ext = sourceExtensions[i];
            if (string.IsNullOrEmpty(ext.Uri))
            {
                throw new TypeError("missing uri");
            }
            if (ext.Id == 0)
            {
                throw new TypeError("invalid id");
            }
            headerExtensions[i] = ext with
            {
                Encrypt = ext.Encrypt ?? false,
                Parameters = ext.Parameters ?? CodecParameters.Empty,
            };
        }

        var rtcp = parameters.Rtcp ?? new RtcpParameters();

        return parameters with
        {
            Codecs = codecs,
            HeaderExtensions = headerExtensions,
            Encodings = encodings,
            Rtcp = rtcp with { ReducedSize = rtcp.ReducedSize ?? true },
        };
    }

    private static RtpCodecParameters CanonicalizeCodec(RtpCodecParameters codec)
    {
        var slash = codec.MimeType?.IndexOf('/', StringComparison.Ordinal) ?? -1;
        if (slash <= 0)
        {
            throw new TypeError("invalid mimeType");
        }
        var type = codec.MimeType!.Substring(0, slash).ToLowerInvariant();
        if (type is not ("audio" or "video"))
        {
            throw new TypeError(string.Create(CultureInfo.InvariantCulture, $"unknown codec MIME type '{type}'"));
        }
        var subtype = codec.MimeType.Substring(slash + 1).ToLowerInvariant();
        if (!CanonicalSubtypes.TryGetValue(subtype, out var canonicalSubtype))
        {
            throw new TypeError(string.Create(CultureInfo.InvariantCulture, $"unknown codec MIME subtype '{subtype}'"));
        }

        if (canonicalSubtype == "rtx" && CodecParameters.Get(codec.Parameters, "apt") is not { IsInteger: true })
        {
            throw new TypeError("missing apt parameter in RTX codec");
        }

        var feedback = codec.RtcpFeedback ?? [];
        var canonicalFeedback = new RtcpFeedback[feedback.Count];
        for (var i = 0; i < canonicalFeedback.Length; i++)
        {
            var fb = feedback[i];
            canonicalFeedback[i] = fb.Parameter is { Length: 0 } ? fb with { Parameter = null } : fb;
        }

        return codec with
        {
            MimeType = type + "/" + canonicalSubtype,
            Parameters = codec.Parameters ?? CodecParameters.Empty,
            RtcpFeedback = canonicalFeedback,
        };
    }

    /// <summary>A codec that carries media (not RTX, FEC or RED).</summary>
    private static bool IsMediaCodec(string mimeType)
    {
        var slash = mimeType.IndexOf('/', StringComparison.Ordinal);
        var subtype = slash < 0 ? mimeType : mimeType.Substring(slash + 1);
        return subtype is not ("rtx" or "ulpfec" or "x-ulpfecuc" or "flexfec" or "red");
    }
}
