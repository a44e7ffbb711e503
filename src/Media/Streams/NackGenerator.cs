using Sfu.Media.Time;

namespace Sfu.Media.Streams;

/// <summary>Receives what a <see cref="NackGenerator"/> decides.</summary>
public interface INackGeneratorListener
{
    /// <summary>
    /// These sequence numbers (ascending, wrap-aware) should be requested with a generic NACK (RFC 4585 §6.2.1) now.
    /// The span is only valid during the call.
    /// </summary>
    void OnNackGeneratorNackRequired(NackGenerator generator, ReadOnlySpan<ushort> sequenceNumbers);

    /// <summary>Too many packets are missing to NACK them all: the list was cleared, ask for a key frame instead.</summary>
    void OnNackGeneratorKeyFrameRequired(NackGenerator generator);
}

/// <summary>
/// Decides which missing RTP packets of a received stream to request with NACKs (mediasoup <c>RTC::NackGenerator</c>,
/// MP4). Sans-IO: time comes in as arguments, the 40 ms timer is <see cref="NextTimeout"/>/<see cref="OnTimer"/>.
/// </summary>
/// <remarks>
/// <para>A gap in the sequence numbers puts the missing ones on the NACK list. An entry is requested</para>
/// <list type="bullet">
/// <item>right away, when a later packet arrives (the "sequence" filter) and the entry is at least the send delay
/// old (mediasoup waits 10 ms before the first NACK so that simply reordered packets are not requested), and</item>
/// <item>on the 40 ms timer, when it was never requested or its last request is at least one RTT old (100 ms while the
/// RTT is unknown) — the "time" filter.</item>
/// </list>
/// <para>Each entry is requested at most <see cref="MaxNackRetries"/> times. Entries older than
/// <see cref="MaxPacketAge"/> packets are dropped. When more than <see cref="MaxNackPackets"/> would be pending, entries
/// older than the oldest recorded key frame are dropped first; if that is not enough the list is cleared and a key
/// frame is requested instead. Packets that arrive (including RTX-recovered ones) leave the list; RTX packets newer
/// than anything seen are remembered so they are never requested.</para>
/// <para>Allocation-free after construction; one thread.</para>
/// </remarks>
public sealed class NackGenerator
{
    /// <summary>Entries more than this many sequence numbers behind the newest are dropped.</summary>
    public const int MaxPacketAge = 10_000;

    /// <summary>Maximum pending entries.</summary>
    public const int MaxNackPackets = 1_000;

    /// <summary>Maximum requests per sequence number.</summary>
    public const int MaxNackRetries = 10;

    /// <summary>Timer period.</summary>
    public static readonly TimeSpan TimerInterval = TimeSpan.FromMilliseconds(40);

    /// <summary>RTT assumed until <see cref="UpdateRtt"/> is called.</summary>
    public static readonly TimeSpan DefaultRtt = TimeSpan.FromMilliseconds(100);

    private const int ListCapacity = 1024; // ≥ MaxNackPackets, a power of two
    private const int Mask = ListCapacity - 1;

    private readonly INackGeneratorListener _listener;
    private readonly long _sendNackDelayUs;
    private readonly NackInfo[] _list = new NackInfo[ListCapacity];
    private readonly SortedSequenceSet _keyFrames = new(1024);
    private readonly SortedSequenceSet _recovered = new(1024);
    private readonly ushort[] _batch = new ushort[MaxNackPackets];
    private int _head;
    private int _count;
    private int _unsent; // entries never requested yet, so the per-packet sequence filter can skip the rest
    private long _rttUs;
    private bool _started;
    private ushort _lastSeq;
    private Instant _timerDeadline = Instant.MaxValue;

    /// <summary>Creates a generator.</summary>
    /// <param name="listener">Receives NACK and key frame decisions.</param>
    /// <param name="sendNackDelay">Minimum age of a missing packet before its first NACK (mediasoup: 10 ms for
    /// producers; 0 requests at once).</param>
    public NackGenerator(INackGeneratorListener listener, TimeSpan sendNackDelay)
    {
        ArgumentNullException.ThrowIfNull(listener);
        _listener = listener;
        _sendNackDelayUs = Math.Max(0, sendNackDelay.Ticks / 10);
        _rttUs = DefaultRtt.Ticks / 10;
    }

    private enum NackFilter : byte
    {
        Sequence,
        Time,
    }

    /// <summary>Pending NACK entries.</summary>
    public int NackListLength => _count;

    /// <summary>Key frames remembered (their first sequence numbers).</summary>
    public int KeyFrameListLength => _keyFrames.Count;

    /// <summary>RTX-recovered sequence numbers remembered.</summary>
    public int RecoveredListLength => _recovered.Count;

