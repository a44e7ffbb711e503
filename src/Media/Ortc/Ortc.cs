using System.Globalization;
using System.Security.Cryptography;
using Sfu.Contracts;
using Sfu.Contracts.Rtp;

namespace Sfu.Media.Ortc;

/// <summary>
/// mediasoup's ORTC logic (<c>ortc.ts</c>, reference §1.16): router capabilities, codec matching, the producer's RTP
/// mapping, consumable, consumer and pipe-consumer parameters. Pure functions over the immutable records of
/// <c>Sfu.Contracts.Rtp</c>: inputs are never changed, every result is a new value, randomness (mediasoup's SSRCs) is
/// injectable.
/// </summary>
/// <remarks>
/// <para>
/// Outside <c>Sfu.Media</c>: <c>using Sfu.Media.Ortc;</c> then <c>Ortc.GenerateRouterRtpCapabilities(…)</c>. Inside another
/// <c>Sfu.Media.*</c> namespace the simple name <c>Ortc</c> means the namespace <c>Sfu.Media.Ortc</c>, so write
/// <c>Ortc.Ortc.…</c> or alias it (<c>using Ortc = Sfu.Media.Ortc.Ortc;</c> inside the namespace declaration).
/// </para>
/// <para>The order mediasoup's <c>transport.produce()</c> applies them in:</para>
/// <list type="number">
/// <item><see cref="NormalizeProducerRtpParameters"/> (TypeError on bad input);</item>
/// <item><see cref="GetProducerRtpParametersMapping(RtpParameters, RtpCapabilities, out RtpParameters, Func{uint}?)"/>
/// against the router capabilities (UnsupportedError for a codec the router lacks); its <c>out</c> parameters, with the
/// negotiated H.264 <c>profile-level-id</c> written in, are the producer's <c>rtpParameters</c>;</item>
/// <item><see cref="GetConsumableRtpParameters"/>;</item>
/// <item><see cref="CanonicalizeRtpParameters"/> for what the worker keeps and dumps (TypeError as the worker raises it).</item>
/// </list>
/// <para><c>transport.consume()</c>: <see cref="ValidateRtpCapabilities"/>, <see cref="CanConsume"/>, then
/// <see cref="GetConsumerRtpParameters"/> (or <see cref="GetPipeConsumerRtpParameters"/> on a pipe transport).</para>
/// </remarks>
public static partial class Ortc
{
    /// <summary>The dynamic payload types handed out in this order (RFC 3551 §3 leaves 96–127 dynamic).</summary>
    private static readonly int[] DynamicPayloadTypes =
    [
        100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110,
        111, 112, 113, 114, 115, 116, 117, 118, 119, 120, 121,
        122, 123, 124, 125, 126, 127, 96, 97, 98, 99,
    ];

    /// <summary>mediasoup's random SSRC: uniform in [100000000, 1000000000).</summary>
    public static uint GenerateRandomSsrc() => (uint)RandomNumberGenerator.GetInt32(100_000_000, 1_000_000_000);

