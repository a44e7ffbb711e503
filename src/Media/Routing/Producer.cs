using System.Text.Json.Nodes;
using Sfu.Contracts;
using Sfu.Contracts.Dumps;
using Sfu.Contracts.Events;
using Sfu.Contracts.Rtp;
using Sfu.Contracts.Stats;
using Sfu.Media.Codecs;
using Sfu.Media.Net;
using Sfu.Media.Rtcp;
using Sfu.Media.Rtp;
using Sfu.Media.Rtp.Extensions;
using Sfu.Media.Streams;
using Sfu.Media.Time;
using Sfu.Media.Transports;

namespace Sfu.Media.Routing;

/// <summary>What a <see cref="Producer"/> tells its owner (its actor). Loop thread.</summary>
public interface IProducerListener
{
    void OnProducerClosed(Producer producer, string reason);

    /// <summary>P7: the per-encoding scores changed (<see cref="Producer.Score"/>).</summary>
    void OnProducerScore(Producer producer);

    /// <summary>P8.</summary>
    void OnProducerVideoOrientationChange(Producer producer, ProducerVideoOrientation videoOrientation);

    /// <summary>P6: paused or resumed (only on a real change), whoever asked (the app, or a pipe's source).</summary>
    void OnProducerPauseChange(Producer producer, bool paused);

    /// <summary>P9: a trace event of an enabled type.</summary>
    void OnProducerTrace(Producer producer, TraceEvent trace);
}

/// <summary>What a producer did with one packet.</summary>
public enum ReceiveResult : byte
{
    /// <summary>Accepted and forwarded.</summary>
    Ok,

    /// <summary>Valid but not forwarded (paused, an RTX packet nobody asked for, before its stream exists).</summary>
    Discarded,

    /// <summary>A payload type the producer did not declare: dropped.</summary>
    UnknownPayloadType,

    /// <summary>Rejected by RFC 3550 sequence validation: dropped.</summary>
    InvalidSequence,
}

/// <summary>The producer's own header extension ids (0 = not negotiated).</summary>
public readonly record struct ProducerExtensionIds(
    byte Mid, byte Rid, byte Rrid, byte AbsSendTime, byte TransportWideCc01, byte FrameMarking07, byte FrameMarking,
    byte SsrcAudioLevel, byte VideoOrientation, byte TimeOffset, byte AbsCaptureTime, byte PlayoutDelay);

/// <summary>
/// mediasoup's Producer (P1–P13, MP1–MP5): one media source sent to a transport. It maps its payload types and SSRCs
/// onto the router's (ORTC-3), receives each encoding through an <see cref="RtpStreamRecv"/> (validation, NACK, score),
/// decapsulates RTX, rewrites each packet into router space and hands it to the router, and sends receiver reports,
/// NACKs and key-frame requests back to the sender. Loop thread only.
/// </summary>
public sealed class Producer : IRtpStreamRecvListener, IKeyFrameRequestManagerListener
{
    private readonly Transport _transport;
    private readonly Router _router;
    private readonly IProducerListener _listener;
    private readonly Encoding[] _encodings;
    private readonly Dictionary<uint, int> _mediaSsrcs = new();
    private readonly Dictionary<uint, int> _rtxSsrcs = new();
    private readonly byte[] _mappedPayloadType = new byte[128];
    private readonly bool[] _isMediaPayloadType = new bool[128];
    private readonly bool[] _isRtxPayloadType = new bool[128];
    private readonly byte[] _producerIdByRouterId = new byte[16];
    private readonly KeyFrameRequestManager? _keyFrameRequests;
    private readonly LoopTimer _timer;
    private readonly GenericNackItem[] _nackScratch = new GenericNackItem[1];
    private readonly ReceptionReport[] _reportScratch;
    private readonly CodecKind _codecKind;
    private RtcpReportGate _rtcpGate;
    private ProducerScore[] _score = [];
    private ProducerVideoOrientation? _videoOrientation;
    private TraceTypes _trace = TraceTypes.None;

