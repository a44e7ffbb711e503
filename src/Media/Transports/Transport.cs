using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Sfu.Contracts;
using Sfu.Contracts.Dumps;
using Sfu.Contracts.Events;
using Sfu.Contracts.Options;
using Sfu.Contracts.Rtp;
using Sfu.Contracts.Stats;
using Sfu.Media.Net;
using Sfu.Media.Rtcp;
using Sfu.Media.Routing;
using Sfu.Media.Rtp;
using Sfu.Media.Srtp;
using Sfu.Media.Streams;
using Sfu.Media.Time;

namespace Sfu.Media.Transports;

/// <summary>What a transport tells its owner (its actor). Loop thread.</summary>
public interface ITransportListener
{
    /// <summary>The transport closed (by request, or with its router); its producers and consumers closed first.</summary>
    void OnTransportClosed(Transport transport, string reason);

    /// <summary>comedia learned the remote RTP tuple (PT4).</summary>
    void OnTransportTuple(Transport transport);

    /// <summary>comedia learned the remote RTCP tuple (PT4, without rtcp-mux).</summary>
    void OnTransportRtcpTuple(Transport transport);

    /// <summary>T6: a trace event of an enabled type (<c>probation</c>, <c>bwe</c>: bandwidth estimation, not in this build).</summary>
    void OnTransportTrace(Transport transport, TraceEvent trace);

    /// <summary>
    /// The SCTP association changed state (PT6, WT8 <c>sctpstatechange</c>): connecting, connected, failed or closed.
    /// Not raised when the transport itself closes (its state then reads closed, WT9).
    /// </summary>
    void OnTransportSctpStateChange(Transport transport, Contracts.Transports.SctpState sctpState);
}

/// <summary>
/// mediasoup's Transport, common to every kind: owns its producers and consumers, routes incoming RTP to producers
/// (through the <see cref="RtpListener"/>) and RTCP to producers and consumers, sends consumers' RTP and the RTCP
/// reports, and counts what it drops. The kinds (<see cref="PlainTransport"/>, <see cref="PipeTransport"/>) add the
/// sockets, the remote address and SRTP. Loop thread only.
/// </summary>
public abstract partial class Transport : IDatagramHandler
{
    private const int MaxRtcpCompoundSize = 1200;

    private readonly Dictionary<string, Producer> _producers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Consumer> _consumers = new(StringComparer.Ordinal);
    private readonly Dictionary<uint, Consumer> _consumersBySsrc = new(64);
    private readonly Dictionary<uint, Consumer> _consumersByRtxSsrc = new(64);
    private readonly List<Consumer> _consumerList = new();
    private readonly List<Producer> _producerList = new();
    private readonly RtpListener _rtpListener = new();
    private readonly LoopTimer _rtcpTimer;
    private readonly RateCalculator _recvRate = new();
    private readonly RateCalculator _sendRate = new();
    private readonly RateCalculator _rtpRecvRate = new();
    private readonly RateCalculator _rtpSendRate = new();
    private readonly RateCalculator _rtxRecvRate = new();
    private readonly RateCalculator _rtxSendRate = new();
    private readonly ITransportListener _listener;
    private string? _cname;
    private int _nextMid;
    private TraceTypes _trace = TraceTypes.None;
    private long _maxIncomingBitrate;
    private bool _receiveSideBwe;
    private int _unlimitedRembCount;
    private Instant _limitationRembSentAt;
    private bool _limitationRembSent;
    private long _maxOutgoingBitrate;
    private long _minOutgoingBitrate;

    protected Transport(string id, Router router, ITransportListener listener, JsonObject? appData)
    {
        Id = id;
        Router = router;
        Context = router.Context;
        _listener = listener;
        AppData = appData ?? new JsonObject();
        _rtcpTimer = new LoopTimer(OnRtcpTimer);
    }

    public string Id { get; }

    public Router Router { get; }

    public WorkerContext Context { get; }

    public JsonObject AppData { get; }

    public bool Closed { get; private set; }

    /// <summary>Incoming datagrams dropped, by reason.</summary>
    public DropCounters Drops { get; } = new();

    /// <summary>Pipe transports keep each producer's CNAME (T7) and make pipe consumers.</summary>
    public virtual bool IsPipe => false;

    public IReadOnlyCollection<Producer> Producers => _producerList;

    protected ITransportListener Listener => _listener;

    public IReadOnlyCollection<Consumer> Consumers => _consumerList;

