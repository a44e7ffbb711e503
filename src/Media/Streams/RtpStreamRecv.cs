using System.Globalization;
using Sfu.Contracts.Stats;
using Sfu.Media.Codecs;
using Sfu.Media.Rtcp;
using Sfu.Media.Rtp;
using Sfu.Media.Time;

namespace Sfu.Media.Streams;

/// <summary>A key frame request's RTCP message.</summary>
public enum KeyFrameRequestType : byte
{
    /// <summary>Picture Loss Indication (RFC 4585 §6.3.1).</summary>
    Pli,

    /// <summary>Full Intra Request (RFC 5104 §4.3.1).</summary>
    Fir,
}

/// <summary>What an <see cref="RtpStreamRecv"/> reports to its owner (the producer).</summary>
public interface IRtpStreamRecvListener
{
    /// <summary>The stream's score changed (P7, MP12).</summary>
    void OnRtpStreamRecvScore(RtpStreamRecv stream, byte score, byte previousScore);

    /// <summary>
    /// Send a generic NACK (RFC 4585 §6.2.1) for the stream's SSRC with these items (sender SSRC 0). The span is only
    /// valid during the call.
    /// </summary>
    void OnRtpStreamRecvSendNack(RtpStreamRecv stream, ReadOnlySpan<GenericNackItem> items);

    /// <summary>
    /// Send a PLI, or a FIR with <paramref name="firSequenceNumber"/>, for the stream's SSRC (sender SSRC = media SSRC,
    /// as mediasoup does for GStreamer's sake).
    /// </summary>
    void OnRtpStreamRecvSendKeyFrameRequest(RtpStreamRecv stream, KeyFrameRequestType type, byte firSequenceNumber);

    /// <summary>
    /// Only for streams with in-band FEC: raise <paramref name="worstRemoteFractionLost"/> to the worst fraction lost
    /// the consumers' receivers report, so the sender adds enough FEC.
    /// </summary>
    void OnRtpStreamRecvNeedWorstRemoteFractionLost(RtpStreamRecv stream, ref byte worstRemoteFractionLost);
}

/// <summary>Construction options of an <see cref="RtpStreamRecv"/>.</summary>
public sealed record RtpStreamRecvOptions
{
    /// <summary>Minimum age of a missing packet before its first NACK (mediasoup's producers: 10 ms).</summary>
    public TimeSpan SendNackDelay { get; init; } = TimeSpan.FromMilliseconds(10);

    /// <summary>
    /// Score drops to 0 after <see cref="InactivityTimeout"/> without packets (mediasoup does this for simulcast
    /// streams only, MP3; the producer decides).
    /// </summary>
    public bool UseInactivityCheck { get; init; } = true;

    /// <summary>Inactivity timeout (mediasoup: 1500 ms).</summary>
    public TimeSpan InactivityTimeout { get; init; } = TimeSpan.FromMilliseconds(1500);

    /// <summary>Inactivity timeout with DTX (mediasoup: 5000 ms).</summary>
    public TimeSpan InactivityTimeoutWithDtx { get; init; } = TimeSpan.FromMilliseconds(5000);

    /// <summary>Unix time (µs) at <see cref="Instant.Zero"/>, for NTP times in RTCP and stats timestamps.</summary>
    public long UnixMicrosecondsAtZero { get; init; }

    /// <summary>Header extension id of frame marking (0: none), read for H264 temporal layers.</summary>
    public byte FrameMarkingExtensionId { get; init; }
}