    /// <summary>
    /// ORTC-1: the router's RTP capabilities for the given media codecs. Each codec must match a supported codec
    /// (mimeType, clockRate, channels; multiopus also <c>num_streams</c> and <c>coupled_streams</c>). It gets the user's
    /// <c>preferredPayloadType</c>, else the supported static one (PCMU 0, PCMA 8, G722 9, CN 13), else the next free of
    /// 100…127, 96…99. Parameters are the supported ones overridden by the user's; feedback always comes from the supported
    /// table. Each video codec is followed by its <c>video/rtx</c> (next free PT, <c>{apt}</c>). Header extensions are the
    /// whole supported list.
    /// </summary>
    /// <exception cref="TypeError"><paramref name="mediaCodecs"/> is null, a codec is invalid, or two codecs share a payload type.</exception>
    /// <exception cref="UnsupportedError">A codec is not supported (opus with one channel is not).</exception>
    /// <exception cref="SfuException"><c>cannot allocate more dynamic codec payload types</c>.</exception>
    public static RtpCapabilities GenerateRouterRtpCapabilities(IReadOnlyList<RtpCodecCapability>? mediaCodecs)
    {
        if (mediaCodecs is null)
        {
            throw new TypeError("mediaCodecs must be an Array");
        }

        var supported = ValidateRtpCapabilities(SupportedRtpCapabilities.Value);
        var dynamicPayloadTypes = new List<int>(DynamicPayloadTypes);
        var codecs = new List<RtpCodecCapability>(mediaCodecs.Count * 2);

        foreach (var given in mediaCodecs)
        {
            var mediaCodec = ValidateRtpCodecCapability(given);

            RtpCodecCapability? matched = null;
            foreach (var supportedCodec in supported.Codecs!)
            {
                if (MatchCodecs(mediaCodec, supportedCodec, strict: false))
                {
                    matched = supportedCodec;
                    break;
                }
            }
            if (matched is null)
            {
                throw new UnsupportedError($"media codec not supported [mimeType:{mediaCodec.MimeType}]");
            }

            int payloadType;
            if (mediaCodec.PreferredPayloadType is { } preferred)
            {
                payloadType = preferred;
                dynamicPayloadTypes.Remove(preferred);
            }
            else if (matched.PreferredPayloadType is { } staticPayloadType)
            {
                payloadType = staticPayloadType;
            }
            else
            {
                payloadType = TakeDynamicPayloadType(dynamicPayloadTypes);
            }

            foreach (var existing in codecs)
            {
                if (existing.PreferredPayloadType == payloadType)
                {
                    throw new TypeError("duplicated codec.preferredPayloadType");
                }
            }

            var codec = matched with
            {
                PreferredPayloadType = payloadType,
                Parameters = CodecParameters.Merge(matched.Parameters, mediaCodec.Parameters),
            };
            codecs.Add(codec);

            if (codec.Kind == MediaKind.Video)
            {
                var apt = CodecParameters.Create(1);
                apt["apt"] = payloadType;
                codecs.Add(new RtpCodecCapability
                {
                    Kind = MediaKind.Video,
                    MimeType = "video/rtx",
                    PreferredPayloadType = TakeDynamicPayloadType(dynamicPayloadTypes),
                    ClockRate = codec.ClockRate,
                    Parameters = apt,
                    RtcpFeedback = [],
                });
            }
        }

        return new RtpCapabilities { Codecs = codecs.ToArray(), HeaderExtensions = supported.HeaderExtensions };
    }

    /// <summary>
    /// ORTC-3: how the producer's payload types and encodings map onto the router's. See the overload with
    /// <c>out</c> parameters for the producer parameters with the negotiated H.264 profile-level-id.
    /// </summary>
    public static RtpMapping GetProducerRtpParametersMapping(
        RtpParameters parameters,
        RtpCapabilities caps,
        Func<uint>? randomSsrc = null) =>
        GetProducerRtpParametersMapping(parameters, caps, out _, randomSsrc);