    /// <summary>When <see cref="OnTimer"/> wants to run (<see cref="Instant.MaxValue"/> when the timer is stopped).</summary>
    public Instant NextTimeout => _timerDeadline;

    /// <summary>The RTT used by the time filter.</summary>
    public TimeSpan Rtt => TimeSpan.FromTicks(_rttUs * 10);

    /// <summary>
    /// Takes a received packet's sequence number.
    /// </summary>
    /// <param name="seq">The packet's sequence number (the original one for RTX-recovered packets).</param>
    /// <param name="isKeyFrame">The packet starts a key frame.</param>
    /// <param name="isRecovered">The packet came through RTX.</param>
    /// <param name="now">Arrival time.</param>
    /// <returns>True when the packet was on the NACK list and had been requested at least once.</returns>
    public bool ReceivePacket(ushort seq, bool isKeyFrame, bool isRecovered, Instant now)
    {
        if (!_started)
        {
            _started = true;
            _lastSeq = seq;
            if (isKeyFrame)
            {
                _keyFrames.Add(seq);
            }

            return false;
        }

        if (seq == _lastSeq)
        {
            return false;
        }

        if (SeqNum16.IsNewer(_lastSeq, seq))
        {
            // Out of order, a retransmission, or an already handled one.
            int index = IndexOf(seq);
            if (index < 0)
            {
                return false;
            }

            int retries = At(index).Retries;
            RemoveAt(index);
            return retries != 0;
        }

        if (isKeyFrame)
        {
            _keyFrames.Add(seq);
        }

        _keyFrames.RemoveOlderThan((ushort)(seq - MaxPacketAge));
        if (isRecovered)
        {
            // Newer than anything seen and came through RTX: never NACK it, and do not move lastSeq.
            _recovered.Add(seq);
            _recovered.RemoveOlderThan((ushort)(seq - MaxPacketAge));
            return false;
        }

        AddPacketsToNackList((ushort)(_lastSeq + 1), seq, now);
        _lastSeq = seq;
        int batch = GetSequenceBatch(now);
        if (batch > 0)
        {
            _listener.OnNackGeneratorNackRequired(this, _batch.AsSpan(0, batch));
        }

        // Keep a running timer running, or the time filter would never re-request anything.
        if (_timerDeadline == Instant.MaxValue)
        {
            MayRunTimer(now);
        }

        return false;
    }

    /// <summary>Runs the timer if it is due: requests what the time filter selects and re-arms.</summary>
    public void OnTimer(Instant now)
    {
        if (now < _timerDeadline)
        {
            return;
        }

        _timerDeadline = Instant.MaxValue;
        int batch = GetNackBatch(NackFilter.Time, now);
        if (batch > 0)
        {
            _listener.OnNackGeneratorNackRequired(this, _batch.AsSpan(0, batch));
        }

        MayRunTimer(now);
    }

    /// <summary>Sets the RTT used to space repeated requests (0 or less restores <see cref="DefaultRtt"/>).</summary>
    public void UpdateRtt(TimeSpan rtt) => _rttUs = rtt > TimeSpan.Zero ? rtt.Ticks / 10 : DefaultRtt.Ticks / 10;

    /// <summary>Forgets everything (the stream paused or restarted) and stops the timer.</summary>
    public void Reset()
    {
        _head = 0;
        _count = 0;
        _unsent = 0;
        _keyFrames.Clear();
        _recovered.Clear();
        _started = false;
        _lastSeq = 0;
        _timerDeadline = Instant.MaxValue;
    }

    /// <summary>True when <paramref name="seq"/> is pending on the NACK list.</summary>
    public bool IsPending(ushort seq) => IndexOf(seq) >= 0;

    private void AddPacketsToNackList(ushort seqStart, ushort seqEnd, Instant now)
    {
        // Drop entries too old to be worth asking for.
        ushort oldest = (ushort)(seqEnd - MaxPacketAge);
        while (_count > 0 && SeqNum16.IsNewer(oldest, At(0).Seq))
        {
            RemoveFirst();
        }

        int newNacks = (ushort)(seqEnd - seqStart);
        if (_count + newNacks > MaxNackPackets)
        {
            while (RemoveNackItemsUntilKeyFrame() && _count + newNacks > MaxNackPackets)
            {
            }

            if (_count + newNacks > MaxNackPackets)
            {
                _head = 0;
                _count = 0;
                _unsent = 0;
                _listener.OnNackGeneratorKeyFrameRequired(this);
                return;
            }
        }

        for (ushort seq = seqStart; seq != seqEnd; seq++)
        {
            if (_recovered.Contains(seq))
            {
                continue;
            }

            ref NackInfo info = ref _list[(_head + _count) & Mask];
            info = new NackInfo { Seq = seq, SendAtSeq = seq, CreatedAtUs = now.Microseconds };
            _count++;
            _unsent++;
        }
    }

