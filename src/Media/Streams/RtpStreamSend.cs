using System.Text;
using Sfu.Contracts.Rtp;
using Sfu.Contracts.Stats;
using Sfu.Media.Buffers;
using Sfu.Media.Rtcp;
using Sfu.Media.Rtp;
using Sfu.Media.Time;

namespace Sfu.Media.Streams;

/// <summary>What an <see cref="RtpStreamSend"/> reports to its owner (the consumer).</summary>
public interface IRtpStreamSendListener
{
    /// <summary>The stream's score changed (C10, MP12).</summary>
    void OnRtpStreamSendScore(RtpStreamSend stream, byte score, byte previousScore);

    /// <summary>
    /// Send this retransmission now: the stored packet with the SSRC, sequence number and timestamp it was first sent
    /// with, already RTX-encapsulated when RTX is negotiated (MP6). The span is the scratch buffer given to
    /// <see cref="RtpStreamSend.ReceiveNack(ReadOnlySpan{GenericNackItem}, Span{byte}, Instant)"/>, valid only during
    /// the call; the callee may rewrite it in place (e.g. the MID extension) before protecting and sending it.
    /// </summary>
    void OnRtpStreamSendRetransmitRtpPacket(RtpStreamSend stream, Span<byte> packet);
}

/// <summary>Construction options of an <see cref="RtpStreamSend"/>.</summary>
public sealed record RtpStreamSendOptions
{
    /// <summary>Slots of the retransmission buffer (mediasoup: 2500).</summary>
    public int RetransmissionBufferMaxItems { get; init; } = 2500;

    /// <summary>Oldest packet kept for retransmission; null: 2000 ms for video, 1000 ms for audio (mediasoup).</summary>
    public TimeSpan? MaxRetransmissionDelay { get; init; }

    /// <summary>First RTX sequence number minus one; null: random (mediasoup).</summary>
    public ushort? InitialRtxSequenceNumber { get; init; }

    /// <summary>Unix time (µs) at <see cref="Instant.Zero"/>, for NTP times in RTCP and stats timestamps.</summary>
    public long UnixMicrosecondsAtZero { get; init; }

    /// <summary>
    /// The worker's pool, used when a packet must be copied to be stored. Null: the stream makes a small pool of its
    /// own.
    /// </summary>
    public PacketBufferPool? Pool { get; init; }
}

/// <summary>What goes into an SR for one stream (RFC 3550 §6.4.1 sender info).</summary>
/// <param name="Ssrc">The stream's SSRC.</param>
/// <param name="NtpTimestamp">Wallclock time of the report.</param>
/// <param name="RtpTimestamp">The RTP timestamp corresponding to <paramref name="NtpTimestamp"/>.</param>
/// <param name="PacketCount">Packets sent.</param>
/// <param name="OctetCount">Payload octets sent.</param>
public readonly record struct RtpSenderInfo(uint Ssrc, NtpTime NtpTimestamp, uint RtpTimestamp, uint PacketCount, uint OctetCount);

/// <summary>
/// The send side of one consumer stream (mediasoup <c>RTC::RtpStreamSend</c>, MP6/MP14): accounts the packets sent,
/// keeps them for retransmission when NACK is negotiated, answers NACKs (through RTX when negotiated), takes receiver
/// reports (RTT, loss, score) and provides the SR, SDES and XR DLRR data.
/// </summary>
/// <remarks>
/// <para><b>Retransmission.</b> For each sequence number a NACK item requests (the PID and up to 16 more from the BLP)
/// that is still in the <see cref="RtpRetransmissionBuffer"/> and was not already retransmitted within the last RTT
/// (100 ms while unknown), the stream writes the packet into the caller's scratch buffer — with the SSRC, sequence
/// number and timestamp it was sent with, RTX-encapsulated with the next RTX sequence number when RTX is negotiated —
/// and hands it to the listener.</para>
/// <para><b>Score</b> (MP12): each RR's interval of sent, lost (from the cumulative loss), repaired and retransmitted
/// packets gives a score (mediasoup's formula), averaged over 24 reports.</para>
/// <para>The per-packet methods allocate nothing once the pool is warm; one thread.</para>
/// </remarks>
public sealed class RtpStreamSend : RtpStream
{
    /// <summary>Default RTT for spacing retransmissions of the same packet.</summary>
    public static readonly TimeSpan DefaultRtt = TimeSpan.FromMilliseconds(100);

    /// <summary>mediasoup's maximum retransmission delay for video.</summary>
    public static readonly TimeSpan MaxRetransmissionDelayForVideo = TimeSpan.FromMilliseconds(2000);

