using System.Buffers.Binary;
using System.Text;
using System.Text.Json.Nodes;
using Sfu.Contracts;
using Sfu.Contracts.Dumps;
using Sfu.Contracts.Events;
using Sfu.Contracts.Options;
using Sfu.Contracts.Rtp;
using Sfu.Contracts.Stats;
using Sfu.Media.Codecs;
using Sfu.Media.Rtcp;
using Sfu.Media.Rtp;
using Sfu.Media.Streams;
using Sfu.Media.Time;
using Sfu.Media.Transports;

namespace Sfu.Media.Routing;

/// <summary>What a <see cref="Consumer"/> tells its owner (its actor). Loop thread.</summary>
public interface IConsumerListener
{
    /// <summary>The consumer closed; <paramref name="reason"/> is <c>producerclose</c> when its producer closed.</summary>
    void OnConsumerClosed(Consumer consumer, string reason);

    /// <summary>
    /// C5: the consumer stopped forwarding: it or its producer paused (mediasoup's observer <c>pause</c>, which fires
    /// on a change of <c>paused || producerPaused</c>).
    /// </summary>
    void OnConsumerPaused(Consumer consumer);

    /// <summary>C5: the consumer forwards again: neither it nor its producer is paused (observer <c>resume</c>).</summary>
    void OnConsumerResumed(Consumer consumer);

    /// <summary>C6.</summary>
    void OnConsumerProducerPaused(Consumer consumer);

    /// <summary>C6.</summary>
    void OnConsumerProducerResumed(Consumer consumer);

    /// <summary>C10: <see cref="Consumer.Score"/> changed.</summary>
    void OnConsumerScore(Consumer consumer);

    /// <summary>C11: a trace event of an enabled type.</summary>
    void OnConsumerTrace(Consumer consumer, TraceEvent trace);
}

/// <summary>
/// mediasoup's Consumer, what every kind shares (C1–C15): the state (paused, producer paused, priority, score), the
/// per-stream <see cref="RtpStreamSend"/>s that account what is sent, answer NACKs and take receiver reports, the RTCP
/// it sends (SR + SDES), key-frame requests towards the producer, and the rewrite of each router-space packet into
/// the consumer's send slot. <see cref="SimpleConsumer"/> and <see cref="PipeConsumer"/> decide which packets go out
/// and with which sequence numbers. Loop thread only.
/// </summary>
public abstract class Consumer : IRtpStreamSendListener
{
    private readonly IConsumerListener _listener;
    private RtcpReportGate _rtcpGate;
    private readonly bool[] _supportedPayloadTypes = new bool[128];
    private readonly bool[] _keepExtensions = new bool[16];
    private readonly byte[] _mid;
    private TraceTypes _trace = TraceTypes.None;
    private ConsumerScore _score;

    protected Consumer(string id, Producer producer, RtpParameters rtpParameters, ConsumerOptions options, Transport transport,
        IConsumerListener listener, ConsumerType type)
    {
        Id = id;
        Producer = producer;
        Transport = transport;
        Context = transport.Context;
        _listener = listener;
        Kind = producer.Kind;
        RtpParameters = rtpParameters;
        Type = type;
        Paused = options.Paused ?? false;
        ProducerPaused = producer.Paused;
        AppData = options.AppData ?? new JsonObject();
        foreach (var codec in rtpParameters.Codecs)
        {
            _supportedPayloadTypes[codec.PayloadType & 0x7F] = true;
        }
        foreach (var extension in rtpParameters.HeaderExtensions ?? [])
        {
            if (extension.Id is > 0 and < 15)
            {
                _keepExtensions[extension.Id] = true;
            }
        }
        _mid = rtpParameters.Mid is { } mid ? Encoding.ASCII.GetBytes(mid) : [];
        if (_mid.Length > RouterRtp.MidSpace)
        {
            throw new TypeError($"mid longer than {RouterRtp.MidSpace} characters");
        }
        var mediaCodec = rtpParameters.Codecs.First(c => !Ortc.Ortc.IsRtxCodec(c.MimeType));
        MediaCodec = mediaCodec;
        CodecKind = CodecKinds.FromMimeType(mediaCodec.MimeType);
        // C4/PP3: a consumer starts with one zero per producer encoding; a pipe transport's consumer starts with none
        // (mediasoup's PipeTransport.consume does not take the worker's initial score). The next score event fills them.
        _score = new ConsumerScore
        {
            Score = 10,
            ProducerScore = type == ConsumerType.Pipe ? 10 : 0,
            ProducerScores = transport.IsPipe ? [] : (producer.CanonicalRtpParameters.Encodings ?? []).Select(_ => 0).ToArray(),
        };
    }