    internal Producer(string id, MediaKind kind, RtpParameters rtpParameters, bool paused, int keyFrameRequestDelay,
        JsonObject? appData, Transport transport, IProducerListener listener)
    {
        Id = id;
        Kind = kind;
        _transport = transport;
        _router = transport.Router;
        _listener = listener;
        AppData = appData ?? new JsonObject();
        Paused = paused;

        // ORTC-3/4: map onto the router (UnsupportedError), then the worker's own checks (TypeError).
        RtpMapping = Ortc.Ortc.GetProducerRtpParametersMapping(rtpParameters, _router.RtpCapabilities, out var matched);
        RtpParameters = matched;
        ConsumableRtpParameters = Ortc.Ortc.GetConsumableRtpParameters(kind, matched, _router.RtpCapabilities, RtpMapping);
        CanonicalRtpParameters = Ortc.Ortc.CanonicalizeRtpParameters(matched);
        Type = ProducerTypeOf(CanonicalRtpParameters);

        foreach (var codec in RtpMapping.Codecs)
        {
            _mappedPayloadType[codec.PayloadType & 0x7F] = (byte)codec.MappedPayloadType;
        }
        foreach (var codec in CanonicalRtpParameters.Codecs)
        {
            if (Ortc.Ortc.IsRtxCodec(codec.MimeType))
            {
                _isRtxPayloadType[codec.PayloadType & 0x7F] = true;
            }
            else
            {
                _isMediaPayloadType[codec.PayloadType & 0x7F] = true;
            }
        }
        var mediaCodec = CanonicalRtpParameters.Codecs.First(c => !Ortc.Ortc.IsRtxCodec(c.MimeType));
        _codecKind = CodecKinds.FromMimeType(mediaCodec.MimeType);

        ExtensionIds = ReadExtensionIds(rtpParameters.HeaderExtensions);
        _producerIdByRouterId[RouterRtp.FrameMarking07Id] = ExtensionIds.FrameMarking07;
        _producerIdByRouterId[RouterRtp.FrameMarkingId] = ExtensionIds.FrameMarking;
        _producerIdByRouterId[RouterRtp.SsrcAudioLevelId] = ExtensionIds.SsrcAudioLevel;
        _producerIdByRouterId[RouterRtp.VideoOrientationId] = ExtensionIds.VideoOrientation;
        _producerIdByRouterId[RouterRtp.TimeOffsetId] = ExtensionIds.TimeOffset;
        _producerIdByRouterId[RouterRtp.AbsCaptureTimeId] = ExtensionIds.AbsCaptureTime;
        _producerIdByRouterId[RouterRtp.PlayoutDelayId] = ExtensionIds.PlayoutDelay;

        var encodings = CanonicalRtpParameters.Encodings!;
        _encodings = new Encoding[encodings.Count];
        for (var i = 0; i < encodings.Count; i++)
        {
            var e = encodings[i];
            var codec = CanonicalRtpParameters.Codecs.FirstOrDefault(c => c.PayloadType == e.CodecPayloadType) ?? mediaCodec;
            var rtx = CanonicalRtpParameters.Codecs.FirstOrDefault(c =>
                Ortc.Ortc.IsRtxCodec(c.MimeType) && c.Parameters is { } p && p.TryGetValue("apt", out var apt) && apt.Number == codec.PayloadType);
            var scalability = ScalabilityMode.Parse(e.ScalabilityMode);
            _encodings[i] = new Encoding
            {
                Index = i,
                Ssrc = e.Ssrc,
                Rid = e.Rid,
                RtxSsrc = e.Rtx?.Ssrc,
                ConfiguredRtxSsrc = e.Rtx?.Ssrc,
                MappedSsrc = RtpMapping.Encodings[i].MappedSsrc,
                Codec = codec,
                RtxPayloadType = rtx is null ? null : (byte)rtx.PayloadType,
                Dtx = e.Dtx ?? false,
                SpatialLayers = scalability.SpatialLayers,
                TemporalLayers = scalability.TemporalLayers,
            };
            if (e.Ssrc is { } ssrc)
            {
                _mediaSsrcs[ssrc] = i;
            }
            if (e.Rtx?.Ssrc is { } rtxSsrc)
            {
                _rtxSsrcs[rtxSsrc] = i;
            }
        }
        _reportScratch = new ReceptionReport[_encodings.Length * 2];
        UsesReceiveSideBwe =
            (ExtensionIds.TransportWideCc01 != 0 && HasFeedback(CanonicalRtpParameters, "transport-cc"))
            || (ExtensionIds.AbsSendTime != 0 && HasFeedback(CanonicalRtpParameters, "goog-remb"));

        if (kind == MediaKind.Video)
        {
            _keyFrameRequests = new KeyFrameRequestManager(this, TimeSpan.FromMilliseconds(keyFrameRequestDelay));
        }
        _timer = new LoopTimer(OnTimer);
    }

