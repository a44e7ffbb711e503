using Sfu.Contracts.Dumps;
using Sfu.Contracts.Rtp;
using Sfu.Contracts.Stats;
using Sfu.Media.Codecs;
using Sfu.Media.Time;

namespace Sfu.Media.Streams;

/// <summary>
/// What <see cref="RtpStreamRecv"/> and <see cref="RtpStreamSend"/> share (mediasoup <c>RTC::RtpStream</c>): the
/// parameters, RFC 3550 Appendix A.1 sequence validation, the 0–10 score with its 24-entry history, and the counters
/// of the stats.
/// </summary>
/// <remarks>
/// <para>Sequence validation is <see cref="RtpSequenceTracker"/> (RFC 3550 A.1 without probation).</para>
/// <para><b>Score.</b> Each interval's score is pushed into a history of <see cref="ScoreHistoryLength"/>; the
/// stream's score is their weighted average, the newest weighing most (weights 1, 2, …, n).</para>
/// </remarks>
public abstract class RtpStream
{
    /// <summary>Number of interval scores averaged.</summary>
    public const int ScoreHistoryLength = 24;

    private readonly byte[] _scores = new byte[ScoreHistoryLength];
    private int _scoresStart;
    private int _scoresCount;
    private RtpSequenceTracker _sequence;