    /// <summary>Header extension ids used to read incoming RTP (the first producer that declares each wins).</summary>
    internal RecvExtensionIds RecvIds;

    // ---- kind-specific ----

    /// <summary>Where RTP (or RTCP) goes now; false before the remote is known.</summary>
    protected abstract bool TryGetSendTarget(bool rtcp, out UdpEndpoint endpoint, out NetAddress remote);

    /// <summary>The SRTP context that protects what this transport sends, or null for plain RTP.</summary>
    protected abstract SrtpContext? SendSrtp { get; }

    /// <summary>The SRTP context that unprotects what it receives, or null for plain RTP.</summary>
    protected abstract SrtpContext? RecvSrtp { get; }

    /// <summary>True when SRTP is on but keys are not there yet: everything received is dropped.</summary>
    protected abstract bool SrtpPending { get; }

    /// <summary>Whether a datagram from <paramref name="remote"/> on <paramref name="endpoint"/> may be taken.</summary>
    protected abstract bool AcceptsRemote(UdpEndpoint endpoint, in NetAddress remote, bool rtcp);

    /// <summary>True while the transport has no remote and cannot learn one (before connect, without comedia).</summary>
    protected abstract bool AwaitsRemote { get; }

    /// <summary>
    /// Called after a datagram was valid (decrypted and parsed, or an SCTP packet the association accepted): comedia
    /// learns its tuples here.
    /// </summary>
    protected virtual void OnValidDatagram(UdpEndpoint endpoint, in NetAddress remote, bool rtcp, Instant now)
    {
    }

    /// <summary>Closes the sockets.</summary>
    protected abstract void CloseSockets();

    /// <summary>The kind's dump (base fields filled by <see cref="FillDump{T}"/>).</summary>
    public abstract BaseTransportDump Dump();

    /// <summary>The kind's stats (base fields filled by <see cref="FillStats{T}"/>).</summary>
    public abstract BaseTransportStats GetStats(Instant now);

    // ---- produce / consume ----

    /// <summary>T2, P1–P4: validates, maps onto the router (ORTC-3/4) and registers a producer.</summary>
    public Producer Produce(string id, ProducerOptions options, IProducerListener listener)
    {
        ThrowIfClosed();
        if (options.Kind is not { } kind)
        {
            throw new TypeError("missing kind");
        }
        if (options.RtpParameters is null)
        {
            throw new TypeError("missing rtpParameters");
        }
        if (_producers.ContainsKey(id) || Router.HasProducer(id))
        {
            throw new TypeError($"a Producer with same id \"{id}\" already exists");
        }
        if (options.KeyFrameRequestDelay is < 0)
        {
            throw new TypeError("keyFrameRequestDelay must be a positive number");
        }

        var rtpParameters = Ortc.Ortc.NormalizeProducerRtpParameters(Ortc.Ortc.ValidateRtpParameters(options.RtpParameters));

        // T7: non-pipe transports use one CNAME for every producer (the first given, else random).
        if (!IsPipe)
        {
            _cname ??= rtpParameters.Rtcp?.Cname is { Length: > 0 } given ? given : RandomCname();
            rtpParameters = rtpParameters with { Rtcp = (rtpParameters.Rtcp ?? new RtcpParameters()) with { Cname = _cname, ReducedSize = true } };
        }

        var producer = new Producer(id, kind, rtpParameters, options.Paused ?? false, options.KeyFrameRequestDelay ?? 0,
            options.AppData, this, listener);
        _rtpListener.AddProducer(producer); // P3: duplicates are Errors
        _producers[id] = producer;
        _producerList.Add(producer);
        RecvIds.Learn(producer.ExtensionIds);
        _receiveSideBwe |= producer.UsesReceiveSideBwe; // B1: mediasoup's TccServer, created on the first such producer
        Router.AddProducer(producer);
        ScheduleRtcp();
        return producer;
    }