    public string Id { get; }

    public MediaKind Kind { get; }

    /// <summary>The parameters as given, normalized and matched to the router (what the API returns).</summary>
    public RtpParameters RtpParameters { get; }

    /// <summary>The worker's canonical view (P11: what <c>dump()</c> shows).</summary>
    public RtpParameters CanonicalRtpParameters { get; }

    /// <summary>ORTC-4: what consumers are built from.</summary>
    public RtpParameters ConsumableRtpParameters { get; }

    public RtpMapping RtpMapping { get; }

    public ProducerType Type { get; }

    public bool Paused { get; private set; }

    public bool Closed { get; private set; }

    public JsonObject AppData { get; }

    public Transport Transport => _transport;

    public ProducerExtensionIds ExtensionIds { get; }

    /// <summary>P7: per-encoding scores (empty until RTP arrives).</summary>
    public IReadOnlyList<ProducerScore> Score => _score;

    /// <summary>True when the last packet accepted by <see cref="ReceiveRtpPacket"/> came as RTX.</summary>
    internal bool LastPacketWasRtx { get; private set; }

    internal IEnumerable<RtpStreamRecv> Streams => _encodings.Where(e => e.Stream is not null).Select(e => e.Stream!);

    // ---- control ----

    /// <summary>P6. Consumers get <c>producerpause</c>; nothing is forwarded while paused.</summary>
    public void Pause()
    {
        if (Paused || Closed)
        {
            return;
        }
        Paused = true;
        foreach (var e in _encodings)
        {
            e.Stream?.Pause();
        }
        _router.OnProducerPaused(this);
        _listener.OnProducerPauseChange(this, true);
    }

    public void Resume(Instant now)
    {
        if (!Paused || Closed)
        {
            return;
        }
        Paused = false;
        foreach (var e in _encodings)
        {
            e.Stream?.Resume(now);
        }
        _router.OnProducerResumed(this, now);
        _listener.OnProducerPauseChange(this, false);
        // Consumers wait for a key frame after the pause: ask for one.
        foreach (var e in _encodings)
        {
            RequestKeyFrame(e.MappedSsrc, now);
        }
    }

    /// <summary>P9: keeps the known types, drops unknown strings; none stops tracing.</summary>
    public void EnableTraceEvent(IReadOnlyList<string>? types) => _trace = TraceTypes.From(types, TraceTypes.Producer);

    /// <summary>P12. Consumers close with <c>producerclose</c>. Idempotent.</summary>
    public void Close(string reason)
    {
        if (Closed)
        {
            return;
        }
        Closed = true;
        _transport.Context.Loop.Cancel(_timer);
        _transport.RemoveProducer(this);
        _listener.OnProducerClosed(this, reason);
    }

    // ---- the data path (hot) ----