/// <summary>
/// The receive side of one producer encoding (mediasoup <c>RTC::RtpStreamRecv</c>, MP3): validates and accounts the
/// incoming RTP, computes jitter, loss and the score, generates NACKs and key frame requests, and provides the RTCP
/// receiver report block. Sans-IO: packets and time in, listener calls out, timers through
/// <see cref="NextTimeout"/>/<see cref="OnTimer"/>.
/// </summary>
/// <remarks>
/// <para><b>Score</b> (MP12): computed each time a receiver report block is generated, from the interval's expected,
/// received, repaired and retransmitted packets (mediasoup's formula), then averaged over 24 intervals. No packets for
/// 1500 ms (5000 ms with DTX) sets it to 0 when the inactivity check is on; the next packet sets it back to 10.</para>
/// <para><b>Jitter</b> is RFC 3550 §6.4.1/A.8 interarrival jitter in timestamp units: arrival times are converted to
/// the stream's clock.</para>
/// <para><b>Timers.</b> Any call may move <see cref="NextTimeout"/> (a gap starts the 40 ms NACK timer, a packet pushes the
/// inactivity deadline): the owner re-reads it after each call and runs <see cref="OnTimer"/> when it is due.</para>
/// <para>The per-packet methods allocate nothing; one thread.</para>
/// </remarks>
public sealed class RtpStreamRecv : RtpStream, INackGeneratorListener
{
    private const int MaxNackItems = NackGenerator.MaxNackPackets;

    private readonly IRtpStreamRecvListener _listener;
    private readonly RtpStreamRecvOptions _options;
    private readonly NackGenerator? _nackGenerator;
    private readonly RtpDataCounter[] _layerCounters;
    private readonly GenericNackItem[] _nackItems;
    private readonly long _inactivityTimeoutUs;
    private long _mediaPacketsSinceInit;
    private uint _expectedPrior;
    private uint _receivedPrior;
    private uint _lostRaw;
    private long _reportedPacketLost;
    private uint _expectedPriorScore;
    private uint _receivedPriorScore;
    private long _repairedPriorScore;
    private long _retransmittedPriorScore;
    private bool _hasTransit;
    private long _lastArrivalTs;
    private uint _lastRtpTimestamp;
    private double _jitter;
    private bool _inactive;
    private bool _paused;
    private Instant _inactivityDeadline = Instant.MaxValue;
    private byte _firSeqNumber;
    private uint _lastSrCompact;
    private Instant _lastSrReceived;

    /// <summary>Creates the stream; the inactivity timer (if on) starts at <paramref name="now"/>.</summary>
    public RtpStreamRecv(RtpStreamParams parameters, IRtpStreamRecvListener listener, Instant now,
        RtpStreamRecvOptions? options = null)
        : base(parameters, 10, (options ?? new RtpStreamRecvOptions()).UnixMicrosecondsAtZero, now)
    {
        ArgumentNullException.ThrowIfNull(listener);
        _listener = listener;
        _options = options ?? new RtpStreamRecvOptions();
        if (parameters.UseNack)
        {
            _nackGenerator = new NackGenerator(this, _options.SendNackDelay);
            _nackItems = new GenericNackItem[MaxNackItems];
        }
        else
        {
            _nackItems = [];
        }

        if (parameters.HasRtx)
        {
            RtxStream = new RtxStream(parameters.RtxSsrc!.Value, parameters.RtxPayloadType!.Value);
        }

        int windowMs = parameters.UseDtx ? 6000 : RtpDataCounter.DefaultWindowMs;
        _layerCounters = new RtpDataCounter[parameters.SpatialLayers * parameters.TemporalLayers];
        for (int i = 0; i < _layerCounters.Length; i++)
        {
            _layerCounters[i] = new RtpDataCounter(windowMs);
        }

        _inactivityTimeoutUs = (parameters.UseDtx ? _options.InactivityTimeoutWithDtx : _options.InactivityTimeout).Ticks / 10;
        if (_options.UseInactivityCheck)
        {
            _inactivityDeadline = now.AddMicroseconds(_inactivityTimeoutUs);
        }
    }

    /// <summary>The RTX side, when RTX is negotiated.</summary>
    public RtxStream? RtxStream { get; private set; }