    /// <summary>T3, C1–C4: a consumer of a producer of this transport's router.</summary>
    public Consumer Consume(string id, ConsumerOptions options, IConsumerListener listener)
    {
        ThrowIfClosed();
        if (options.ProducerId is not { } producerId)
        {
            throw new TypeError("missing producerId");
        }
        if (options.RtpCapabilities is null && !IsPipe)
        {
            throw new TypeError("missing rtpCapabilities");
        }
        if (options.Mid is { Length: 0 })
        {
            throw new TypeError("if given, mid must be non empty string");
        }
        if (_consumers.ContainsKey(id))
        {
            throw new SfuException($"a Consumer with same id \"{id}\" already exists");
        }
        var producer = Router.GetProducer(producerId) ?? throw new SfuException($"Producer with id \"{producerId}\" not found");

        RtpParameters rtpParameters;
        var pipe = IsPipe || (options.Pipe ?? false);
        if (IsPipe)
        {
            rtpParameters = Ortc.Ortc.GetPipeConsumerRtpParameters(producer.ConsumableRtpParameters, ((PipeTransport)this).Rtx);
        }
        else
        {
            var capabilities = Ortc.Ortc.ValidateRtpCapabilities(options.RtpCapabilities!);
            var enableRtx = options.EnableRtx ?? producer.Kind == MediaKind.Video;
            rtpParameters = Ortc.Ortc.GetConsumerRtpParameters(producer.ConsumableRtpParameters, capabilities, pipe, enableRtx);
            if (!pipe)
            {
                rtpParameters = rtpParameters with { Mid = options.Mid ?? NextMid() };
            }
        }

        Consumer consumer = pipe
            ? new PipeConsumer(id, producer, rtpParameters, options, this, listener)
            : producer.Type switch
            {
                Contracts.Dumps.ProducerType.Simple => new SimpleConsumer(id, producer, rtpParameters, options, this, listener),
                _ => throw new UnsupportedError($"{producer.Type} producers cannot be consumed yet (only simple and pipe consumers exist)"),
            };

        foreach (var ssrc in consumer.MediaSsrcs)
        {
            _consumersBySsrc[ssrc] = consumer;
        }
        foreach (var ssrc in consumer.RtxSsrcs)
        {
            _consumersByRtxSsrc[ssrc] = consumer;
        }
        _consumers[id] = consumer;
        _consumerList.Add(consumer);
        Router.AddConsumer(consumer);
        consumer.Start(Context.Loop.Now);
        ScheduleRtcp();
        return consumer;
    }

    public Producer? GetProducer(string id) => _producers.GetValueOrDefault(id);

    public Consumer? GetConsumer(string id) => _consumers.GetValueOrDefault(id);

    /// <summary>A producer closed (by request or with this transport): forget it.</summary>
    internal void RemoveProducer(Producer producer)
    {
        if (_producers.Remove(producer.Id))
        {
            _producerList.Remove(producer);
            _rtpListener.RemoveProducer(producer);
            Router.RemoveProducer(producer);
        }
    }

    /// <summary>A consumer closed: forget it.</summary>
    internal void RemoveConsumer(Consumer consumer)
    {
        if (_consumers.Remove(consumer.Id))
        {
            _consumerList.Remove(consumer);
            foreach (var ssrc in consumer.MediaSsrcs)
            {
                _consumersBySsrc.Remove(ssrc);
            }
            foreach (var ssrc in consumer.RtxSsrcs)
            {
                _consumersByRtxSsrc.Remove(ssrc);
            }
            Router.RemoveConsumer(consumer);
        }
    }

    /// <summary>
    /// T4/T5: sets a bitrate limit in bps (0 = none). A limit is 0 or at least <see cref="MinBitrateLimit"/>; the
    /// maximum outgoing bitrate may not go below the minimum, nor the minimum above the maximum (TypeError, as
    /// mediasoup's worker). The limits are reported in the stats. The maximum incoming bitrate reaches the senders as
    /// B1's "limitation" REMB (<see cref="MaySendLimitationRemb"/>); the outgoing limits would bound the send-side
    /// estimator (B2), which this transport does not run yet.
    /// </summary>
    public void SetBitrateLimit(BitrateLimit limit, long bitrate) => SetBitrateLimit(limit, bitrate, Context.Loop.Now);