    /// <summary>
    /// ORTC-3: maps each producer media codec to the router codec it strictly matches, each producer RTX codec to the
    /// router RTX of that codec, and each encoding to a router SSRC (<c>mappedSsrc</c>, a random base then +1 per
    /// encoding). Codec entries list media codecs first, then RTX codecs.
    /// </summary>
    /// <param name="parameters">The producer's normalized parameters (<see cref="NormalizeProducerRtpParameters"/>).</param>
    /// <param name="caps">The router's capabilities.</param>
    /// <param name="matchedParameters">
    /// <paramref name="parameters"/> with each matched H.264 codec's <c>profile-level-id</c> set to the answer the router
    /// gives (RFC 6184 §8.1), or removed when neither side has one; mediasoup writes this into the producer's parameters,
    /// which are then what <see cref="GetConsumableRtpParameters"/> reads.
    /// </param>
    /// <param name="randomSsrc">The source of the first <c>mappedSsrc</c>; <see cref="GenerateRandomSsrc"/> by default.</param>
    /// <exception cref="UnsupportedError">A media codec the router lacks, or a producer RTX whose router codec has no RTX.</exception>
    /// <exception cref="TypeError">An RTX codec whose <c>apt</c> names no media codec of the producer.</exception>
    public static RtpMapping GetProducerRtpParametersMapping(
        RtpParameters parameters,
        RtpCapabilities caps,
        out RtpParameters matchedParameters,
        Func<uint>? randomSsrc = null)
    {
        var codecs = parameters.Codecs;
        var capCodecs = caps.Codecs ?? [];

        // The capability codec each producer codec maps to, by index (null until matched).
        var capCodecFor = new RtpCodecCapability?[codecs.Count];
        var updatedCodecs = new RtpCodecParameters[codecs.Count];
        var mappingOrder = new List<int>(codecs.Count);

        for (var i = 0; i < codecs.Count; i++)
        {
            var codec = codecs[i];
            updatedCodecs[i] = codec;
            if (IsRtxCodec(codec.MimeType))
            {
                continue;
            }

            foreach (var capCodec in capCodecs)
            {
                if (MatchCodecs(codec, capCodec, strict: true, modify: true, out var updatedParameters))
                {
                    capCodecFor[i] = capCodec;
                    updatedCodecs[i] = codec with { Parameters = updatedParameters };
                    break;
                }
            }
            if (capCodecFor[i] is null)
            {
                throw new UnsupportedError(
                    $"unsupported codec [mimeType:{codec.MimeType}, payloadType:{codec.PayloadType.ToString(CultureInfo.InvariantCulture)}]");
            }
            mappingOrder.Add(i);
        }

        for (var i = 0; i < codecs.Count; i++)
        {
            var codec = codecs[i];
            if (!IsRtxCodec(codec.MimeType))
            {
                continue;
            }

            var apt = CodecParameters.Get(codec.Parameters, "apt");
            var associated = -1;
            for (var j = 0; j < codecs.Count; j++)
            {
                if (CodecParameters.IsNumber(apt, codecs[j].PayloadType))
                {
                    associated = j;
                    break;
                }
            }
            if (associated < 0)
            {
                throw new TypeError(
                    $"missing media codec found for RTX PT {codec.PayloadType.ToString(CultureInfo.InvariantCulture)}");
            }

            var capMediaCodec = capCodecFor[associated]
                ?? throw new TypeError(
                    $"RTX PT {codec.PayloadType.ToString(CultureInfo.InvariantCulture)} is associated with another RTX codec");

            RtpCodecCapability? capRtx = null;
            foreach (var capCodec in capCodecs)
            {
                if (IsRtxCodec(capCodec.MimeType) &&
                    capMediaCodec.PreferredPayloadType is { } pt &&
                    CodecParameters.IsNumber(CodecParameters.Get(capCodec.Parameters, "apt"), pt))
                {
                    capRtx = capCodec;
                    break;
                }
            }
            capCodecFor[i] = capRtx ?? throw new UnsupportedError(
                $"no RTX codec for capability codec PT {FormatPayloadType(capMediaCodec.PreferredPayloadType)}");
            mappingOrder.Add(i);
        }

        var mappingCodecs = new RtpMappingCodec[mappingOrder.Count];
        for (var k = 0; k < mappingCodecs.Length; k++)
        {
            var i = mappingOrder[k];
            mappingCodecs[k] = new RtpMappingCodec(codecs[i].PayloadType, capCodecFor[i]!.PreferredPayloadType ?? 0);
        }

        var encodings = parameters.Encodings ?? [];
        var mappingEncodings = new RtpMappingEncoding[encodings.Count];
        var mappedSsrc = (randomSsrc ?? GenerateRandomSsrc)();
        for (var i = 0; i < encodings.Count; i++)
        {
            var encoding = encodings[i];
            mappingEncodings[i] = new RtpMappingEncoding
            {
                MappedSsrc = mappedSsrc++,
                Rid = string.IsNullOrEmpty(encoding.Rid) ? null : encoding.Rid,
                Ssrc = encoding.Ssrc is null or 0 ? null : encoding.Ssrc,
                ScalabilityMode = string.IsNullOrEmpty(encoding.ScalabilityMode) ? null : encoding.ScalabilityMode,
            };
        }

        matchedParameters = parameters with { Codecs = updatedCodecs };
        return new RtpMapping { Codecs = mappingCodecs, Encodings = mappingEncodings };
    }