    internal ReceiveResult ReceiveRtpPacket(ref RtpPacketView packet, Instant now)
    {
        LastPacketWasRtx = false;
        var ssrc = packet.Ssrc;
        var payloadType = packet.PayloadType;
        int index;
        bool isRtx;
        if (_mediaSsrcs.TryGetValue(ssrc, out index))
        {
            isRtx = false;
        }
        else if (_rtxSsrcs.TryGetValue(ssrc, out index))
        {
            isRtx = true;
        }
        else if (!TryLearnSsrc(in packet, ssrc, payloadType, out index, out isRtx))
        {
            return ReceiveResult.Discarded;
        }

        var encoding = _encodings[index];
        CodecPayloadInfo info;
        if (isRtx)
        {
            if (!_isRtxPayloadType[payloadType & 0x7F])
            {
                return ReceiveResult.UnknownPayloadType;
            }
            var stream = encoding.Stream;
            if (stream is null || !stream.ReceiveRtxPacket(in packet, now, out var original))
            {
                return ReceiveResult.Discarded;
            }
            packet = original;
            info = stream.LastPacketInfo;
            LastPacketWasRtx = true;
        }
        else
        {
            if (!_isMediaPayloadType[payloadType & 0x7F])
            {
                return ReceiveResult.UnknownPayloadType;
            }
            var stream = encoding.Stream;
            var newStream = stream is null;
            if (stream is null)
            {
                var replaced = encoding.ReplacedSsrc;
                stream = encoding.Stream = CreateStream(encoding, ssrc, now);
                if (replaced is not null)
                {
                    // The sender restarted with a new SSRC: consumers resync on it, keeping their output continuous.
                    encoding.ReplacedSsrc = null;
                    _router.OnProducerStreamReplaced(this, encoding.MappedSsrc, now);
                }
                OnNewStream();
            }
            if (!stream.ReceivePacket(in packet, now))
            {
                return ReceiveResult.InvalidSequence;
            }
            info = stream.LastPacketInfo;
            if (newStream && !Paused && _keyFrameRequests is not null && !info.IsKeyFrame)
            {
                // The stream's first packets may have been lost (or the sender joined mid-picture): ask for a key
                // frame now, so consumers, which start at one, do not wait for the sender's next (as mediasoup does).
                _keyFrameRequests.ForceKeyFrameNeeded(ssrc, now);
            }
        }

        ArmTimer(now);
        if (Paused)
        {
            return ReceiveResult.Discarded;
        }
        if (info.IsKeyFrame)
        {
            _keyFrameRequests?.KeyFrameReceived(packet.Ssrc);
        }
        if ((_trace.Mask & (TraceTypes.Rtp | TraceTypes.KeyFrame)) != 0)
        {
            TraceRtpPacket(in packet, info, isRtx, now);
        }
        if (ExtensionIds.VideoOrientation != 0 && packet.TryGetExtension(ExtensionIds.VideoOrientation, out var cvo))
        {
            CheckVideoOrientation(cvo);
        }

        var scratch = _transport.Context.RouterPacketScratch;
        var length = RouterRtp.Write(in packet, scratch, _mappedPayloadType[packet.PayloadType & 0x7F], encoding.MappedSsrc, _producerIdByRouterId);
        if (length == 0 || !RtpPacketView.TryParse(scratch.AsSpan(0, length), out var routed, out _))
        {
            return ReceiveResult.Discarded;
        }
        _router.OnProducerRtpPacket(this, in routed, info.IsKeyFrame, now);
        return ReceiveResult.Ok;
    }

    /// <summary>MP1: an SSRC not in the parameters: learn it from the RID/RRID, or for a single encoding from the PT.</summary>
    private bool TryLearnSsrc(in RtpPacketView packet, uint ssrc, byte payloadType, out int index, out bool isRtx)
    {
        index = -1;
        isRtx = _isRtxPayloadType[payloadType & 0x7F];
        if (ExtensionIds.Rid != 0 && packet.TryGetExtension(ExtensionIds.Rid, out var rid) && !rid.IsEmpty)
        {
            index = FindByRid(rid);
            isRtx = false;
        }
        else if (ExtensionIds.Rrid != 0 && packet.TryGetExtension(ExtensionIds.Rrid, out var rrid) && !rrid.IsEmpty)
        {
            index = FindByRid(rrid);
            isRtx = true;
        }
        else if (_encodings.Length == 1 && (isRtx ? _encodings[0].RtxSsrc is null : _encodings[0].Ssrc is null))
        {
            index = 0;
        }
        if (index < 0)
        {
            return false;
        }
        var encoding = _encodings[index];
        if (isRtx)
        {
            if (encoding.RtxSsrc is { } known && known != ssrc)
            {
                return false;
            }
            encoding.RtxSsrc = ssrc;
            _rtxSsrcs[ssrc] = index;
            if (encoding.Stream is { HasRtx: false } stream && encoding.RtxPayloadType is { } rtxPayloadType)
            {
                // The media stream came first: it learns its RTX now (mediasoup's RtpStreamRecv::SetRtx).
                stream.SetRtx(rtxPayloadType, ssrc);
            }
        }
        else
        {
            if (encoding.Stream is { } current && current.Ssrc != ssrc)
            {
                if (encoding.Ssrc is not null)
                {
                    return false; // the parameters name the SSRC: this is somebody else
                }
                // The encoding's SSRC was learned (MID/RID): the sender restarted with a new one. Its old stream goes.
                ReplaceStream(encoding, current);
            }
            encoding.LearnedSsrc = ssrc;
            _mediaSsrcs[ssrc] = index;
        }
        return true;
    }