    /// <summary>As <see cref="SetBitrateLimit(BitrateLimit, long)"/> at <paramref name="now"/>.</summary>
    internal void SetBitrateLimit(BitrateLimit limit, long bitrate, Instant now)
    {
        ThrowIfClosed();
        if (bitrate is < 0 or > uint.MaxValue)
        {
            throw new TypeError($"invalid bitrate {bitrate}");
        }
        if (bitrate is > 0 and < MinBitrateLimit)
        {
            throw new TypeError($"bitrate must be >= {MinBitrateLimit} bps");
        }
        switch (limit)
        {
            case BitrateLimit.MaxIncoming:
                var previous = _maxIncomingBitrate;
                _maxIncomingBitrate = bitrate;
                if (_receiveSideBwe && previous != 0 && bitrate == 0)
                {
                    // B1: tell the sender the limit is gone, a few times (the first one now).
                    _unlimitedRembCount = UnlimitedRembPackets;
                    MaySendLimitationRemb(now);
                }
                break;
            case BitrateLimit.MaxOutgoing:
                if (bitrate > 0 && _minOutgoingBitrate > 0 && bitrate < _minOutgoingBitrate)
                {
                    throw new TypeError("maxOutgoingBitrate must be >= minOutgoingBitrate");
                }
                _maxOutgoingBitrate = bitrate;
                break;
            case BitrateLimit.MinOutgoing:
                if (bitrate > 0 && _maxOutgoingBitrate > 0 && bitrate > _maxOutgoingBitrate)
                {
                    throw new TypeError("minOutgoingBitrate must be <= maxOutgoingBitrate");
                }
                _minOutgoingBitrate = bitrate;
                break;
            default:
                throw new TypeError($"unknown bitrate limit {limit}");
        }
    }

    /// <summary>T5: the smallest non-zero bitrate limit (mediasoup's minimum outgoing bitrate for congestion control).</summary>
    public const long MinBitrateLimit = 30000;

    /// <summary>
    /// T6: keeps the known types (<c>probation</c>, <c>bwe</c>), drops unknown strings; none stops tracing. Both trace
    /// bandwidth estimation, which this build does not have: nothing emits them yet (<see cref="Trace"/> is where it will).
    /// </summary>
    public void EnableTraceEvent(IReadOnlyList<string>? types) => _trace = TraceTypes.From(types, TraceTypes.Transport);

    /// <summary>T6: whether <paramref name="type"/> (<see cref="TraceTypes.Probation"/>, <see cref="TraceTypes.Bwe"/>) is enabled; check before building a trace.</summary>
    internal bool IsTracing(int type) => _trace.Has(type);

    /// <summary>T6: emits a trace of an enabled type.</summary>
    internal void Trace(TraceEvent trace) => _listener.OnTransportTrace(this, trace);

    // ---- close ----

    /// <summary>Closes producers and consumers (reason <c>transportclose</c>), aborts the SCTP association, then the sockets. Idempotent.</summary>
    public void Close(string reason)
    {
        if (Closed)
        {
            return;
        }
        Closed = true;
        Context.Loop.Cancel(_rtcpTimer);
        foreach (var consumer in _consumerList.ToArray())
        {
            consumer.Close(CloseReasons.TransportClose);
        }
        foreach (var producer in _producerList.ToArray())
        {
            producer.Close(CloseReasons.TransportClose);
        }
        CloseSctp();
        CloseSockets();
        Router.RemoveTransport(this);
        _listener.OnTransportClosed(this, reason);
    }

    protected void ThrowIfClosed()
    {
        if (Closed)
        {
            throw new SfuException($"transport '{Id}' is closed");
        }
    }

    // ---- receive path (hot) ----

    public void OnDatagram(UdpEndpoint endpoint, Span<byte> datagram, in NetAddress remote, Instant now)
    {
        if (Closed)
        {
            return;
        }
        _recvRate.Update(datagram.Length, now);
        if (datagram.Length < 8 || (datagram[0] & 0xC0) != 0x80)
        {
            // As mediasoup's plain and pipe transports: not RTP or RTCP, then maybe SCTP (Transport.Sctp.cs).
            if (IsSctp(datagram))
            {
                ReceiveSctp(endpoint, datagram, remote, now);
                return;
            }
            Drop(DropReason.NotRtpOrRtcp, now);
            return;
        }
        var rtcp = RtpPacketView.IsRtcp(datagram);
        if (!AcceptsRemote(endpoint, remote, rtcp))
        {
            Drop(AwaitsRemote ? DropReason.NotConnected : DropReason.UnknownRemote, now);
            return;
        }

        var length = datagram.Length;
        if (SrtpPending)
        {
            Drop(DropReason.SrtpOther, now);
            return;
        }
        var srtp = RecvSrtp;
        if (srtp is not null)
        {
            bool ok;
            SrtpError error;
            if (rtcp)
            {
                ok = srtp.TryUnprotectRtcp(datagram, length, out length, out error);
            }
            else
            {
                ok = srtp.TryUnprotectRtp(datagram, length, out length, out error);
            }
            if (!ok)
            {
                Drop(error switch
                {
                    SrtpError.AuthenticationFailed => DropReason.SrtpAuthenticationFailed,
                    SrtpError.ReplayDuplicate or SrtpError.ReplayOld => DropReason.SrtpReplay,
                    _ => DropReason.SrtpOther,
                }, now);
                return;
            }
        }

        var packet = datagram[..length];
        var valid = rtcp ? ReceiveRtcp(packet, now) : ReceiveRtp(packet, now);
        if (valid)
        {
            OnValidDatagram(endpoint, remote, rtcp, now);
        }
    }

