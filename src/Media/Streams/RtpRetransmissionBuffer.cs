using Sfu.Media.Buffers;
using Sfu.Media.Time;

namespace Sfu.Media.Streams;

/// <summary>
/// The packets an <see cref="RtpStreamSend"/> has sent, kept for retransmission on NACK (mediasoup
/// <c>RTC::RtpRetransmissionBuffer</c>, MP6): slots indexed by sequence number from the oldest stored packet, with
/// blank slots for packets never stored.
/// </summary>
/// <remarks>
/// <para>At most <see cref="MaxItems"/> slots (mediasoup: 2500). Packets older than the maximum retransmission delay
/// (by RTP timestamp against the newest: mediasoup uses 2000 ms for video, 1000 ms for audio) are dropped whenever a
/// packet is inserted. A packet must fit the order of the others: its timestamp may not be lower than an older
/// stored packet's or higher than a newer one's, otherwise it is discarded — except that a packet with a lower
/// sequence number but a higher timestamp than the newest restarts the buffer (the sender reset its sequence).</para>
/// <para><b>Ownership.</b> <see cref="Insert"/> retains the given <see cref="PacketBuffer"/> when it stores it; the
/// buffer releases it when the slot is dropped, replaced or cleared (<see cref="Clear"/>). Allocation-free after
/// construction; one thread.</para>
/// </remarks>
public sealed class RtpRetransmissionBuffer
{
    private readonly Slot[] _slots;
    private readonly long _tooOldTicks;
    private int _head;
    private int _count;