    public string Id { get; }

    public Producer Producer { get; }

    public Transport Transport { get; }

    protected WorkerContext Context { get; }

    public MediaKind Kind { get; }

    public RtpParameters RtpParameters { get; }

    public ConsumerType Type { get; }

    public bool Paused { get; private set; }

    public bool ProducerPaused { get; private set; }

    public int Priority { get; private set; } = 1;

    public JsonObject AppData { get; }

    public bool Closed { get; private set; }

    /// <summary>C10: the consumer's own stream score and its producer's.</summary>
    public ConsumerScore Score => _score;

    /// <summary>C4/C7: null for simple and pipe consumers.</summary>
    public virtual ConsumerLayers? PreferredLayers => null;

    public virtual ConsumerLayers? CurrentLayers => null;

    /// <summary>The SSRCs this consumer sends media with (RTCP feedback names them).</summary>
    public abstract IReadOnlyList<uint> MediaSsrcs { get; }

    public abstract IReadOnlyList<uint> RtxSsrcs { get; }

    protected RtpCodecParameters MediaCodec { get; }

    protected CodecKind CodecKind { get; }

    /// <summary>Forwarding: neither paused nor producer-paused (and not closed).</summary>
    protected bool IsActive => !Closed && !Paused && !ProducerPaused;

    /// <summary>Whether this codec lets the consumer wait for a key frame before (re)starting (MP8).</summary>
    protected bool KeyFrameSupported => CodecKind.CanDetectKeyFrames();

    // ---- control ----

    /// <summary>Called once registered: a video consumer that starts active asks for a key frame.</summary>
    internal void Start(Instant now)
    {
        if (IsActive && Kind == MediaKind.Video)
        {
            RequestKeyFrame(now);
        }
    }

    /// <summary>C5.</summary>
    public void Pause()
    {
        if (Closed || Paused)
        {
            return;
        }
        var wasActive = IsActive;
        Paused = true;
        if (wasActive)
        {
            OnPaused();
            _listener.OnConsumerPaused(this);
        }
    }

    /// <summary>C5: resuming video requests a key frame; forwarding restarts at it.</summary>
    public void Resume(Instant now)
    {
        if (Closed || !Paused)
        {
            return;
        }
        Paused = false;
        if (IsActive)
        {
            OnResumed(now);
            _listener.OnConsumerResumed(this);
        }
    }

    internal void OnProducerPaused()
    {
        if (Closed || ProducerPaused)
        {
            return;
        }
        var wasActive = IsActive;
        ProducerPaused = true;
        if (wasActive)
        {
            OnPaused();
            _listener.OnConsumerPaused(this);
        }
        _listener.OnConsumerProducerPaused(this);
    }

    internal void OnProducerResumed(Instant now)
    {
        if (Closed || !ProducerPaused)
        {
            return;
        }
        ProducerPaused = false;
        if (IsActive)
        {
            OnResumed(now);
            _listener.OnConsumerResumed(this);
        }
        _listener.OnConsumerProducerResumed(this);
    }

    internal void OnProducerClosed() => Close(CloseReasons.ProducerClose);

    /// <summary>
    /// The producer's stream behind <paramref name="mappedSsrc"/> was replaced (its sender restarted): resync at the next
    /// key frame, keeping what the receiver sees continuous.
    /// </summary>
    internal abstract void OnProducerStreamReplaced(uint mappedSsrc, Instant now);