    private bool ReceiveRtp(Span<byte> data, Instant now)
    {
        if (!RtpPacketView.TryParse(data, out var packet, out _))
        {
            Drop(DropReason.BadRtp, now);
            return false;
        }
        ReadOnlySpan<byte> mid = default;
        ReadOnlySpan<byte> rid = default;
        if (RecvIds.Mid != 0)
        {
            packet.TryGetExtension(RecvIds.Mid, out mid);
        }
        if (RecvIds.Rid != 0 && !packet.TryGetExtension(RecvIds.Rid, out rid) && RecvIds.Rrid != 0)
        {
            packet.TryGetExtension(RecvIds.Rrid, out rid);
        }
        var producer = _rtpListener.GetProducer(packet.Ssrc, mid, rid);
        if (producer is null)
        {
            Drop(DropReason.UnknownSsrc, now);
            return false;
        }
        var result = producer.ReceiveRtpPacket(ref packet, now);
        if (result != ReceiveResult.Ok)
        {
            if (result == ReceiveResult.Discarded)
            {
                return true; // valid, but not forwarded (paused, RTX duplicate, …)
            }
            Drop(result == ReceiveResult.UnknownPayloadType ? DropReason.UnknownPayloadType : DropReason.InvalidSequence, now);
            return false;
        }
        if (producer.LastPacketWasRtx)
        {
            _rtxRecvRate.Update(data.Length, now);
        }
        else
        {
            _rtpRecvRate.Update(data.Length, now);
        }
        if (_receiveSideBwe && (_maxIncomingBitrate != 0 || _unlimitedRembCount > 0))
        {
            MaySendLimitationRemb(now);
        }
        return true;
    }

    private bool ReceiveRtcp(Span<byte> data, Instant now)
    {
        var handler = new RtcpReceiver(this, now);
        var error = RtcpCompoundReader.Read(data, ref handler);
        if (error != RtcpParseError.None && !handler.AnyValid)
        {
            Drop(DropReason.BadRtcp, now);
            return false;
        }
        return true;
    }

    internal Producer? GetProducerByMediaSsrc(uint ssrc) => _rtpListener.GetProducer(ssrc, default, default);

    /// <summary>A producer's learned SSRC is gone (its sender restarted with a new one).</summary>
    internal void ForgetSsrc(uint ssrc) => _rtpListener.ForgetSsrc(ssrc);

    internal Consumer? GetConsumerBySsrc(uint ssrc) =>
        _consumersBySsrc.TryGetValue(ssrc, out var consumer) ? consumer
        : _consumersByRtxSsrc.TryGetValue(ssrc, out consumer) ? consumer
        : null;

    private void Drop(DropReason reason, Instant now)
    {
        Drops.Count(reason);
        if (Context.DropLog.ShouldLog((int)reason, now, out var suppressed))
        {
            LogDrop(Context.DropLog.Logger, Id, reason, Drops[reason], suppressed);
        }
    }

    [LoggerMessage(100, LogLevel.Warning, "transport {TransportId}: dropped incoming datagram ({Reason}); {Count} so far, {Suppressed} not logged")]
    private static partial void LogDrop(ILogger logger, string transportId, DropReason reason, long count, long suppressed);

    // ---- send path (hot) ----

    /// <summary>
    /// A span to write one outgoing packet into, with room for SRTP's tag; empty when nothing can be sent (no remote
    /// yet, or closed). Follow with <see cref="EndSendRtp"/> or <see cref="EndSendRtcp"/>, or just do not (the slot is
    /// then reused).
    /// </summary>
    internal Span<byte> BeginSend(bool rtcp)
    {
        if (Closed || !TryGetSendTarget(rtcp, out var endpoint, out _))
        {
            return default;
        }
        var slot = endpoint.GetSendSlot();
        return slot.Length > SrtpProfiles.MaxRtcpOverhead ? slot[..(slot.Length - SrtpProfiles.MaxRtcpOverhead)] : default;
    }