    /// <summary>
    /// MP1: the RTX SSRC of this stream was learned after the stream started (an RTX packet carrying the encoding's
    /// RRID): from now on RTX packets on <paramref name="ssrc"/> with <paramref name="payloadType"/> are decapsulated.
    /// Nothing changes when the stream already has RTX. Allocates once (the parameters and the RTX side).
    /// </summary>
    public void SetRtx(byte payloadType, uint ssrc)
    {
        if (HasRtx || payloadType > 127)
        {
            return;
        }
        Params = Params with { RtxSsrc = ssrc, RtxPayloadType = payloadType };
        RtxStream = new RtxStream(ssrc, payloadType);
    }

    /// <summary>The NACK generator, when NACK is negotiated.</summary>
    public NackGenerator? NackGenerator => _nackGenerator;

    /// <summary>What the codec said about the last accepted packet (key frame, layers).</summary>
    public CodecPayloadInfo LastPacketInfo { get; private set; }

    /// <summary>Interarrival jitter in timestamp units (RFC 3550 §6.4.1).</summary>
    public uint Jitter => (uint)_jitter;

    /// <summary>True when no packet arrived within the inactivity timeout.</summary>
    public bool IsInactive => _inactive;

    /// <summary>Packets counted (media and RTX-repaired).</summary>
    public long PacketCount
    {
        get
        {
            long sum = 0;
            foreach (RtpDataCounter c in _layerCounters)
            {
                sum += c.PacketCount;
            }

            return sum;
        }
    }

    /// <summary>Bytes counted (media and RTX-repaired).</summary>
    public long ByteCount
    {
        get
        {
            long sum = 0;
            foreach (RtpDataCounter c in _layerCounters)
            {
                sum += c.ByteCount;
            }

            return sum;
        }
    }

    /// <summary>Cumulative lost as reported in RRs (may differ from <see cref="RtpStream.PacketsLost"/> with FEC).</summary>
    public long ReportedPacketsLost => _reportedPacketLost;

    /// <summary>True once an SR was received for the stream.</summary>
    public bool HasSenderReport { get; private set; }

    /// <summary>The last SR's NTP time (for simulcast timestamp alignment, MP9).</summary>
    public NtpTime LastSenderReportNtp { get; private set; }

    /// <summary>The last SR's RTP timestamp.</summary>
    public uint LastSenderReportRtpTimestamp { get; private set; }

    /// <summary>When the earliest of this stream's timers is due.</summary>
    public Instant NextTimeout =>
        _nackGenerator is null ? _inactivityDeadline : Instant.Min(_nackGenerator.NextTimeout, _inactivityDeadline);

    /// <summary>
    /// Takes a media packet of this stream's SSRC; inspects its payload with the codec helper when its payload type
    /// is the media one.
    /// </summary>
    /// <returns>True when the packet is valid and should be forwarded.</returns>
    public bool ReceivePacket(in RtpPacketView packet, Instant now)
    {
        CodecPayloadInfo info = Inspect(packet);
        return ReceivePacket(packet, info, now);
    }

    /// <summary>As <see cref="ReceivePacket(in RtpPacketView, Instant)"/> with the codec information already read.</summary>
    public bool ReceivePacket(in RtpPacketView packet, in CodecPayloadInfo info, Instant now)
    {
        ushort seq = packet.SequenceNumber;
        uint timestamp = packet.Timestamp;
        if (!ReceiveStreamPacket(seq, timestamp, now))
        {
            return false;
        }

        LastPacketInfo = info;
        if (_nackGenerator is not null)
        {
            bool wasNacked = _nackGenerator.ReceivePacket(seq, info.IsKeyFrame, isRecovered: false, now);

            // Without RTX a NACKed packet comes back on the media SSRC: it was retransmitted and repairs a gap.
            if (wasNacked && !HasRtx)
            {
                PacketsRetransmitted++;
                PacketsRepaired++;
            }
        }

        CalculateJitter(timestamp, now);
        CountPacket(packet.Length, info, now);
        _mediaPacketsSinceInit++;
        MarkActive(now);
        return true;
    }