    /// <summary>mediasoup's maximum retransmission delay for audio.</summary>
    public static readonly TimeSpan MaxRetransmissionDelayForAudio = TimeSpan.FromMilliseconds(1000);

    private readonly IRtpStreamSendListener _listener;
    private readonly PacketBufferPool? _pool;
    private readonly RtpDataCounter _counter = new();
    private readonly ReadOnlyMemory<byte> _cname;
    private ushort _rtxSeq;
    private long _payloadOctets;
    private long _sentPriorScore;
    private uint _lostPriorScore;
    private long _repairedPriorScore;
    private long _retransmittedPriorScore;
    private uint _lastRrCompact;
    private Instant _lastRrReceived;
    private bool _hasRrt;

    /// <summary>Creates the stream.</summary>
    public RtpStreamSend(RtpStreamParams parameters, IRtpStreamSendListener listener, Instant now,
        RtpStreamSendOptions? options = null)
        : base(parameters, 10, (options ?? new RtpStreamSendOptions()).UnixMicrosecondsAtZero, now)
    {
        ArgumentNullException.ThrowIfNull(listener);
        options ??= new RtpStreamSendOptions();
        _listener = listener;
        _cname = Encoding.UTF8.GetBytes(parameters.Cname);
        _rtxSeq = options.InitialRtxSequenceNumber ?? (ushort)Random.Shared.Next(0, 0x10000);
        if (parameters.UseNack)
        {
            TimeSpan maxDelay = options.MaxRetransmissionDelay
                ?? (parameters.Kind == MediaKind.Audio ? MaxRetransmissionDelayForAudio : MaxRetransmissionDelayForVideo);
            RetransmissionBuffer = new RtpRetransmissionBuffer(options.RetransmissionBufferMaxItems, maxDelay, parameters.ClockRate);
            _pool = options.Pool ?? new PacketBufferPool(PacketBufferPool.DefaultBufferSize, maxIdle: 256);
        }
    }

    /// <summary>The retransmission buffer (null without NACK).</summary>
    public RtpRetransmissionBuffer? RetransmissionBuffer { get; }

    /// <summary>Packets sent (accepted by <see cref="ReceivePacket(in RtpPacketView, PacketBuffer?, Instant)"/>).</summary>
    public long PacketCount => _counter.PacketCount;

    /// <summary>Bytes sent (whole packets).</summary>
    public long ByteCount => _counter.ByteCount;

    /// <summary>Payload octets sent (the SR's octet count).</summary>
    public long PayloadOctetCount => _payloadOctets;

    /// <summary>The last RTX sequence number used.</summary>
    public ushort RtxSequenceNumber => _rtxSeq;

    /// <summary>The NTP time of the last SR built.</summary>
    public NtpTime LastSenderReportNtp { get; private set; }

    /// <summary>The RTP timestamp of the last SR built.</summary>
    public uint LastSenderReportRtpTimestamp { get; private set; }

    /// <summary>
    /// Accounts a packet as sent and, with NACK, stores a copy of it for retransmission (a pooled buffer).
    /// </summary>
    /// <param name="packet">The packet exactly as sent (this stream's SSRC, sequence number and timestamp).</param>
    /// <param name="now">Send time.</param>
    /// <returns>False when sequence validation discards it.</returns>
    public bool ReceivePacket(in RtpPacketView packet, Instant now) => ReceivePacket(packet, null, now);

    /// <summary>
    /// Accounts a packet as sent and, with NACK, stores it for retransmission.
    /// </summary>
    /// <param name="packet">The packet as sent (this stream's SSRC, sequence number and timestamp).</param>
    /// <param name="shared">
    /// Optional: a buffer holding the same packet that several consumers share (e.g. the router-space copy). When
    /// given, the retransmission buffer retains it instead of copying <paramref name="packet"/>; its SSRC, sequence
    /// number and timestamp may differ (the stored ones are rewritten on retransmission), the rest must be as sent.
    /// The caller keeps its own reference.
    /// </param>
    /// <param name="now">Send time.</param>
    /// <returns>False when sequence validation discards it.</returns>
    public bool ReceivePacket(in RtpPacketView packet, PacketBuffer? shared, Instant now)
    {
        ushort seq = packet.SequenceNumber;
        uint timestamp = packet.Timestamp;
        if (!ReceiveStreamPacket(seq, timestamp, now))
        {
            return false;
        }

        if (RetransmissionBuffer is not null)
        {
            if (shared is not null)
            {
                RetransmissionBuffer.Insert(seq, timestamp, Ssrc, shared);
            }
            else
            {
                PacketBuffer? copy = _pool!.RentCopy(packet.Buffer);
                if (copy is not null)
                {
                    RetransmissionBuffer.Insert(seq, timestamp, Ssrc, copy);
                    copy.Release(); // the retransmission buffer holds its own count if it stored it
                }
            }
        }

        _counter.Update(packet.Length, now);
        _payloadOctets += packet.PayloadLength;
        return true;
    }