    /// <summary>C14. Idempotent.</summary>
    public void Close(string reason)
    {
        if (Closed)
        {
            return;
        }
        Closed = true;
        foreach (var stream in SendStreams)
        {
            stream.Close();
        }
        Transport.RemoveConsumer(this);
        _listener.OnConsumerClosed(this, reason);
    }

    /// <summary>C9: a PLI or FIR to the producer for each stream this consumer forwards.</summary>
    public void RequestKeyFrame(Instant now)
    {
        if (!IsActive || Kind != MediaKind.Video)
        {
            return;
        }
        foreach (var mappedSsrc in ProducerMappedSsrcs)
        {
            Router.OnConsumerKeyFrameRequested(this, mappedSsrc, now);
        }
    }

    /// <summary>C8: 1–255 (validated by the API).</summary>
    public void SetPriority(int? priority)
    {
        if (Closed)
        {
            throw new SfuException("consumer closed");
        }
        Priority = priority is >= 1 and <= 255 ? priority.Value : throw new TypeError("wrong priority");
    }

    /// <summary>C7: a no-op for simple and pipe consumers.</summary>
    public virtual void SetPreferredLayers(ConsumerPreferredLayers layers)
    {
        if (Closed)
        {
            throw new SfuException("consumer closed");
        }
    }

    /// <summary>C11: keeps the known types, drops unknown strings; none stops tracing.</summary>
    public void EnableTraceEvent(IReadOnlyList<string>? types) => _trace = TraceTypes.From(types, TraceTypes.Consumer);

    // ---- kind-specific ----

    /// <summary>The data path: a router-space packet of the producer (hot).</summary>
    internal abstract void SendRtpPacket(in RtpPacketView packet, bool isKeyFrame, Instant now);

    /// <summary>The consumer's streams (an array, so the RTCP paths walk it without an enumerator allocation).</summary>
    protected abstract RtpStreamSend[] SendStreams { get; }

    /// <summary>The producer's mapped SSRCs this consumer forwards (key frames are asked on them).</summary>
    protected abstract uint[] ProducerMappedSsrcs { get; }

    protected abstract void OnPaused();

    protected abstract void OnResumed(Instant now);

    public abstract ConsumerDump Dump();

    /// <summary>C13: the parameters as the worker holds them (canonical, <c>codecPayloadType</c> filled, as the producer dump).</summary>
    protected ConsumerDump FillDump(ConsumerDump dump) => dump with
    {
        Id = Id,
        ProducerId = Producer.Id,
        Kind = Kind,
        RtpParameters = Ortc.Ortc.CanonicalizeRtpParameters(RtpParameters),
        ConsumableRtpEncodings = Producer.ConsumableRtpParameters.Encodings,
        SupportedCodecPayloadTypes = RtpParameters.Codecs.Where(c => !Ortc.Ortc.IsRtxCodec(c.MimeType)).Select(c => c.PayloadType).ToArray(),
        TraceEventTypes = _trace.Names,
        Paused = Paused,
        ProducerPaused = ProducerPaused,
        Priority = Priority,
    };

    /// <summary>C12: outbound-rtp, then the producer stream's inbound-rtp once it exists.</summary>
    public virtual IReadOnlyList<RtpStreamStats> GetStats(Instant now)
    {
        var stats = new List<RtpStreamStats>();
        foreach (var stream in SendStreams)
        {
            stats.Add(stream.GetStats(now));
        }
        stats.AddRange(Producer.GetStats(now));
        return stats;
    }

    // ---- sending (hot) ----

    /// <summary>Whether a router-space packet's payload type is one this consumer negotiated (MP8).</summary>
    protected bool SupportsPayloadType(byte payloadType) => _supportedPayloadTypes[payloadType & 0x7F];