    /// <summary>Creates an empty buffer.</summary>
    /// <param name="maxItems">Maximum number of slots (stored packets plus blanks), 1 … 65535.</param>
    /// <param name="maxRetransmissionDelay">Oldest packet age (by RTP timestamp) worth keeping.</param>
    /// <param name="clockRate">The stream's RTP clock rate.</param>
    public RtpRetransmissionBuffer(int maxItems, TimeSpan maxRetransmissionDelay, int clockRate)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxItems);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxItems, ushort.MaxValue);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(clockRate);
        _slots = new Slot[maxItems];
        // A packet is too old when its age, ticks · 10^6 / clockRate µs rounded down, exceeds the maximum delay:
        // floor(ticks · 10^6 / clockRate) > maxDelayUs  ⇔  ticks ≥ ceil((maxDelayUs + 1) · clockRate / 10^6).
        long maxDelayUs = maxRetransmissionDelay.Ticks / 10;
        _tooOldTicks = ((maxDelayUs + 1) * clockRate + 999_999) / 1_000_000;
    }

    /// <summary>Maximum number of slots.</summary>
    public int MaxItems => _slots.Length;

    /// <summary>Slots in use, blanks included (oldest to newest).</summary>
    public int Count => _count;

    /// <summary>True when nothing is stored.</summary>
    public bool IsEmpty => _count == 0;

    /// <summary>
    /// Stores a sent packet for retransmission.
    /// </summary>
    /// <param name="sequenceNumber">The sequence number it was sent with.</param>
    /// <param name="timestamp">The RTP timestamp it was sent with.</param>
    /// <param name="ssrc">The SSRC it was sent with.</param>
    /// <param name="packet">The packet bytes; retained when stored (the caller keeps its own count).</param>
    /// <returns>True when stored; false when discarded (duplicate, out of order by timestamp, or too old).</returns>
    public bool Insert(ushort sequenceNumber, uint timestamp, uint ssrc, PacketBuffer packet)
    {
        ArgumentNullException.ThrowIfNull(packet);
        if (_count == 0)
        {
            PushBack(sequenceNumber, timestamp, ssrc, packet);
            return true;
        }

        ref Slot newest = ref At(_count - 1);

        // A lower sequence number with a higher timestamp than the newest: the sender restarted its sequence.
        if (SeqNum16.IsNewer(newest.Seq, sequenceNumber) && SeqNum32.IsNewer(timestamp, newest.Timestamp))
        {
            Clear();
            PushBack(sequenceNumber, timestamp, ssrc, packet);
            return true;
        }

        // Drop packets too old by timestamp, measured against the newest timestamp including this packet's.
        uint newestTimestamp = SeqNum32.IsNewer(timestamp, newest.Timestamp) ? timestamp : newest.Timestamp;
        if (ClearTooOld(newestTimestamp) && _count == 0)
        {
            PushBack(sequenceNumber, timestamp, ssrc, packet);
            return true;
        }

        ref Slot oldest = ref At(0);
        newest = ref At(_count - 1);
        if (SeqNum16.IsNewer(sequenceNumber, newest.Seq))
        {
            // In order: becomes the newest.
            if (SeqNum32.IsNewer(newest.Timestamp, timestamp))
            {
                return false; // higher seq but lower timestamp
            }

            int blanks = (ushort)(sequenceNumber - newest.Seq - 1);
            if (_count + blanks + 1 > _slots.Length)
            {
                int toRemove = _count + blanks + 1 - _slots.Length;
                if (toRemove > _count - 1)
                {
                    Clear();
                    blanks = 0;
                }
                else
                {
                    RemoveOldest(toRemove);
                }
            }

            for (int i = 0; i < blanks; i++)
            {
                At(_count++) = default;
            }

            PushBack(sequenceNumber, timestamp, ssrc, packet);
            return true;
        }

        if (SeqNum16.IsNewer(oldest.Seq, sequenceNumber))
        {
            // Older than the oldest: becomes the oldest.
            if (IsTooOld(timestamp, newest.Timestamp) || SeqNum32.IsNewer(timestamp, oldest.Timestamp))
            {
                return false;
            }

            int blanks = (ushort)(oldest.Seq - sequenceNumber - 1);
            if (_count + blanks + 1 > _slots.Length)
            {
                return false;
            }

            for (int i = 0; i < blanks; i++)
            {
                _head = (_head - 1 + _slots.Length) % _slots.Length;
                _count++;
                At(0) = default;
            }

            _head = (_head - 1 + _slots.Length) % _slots.Length;
            _count++;
            Fill(ref At(0), sequenceNumber, timestamp, ssrc, packet);
            return true;
        }

        // In between: its slot exists already.
        int index = (ushort)(sequenceNumber - oldest.Seq);
        if (At(index).Buffer is not null)
        {
            return false; // duplicate
        }

        for (int i = index - 1; i >= 0; i--)
        {
            ref Slot older = ref At(i);
            if (older.Buffer is null)
            {
                continue;
            }

            if (SeqNum32.IsNewer(older.Timestamp, timestamp))
            {
                return false;
            }

            break;
        }

        for (int i = index + 1; i < _count; i++)
        {
            ref Slot newer = ref At(i);
            if (newer.Buffer is null)
            {
                continue;
            }

            if (SeqNum32.IsNewer(timestamp, newer.Timestamp))
            {
                return false;
            }

            break;
        }

        Fill(ref At(index), sequenceNumber, timestamp, ssrc, packet);
        return true;
    }

    /// <summary>The stored packet sent with <paramref name="sequenceNumber"/>, if any.</summary>
    public bool TryGet(ushort sequenceNumber, out RtpRetransmissionItem item)
    {
        int index = IndexOf(sequenceNumber);
        if (index < 0)
        {
            item = default;
            return false;
        }

        ref Slot slot = ref At(index);
        item = new RtpRetransmissionItem(slot.Buffer!, slot.Ssrc, slot.Seq, slot.Timestamp, slot.SentTimes,
            slot.ResentAt);
        return true;
    }

    /// <summary>Releases every stored packet.</summary>
    public void Clear()
    {
        for (int i = 0; i < _count; i++)
        {
            ref Slot slot = ref At(i);
            slot.Buffer?.Release();
            slot = default;
        }

        _head = 0;
        _count = 0;
    }

    /// <summary>The slot at <paramref name="index"/> (0 = oldest) for tests: false for a blank.</summary>
    internal bool TryGetAt(int index, out ushort sequenceNumber, out uint timestamp)
    {
        ref Slot slot = ref At(index);
        sequenceNumber = slot.Seq;
        timestamp = slot.Timestamp;
        return slot.Buffer is not null;
    }

    /// <summary>Index of a stored packet, or -1.</summary>
    internal int IndexOf(ushort sequenceNumber)
    {
        if (_count == 0)
        {
            return -1;
        }

        ushort oldest = At(0).Seq;
        if (SeqNum16.IsNewer(oldest, sequenceNumber))
        {
            return -1;
        }

        int index = (ushort)(sequenceNumber - oldest);
        return index < _count && At(index).Buffer is not null ? index : -1;
    }

    /// <summary>Records a retransmission of the packet at <paramref name="index"/>; returns its new send count.</summary>
    internal int MarkResent(int index, Instant now)
    {
        ref Slot slot = ref At(index);
        slot.ResentAt = now;
        slot.HasBeenResent = true;
        return ++slot.SentTimes;
    }

    /// <summary>When the packet at <paramref name="index"/> was last retransmitted (false if never).</summary>
    internal bool TryGetResentAt(int index, out Instant resentAt)
    {
        ref Slot slot = ref At(index);
        resentAt = slot.ResentAt;
        return slot.HasBeenResent;
    }

    internal ref readonly Slot SlotAt(int index) => ref At(index);

    /// <summary>The slot <paramref name="index"/> places after the oldest (0 ≤ index &lt; capacity): no division.</summary>
    private ref Slot At(int index)
    {
        int i = _head + index;
        return ref _slots[i >= _slots.Length ? i - _slots.Length : i];
    }

    private void PushBack(ushort seq, uint timestamp, uint ssrc, PacketBuffer packet)
    {
        ref Slot slot = ref At(_count++);
        Fill(ref slot, seq, timestamp, ssrc, packet);
    }

    private static void Fill(ref Slot slot, ushort seq, uint timestamp, uint ssrc, PacketBuffer packet)
    {
        packet.Retain();
        slot = new Slot { Buffer = packet, Seq = seq, Timestamp = timestamp, Ssrc = ssrc };
    }

    /// <summary>Removes the oldest stored packet and the blanks after it.</summary>
    private void RemoveOldest()
    {
        if (_count == 0)
        {
            return;
        }

        ref Slot first = ref At(0);
        first.Buffer?.Release();
        first = default;
        _head = _head + 1 == _slots.Length ? 0 : _head + 1;
        _count--;
        while (_count > 0 && At(0).Buffer is null)
        {
            _head = _head + 1 == _slots.Length ? 0 : _head + 1;
            _count--;
        }
    }

    private void RemoveOldest(int slots)
    {
        int target = _count - slots;
        while (_count > target)
        {
            RemoveOldest();
        }
    }

    private bool ClearTooOld(uint newestTimestamp)
    {
        bool removed = false;
        while (_count > 0 && IsTooOld(At(0).Timestamp, newestTimestamp))
        {
            RemoveOldest();
            removed = true;
        }

        return removed;
    }

    private bool IsTooOld(uint timestamp, uint newestTimestamp)
    {
        if (SeqNum32.IsNewer(timestamp, newestTimestamp))
        {
            return false;
        }

        // Older than the maximum delay (ticks · 10^6 / clockRate µs, rounded down), without a division per packet.
        return (uint)(newestTimestamp - timestamp) >= _tooOldTicks;
    }

    internal struct Slot
    {
        public PacketBuffer? Buffer;
        public Instant ResentAt;
        public uint Ssrc;
        public uint Timestamp;
        public ushort Seq;
        public int SentTimes;
        public bool HasBeenResent;
    }
}

/// <summary>A stored packet of an <see cref="RtpRetransmissionBuffer"/>.</summary>
/// <param name="Packet">The stored bytes (still owned by the buffer: retain to keep them).</param>
/// <param name="Ssrc">SSRC it was sent with.</param>
/// <param name="SequenceNumber">Sequence number it was sent with.</param>
/// <param name="Timestamp">RTP timestamp it was sent with.</param>
/// <param name="SentTimes">How many times it was retransmitted.</param>
/// <param name="ResentAt">Last retransmission (meaningful when <paramref name="SentTimes"/> &gt; 0).</param>
public readonly record struct RtpRetransmissionItem(PacketBuffer Packet, uint Ssrc, ushort SequenceNumber, uint Timestamp,
    int SentTimes, Instant ResentAt);