    /// <summary>Answers a NACK packet's items (MP6; RT2 "NACK → retransmission").</summary>
    /// <param name="items">The NACK items.</param>
    /// <param name="scratch">Where retransmissions are written; at least the largest stored packet + 2 octets (RTX)
    /// plus whatever the listener needs to protect it in place.</param>
    /// <param name="now">Arrival time.</param>
    public void ReceiveNack(ReadOnlySpan<GenericNackItem> items, Span<byte> scratch, Instant now)
    {
        NackCount++;
        foreach (GenericNackItem item in items)
        {
            Retransmit(item, scratch, now);
        }
    }

    /// <summary>Answers a parsed NACK packet (see <see cref="ReceiveNack(ReadOnlySpan{GenericNackItem}, Span{byte}, Instant)"/>).</summary>
    public void ReceiveNack(in RtcpFeedbackPacket<GenericNackItem> nack, Span<byte> scratch, Instant now)
    {
        NackCount++;
        foreach (GenericNackItem item in nack)
        {
            Retransmit(item, scratch, now);
        }
    }

    /// <summary>Counts a PLI or FIR from the receiver (the consumer forwards the request to the producer).</summary>
    public void ReceiveKeyFrameRequest(KeyFrameRequestType type)
    {
        if (type == KeyFrameRequestType.Pli)
        {
            PliCount++;
        }
        else
        {
            FirCount++;
        }
    }

    /// <summary>
    /// A report block about this stream (RR or SR from the receiver): RTT from LSR/DLSR, loss, and the score.
    /// </summary>
    public void ReceiveRtcpReceiverReport(in ReceptionReport report, Instant now)
    {
        uint compactNow = ToNtp(now).Compact;
        if (report.DelaySinceLastSenderReport != 0
            && NtpTime.TryGetRoundTrip(compactNow, report.LastSenderReport, report.DelaySinceLastSenderReport, out long us))
        {
            RoundTripTime = us / 1000.0;
        }

        PacketsLost = report.TotalLost;
        FractionLost = report.FractionLost;
        UpdateIntervalScore(report, now);
    }

    /// <summary>An XR receiver reference time block (RFC 3611 §4.4) from the receiver: answered with a DLRR (MP14).</summary>
    public void ReceiveRtcpXrReceiverReferenceTime(NtpTime receiverReferenceTime, Instant now)
    {
        _hasRrt = true;
        _lastRrReceived = now;
        _lastRrCompact = receiverReferenceTime.Compact;
    }

    /// <summary>The DLRR sub-block answering the last XR RRT, if one was received.</summary>
    public bool TryGetRtcpXrDelaySinceLastRr(Instant now, out DlrrSubBlock block)
    {
        if (!_hasRrt)
        {
            block = default;
            return false;
        }

        block = new DlrrSubBlock(Ssrc, _lastRrCompact,
            NtpTime.MicrosecondsToCompact(now.Microseconds - _lastRrReceived.Microseconds));
        return true;
    }

    /// <summary>
    /// The sender info for an SR at <paramref name="now"/>: NTP now, and the RTP timestamp of the newest packet sent
    /// extrapolated to now with the clock rate.
    /// </summary>
    /// <returns>False before the first packet.</returns>
    public bool TryGetRtcpSenderReport(Instant now, out RtpSenderInfo info)
    {
        if (PacketCount == 0)
        {
            info = default;
            return false;
        }

        NtpTime ntp = ToNtp(now);
        long elapsedUs = now.Microseconds - MaxPacketArrival.Microseconds;
        uint rtpTimestamp = (uint)(MaxPacketTimestamp + (elapsedUs * ClockRate / 1_000_000));
        LastSenderReportNtp = ntp;
        LastSenderReportRtpTimestamp = rtpTimestamp;
        info = new RtpSenderInfo(Ssrc, ntp, rtpTimestamp, (uint)PacketCount, (uint)_payloadOctets);
        return true;
    }

    /// <summary>The SDES CNAME item for this stream (MP14); the value is cached, nothing is allocated.</summary>
    public SdesEntry GetRtcpSdesChunk() => new(Ssrc, SdesItemType.Cname, _cname);