    /// <summary>
    /// Copies a router-space packet into the transport's send slot with this consumer's SSRC and sequence number,
    /// its MID and negotiated extensions, accounts it on <paramref name="stream"/> (which keeps it for retransmission,
    /// sharing the router's copy), protects and queues it.
    /// </summary>
    protected void SendCopy(in RtpPacketView packet, RtpStreamSend stream, uint ssrc, ushort sequenceNumber, uint timestamp, Instant now)
    {
        var slot = Transport.BeginSend(rtcp: false);
        var length = packet.Length;
        if (slot.Length < length)
        {
            return;
        }
        packet.Buffer.CopyTo(slot);
        var copy = slot[..length];
        BinaryPrimitives.WriteUInt16BigEndian(copy[2..], sequenceNumber);
        BinaryPrimitives.WriteUInt32BigEndian(copy[4..], timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(copy[8..], ssrc);
        RouterRtp.PrepareExtensions(copy, _mid, _keepExtensions);
        if (_keepExtensions[RouterRtp.AbsSendTimeId])
        {
            RouterRtp.SetAbsSendTime(copy, Context.UnixMicrosecondsAtZero + now.Microseconds);
        }
        if (!RtpPacketView.TryParse(copy, out var sent, out _))
        {
            return;
        }
        var shared = stream.RetransmissionBuffer is null ? null : Transport.Router.SharedPacket(in packet);
        stream.ReceivePacket(in sent, shared, now);
        if ((_trace.Mask & (TraceTypes.Rtp | TraceTypes.KeyFrame)) != 0)
        {
            TraceRtpPacket(in sent, isRtx: false, now); // before sending: SRTP protects the slot in place
        }
        Transport.EndSendRtp(length, isRtx: false, now);
    }

    // ---- RTCP (from the receiver) ----

    internal void ReceiveNack(in RtcpFeedbackPacket<GenericNackItem> nack, Instant now)
    {
        if (!IsActive)
        {
            return;
        }
        if (_trace.Has(TraceTypes.Nack))
        {
            Trace(TraceEvent.ForNack(Context.UnixMilliseconds(now), TraceDirection.In));
        }
        var stream = StreamBySsrc(nack.MediaSsrc);
        stream?.ReceiveNack(in nack, Context.RtcpScratch, now);
    }

    internal void ReceiveKeyFrameRequest(KeyFrameRequestType type, uint ssrc, Instant now)
    {
        if (_trace.Has(type == KeyFrameRequestType.Pli ? TraceTypes.Pli : TraceTypes.Fir))
        {
            Trace(TraceEvent.ForKeyFrameRequest(type == KeyFrameRequestType.Pli ? "pli" : "fir", Context.UnixMilliseconds(now), TraceDirection.In, ssrc));
        }
        var stream = StreamBySsrc(ssrc);
        if (stream is null)
        {
            return;
        }
        stream.ReceiveKeyFrameRequest(type);
        RequestKeyFrame(now);
    }

    internal void ReceiveRtcpReceiverReport(ReceptionReport block, Instant now) =>
        StreamBySsrc(block.Ssrc)?.ReceiveRtcpReceiverReport(in block, now);

    /// <summary>RT2: an XR receiver reference time from the receiver; the next reports answer it with a DLRR (MP14).</summary>
    internal void ReceiveRtcpXrReceiverReferenceTime(NtpTime receiverReferenceTime, Instant now)
    {
        foreach (var stream in SendStreams)
        {
            stream.ReceiveRtcpXrReceiverReferenceTime(receiverReferenceTime, now);
        }
    }

    /// <summary>RT3: whether this consumer's interval (5000 ms audio, 1000 ms video) has nearly passed since its last SR.</summary>
    internal bool IsRtcpReportDue(Instant now) => _rtcpGate.IsDue(Kind, now);

    /// <summary>Bits per second this consumer sends (the transport's RTCP interval scales with the sum, RT3).</summary>
    internal long GetSendBitrate(Instant now)
    {
        long bitrate = 0;
        foreach (var stream in SendStreams)
        {
            bitrate += stream.GetBitrate(now);
        }
        return bitrate;
    }

    /// <summary>
    /// MP14: an SR for each stream that has sent, then SDES with the CNAMEs, then, once the receiver sent an XR RRT,
    /// an XR with a DLRR sub-block per stream (RFC 3611 §4.5). Returns the bytes written (0: no SR yet).
    /// </summary>
    internal int WriteRtcpReport(Span<byte> destination, Instant now)
    {
        var offset = 0;
        var any = false;
        foreach (var stream in SendStreams)
        {
            if (!stream.TryGetRtcpSenderReport(now, out var info))
            {
                continue;
            }
            var sr = new SenderReportWriter(info.Ssrc, info.NtpTimestamp, info.RtpTimestamp, info.PacketCount, info.OctetCount, []);
            if (!sr.TryWrite(destination[offset..], out var written))
            {
                break;
            }
            offset += written;
            any = true;
        }
        if (!any)
        {
            return 0;
        }
        foreach (var stream in SendStreams)
        {
            var sdes = new SourceDescriptionWriter([stream.GetRtcpSdesChunk()]);
            if (!sdes.TryWrite(destination[offset..], out var written))
            {
                break;
            }
            offset += written;
        }

        Span<DlrrSubBlock> dlrr = stackalloc DlrrSubBlock[MaxDlrrSubBlocks];
        var count = 0;
        foreach (var stream in SendStreams)
        {
            if (count < dlrr.Length && stream.TryGetRtcpXrDelaySinceLastRr(now, out var block))
            {
                dlrr[count++] = block;
            }
        }
        if (count > 0)
        {
            var xr = new ExtendedReportWriter(SendStreams[0].Ssrc, null, dlrr[..count]);
            if (xr.TryWrite(destination[offset..], out var written))
            {
                offset += written;
            }
        }
        _rtcpGate.MarkSent(now);
        return offset;
    }

    /// <summary>The most DLRR sub-blocks in one report (one per stream; a pipe consumer has one per encoding).</summary>
    private const int MaxDlrrSubBlocks = 16;

    private RtpStreamSend? StreamBySsrc(uint ssrc)
    {
        foreach (var stream in SendStreams)
        {
            if (stream.Ssrc == ssrc || stream.Params.RtxSsrc == ssrc)
            {
                return stream;
            }
        }
        return null;
    }

    // ---- stream events ----

    void IRtpStreamSendListener.OnRtpStreamSendScore(RtpStreamSend stream, byte score, byte previousScore) => UpdateScore();

    /// <summary>A retransmission (MP6): written by the stream into the scratch; send it from the slot.</summary>
    void IRtpStreamSendListener.OnRtpStreamSendRetransmitRtpPacket(RtpStreamSend stream, Span<byte> packet)
    {
        var slot = Transport.BeginSend(rtcp: false);
        if (slot.Length < packet.Length)
        {
            return;
        }
        packet.CopyTo(slot);
        RouterRtp.PrepareExtensions(slot[..packet.Length], _mid, _keepExtensions);
        var now = Context.Loop.Now;
        if ((_trace.Mask & (TraceTypes.Rtp | TraceTypes.KeyFrame)) != 0 && RtpPacketView.TryParse(slot[..packet.Length], out var sent, out _))
        {
            TraceRtpPacket(in sent, isRtx: stream.HasRtx, now);
        }
        Transport.EndSendRtp(packet.Length, isRtx: stream.HasRtx, now);
    }

    // ---- trace (C11; only for enabled types: building an event allocates) ----

    /// <summary>
    /// A packet as it goes to the receiver (a retransmission RTX-encapsulated when the stream has RTX): <c>keyframe</c>
    /// for a key frame if enabled, else <c>rtp</c>.
    /// </summary>
    private void TraceRtpPacket(in RtpPacketView sent, bool isRtx, Instant now)
    {
        var frameMarking = sent.TryGetExtension(RouterRtp.FrameMarkingId, out var marking) || sent.TryGetExtension(RouterRtp.FrameMarking07Id, out marking)
            ? marking
            : default;
        var info = isRtx && sent.PayloadLength >= 2
            ? CodecInspector.Inspect(CodecKind, sent.Payload[2..], frameMarking) // after the RTX original sequence number
            : CodecInspector.Inspect(CodecKind, sent.Payload, frameMarking);
        var type = info.IsKeyFrame && _trace.Has(TraceTypes.KeyFrame) ? "keyframe" : _trace.Has(TraceTypes.Rtp) ? "rtp" : null;
        if (type is null)
        {
            return;
        }
        var dump = TraceTypes.Dump(in sent, info, RouterRtp.MidId, 0, 0, RouterRtp.TransportWideCc01Id);
        Trace(TraceEvent.ForRtpPacket(type, Context.UnixMilliseconds(now), TraceDirection.Out, dump, isRtx));
    }

    private void Trace(TraceEvent trace) => _listener.OnConsumerTrace(this, trace);

    internal void OnProducerScores() => UpdateScore();

    private void UpdateScore()
    {
        var streams = SendStreams;
        var own = streams.Length == 0 ? 10 : streams.Min(s => (int)s.Score);
        var producerScores = (Producer.CanonicalRtpParameters.Encodings ?? []).Select((_, i) =>
            Producer.Score.FirstOrDefault(s => s.EncodingIdx == i)?.Score ?? 0).ToArray();
        var producerScore = Type == ConsumerType.Pipe ? 10 : ProducerScoreOf(producerScores);
        var score = new ConsumerScore { Score = own, ProducerScore = producerScore, ProducerScores = producerScores };
        if (score.Score == _score.Score && score.ProducerScore == _score.ProducerScore && score.ProducerScores.SequenceEqual(_score.ProducerScores))
        {
            return;
        }
        _score = score;
        _listener.OnConsumerScore(this);
    }

    /// <summary>The producer score a consumer reports: the score of the producer stream it forwards.</summary>
    protected virtual int ProducerScoreOf(int[] producerScores) => producerScores.Length > 0 ? producerScores[0] : 0;

    /// <summary>The parameters of a consumer stream, from the consumer's RTP parameters.</summary>
    protected RtpStreamParams StreamParams(int encodingIndex, RtpEncodingParameters encoding)
    {
        var codec = MediaCodec;
        var feedback = codec.RtcpFeedback ?? [];
        var rtx = RtpParameters.Codecs.FirstOrDefault(c =>
            Ortc.Ortc.IsRtxCodec(c.MimeType) && c.Parameters is { } p && p.TryGetValue("apt", out var apt) && apt.Number == codec.PayloadType);
        var scalability = ScalabilityMode.Parse(encoding.ScalabilityMode);
        return new RtpStreamParams
        {
            EncodingIndex = encodingIndex,
            Ssrc = encoding.Ssrc ?? 0,
            PayloadType = (byte)codec.PayloadType,
            MimeType = codec.MimeType,
            ClockRate = codec.ClockRate,
            Cname = RtpParameters.Rtcp?.Cname ?? "",
            RtxSsrc = rtx is null ? null : encoding.Rtx?.Ssrc,
            RtxPayloadType = rtx is null || encoding.Rtx is null ? null : (byte)rtx.PayloadType,
            UseNack = feedback.Any(f => f.Type == "nack" && string.IsNullOrEmpty(f.Parameter)),
            UsePli = feedback.Any(f => f.Type == "nack" && f.Parameter == "pli"),
            UseFir = feedback.Any(f => f.Type == "ccm" && f.Parameter == "fir"),
            SpatialLayers = scalability.SpatialLayers,
            TemporalLayers = scalability.TemporalLayers,
        };
    }

    protected RtpStreamSendOptions StreamOptions => new()
    {
        UnixMicrosecondsAtZero = Context.UnixMicrosecondsAtZero,
        Pool = Context.Pool,
    };
}