    /// <summary>Initialises the shared state.</summary>
    private protected RtpStream(RtpStreamParams parameters, byte initialScore, long unixMicrosecondsAtZero, Instant now)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        parameters.Validate();
        Params = parameters;
        CodecKind = parameters.CodecKind;
        Score = initialScore;
        ActiveSince = now;
        UnixMicrosecondsAtZero = unixMicrosecondsAtZero;
    }

    /// <summary>The stream's parameters (a receive stream may learn its RTX later, see <see cref="RtpStreamRecv.SetRtx"/>).</summary>
    public RtpStreamParams Params { get; private protected set; }

    /// <summary>The media SSRC.</summary>
    public uint Ssrc => Params.Ssrc;

    /// <summary>RTP clock rate.</summary>
    public int ClockRate => Params.ClockRate;

    /// <summary>Audio or video.</summary>
    public MediaKind Kind => Params.Kind;

    /// <summary>The codec, from the mime type.</summary>
    public CodecKind CodecKind { get; }

    /// <summary>True when RTX is negotiated.</summary>
    public bool HasRtx => Params.HasRtx;

    /// <summary>Unix time (µs) at <see cref="Instant.Zero"/>: maps loop time to NTP for RTCP.</summary>
    public long UnixMicrosecondsAtZero { get; }

    /// <summary>Current score, 0 (nothing flows) … 10 (perfect).</summary>
    public byte Score { get; private set; }

    /// <summary>When the score last left 0 (mediasoup <c>activeSinceMs</c>).</summary>
    public Instant ActiveSince { get; private set; }

    /// <summary>True once the first packet was accepted.</summary>
    public bool Started => _sequence.Started;

    /// <summary>Highest sequence number seen (valid once <see cref="Started"/>).</summary>
    public ushort MaxSequenceNumber => _sequence.MaxSequenceNumber;

    /// <summary>Cycles (high 16 bits) and highest sequence number: the RR's "extended highest sequence number".</summary>
    public uint ExtendedHighestSequenceNumber => _sequence.ExtendedHighestSequenceNumber;

    /// <summary>Packets expected since the stream (re)started: extended highest − base + 1 (RFC 3550 A.3).</summary>
    public uint ExpectedPackets => _sequence.ExpectedPackets;

    /// <summary>Highest RTP timestamp seen (wrap-aware).</summary>
    public uint MaxPacketTimestamp { get; private set; }

    /// <summary>When the packet with <see cref="MaxPacketTimestamp"/> arrived.</summary>
    public Instant MaxPacketArrival { get; private set; }

    /// <summary>Cumulative packets lost (RFC 3550 §6.4.1).</summary>
    public long PacketsLost { get; protected set; }

    /// <summary>Fraction lost in the last interval, 0 … 255.</summary>
    public byte FractionLost { get; protected set; }

    /// <summary>Packets discarded by sequence validation.</summary>
    public long PacketsDiscarded => _sequence.Discarded;

    /// <summary>Packets retransmitted (sent again, or received through RTX/as a NACKed packet).</summary>
    public long PacketsRetransmitted { get; protected set; }

    /// <summary>Packets repaired (retransmissions that filled a gap).</summary>
    public long PacketsRepaired { get; protected set; }

    /// <summary>NACK packets sent (receive side) or received (send side).</summary>
    public long NackCount { get; protected set; }

    /// <summary>Sequence numbers requested in those NACKs.</summary>
    public long NackPacketCount { get; protected set; }

    /// <summary>PLIs sent or received.</summary>
    public long PliCount { get; protected set; }

    /// <summary>FIRs sent or received.</summary>
    public long FirCount { get; protected set; }

    /// <summary>Round-trip time in ms, when one has been measured.</summary>
    public double? RoundTripTime { get; protected set; }

    /// <summary>The dump shape (§3.9): <c>{ params, score, rtxStream? }</c>.</summary>
    public virtual RtpStreamDump ToDump() => new()
    {
        Params = Params.ToDump(),
        Score = Score,
        RtxStream = HasRtx
            ? new RtxStreamDump
            {
                Params = new RtxStreamParameters
                {
                    Ssrc = Params.RtxSsrc!.Value,
                    PayloadType = Params.RtxPayloadType!.Value,
                    MimeType = (Kind == MediaKind.Audio ? "audio" : "video") + "/rtx",
                    ClockRate = ClockRate,
                    Rrid = Params.Rid,
                    Cname = Params.Cname,
                },
            }
            : null,
    };

    /// <summary>Converts loop time to NTP with <see cref="UnixMicrosecondsAtZero"/>.</summary>
    protected NtpTime ToNtp(Instant now) => NtpTime.FromInstant(now, UnixMicrosecondsAtZero);

    /// <summary>Fills the fields every stream stats entry has.</summary>
    protected TStats FillBaseStats<TStats>(TStats stats, Instant now)
        where TStats : RtpStreamStats => stats with
        {
            Timestamp = (UnixMicrosecondsAtZero + now.Microseconds) / 1000,
            Ssrc = Ssrc,
            RtxSsrc = HasRtx ? Params.RtxSsrc : null,
            Rid = Params.Rid,
            Kind = Kind,
            MimeType = Params.MimeType,
            PacketsLost = PacketsLost,
            FractionLost = FractionLost,
            PacketsDiscarded = PacketsDiscarded,
            PacketsRetransmitted = PacketsRetransmitted,
            PacketsRepaired = PacketsRepaired,
            NackCount = NackCount,
            NackPacketCount = NackPacketCount,
            PliCount = PliCount,
            FirCount = FirCount,
            Score = Score,
            RoundTripTime = RoundTripTime,
        };

    /// <summary>
    /// Validates and accounts a packet's sequence number and timestamp (the first one initialises the stream).
    /// </summary>
    /// <returns>False when the packet must be discarded.</returns>
    protected bool ReceiveStreamPacket(ushort seq, uint timestamp, Instant now)
    {
        bool first = !_sequence.Started;
        switch (_sequence.Update(seq))
        {
            case RtpSequenceResult.Discarded:
                return false;
            case RtpSequenceResult.Reset:
                MaxPacketTimestamp = timestamp;
                MaxPacketArrival = now;
                OnSequenceNumberReset();
                return true;
        }

        if (first || SeqNum32.IsNewer(timestamp, MaxPacketTimestamp))
        {
            MaxPacketTimestamp = timestamp;
            MaxPacketArrival = now;
        }

        return true;
    }

    /// <summary>Validates a sequence number without touching the timestamp state (RTX-recovered packets).</summary>
    protected bool UpdateSeq(ushort seq, uint timestamp, Instant now) =>
        _sequence.Update(seq) switch
        {
            RtpSequenceResult.Discarded => false,
            RtpSequenceResult.Reset => ResetAndAccept(timestamp, now),
            _ => true,
        };

    /// <summary>Forgets the sequence state: the next packet initialises the stream again.</summary>
    protected void RestartSequence() => _sequence.Restart();

    /// <summary>Called after a re-synchronisation on a sequence number jump.</summary>
    protected virtual void OnSequenceNumberReset()
    {
    }

    /// <summary>Pushes one interval's score into the history and notifies when the averaged score changes.</summary>
    protected void UpdateScore(byte score, Instant now)
    {
        if (_scoresCount == ScoreHistoryLength)
        {
            _scoresStart = (_scoresStart + 1) % ScoreHistoryLength;
            _scoresCount--;
        }

        _scores[(_scoresStart + _scoresCount) % ScoreHistoryLength] = score;
        _scoresCount++;

        long weight = 0;
        long samples = 0;
        long total = 0;
        for (int i = 0; i < _scoresCount; i++)
        {
            weight++;
            samples += weight;
            total += weight * _scores[(_scoresStart + i) % ScoreHistoryLength];
        }

        byte previous = Score;
        Score = (byte)Math.Round((double)total / samples, MidpointRounding.AwayFromZero);
        if (Score != previous)
        {
            if (previous == 0)
            {
                ActiveSince = now;
            }

            OnScoreChanged(Score, previous);
        }
    }

    /// <summary>Clears the history and sets the score directly (inactivity, activity again).</summary>
    protected void ResetScore(byte score, bool notify, Instant now)
    {
        _scoresCount = 0;
        _scoresStart = 0;
        if (Score == score)
        {
            return;
        }

        byte previous = Score;
        Score = score;
        if (previous == 0)
        {
            ActiveSince = now;
        }

        if (notify)
        {
            OnScoreChanged(score, previous);
        }
    }

    /// <summary>Tells the listener the score changed.</summary>
    protected abstract void OnScoreChanged(byte score, byte previousScore);

    /// <summary>The interval score formula shared by both directions (mediasoup <c>UpdateScore</c>).</summary>
    /// <param name="total">Packets expected (receive side) or sent (send side) in the interval; &gt; 0.</param>
    /// <param name="lost">Packets lost in the interval (already clamped to ≤ total).</param>
    /// <param name="repaired">Packets repaired in the interval (≤ lost).</param>
    /// <param name="retransmitted">Packets retransmitted in the interval.</param>
    private protected static byte ComputeIntervalScore(uint total, uint lost, uint repaired, uint retransmitted)
    {
        float repairedRatio = (float)repaired / total;
        double repairedWeight = Math.Pow(1 / (repairedRatio + 1), 4);
        if (retransmitted > 0)
        {
            repairedWeight *= (float)repaired / retransmitted;
        }

        lost = (uint)(lost - repaired * repairedWeight);
        float deliveredRatio = (float)(total - lost) / total;
        return (byte)Math.Round(Math.Pow(deliveredRatio, 4) * 10, MidpointRounding.AwayFromZero);
    }

    private bool ResetAndAccept(uint timestamp, Instant now)
    {
        MaxPacketTimestamp = timestamp;
        MaxPacketArrival = now;
        OnSequenceNumberReset();
        return true;
    }
}