    /// <summary>Forgets an encoding's stream (and its learned RTX SSRC) so the next packet starts a new one.</summary>
    private void ReplaceStream(Encoding encoding, RtpStreamRecv old)
    {
        _mediaSsrcs.Remove(old.Ssrc);
        _transport.ForgetSsrc(old.Ssrc);
        if (encoding.RtxSsrc is { } rtxSsrc && encoding.ConfiguredRtxSsrc is null)
        {
            _rtxSsrcs.Remove(rtxSsrc);
            _transport.ForgetSsrc(rtxSsrc);
            encoding.RtxSsrc = null;
        }
        encoding.ReplacedSsrc = old.Ssrc;
        encoding.Stream = null;
    }

    private int FindByRid(ReadOnlySpan<byte> rid)
    {
        for (var i = 0; i < _encodings.Length; i++)
        {
            if (_encodings[i].Rid is { } r && r.Length == rid.Length && AsciiEquals(r, rid))
            {
                return i;
            }
        }
        return -1;
    }

    private static bool AsciiEquals(string s, ReadOnlySpan<byte> ascii)
    {
        for (var i = 0; i < s.Length; i++)
        {
            if (s[i] != ascii[i])
            {
                return false;
            }
        }
        return true;
    }

    private RtpStreamRecv CreateStream(Encoding encoding, uint ssrc, Instant now)
    {
        var codec = encoding.Codec;
        var feedback = codec.RtcpFeedback ?? [];
        var parameters = new RtpStreamParams
        {
            EncodingIndex = encoding.Index,
            Ssrc = ssrc,
            PayloadType = (byte)codec.PayloadType,
            MimeType = codec.MimeType,
            ClockRate = codec.ClockRate,
            Rid = encoding.Rid,
            Cname = CanonicalRtpParameters.Rtcp?.Cname ?? "",
            RtxSsrc = encoding.RtxSsrc,
            RtxPayloadType = encoding.RtxPayloadType,
            UseNack = feedback.Any(f => f.Type == "nack" && string.IsNullOrEmpty(f.Parameter)),
            UsePli = feedback.Any(f => f.Type == "nack" && f.Parameter == "pli"),
            UseFir = feedback.Any(f => f.Type == "ccm" && f.Parameter == "fir"),
            UseInBandFec = codec.Parameters is { } p && p.TryGetValue("useinbandfec", out var fec) && fec.TryGetInt64(out var f1) && f1 == 1,
            UseDtx = encoding.Dtx || (codec.Parameters is { } q && q.TryGetValue("usedtx", out var dtx) && dtx.TryGetInt64(out var d1) && d1 == 1),
            SpatialLayers = encoding.SpatialLayers,
            TemporalLayers = encoding.TemporalLayers,
        };
        var stream = new RtpStreamRecv(parameters, this, now, new RtpStreamRecvOptions
        {
            // MP3: inactivity zeroes the score of simulcast streams only.
            UseInactivityCheck = _encodings.Length > 1,
            UnixMicrosecondsAtZero = _transport.Context.UnixMicrosecondsAtZero,
            FrameMarkingExtensionId = ExtensionIds.FrameMarking != 0 ? ExtensionIds.FrameMarking : ExtensionIds.FrameMarking07,
        });
        if (Paused)
        {
            stream.Pause();
        }
        return stream;
    }

    /// <summary>
    /// A stream was just created (its first packet): emit the first score right away (P7), and let the consumers
    /// carry it in theirs (C10), as mediasoup does when a producer gets a new RTP stream.
    /// </summary>
    private void OnNewStream()
    {
        _score = BuildScores();
        _listener.OnProducerScore(this);
        _router.OnProducerScores(this);
    }

    // ---- key frames ----

    /// <summary>A consumer wants a key frame of the stream it sees as <paramref name="mappedSsrc"/>.</summary>
    internal void RequestKeyFrame(uint mappedSsrc, Instant now)
    {
        if (_keyFrameRequests is null || Paused)
        {
            return;
        }
        foreach (var encoding in _encodings)
        {
            if (encoding.MappedSsrc == mappedSsrc && encoding.Stream is { } stream)
            {
                _keyFrameRequests.KeyFrameNeeded(stream.Ssrc, now);
                ArmTimer(now);
            }
        }
    }

