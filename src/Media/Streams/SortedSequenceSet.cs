using Sfu.Media.Time;

namespace Sfu.Media.Streams;

/// <summary>
/// A bounded set of 16-bit sequence numbers kept in ascending (wrap-aware) order in a ring, for the NACK generator's
/// key-frame and recovered lists. Entries are expected to lie within half the sequence space of each other (the
/// generator prunes everything older than <see cref="NackGenerator.MaxPacketAge"/>). When full, adding drops the
/// oldest entry. Allocation-free after construction.
/// </summary>
internal sealed class SortedSequenceSet
{
    private readonly ushort[] _items;
    private readonly int _mask;
    private int _head;
    private int _count;

    /// <param name="capacityPowerOfTwo">Capacity, a power of two.</param>
    public SortedSequenceSet(int capacityPowerOfTwo)
    {
        if (capacityPowerOfTwo <= 0 || (capacityPowerOfTwo & (capacityPowerOfTwo - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(capacityPowerOfTwo));
        }

        _items = new ushort[capacityPowerOfTwo];
        _mask = capacityPowerOfTwo - 1;
    }

    public int Count => _count;

    public ushort First => _items[_head];

    public ushort Last => _items[(_head + _count - 1) & _mask];

    public ushort this[int index] => _items[(_head + index) & _mask];

    public bool Contains(ushort seq) => _count != 0 && IndexOf(seq) >= 0;

    public void Add(ushort seq)
    {
        if (_count == 0)
        {
            _head = 0;
            _items[0] = seq;
            _count = 1;
            return;
        }

        ushort last = Last;
        if (seq == last)
        {
            return;
        }

        if (SeqNum16.IsNewer(seq, last))
        {
            if (_count == _items.Length)
            {
                RemoveFirst();
            }

            _items[(_head + _count) & _mask] = seq;
            _count++;
            return;
        }

        if (SeqNum16.IsNewer(First, seq))
        {
            if (_count == _items.Length)
            {
                return; // it would be the oldest entry, which is the one a full set drops
            }

            _head = (_head - 1) & _mask;
            _items[_head] = seq;
            _count++;
            return;
        }

        int index = LowerBound(seq);
        if (index < _count && this[index] == seq)
        {
            return;
        }

        if (_count == _items.Length)
        {
            RemoveFirst();
            index--;
        }

        for (int i = _count; i > index; i--)
        {
            _items[(_head + i) & _mask] = _items[(_head + i - 1) & _mask];
        }

        _items[(_head + index) & _mask] = seq;
        _count++;
    }

    public void RemoveFirst()
    {
        _head = (_head + 1) & _mask;
        _count--;
    }

    /// <summary>Removes every entry older than <paramref name="limit"/>.</summary>
    public void RemoveOlderThan(ushort limit)
    {
        while (_count > 0 && SeqNum16.IsNewer(limit, First))
        {
            RemoveFirst();
        }
    }

    public void Clear()
    {
        _head = 0;
        _count = 0;
    }

    /// <summary>Index of <paramref name="seq"/>, or -1.</summary>
    public int IndexOf(ushort seq)
    {
        int index = LowerBound(seq);
        return index < _count && this[index] == seq ? index : -1;
    }

    /// <summary>First index whose entry is not older than <paramref name="seq"/> (by offset from the first entry).</summary>
    private int LowerBound(ushort seq)
    {
        ushort first = First;
        int key = (ushort)(seq - first);
        int lo = 0;
        int hi = _count;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if ((ushort)(this[mid] - first) < key)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }
}