    /// <summary>
    /// Takes an RTX packet of this stream's RTX SSRC, decodes it in place (RFC 4588: OSN → sequence number, media
    /// payload type and SSRC) and accounts the recovered packet.
    /// </summary>
    /// <param name="rtxPacket">The RTX packet; its buffer is rewritten in place.</param>
    /// <param name="now">Arrival time.</param>
    /// <param name="original">The decoded packet (a prefix of the same buffer), when the method returns true.</param>
    /// <returns>
    /// True when the packet recovers one that was NACKed and should be forwarded. False for RTX without NACK, a wrong
    /// payload type, an invalid RTX sequence, an empty payload (padding/probing), an invalid original sequence number,
    /// or a packet that was not requested.
    /// </returns>
    public bool ReceiveRtxPacket(scoped in RtpPacketView rtxPacket, Instant now, out RtpPacketView original)
    {
        original = default;
        if (_nackGenerator is null || RtxStream is null || rtxPacket.PayloadType != RtxStream.PayloadType)
        {
            return false;
        }

        if (!RtxStream.ReceivePacket(rtxPacket.SequenceNumber, rtxPacket.Length))
        {
            return false;
        }

        if (!RtxPacket.TryDecode(rtxPacket.Buffer, Params.PayloadType, Ssrc, out original))
        {
            return false;
        }

        ushort seq = original.SequenceNumber;
        if (!UpdateSeq(seq, original.Timestamp, now))
        {
            return false;
        }

        CodecPayloadInfo info = Inspect(original);
        PacketsRetransmitted++;
        if (!_nackGenerator.ReceivePacket(seq, info.IsKeyFrame, isRecovered: true, now))
        {
            return false;
        }

        LastPacketInfo = info;
        PacketsRepaired++;
        CountPacket(original.Length, info, now);
        MarkActive(now);
        return true;
    }

    /// <summary>Runs whatever timers are due (NACK timer, inactivity).</summary>
    public void OnTimer(Instant now)
    {
        _nackGenerator?.OnTimer(now);
        if (now >= _inactivityDeadline)
        {
            _inactivityDeadline = Instant.MaxValue;
            _inactive = true;
            ResetScore(0, notify: true, now);
        }
    }

    /// <summary>
    /// Builds the report block for the next RR (RFC 3550 §6.4.1) and updates the score with this interval.
    /// </summary>
    public ReceptionReport GetReceptionReport(Instant now)
    {
        byte worstRemoteFractionLost = 0;
        if (Params.UseInBandFec)
        {
            _listener.OnRtpStreamRecvNeedWorstRemoteFractionLost(this, ref worstRemoteFractionLost);
        }

        uint previousLost = _lostRaw;
        uint expected = ExpectedPackets;
        uint received = (uint)_mediaPacketsSinceInit;
        _lostRaw = expected > received ? expected - received : 0;
        PacketsLost = _lostRaw;

        uint expectedInterval = expected - _expectedPrior;
        _expectedPrior = expected;
        uint receivedInterval = received - _receivedPrior;
        _receivedPrior = received;
        long lostInterval = (long)expectedInterval - receivedInterval;
        FractionLost = expectedInterval == 0 || lostInterval <= 0
            ? (byte)0
            : (byte)Math.Min(255, Math.Round((double)(lostInterval << 8) / expectedInterval, MidpointRounding.AwayFromZero));

        byte fraction;
        if (worstRemoteFractionLost <= FractionLost)
        {
            _reportedPacketLost += (long)_lostRaw - previousLost;
            fraction = FractionLost;
        }
        else
        {
            _reportedPacketLost += (worstRemoteFractionLost * (long)expectedInterval) >> 8;
            fraction = worstRemoteFractionLost;
        }

        uint lsr = 0;
        uint dlsr = 0;
        if (HasSenderReport)
        {
            lsr = _lastSrCompact;
            dlsr = NtpTime.MicrosecondsToCompact(now.Microseconds - _lastSrReceived.Microseconds);
        }

        UpdateIntervalScore(now);
        return new ReceptionReport(Ssrc, fraction, (int)Math.Clamp(_reportedPacketLost, -(1 << 23), (1 << 23) - 1),
            ExtendedHighestSequenceNumber, Jitter, lsr, dlsr);
    }