    void IKeyFrameRequestManagerListener.OnKeyFrameRequestManagerKeyFrameNeeded(KeyFrameRequestManager manager, uint ssrc)
    {
        foreach (var encoding in _encodings)
        {
            if (encoding.Stream is { } stream && stream.Ssrc == ssrc)
            {
                stream.RequestKeyFrame();
            }
        }
    }

    // ---- RTCP ----

    internal void ReceiveRtcpSenderReport(in SenderReport report, Instant now)
    {
        foreach (var encoding in _encodings)
        {
            if (encoding.Stream is { } stream && stream.Ssrc == report.SenderSsrc)
            {
                stream.ReceiveRtcpSenderReport(in report, now);
                if (_trace.Has(TraceTypes.Sr))
                {
                    var ntp = report.NtpTimestamp;
                    Trace(TraceEvent.ForSenderReport(_transport.Context.UnixMilliseconds(now), report.SenderSsrc, ntp.Seconds, ntp.Fraction,
                        report.RtpTimestamp, report.PacketCount, report.OctetCount));
                }
            }
        }
    }

    /// <summary>RT2: an XR DLRR sub-block answering our XR RRT (already resolved to this producer's media SSRC).</summary>
    internal void ReceiveRtcpXrDelaySinceLastRr(in DlrrSubBlock block, Instant now)
    {
        foreach (var encoding in _encodings)
        {
            if (encoding.Stream is { } stream && stream.Ssrc == block.Ssrc)
            {
                stream.ReceiveRtcpXrDelaySinceLastRr(in block, now);
            }
        }
    }

    /// <summary>RT3: whether this producer's interval (5000 ms audio, 1000 ms video) has nearly passed since its last RR.</summary>
    internal bool IsRtcpReportDue(Instant now) => _rtcpGate.IsDue(Kind, now);

    /// <summary>The longest RR <see cref="WriteRtcpReceiverReport"/> can write (every stream and its RTX reporting).</summary>
    internal int MaxRtcpReceiverReportLength => 8 + (ReceptionReport.Size * _reportScratch.Length);

    /// <summary>
    /// B1: whether the producer negotiated receive-side bandwidth estimation — transport-wide-cc with
    /// <c>transport-cc</c> feedback, or abs-send-time with <c>goog-remb</c> — which is what makes mediasoup create a
    /// transport's congestion control server.
    /// </summary>
    internal bool UsesReceiveSideBwe { get; }

    /// <summary>Writes the SSRCs of the streams received so far (for a REMB); returns how many fit.</summary>
    internal int CopyMediaSsrcs(Span<uint> destination)
    {
        var count = 0;
        foreach (var encoding in _encodings)
        {
            if (encoding.Stream is { } stream && count < destination.Length)
            {
                destination[count++] = stream.Ssrc;
            }
        }
        return count;
    }

    /// <summary>An RR with a report block for each stream (and its RTX): MP14. Returns the bytes written.</summary>
    internal int WriteRtcpReceiverReport(Span<byte> destination, Instant now)
    {
        _rtcpGate.MarkSent(now);
        var count = 0;
        foreach (var encoding in _encodings)
        {
            if (encoding.Stream is not { } stream)
            {
                continue;
            }
            _reportScratch[count++] = stream.GetReceptionReport(now);
            if (stream.TryGetRtxReceptionReport(now, out var rtxReport))
            {
                _reportScratch[count++] = rtxReport;
            }
        }
        if (count == 0)
        {
            return 0;
        }
        var writer = new ReceiverReportWriter(0, _reportScratch.AsSpan(0, count));
        return writer.TryWrite(destination, out var written) ? written : 0;
    }

    void IRtpStreamRecvListener.OnRtpStreamRecvScore(RtpStreamRecv stream, byte score, byte previousScore)
    {
        _score = BuildScores();
        _listener.OnProducerScore(this);
        _router.OnProducerScores(this);
    }

    void IRtpStreamRecvListener.OnRtpStreamRecvSendNack(RtpStreamRecv stream, ReadOnlySpan<GenericNackItem> items)
    {
        var slot = _transport.BeginSend(rtcp: true);
        if (slot.IsEmpty)
        {
            return;
        }
        if (Rtcp.RtcpFeedbackWriter.Nack(0, stream.Ssrc, items).TryWrite(slot, out var written))
        {
            var now = _transport.Context.Loop.Now;
            _transport.EndSendRtcp(written, now);
            if (_trace.Has(TraceTypes.Nack))
            {
                Trace(TraceEvent.ForNack(_transport.Context.UnixMilliseconds(now), TraceDirection.Out));
            }
        }
    }