    /// <summary>Protects and queues the RTP packet written at the start of the slot from <see cref="BeginSend"/>.</summary>
    internal void EndSendRtp(int length, bool isRtx, Instant now)
    {
        if (!TryGetSendTarget(false, out var endpoint, out var remote))
        {
            return;
        }
        var slot = endpoint.GetSendSlot();
        var srtp = SendSrtp;
        if (srtp is not null && !srtp.TryProtectRtp(slot, length, out length, out _))
        {
            return;
        }
        if (endpoint.Commit(length, remote))
        {
            _sendRate.Update(length, now);
            (isRtx ? _rtxSendRate : _rtpSendRate).Update(length, now);
        }
    }

    /// <summary>Protects and queues the RTCP compound written at the start of the slot from <see cref="BeginSend"/>.</summary>
    internal void EndSendRtcp(int length, Instant now)
    {
        if (!TryGetSendTarget(true, out var endpoint, out var remote))
        {
            return;
        }
        var slot = endpoint.GetSendSlot();
        var srtp = SendSrtp;
        if (srtp is not null && !srtp.TryProtectRtcp(slot, length, out length, out _))
        {
            return;
        }
        if (endpoint.Commit(length, remote))
        {
            _sendRate.Update(length, now);
        }
    }

    /// <summary>Sends a ready RTCP packet (feedback built elsewhere, e.g. a NACK or PLI for a producer stream).</summary>
    internal void SendRtcp(ReadOnlySpan<byte> packet, Instant now)
    {
        var slot = BeginSend(rtcp: true);
        if (slot.Length < packet.Length)
        {
            return;
        }
        packet.CopyTo(slot);
        EndSendRtcp(packet.Length, now);
    }

    // ---- B1: the limitation REMB ----

    private const long LimitationRembIntervalUs = 1_500_000;
    private const int UnlimitedRembPackets = 4;
    private const int MaxRembSsrcs = 64;

    /// <summary>
    /// B1, mediasoup's TransportCongestionControlServer "limitation" REMB: while a maximum incoming bitrate is set,
    /// incoming RTP makes the transport send the sender a REMB carrying that bitrate, at most every 1500 ms; when the
    /// limit is reset to 0, four REMBs of 0 (unlimited) follow, the first at once, the next ones as RTP keeps coming.
    /// Only on a transport with a producer that negotiated receive-side BWE (<see cref="Producer.UsesReceiveSideBwe"/>).
    /// mediasoup sends this only in transport-cc mode, its REMB estimator capping its own estimates otherwise; without
    /// an estimator this REMB carries the limit in both modes. It names the SSRCs the producers receive (mediasoup's
    /// names none). Nothing counts as sent while there is nowhere to send it. Allocates nothing.
    /// </summary>
    private void MaySendLimitationRemb(Instant now)
    {
        if (_unlimitedRembCount > 0 && _maxIncomingBitrate != 0)
        {
            _unlimitedRembCount = 0;
        }
        if (_maxIncomingBitrate == 0 && _unlimitedRembCount == 0)
        {
            return;
        }
        if (_limitationRembSent && now.Microseconds - _limitationRembSentAt.Microseconds <= LimitationRembIntervalUs
            && _unlimitedRembCount != UnlimitedRembPackets)
        {
            return;
        }

        if (!TryGetSendTarget(rtcp: true, out _, out _))
        {
            return; // comedia before the sender is known: the next packet tries again
        }
        Span<uint> ssrcs = stackalloc uint[MaxRembSsrcs];
        var count = 0;
        foreach (var producer in _producerList)
        {
            count += producer.CopyMediaSsrcs(ssrcs[count..]);
        }
        var slot = BeginSend(rtcp: true);
        if (new ReceiverEstimatedMaximumBitrateWriter(0, (ulong)_maxIncomingBitrate, ssrcs[..count]).TryWrite(slot, out var written))
        {
            EndSendRtcp(written, now);
        }
        _limitationRembSent = true;
        _limitationRembSentAt = now;
        if (_unlimitedRembCount > 0)
        {
            _unlimitedRembCount--;
        }
    }

    // ---- RTCP reports ----

    /// <summary>An XR packet with only a receiver reference time block (RFC 3611 §4.4).</summary>
    private const int XrRrtLength = 20;