    /// <summary>The RTX SSRC's report block, when RTX is negotiated and an RTX packet arrived.</summary>
    public bool TryGetRtxReceptionReport(Instant now, out ReceptionReport report)
    {
        report = default;
        return RtxStream is not null && RtxStream.TryGetReceptionReport(now, out report);
    }

    /// <summary>Remembers an SR of the stream: LSR/DLSR for the next report, and the NTP/RTP mapping (RT2).</summary>
    public void ReceiveRtcpSenderReport(in SenderReport report, Instant now) =>
        ReceiveRtcpSenderReport(report.NtpTimestamp, report.RtpTimestamp, now);

    /// <summary>As <see cref="ReceiveRtcpSenderReport(in SenderReport, Instant)"/> from the SR's fields.</summary>
    public void ReceiveRtcpSenderReport(NtpTime ntp, uint rtpTimestamp, Instant now)
    {
        HasSenderReport = true;
        _lastSrReceived = now;
        _lastSrCompact = ntp.Compact;
        LastSenderReportNtp = ntp;
        LastSenderReportRtpTimestamp = rtpTimestamp;
    }

    /// <summary>
    /// An XR DLRR sub-block (RFC 3611 §4.5) answering our receiver reference time: gives the RTT (RT2), which also
    /// spaces repeated NACKs.
    /// </summary>
    public void ReceiveRtcpXrDelaySinceLastRr(in DlrrSubBlock block, Instant now)
    {
        uint compactNow = ToNtp(now).Compact;
        if (block.DelaySinceLastReceiverReport != 0
            && NtpTime.TryGetRoundTrip(compactNow, block.LastReceiverReport, block.DelaySinceLastReceiverReport, out long us))
        {
            RoundTripTime = us / 1000.0;
            _nackGenerator?.UpdateRtt(TimeSpan.FromTicks(us * 10));
        }
    }

    /// <summary>Asks the sender for a key frame: a PLI when negotiated, else a FIR; nothing when neither is.</summary>
    public void RequestKeyFrame()
    {
        if (Params.UsePli)
        {
            PliCount++;
            _listener.OnRtpStreamRecvSendKeyFrameRequest(this, KeyFrameRequestType.Pli, 0);
        }
        else if (Params.UseFir)
        {
            FirCount++;
            _listener.OnRtpStreamRecvSendKeyFrameRequest(this, KeyFrameRequestType.Fir, ++_firSeqNumber);
        }
    }

    /// <summary>The producer paused: stop the inactivity timer, forget NACK state and jitter.</summary>
    public void Pause()
    {
        _paused = true;
        _inactivityDeadline = Instant.MaxValue;
        _nackGenerator?.Reset();
        _hasTransit = false;
        _jitter = 0;
    }

    /// <summary>The producer resumed: re-arm the inactivity timer unless already inactive.</summary>
    public void Resume(Instant now)
    {
        _paused = false;
        if (_options.UseInactivityCheck && !_inactive)
        {
            _inactivityDeadline = now.AddMicroseconds(_inactivityTimeoutUs);
        }
    }

    /// <summary>Bits per second of all layers.</summary>
    public long GetBitrate(Instant now)
    {
        long rate = 0;
        foreach (RtpDataCounter c in _layerCounters)
        {
            rate += c.GetBitrate(now);
        }

        return rate;
    }