    void IRtpStreamRecvListener.OnRtpStreamRecvSendKeyFrameRequest(RtpStreamRecv stream, KeyFrameRequestType type, byte firSequenceNumber)
    {
        var slot = _transport.BeginSend(rtcp: true);
        if (slot.IsEmpty)
        {
            return;
        }
        int written;
        bool ok;
        if (type == KeyFrameRequestType.Pli)
        {
            ok = Rtcp.RtcpFeedbackWriter.Pli(stream.Ssrc, stream.Ssrc).TryWrite(slot, out written);
        }
        else
        {
            Span<FirItem> item = [new FirItem(stream.Ssrc, firSequenceNumber)];
            ok = Rtcp.RtcpFeedbackWriter.Fir(stream.Ssrc, item).TryWrite(slot, out written);
        }
        if (ok)
        {
            var now = _transport.Context.Loop.Now;
            _transport.EndSendRtcp(written, now);
            var traceType = type == KeyFrameRequestType.Pli ? TraceTypes.Pli : TraceTypes.Fir;
            if (_trace.Has(traceType))
            {
                Trace(TraceEvent.ForKeyFrameRequest(type == KeyFrameRequestType.Pli ? "pli" : "fir",
                    _transport.Context.UnixMilliseconds(now), TraceDirection.Out, stream.Ssrc));
            }
        }
    }

    void IRtpStreamRecvListener.OnRtpStreamRecvNeedWorstRemoteFractionLost(RtpStreamRecv stream, ref byte worstRemoteFractionLost)
    {
    }

    // ---- timers ----

    private void ArmTimer(Instant now)
    {
        var next = NextTimeout();
        if (next == Instant.MaxValue)
        {
            return;
        }
        if (!_timer.IsArmed || next < _timerDue)
        {
            _timerDue = next;
            _transport.Context.Loop.Schedule(_timer, next);
        }
    }

    private Instant _timerDue = Instant.MaxValue;

    private Instant NextTimeout()
    {
        var next = _keyFrameRequests?.NextTimeout ?? Instant.MaxValue;
        foreach (var encoding in _encodings)
        {
            if (encoding.Stream is { } stream)
            {
                next = Instant.Min(next, stream.NextTimeout);
            }
        }
        return next;
    }

    private void OnTimer(Instant now)
    {
        if (Closed)
        {
            return;
        }
        _timerDue = Instant.MaxValue;
        foreach (var encoding in _encodings)
        {
            encoding.Stream?.OnTimer(now);
        }
        _keyFrameRequests?.OnTimer(now);
        ArmTimer(now);
    }

    // ---- dump and stats ----

    /// <summary>P11: <c>rtpStreams</c> is absent until a stream exists.</summary>
    public ProducerDump Dump() => new()
    {
        Id = Id,
        Kind = Kind,
        Type = Type,
        RtpParameters = CanonicalRtpParameters,
        RtpMapping = RtpMapping,
        RtpStreams = _encodings.Any(e => e.Stream is not null)
            ? _encodings.Where(e => e.Stream is not null).Select(e => e.Stream!.ToDump()).ToArray()
            : null,
        TraceEventTypes = _trace.Names,
        Paused = Paused,
    };

    /// <summary>P10: one inbound-rtp per encoding that has received RTP.</summary>
    public IReadOnlyList<RtpStreamStats> GetStats(Instant now) =>
        _encodings.Where(e => e.Stream is not null).Select(e => (RtpStreamStats)e.Stream!.GetStats(now)).ToArray();

    // ---- trace (P9; only for enabled types: building an event allocates) ----