    /// <summary>The consumer paused: nothing stored is worth retransmitting any more.</summary>
    public void Pause() => RetransmissionBuffer?.Clear();

    /// <summary>The consumer resumed.</summary>
    public void Resume()
    {
    }

    /// <summary>Releases every stored packet (call when the stream is closed).</summary>
    public void Close() => RetransmissionBuffer?.Clear();

    /// <summary>Bits per second sent.</summary>
    public long GetBitrate(Instant now) => _counter.GetBitrate(now);

    /// <summary>The <c>outbound-rtp</c> stats entry (C12, §3.9). Not for the per-packet path: it allocates.</summary>
    public OutboundRtpStats GetStats(Instant now) => FillBaseStats(new OutboundRtpStats(), now) with
    {
        PacketCount = PacketCount,
        ByteCount = ByteCount,
        Bitrate = GetBitrate(now),
    };

    /// <inheritdoc />
    protected override void OnScoreChanged(byte score, byte previousScore) =>
        _listener.OnRtpStreamSendScore(this, score, previousScore);

    private void Retransmit(GenericNackItem item, Span<byte> scratch, Instant now)
    {
        NackPacketCount += item.LostPacketCount;
        if (RetransmissionBuffer is null)
        {
            return;
        }

        ushort seq = item.PacketId;
        int bitmask = item.LostPacketBitmask;
        bool requested = true;
        while (requested || bitmask != 0)
        {
            if (requested)
            {
                RetransmitOne(seq, scratch, now);
            }

            requested = (bitmask & 1) != 0;
            bitmask >>= 1;
            seq++;
        }
    }

    private void RetransmitOne(ushort seq, Span<byte> scratch, Instant now)
    {
        RtpRetransmissionBuffer buffer = RetransmissionBuffer!;
        int index = buffer.IndexOf(seq);
        if (index < 0)
        {
            return;
        }

        long rttUs = RoundTripTime is > 0 ? (long)(RoundTripTime.Value * 1000) : DefaultRtt.Ticks / 10;
        if (buffer.TryGetResentAt(index, out Instant resentAt) && now.Microseconds - resentAt.Microseconds <= rttUs)
        {
            return; // already retransmitted within the last RTT
        }

        ref readonly RtpRetransmissionBuffer.Slot slot = ref buffer.SlotAt(index);
        Span<byte> stored = slot.Buffer!.Span;
        int extra = HasRtx ? RtxPacket.OsnLength : 0;
        if (stored.Length + extra > scratch.Length)
        {
            return;
        }

        Span<byte> copy = scratch.Slice(0, stored.Length);
        stored.CopyTo(copy);
        if (!RtpPacketView.TryParse(copy, out RtpPacketView packet, out _))
        {
            return;
        }

        packet.Ssrc = slot.Ssrc;
        packet.SequenceNumber = slot.Seq;
        packet.Timestamp = slot.Timestamp;
        int length = copy.Length;
        if (HasRtx)
        {
            if (!RtxPacket.TryEncode(copy, scratch, Params.RtxPayloadType!.Value, Params.RtxSsrc!.Value,
                    unchecked((ushort)(_rtxSeq + 1)), out length))
            {
                return;
            }

            _rtxSeq++;
        }

        int sentTimes = buffer.MarkResent(index, now);
        _listener.OnRtpStreamSendRetransmitRtpPacket(this, scratch.Slice(0, length));
        PacketsRetransmitted++;
        if (sentTimes == 1)
        {
            PacketsRepaired++;
        }
    }

    private void UpdateIntervalScore(in ReceptionReport report, Instant now)
    {
        long totalSent = PacketCount;
        uint sent = (uint)(totalSent - _sentPriorScore);
        _sentPriorScore = totalSent;
        uint totalLost = report.TotalLost > 0 ? (uint)report.TotalLost : 0;
        uint lost = totalLost < _lostPriorScore ? 0 : totalLost - _lostPriorScore;
        _lostPriorScore = totalLost;
        uint repaired = (uint)(PacketsRepaired - _repairedPriorScore);
        _repairedPriorScore = PacketsRepaired;
        uint retransmitted = (uint)(PacketsRetransmitted - _retransmittedPriorScore);
        _retransmittedPriorScore = PacketsRetransmitted;

        if (sent == 0)
        {
            UpdateScore(10, now);
            return;
        }

        lost = Math.Min(lost, sent);
        repaired = Math.Min(repaired, lost);
        UpdateScore(ComputeIntervalScore(sent, lost, repaired, retransmitted), now);
    }
}