    /// <summary>
    /// ORTC-4: the parameters every consumer of this producer starts from. Codecs are the router's (mimeType, payload
    /// type, clock rate, channels, feedback) with the producer's parameters, each followed by the router RTX of that
    /// codec; header extensions are the router's of this kind that it may send (sendrecv, sendonly) with the router ids;
    /// encodings are the producer's without rid, rtx and codecPayloadType, with <c>ssrc = mappedSsrc</c>;
    /// <c>rtcp</c> is the producer's CNAME with reduced size.
    /// </summary>
    /// <param name="kind">The producer's kind.</param>
    /// <param name="parameters">The producer's parameters as matched (the <c>out</c> of <see cref="GetProducerRtpParametersMapping(RtpParameters, RtpCapabilities, out RtpParameters, Func{uint}?)"/>).</param>
    /// <param name="caps">The router's capabilities.</param>
    /// <param name="rtpMapping">The producer's mapping.</param>
    public static RtpParameters GetConsumableRtpParameters(
        MediaKind kind,
        RtpParameters parameters,
        RtpCapabilities caps,
        RtpMapping rtpMapping)
    {
        var capCodecs = caps.Codecs ?? [];
        var codecs = new List<RtpCodecParameters>(parameters.Codecs.Count * 2);

        foreach (var codec in parameters.Codecs)
        {
            if (IsRtxCodec(codec.MimeType))
            {
                continue;
            }

            var consumablePayloadType = MappedPayloadType(rtpMapping, codec.PayloadType);
            RtpCodecCapability? capCodec = null;
            foreach (var candidate in capCodecs)
            {
                if (candidate.PreferredPayloadType == consumablePayloadType)
                {
                    capCodec = candidate;
                    break;
                }
            }
            if (capCodec is null)
            {
                throw new SfuException(
                    $"no router codec with payload type {consumablePayloadType.ToString(CultureInfo.InvariantCulture)} in the RTP mapping");
            }

            codecs.Add(new RtpCodecParameters
            {
                MimeType = capCodec.MimeType,
                PayloadType = consumablePayloadType,
                ClockRate = capCodec.ClockRate,
                Channels = capCodec.Channels,
                Parameters = codec.Parameters,
                RtcpFeedback = capCodec.RtcpFeedback,
            });

            foreach (var capRtx in capCodecs)
            {
                if (IsRtxCodec(capRtx.MimeType) &&
                    CodecParameters.IsNumber(CodecParameters.Get(capRtx.Parameters, "apt"), consumablePayloadType))
                {
                    codecs.Add(new RtpCodecParameters
                    {
                        MimeType = capRtx.MimeType,
                        PayloadType = capRtx.PreferredPayloadType ?? 0,
                        ClockRate = capRtx.ClockRate,
                        Parameters = capRtx.Parameters,
                        RtcpFeedback = capRtx.RtcpFeedback,
                    });
                    break;
                }
            }
        }

        var headerExtensions = new List<RtpHeaderExtensionParameters>();
        foreach (var capExt in caps.HeaderExtensions ?? [])
        {
            if (capExt.Kind != kind ||
                capExt.Direction is not (RtpHeaderExtensionDirection.SendRecv or RtpHeaderExtensionDirection.SendOnly))
            {
                continue;
            }
            headerExtensions.Add(new RtpHeaderExtensionParameters
            {
                Uri = capExt.Uri,
                Id = capExt.PreferredId,
                Encrypt = capExt.PreferredEncrypt ?? false,
                Parameters = CodecParameters.Empty,
            });
        }

        var producerEncodings = parameters.Encodings ?? [];
        var encodings = new RtpEncodingParameters[producerEncodings.Count];
        for (var i = 0; i < encodings.Length; i++)
        {
            encodings[i] = producerEncodings[i] with
            {
                Rid = null,
                Rtx = null,
                CodecPayloadType = null,
                Ssrc = rtpMapping.Encodings[i].MappedSsrc,
            };
        }

        return new RtpParameters
        {
            Codecs = codecs.ToArray(),
            HeaderExtensions = headerExtensions.ToArray(),
            Encodings = encodings,
            Rtcp = new RtcpParameters { Cname = parameters.Rtcp?.Cname, ReducedSize = true },
        };
    }