    /// <summary>A received packet as the sender sent it (an RTX one decapsulated): <c>keyframe</c> for a key frame if enabled, else <c>rtp</c>.</summary>
    private void TraceRtpPacket(in RtpPacketView packet, CodecPayloadInfo info, bool isRtx, Instant now)
    {
        var type = info.IsKeyFrame && _trace.Has(TraceTypes.KeyFrame) ? "keyframe" : _trace.Has(TraceTypes.Rtp) ? "rtp" : null;
        if (type is null)
        {
            return;
        }
        var dump = TraceTypes.Dump(in packet, info, ExtensionIds.Mid, ExtensionIds.Rid, ExtensionIds.Rrid, ExtensionIds.TransportWideCc01);
        Trace(TraceEvent.ForRtpPacket(type, _transport.Context.UnixMilliseconds(now), TraceDirection.In, dump, isRtx));
    }

    private void Trace(TraceEvent trace) => _listener.OnProducerTrace(this, trace);

    private ProducerScore[] BuildScores() => _encodings
        .Where(e => e.Stream is not null)
        .Select(e => new ProducerScore { EncodingIdx = e.Index, Ssrc = e.Stream!.Ssrc, Rid = e.Rid, Score = e.Stream.Score })
        .ToArray();

    private void CheckVideoOrientation(ReadOnlySpan<byte> value)
    {
        if (!VideoOrientationExtension.TryRead(value, out var cvo))
        {
            return;
        }
        var orientation = new ProducerVideoOrientation { Camera = cvo.BackFacing, Flip = cvo.Flip, Rotation = cvo.Rotation };
        if (_videoOrientation != orientation)
        {
            _videoOrientation = orientation;
            _listener.OnProducerVideoOrientationChange(this, orientation);
        }
    }

    private static ProducerExtensionIds ReadExtensionIds(IReadOnlyList<RtpHeaderExtensionParameters>? extensions)
    {
        byte Id(string uri) => (byte)(extensions?.FirstOrDefault(e => e.Uri == uri)?.Id ?? 0);
        return new ProducerExtensionIds(
            Id(RtpHeaderExtensionUris.Mid), Id(RtpHeaderExtensionUris.RtpStreamId), Id(RtpHeaderExtensionUris.RepairedRtpStreamId),
            Id(RtpHeaderExtensionUris.AbsSendTime), Id(RtpHeaderExtensionUris.TransportWideCc01), Id(RtpHeaderExtensionUris.FrameMarking07),
            Id(RtpHeaderExtensionUris.FrameMarking), Id(RtpHeaderExtensionUris.SsrcAudioLevel), Id(RtpHeaderExtensionUris.VideoOrientation),
            Id(RtpHeaderExtensionUris.TimeOffset), Id(RtpHeaderExtensionUris.AbsCaptureTime), Id(RtpHeaderExtensionUris.PlayoutDelay));
    }

    private static bool HasFeedback(RtpParameters parameters, string type) =>
        parameters.Codecs.Any(c => c.RtcpFeedback?.Any(f => f.Type == type) == true);

    /// <summary>P4: simulcast for several encodings or VP8/H264 layers, svc for VP9/H264-SVC layers, else simple.</summary>
    private static ProducerType ProducerTypeOf(RtpParameters parameters)
    {
        var encodings = parameters.Encodings!;
        var codec = parameters.Codecs.First(c => !Ortc.Ortc.IsRtxCodec(c.MimeType));
        var mime = codec.MimeType.ToLowerInvariant();
        if (encodings.Count > 1)
        {
            return mime is "video/vp8" or "video/h264"
                ? ProducerType.Simulcast
                : throw new TypeError($"{codec.MimeType} codec not supported for simulcast");
        }
        if (ScalabilityMode.Parse(encodings[0].ScalabilityMode).SpatialLayers > 1)
        {
            return mime switch
            {
                "video/vp9" or "video/h264-svc" => ProducerType.Svc,
                "video/vp8" or "video/h264" => ProducerType.Simulcast,
                _ => throw new TypeError($"{codec.MimeType} codec not supported for svc"),
            };
        }
        return ProducerType.Simple;
    }

    /// <summary>One encoding (simulcast layer) of the producer.</summary>
    private sealed class Encoding
    {
        public int Index;
        public uint? Ssrc;
        public uint? LearnedSsrc;
        public string? Rid;
        public uint? RtxSsrc;
        public uint? ConfiguredRtxSsrc;
        public uint? ReplacedSsrc;
        public uint MappedSsrc;
        public RtpCodecParameters Codec = null!;
        public byte? RtxPayloadType;
        public bool Dtx;
        public int SpatialLayers = 1;
        public int TemporalLayers = 1;
        public RtpStreamRecv? Stream;
    }
}