    /// <summary>Drops the entries older than the oldest key frame that still has some; false when none does.</summary>
    private bool RemoveNackItemsUntilKeyFrame()
    {
        while (_keyFrames.Count > 0)
        {
            ushort keyFrame = _keyFrames.First;
            int removed = 0;
            while (_count > 0 && SeqNum16.IsNewer(keyFrame, At(0).Seq))
            {
                RemoveFirst();
                removed++;
            }

            if (removed > 0)
            {
                return true;
            }

            _keyFrames.RemoveFirst();
        }

        return false;
    }

    /// <summary>
    /// The sequence filter, run on every packet that advances the stream: what <see cref="GetNackBatch"/> would select
    /// with <see cref="NackFilter.Sequence"/>, without walking the whole list. Only entries never requested qualify,
    /// and those are counted (<c>_unsent</c>), so the walk starts at the oldest of them and costs nothing when there
    /// are none — the usual case, however many requested entries wait for their retransmission. A first request
    /// leaves the entry on the list (<see cref="MaxNackRetries"/> &gt; 1), so nothing is removed here.
    /// </summary>
    private int GetSequenceBatch(Instant now)
    {
        if (_unsent == 0)
        {
            return 0;
        }

        int start = _count;
        for (int found = 0; found < _unsent;)
        {
            start--;
            if (!At(start).Sent)
            {
                found++;
            }
        }

        long nowUs = now.Microseconds;
        int batch = 0;
        for (int i = start; i < _count; i++)
        {
            ref NackInfo info = ref At(i);
            if (info.Sent
                || (_sendNackDelayUs > 0 && nowUs - info.CreatedAtUs < _sendNackDelayUs)
                || !SeqNum16.IsNewerOrEqual(_lastSeq, info.SendAtSeq))
            {
                continue;
            }

            _batch[batch++] = info.Seq;
            info.Retries++;
            info.Sent = true;
            info.SentAtUs = nowUs;
            _unsent--;
        }

        return batch;
    }

    private int GetNackBatch(NackFilter filter, Instant now)
    {
        long nowUs = now.Microseconds;
        int batch = 0;
        int write = 0;
        for (int read = 0; read < _count; read++)
        {
            NackInfo info = _list[(_head + read) & Mask];
            bool send = false;
            if (_sendNackDelayUs > 0 && nowUs - info.CreatedAtUs < _sendNackDelayUs)
            {
                // Too recent: maybe just reordered.
            }
            else if (filter == NackFilter.Sequence)
            {
                send = !info.Sent && SeqNum16.IsNewerOrEqual(_lastSeq, info.SendAtSeq);
            }
            else
            {
                send = !info.Sent || nowUs - info.SentAtUs >= _rttUs;
            }

            bool keep = true;
            if (send)
            {
                if (!info.Sent)
                {
                    _unsent--;
                }

                _batch[batch++] = info.Seq;
                info.Retries++;
                info.Sent = true;
                info.SentAtUs = nowUs;
                keep = info.Retries < MaxNackRetries;
            }

            if (keep)
            {
                _list[(_head + write) & Mask] = info;
                write++;
            }
        }

        _count = write;
        return batch;
    }

    private void MayRunTimer(Instant now) =>
        _timerDeadline = _count == 0 ? Instant.MaxValue : now + TimerInterval;

    private ref NackInfo At(int index) => ref _list[(_head + index) & Mask];

    private void RemoveFirst()
    {
        if (!At(0).Sent)
        {
            _unsent--;
        }

        _head = (_head + 1) & Mask;
        _count--;
    }

    private void RemoveAt(int index)
    {
        if (!At(index).Sent)
        {
            _unsent--;
        }

        for (int i = index; i < _count - 1; i++)
        {
            _list[(_head + i) & Mask] = _list[(_head + i + 1) & Mask];
        }

        _count--;
    }

    private int IndexOf(ushort seq)
    {
        if (_count == 0)
        {
            return -1;
        }

        ushort first = At(0).Seq;
        int key = (ushort)(seq - first);
        int lo = 0;
        int hi = _count;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if ((ushort)(At(mid).Seq - first) < key)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo < _count && At(lo).Seq == seq ? lo : -1;
    }

    private struct NackInfo
    {
        public long CreatedAtUs;
        public long SentAtUs;
        public ushort Seq;
        public ushort SendAtSeq;
        public byte Retries;
        public bool Sent;
    }
}