    /// <summary>
    /// ORTC-7: whether an endpoint with <paramref name="caps"/> can receive the producer: at least one consumable codec
    /// strictly matches a remote codec, and the first that does is a media codec (not RTX).
    /// </summary>
    /// <exception cref="TypeError"><paramref name="caps"/> is invalid (<see cref="ValidateRtpCapabilities"/>).</exception>
    public static bool CanConsume(RtpParameters consumableParameters, RtpCapabilities caps)
    {
        var remote = ValidateRtpCapabilities(caps);

        foreach (var codec in consumableParameters.Codecs)
        {
            foreach (var capCodec in remote.Codecs!)
            {
                if (MatchCodecs(capCodec, codec, strict: true))
                {
                    // The first matching codec decides.
                    return !IsRtxCodec(codec.MimeType);
                }
            }
        }
        return false;
    }

    /// <summary>
    /// ORTC-5: a consumer's parameters for an endpoint with <paramref name="remoteRtpCapabilities"/>. Keeps the
    /// consumable codecs that strictly match a remote codec (RTX only with <paramref name="enableRtx"/>), each with the
    /// remote codec's feedback (without plain <c>nack</c> unless RTX is enabled), drops RTX whose media codec is gone,
    /// keeps the header extensions the remote has with the same id and URI, then reduces congestion feedback:
    /// transport-cc when its extension is kept (no <c>goog-remb</c>), else REMB when abs-send-time is kept (no
    /// <c>transport-cc</c>), else neither. Without <paramref name="pipe"/>: one encoding with a random SSRC, RTX SSRC+1
    /// when RTX survived, <c>scalabilityMode</c> <c>L{encodings}T{temporal layers}</c> for simulcast, and the highest
    /// <c>maxBitrate</c>. With <paramref name="pipe"/>: every consumable encoding, SSRCs from a random base (+i), RTX SSRCs
    /// from another random base. The <c>mid</c> is left to the transport.
    /// </summary>
    /// <param name="randomSsrc">The SSRC source; <see cref="GenerateRandomSsrc"/> by default.</param>
    /// <exception cref="UnsupportedError"><c>no compatible media codecs</c>.</exception>
    /// <exception cref="TypeError">A remote codec capability is invalid.</exception>
    public static RtpParameters GetConsumerRtpParameters(
        RtpParameters consumableRtpParameters,
        RtpCapabilities remoteRtpCapabilities,
        bool pipe,
        bool enableRtx,
        Func<uint>? randomSsrc = null)
    {
        var remote = ValidateRtpCapabilities(remoteRtpCapabilities);
        var random = randomSsrc ?? GenerateRandomSsrc;

        var codecs = new List<RtpCodecParameters>(consumableRtpParameters.Codecs.Count);
        foreach (var codec in consumableRtpParameters.Codecs)
        {
            if (!enableRtx && IsRtxCodec(codec.MimeType))
            {
                continue;
            }

            RtpCodecCapability? matched = null;
            foreach (var capCodec in remote.Codecs!)
            {
                if (MatchCodecs(capCodec, codec, strict: true))
                {
                    matched = capCodec;
                    break;
                }
            }
            if (matched is null)
            {
                continue;
            }

            var feedback = new List<RtcpFeedback>(matched.RtcpFeedback!.Count);
            foreach (var fb in matched.RtcpFeedback)
            {
                if (enableRtx || fb.Type != "nack" || !string.IsNullOrEmpty(fb.Parameter))
                {
                    feedback.Add(fb);
                }
            }
            codecs.Add(codec with { RtcpFeedback = feedback.ToArray() });
        }

        // Drop RTX codecs whose media codec did not survive.
        var rtxSupported = false;
        for (var i = codecs.Count - 1; i >= 0; i--)
        {
            if (!IsRtxCodec(codecs[i].MimeType))
            {
                continue;
            }
            var apt = CodecParameters.Get(codecs[i].Parameters, "apt");
            var hasMedia = false;
            foreach (var other in codecs)
            {
                if (CodecParameters.IsNumber(apt, other.PayloadType))
                {
                    hasMedia = true;
                    break;
                }
            }
            if (hasMedia)
            {
                rtxSupported = true;
            }
            else
            {
                codecs.RemoveAt(i);
            }
        }

        if (codecs.Count == 0 || IsRtxCodec(codecs[0].MimeType))
        {
            throw new UnsupportedError("no compatible media codecs");
        }

        var headerExtensions = new List<RtpHeaderExtensionParameters>();
        foreach (var ext in consumableRtpParameters.HeaderExtensions ?? [])
        {
            foreach (var capExt in remote.HeaderExtensions!)
            {
                if (capExt.PreferredId == ext.Id && capExt.Uri == ext.Uri)
                {
                    headerExtensions.Add(ext);
                    break;
                }
            }
        }

        ReduceCongestionFeedback(codecs, headerExtensions);

        RtpEncodingParameters[] encodings;
        var consumableEncodings = consumableRtpParameters.Encodings ?? [];
        if (!pipe)
        {
            var ssrc = random();

            string? scalabilityMode = null;
            foreach (var encoding in consumableEncodings)
            {
                if (!string.IsNullOrEmpty(encoding.ScalabilityMode))
                {
                    scalabilityMode = encoding.ScalabilityMode;
                    break;
                }
            }
            if (consumableEncodings.Count > 1)
            {
                var temporalLayers = ScalabilityMode.Parse(scalabilityMode).TemporalLayers;
                scalabilityMode = string.Create(
                    CultureInfo.InvariantCulture, $"L{consumableEncodings.Count}T{temporalLayers}");
            }

            long maxBitrate = 0;
            foreach (var encoding in consumableEncodings)
            {
                if (encoding.MaxBitrate is { } bitrate && bitrate > maxBitrate)
                {
                    maxBitrate = bitrate;
                }
            }

            encodings =
            [
                new RtpEncodingParameters
                {
                    Ssrc = ssrc,
                    Rtx = rtxSupported ? new RtpEncodingRtx(ssrc + 1) : null,
                    ScalabilityMode = scalabilityMode,
                    MaxBitrate = maxBitrate != 0 ? maxBitrate : null,
                },
            ];
        }
        else
        {
            encodings = PipeEncodings(consumableEncodings, rtxSupported, random);
        }

        return new RtpParameters
        {
            Codecs = codecs.ToArray(),
            HeaderExtensions = headerExtensions.ToArray(),
            Encodings = encodings,
            Rtcp = consumableRtpParameters.Rtcp,
        };
    }