    /// <summary>Arms the RTCP timer once there is something to report on and somewhere to send it.</summary>
    protected void ScheduleRtcp()
    {
        if (Closed || _rtcpTimer.IsArmed || (_consumerList.Count == 0 && _producerList.Count == 0))
        {
            return;
        }
        var now = Context.Loop.Now;
        Context.Loop.Schedule(_rtcpTimer, now + NextRtcpInterval(now));
    }

    /// <summary>
    /// RT3, as mediasoup's transport timer: at most <see cref="RtcpInterval.MaxVideoInterval"/>, shorter as the
    /// consumers send more (360 / kbps seconds), randomised ×0.5–1.5. Audio streams are spaced further apart by their
    /// own gate (<see cref="RtcpReportGate"/>), not by this timer.
    /// </summary>
    private TimeSpan NextRtcpInterval(Instant now)
    {
        long bitrate = 0;
        foreach (var consumer in _consumerList)
        {
            bitrate += consumer.GetSendBitrate(now);
        }
        return RtcpInterval.NextTransportInterval(bitrate, Random.Shared.Next(5, 16));
    }

    private void OnRtcpTimer(Instant now)
    {
        if (Closed)
        {
            return;
        }
        SendRtcpReports(now);
        ScheduleRtcp();
    }

    /// <summary>
    /// RT3/MP14, one transport tick: a compound per consumer whose interval has (nearly) passed — SR and SDES per
    /// stream, plus XR DLRR once the receiver sent an XR RRT — then the RRs of the due producers, packed into
    /// compounds of at most <see cref="MaxRtcpCompoundSize"/> bytes, each ending with an XR RRT so that the sender can
    /// answer with a DLRR (the producer's RTT, RT2).
    /// </summary>
    internal void SendRtcpReports(Instant now)
    {
        foreach (var consumer in _consumerList)
        {
            if (!consumer.IsRtcpReportDue(now))
            {
                continue;
            }
            var slot = BeginSend(rtcp: true);
            if (slot.IsEmpty)
            {
                return;
            }
            var written = consumer.WriteRtcpReport(slot[..Math.Min(slot.Length, MaxRtcpCompoundSize)], now);
            if (written > 0)
            {
                EndSendRtcp(written, now);
            }
        }

        Span<byte> compound = default;
        var offset = 0;
        foreach (var producer in _producerList)
        {
            if (!producer.IsRtcpReportDue(now))
            {
                continue;
            }
            if (compound.IsEmpty || offset + producer.MaxRtcpReceiverReportLength + XrRrtLength > compound.Length)
            {
                if (offset > 0)
                {
                    SendProducerCompound(compound, offset, now);
                }
                var slot = BeginSend(rtcp: true);
                if (slot.IsEmpty)
                {
                    return;
                }
                compound = slot[..Math.Min(slot.Length, MaxRtcpCompoundSize)];
                offset = 0;
            }
            offset += producer.WriteRtcpReceiverReport(compound[offset..], now);
        }
        if (offset > 0)
        {
            SendProducerCompound(compound, offset, now);
        }
    }

    /// <summary>Ends a compound of RRs with an XR RRT (mediasoup adds one to every compound with RRs) and sends it.</summary>
    private void SendProducerCompound(Span<byte> compound, int offset, Instant now)
    {
        var rrt = new ExtendedReportWriter(0, NtpTime.FromInstant(now, Context.UnixMicrosecondsAtZero), []);
        if (rrt.TryWrite(compound[offset..], out var written))
        {
            offset += written;
        }
        EndSendRtcp(offset, now);
    }

    /// <summary>RT2: an XR RRT names no media SSRC, so every consumer's streams take it (as mediasoup).</summary>
    internal void ReceiveRtcpXrReceiverReferenceTime(NtpTime receiverReferenceTime, Instant now)
    {
        foreach (var consumer in _consumerList)
        {
            consumer.ReceiveRtcpXrReceiverReferenceTime(receiverReferenceTime, now);
        }
    }

    // ---- dump and stats ----