    /// <summary>
    /// Bits per second needed to receive up to <paramref name="spatialLayer"/>.<paramref name="temporalLayer"/>: every
    /// lower spatial layer plus this one up to the temporal layer; 0 when that exact layer carries nothing (mediasoup
    /// <c>GetBitrate(now, s, t)</c>, the <c>bitrateByLayer</c> values).
    /// </summary>
    public long GetBitrate(Instant now, int spatialLayer, int temporalLayer)
    {
        int temporalLayers = Params.TemporalLayers;
        if ((uint)spatialLayer >= (uint)Params.SpatialLayers || (uint)temporalLayer >= (uint)temporalLayers
            || _layerCounters[(spatialLayer * temporalLayers) + temporalLayer].GetBitrate(now) == 0)
        {
            return 0;
        }

        long rate = 0;
        for (int s = 0; s < spatialLayer; s++)
        {
            for (int t = 0; t < temporalLayers; t++)
            {
                rate += _layerCounters[(s * temporalLayers) + t].GetBitrate(now);
            }
        }

        for (int t = 0; t <= temporalLayer; t++)
        {
            rate += _layerCounters[(spatialLayer * temporalLayers) + t].GetBitrate(now);
        }

        return rate;
    }

    /// <summary>Bits per second of one spatial layer (all its temporal layers).</summary>
    public long GetSpatialLayerBitrate(Instant now, int spatialLayer)
    {
        if ((uint)spatialLayer >= (uint)Params.SpatialLayers)
        {
            return 0;
        }

        long rate = 0;
        for (int t = 0; t < Params.TemporalLayers; t++)
        {
            rate += _layerCounters[(spatialLayer * Params.TemporalLayers) + t].GetBitrate(now);
        }

        return rate;
    }

    /// <summary>Bits per second of exactly one layer.</summary>
    public long GetLayerBitrate(Instant now, int spatialLayer, int temporalLayer) =>
        (uint)spatialLayer >= (uint)Params.SpatialLayers || (uint)temporalLayer >= (uint)Params.TemporalLayers
            ? 0
            : _layerCounters[(spatialLayer * Params.TemporalLayers) + temporalLayer].GetBitrate(now);

    /// <summary>The <c>inbound-rtp</c> stats entry (P10, §3.9). Not for the per-packet path: it allocates.</summary>
    public InboundRtpStats GetStats(Instant now)
    {
        var byLayer = new Dictionary<string, long>();
        if (Params.SpatialLayers > 1 || Params.TemporalLayers > 1)
        {
            for (int s = 0; s < Params.SpatialLayers; s++)
            {
                for (int t = 0; t < Params.TemporalLayers; t++)
                {
                    byLayer[string.Create(CultureInfo.InvariantCulture, $"{s}.{t}")] = GetBitrate(now, s, t);
                }
            }
        }

        return FillBaseStats(new InboundRtpStats(), now) with
        {
            Jitter = Jitter,
            PacketCount = PacketCount,
            ByteCount = ByteCount,
            Bitrate = GetBitrate(now),
            BitrateByLayer = byLayer,
            RtxPacketsDiscarded = RtxStream?.PacketsDiscarded,
        };
    }

    /// <inheritdoc />
    void INackGeneratorListener.OnNackGeneratorNackRequired(NackGenerator generator, ReadOnlySpan<ushort> sequenceNumbers)
    {
        int count = GenericNackItem.Pack(sequenceNumbers, _nackItems);
        if (count == 0)
        {
            return;
        }

        long requested = 0;
        for (int i = 0; i < count; i++)
        {
            requested += _nackItems[i].LostPacketCount;
        }

        NackCount++;
        NackPacketCount += requested;
        _listener.OnRtpStreamRecvSendNack(this, _nackItems.AsSpan(0, count));
    }

    /// <inheritdoc />
    void INackGeneratorListener.OnNackGeneratorKeyFrameRequired(NackGenerator generator) => RequestKeyFrame();