    /// <summary>
    /// ORTC-6: a pipe consumer's parameters (router-to-router). Keeps every consumable codec (RTX only with
    /// <paramref name="enableRtx"/>) with feedback reduced to <c>nack pli</c>, <c>ccm fir</c> and, with RTX, plain
    /// <c>nack</c>; drops the MID, abs-send-time and transport-cc extensions (no BWE between routers); keeps every
    /// encoding with SSRCs from a random base (+i) and, with RTX, RTX SSRCs from another random base.
    /// </summary>
    /// <param name="randomSsrc">The SSRC source; <see cref="GenerateRandomSsrc"/> by default.</param>
    public static RtpParameters GetPipeConsumerRtpParameters(
        RtpParameters consumableRtpParameters,
        bool enableRtx,
        Func<uint>? randomSsrc = null)
    {
        var codecs = new List<RtpCodecParameters>(consumableRtpParameters.Codecs.Count);
        foreach (var codec in consumableRtpParameters.Codecs)
        {
            if (!enableRtx && IsRtxCodec(codec.MimeType))
            {
                continue;
            }

            var source = codec.RtcpFeedback ?? [];
            var feedback = new List<RtcpFeedback>(source.Count);
            foreach (var fb in source)
            {
                if ((fb.Type == "nack" && fb.Parameter == "pli") ||
                    (fb.Type == "ccm" && fb.Parameter == "fir") ||
                    (enableRtx && fb.Type == "nack" && string.IsNullOrEmpty(fb.Parameter)))
                {
                    feedback.Add(fb);
                }
            }
            codecs.Add(codec with { RtcpFeedback = feedback.ToArray() });
        }

        var headerExtensions = new List<RtpHeaderExtensionParameters>();
        foreach (var ext in consumableRtpParameters.HeaderExtensions ?? [])
        {
            if (ext.Uri is not (RtpHeaderExtensionUris.Mid or RtpHeaderExtensionUris.AbsSendTime or RtpHeaderExtensionUris.TransportWideCc01))
            {
                headerExtensions.Add(ext);
            }
        }

        return new RtpParameters
        {
            Codecs = codecs.ToArray(),
            HeaderExtensions = headerExtensions.ToArray(),
            Encodings = PipeEncodings(consumableRtpParameters.Encodings ?? [], enableRtx, randomSsrc ?? GenerateRandomSsrc),
            Rtcp = consumableRtpParameters.Rtcp,
        };
    }