    protected T FillDump<T>(T dump) where T : BaseTransportDump => dump with
    {
        Id = Id,
        Direct = false,
        ProducerIds = _producerList.Select(p => p.Id).ToArray(),
        ConsumerIds = _consumerList.Select(c => c.Id).ToArray(),
        MapSsrcConsumerId = _consumersBySsrc.Select(e => new KeyValueEntry<uint, string>(e.Key, e.Value.Id)).ToArray(),
        MapRtxSsrcConsumerId = _consumersByRtxSsrc.Select(e => new KeyValueEntry<uint, string>(e.Key, e.Value.Id)).ToArray(),
        RecvRtpHeaderExtensions = RecvIds.ToDump(),
        RtpListener = _rtpListener.Dump(),
        MaxMessageSize = MaxMessageSize,
        DataProducerIds = [],
        DataConsumerIds = [],
        SctpListener = Sctp is null ? null : new SctpListenerDump(), // data producers by stream id: none until they exist
        TraceEventTypes = _trace.Names,
        PacketDrops = Drops.Total > 0 ? Drops.ToDictionary() : null,
    };

    /// <summary>SCTP's max message size, reported in the dump.</summary>
    protected virtual long MaxMessageSize => 262144;

    protected T FillStats<T>(T stats, Instant now) where T : BaseTransportStats => stats with
    {
        TransportId = Id,
        Timestamp = Context.UnixMilliseconds(now),
        BytesReceived = _recvRate.Total,
        RecvBitrate = _recvRate.GetRate(now),
        BytesSent = _sendRate.Total,
        SendBitrate = _sendRate.GetRate(now),
        RtpBytesReceived = _rtpRecvRate.Total,
        RtpRecvBitrate = _rtpRecvRate.GetRate(now),
        RtpBytesSent = _rtpSendRate.Total,
        RtpSendBitrate = _rtpSendRate.GetRate(now),
        RtxBytesReceived = _rtxRecvRate.Total,
        RtxRecvBitrate = _rtxRecvRate.GetRate(now),
        RtxBytesSent = _rtxSendRate.Total,
        RtxSendBitrate = _rtxSendRate.GetRate(now),
        ProbationBytesSent = 0,
        ProbationSendBitrate = 0,
        MaxIncomingBitrate = _maxIncomingBitrate > 0 ? _maxIncomingBitrate : null,
        MaxOutgoingBitrate = _maxOutgoingBitrate > 0 ? _maxOutgoingBitrate : null,
        MinOutgoingBitrate = _minOutgoingBitrate > 0 ? _minOutgoingBitrate : null,
    };

    private string NextMid()
    {
        var mid = _nextMid.ToString(System.Globalization.CultureInfo.InvariantCulture);
        _nextMid = (_nextMid + 1) % 100_000_000;
        return mid;
    }

    private static string RandomCname()
    {
        const string alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        return string.Create(8, 0, static (span, _) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = alphabet[Random.Shared.Next(alphabet.Length)];
            }
        });
    }
}

/// <summary>The transport's header extension ids for reading incoming RTP (mediasoup's recvRtpHeaderExtensions).</summary>
internal struct RecvExtensionIds
{
    public byte Mid;
    public byte Rid;
    public byte Rrid;
    public byte AbsSendTime;
    public byte TransportWideCc01;

    public void Learn(in ProducerExtensionIds ids)
    {
        if (Mid == 0)
        {
            Mid = ids.Mid;
        }
        if (Rid == 0)
        {
            Rid = ids.Rid;
        }
        if (Rrid == 0)
        {
            Rrid = ids.Rrid;
        }
        if (AbsSendTime == 0)
        {
            AbsSendTime = ids.AbsSendTime;
        }
        if (TransportWideCc01 == 0)
        {
            TransportWideCc01 = ids.TransportWideCc01;
        }
    }

    public readonly RecvRtpHeaderExtensions ToDump() => new()
    {
        Mid = Mid == 0 ? null : Mid,
        Rid = Rid == 0 ? null : Rid,
        Rrid = Rrid == 0 ? null : Rrid,
        AbsSendTime = AbsSendTime == 0 ? null : AbsSendTime,
        TransportWideCc01 = TransportWideCc01 == 0 ? null : TransportWideCc01,
    };
}

/// <summary>The bitrate limits an app sets on a transport (T4, T5).</summary>
public enum BitrateLimit
{
    /// <summary><c>setMaxIncomingBitrate</c>: what senders are asked to stay under (REMB, B1).</summary>
    MaxIncoming,

    /// <summary><c>setMaxOutgoingBitrate</c>: the ceiling of the send-side estimate (B2).</summary>
    MaxOutgoing,

    /// <summary><c>setMinOutgoingBitrate</c>: the floor of the send-side estimate (B2).</summary>
    MinOutgoing,
}