    /// <inheritdoc />
    protected override void OnScoreChanged(byte score, byte previousScore) =>
        _listener.OnRtpStreamRecvScore(this, score, previousScore);

    /// <inheritdoc />
    protected override void OnSequenceNumberReset()
    {
        // RFC 3550 A.1 init_seq: the counts start again with the new sequence.
        _mediaPacketsSinceInit = 0;
        _expectedPrior = 0;
        _receivedPrior = 0;
        _lostRaw = 0;
        _expectedPriorScore = 0;
        _receivedPriorScore = 0;
        _nackGenerator?.Reset();
    }

    private CodecPayloadInfo Inspect(in RtpPacketView packet)
    {
        if (packet.PayloadType != Params.PayloadType)
        {
            return CodecPayloadInfo.None;
        }

        ReadOnlySpan<byte> frameMarking = default;
        if (_options.FrameMarkingExtensionId != 0)
        {
            packet.TryGetExtension(_options.FrameMarkingExtensionId, out frameMarking);
        }

        return CodecInspector.Inspect(CodecKind, packet.Payload, frameMarking);
    }

    private void CountPacket(int length, in CodecPayloadInfo info, Instant now)
    {
        int temporalLayers = Params.TemporalLayers;
        int spatial = Math.Min(info.SpatialLayer, Params.SpatialLayers - 1);
        int temporal = Math.Min(info.TemporalLayer, temporalLayers - 1);
        _layerCounters[(spatial * temporalLayers) + temporal].Update(length, now);
    }

    private void MarkActive(Instant now)
    {
        if (_inactive)
        {
            _inactive = false;
            ResetScore(10, notify: true, now);
        }

        if (_options.UseInactivityCheck && !_paused)
        {
            _inactivityDeadline = now.AddMicroseconds(_inactivityTimeoutUs);
        }
    }

    /// <summary>RFC 3550 A.8: J += (|D| − J) / 16 with D the difference of transit times, in timestamp units.</summary>
    private void CalculateJitter(uint rtpTimestamp, Instant now)
    {
        long arrivalTs = now.Microseconds * ClockRate / 1_000_000;
        if (!_hasTransit)
        {
            _hasTransit = true;
            _lastArrivalTs = arrivalTs;
            _lastRtpTimestamp = rtpTimestamp;
            return;
        }

        long d = arrivalTs - _lastArrivalTs - (int)(rtpTimestamp - _lastRtpTimestamp);
        _lastArrivalTs = arrivalTs;
        _lastRtpTimestamp = rtpTimestamp;
        _jitter += (Math.Abs(d) - _jitter) / 16.0;
    }

    private void UpdateIntervalScore(Instant now)
    {
        uint totalExpected = ExpectedPackets;
        uint expected = totalExpected - _expectedPriorScore;
        _expectedPriorScore = totalExpected;
        uint totalReceived = (uint)_mediaPacketsSinceInit;
        uint received = totalReceived - _receivedPriorScore;
        _receivedPriorScore = totalReceived;
        uint lost = expected < received ? 0 : expected - received;
        uint repaired = (uint)(PacketsRepaired - _repairedPriorScore);
        _repairedPriorScore = PacketsRepaired;
        uint retransmitted = (uint)(PacketsRetransmitted - _retransmittedPriorScore);
        _retransmittedPriorScore = PacketsRetransmitted;

        if (_inactive)
        {
            return;
        }

        if (expected == 0)
        {
            UpdateScore(10, now);
            return;
        }

        if (received == 0)
        {
            UpdateScore(0, now);
            return;
        }

        lost = Math.Min(lost, received);
        if (repaired > lost)
        {
            if (HasRtx)
            {
                repaired = lost;
            }
            else
            {
                lost = Math.Min(repaired, received);
                repaired = lost;
            }
        }

        retransmitted = Math.Max(retransmitted, repaired);
        UpdateScore(ComputeIntervalScore(received, lost, repaired, retransmitted), now);
    }
}