    /// <summary>True for an RTX codec (<c>…/rtx</c>, any case; RFC 4588).</summary>
    public static bool IsRtxCodec(string? mimeType) =>
        mimeType is not null &&
        mimeType.Length > 4 &&
        mimeType.EndsWith("/rtx", StringComparison.OrdinalIgnoreCase);

    private static RtpEncodingParameters[] PipeEncodings(
        IReadOnlyList<RtpEncodingParameters> consumableEncodings,
        bool withRtx,
        Func<uint> random)
    {
        var baseSsrc = random();
        var baseRtxSsrc = random();
        var encodings = new RtpEncodingParameters[consumableEncodings.Count];
        for (var i = 0; i < encodings.Length; i++)
        {
            encodings[i] = consumableEncodings[i] with
            {
                Ssrc = baseSsrc + (uint)i,
                Rtx = withRtx ? new RtpEncodingRtx(baseRtxSsrc + (uint)i) : null,
            };
        }
        return encodings;
    }

    private static void ReduceCongestionFeedback(List<RtpCodecParameters> codecs, List<RtpHeaderExtensionParameters> headerExtensions)
    {
        var hasTransportCc = false;
        var hasAbsSendTime = false;
        foreach (var ext in headerExtensions)
        {
            hasTransportCc |= ext.Uri == RtpHeaderExtensionUris.TransportWideCc01;
            hasAbsSendTime |= ext.Uri == RtpHeaderExtensionUris.AbsSendTime;
        }

        for (var i = 0; i < codecs.Count; i++)
        {
            var source = codecs[i].RtcpFeedback ?? [];
            var feedback = new List<RtcpFeedback>(source.Count);
            foreach (var fb in source)
            {
                var drop = hasTransportCc
                    ? fb.Type == "goog-remb"
                    : hasAbsSendTime
                        ? fb.Type == "transport-cc"
                        : fb.Type is "transport-cc" or "goog-remb";
                if (!drop)
                {
                    feedback.Add(fb);
                }
            }
            codecs[i] = codecs[i] with { RtcpFeedback = feedback.ToArray() };
        }
    }

    private static int TakeDynamicPayloadType(List<int> dynamicPayloadTypes)
    {
        if (dynamicPayloadTypes.Count == 0)
        {
            throw new SfuException("cannot allocate more dynamic codec payload types");
        }
        var payloadType = dynamicPayloadTypes[0];
        dynamicPayloadTypes.RemoveAt(0);
        return payloadType;
    }

    private static int MappedPayloadType(RtpMapping rtpMapping, int payloadType)
    {
        foreach (var entry in rtpMapping.Codecs)
        {
            if (entry.PayloadType == payloadType)
            {
                return entry.MappedPayloadType;
            }
        }
        throw new SfuException(
            $"no RTP mapping for payload type {payloadType.ToString(CultureInfo.InvariantCulture)}");
    }

    private static string FormatPayloadType(int? payloadType) =>
        payloadType?.ToString(CultureInfo.InvariantCulture) ?? "undefined";
}
