namespace Sfu.Media.Sctp;

/// <summary>A growable FIFO with indexed access and removal, used by the association for chunks, messages and events.</summary>
internal sealed class RingBuffer<T>
{
    private T[] _items;
    private int _head;

    public RingBuffer(int capacity) => _items = new T[Math.Max(4, capacity)];

    public int Count { get; private set; }

    public T this[int index]
    {
        get => _items[(_head + index) % _items.Length];
        set => _items[(_head + index) % _items.Length] = value;
    }

    public void PushBack(T item)
    {
        if (Count == _items.Length)
        {
            var grown = new T[_items.Length * 2];
            for (int i = 0; i < Count; i++)
            {
                grown[i] = this[i];
            }

            _items = grown;
            _head = 0;
        }

        _items[(_head + Count) % _items.Length] = item;
        Count++;
    }

    public T PopFront()
    {
        T item = _items[_head];
        _items[_head] = default!;
        _head = (_head + 1) % _items.Length;
        Count--;
        return item;
    }

    public T PeekFront() => _items[_head];

    /// <summary>Removes the item at <paramref name="index"/>, shifting the later ones forward.</summary>
    public void RemoveAt(int index)
    {
        for (int i = index; i < Count - 1; i++)
        {
            this[i] = this[i + 1];
        }

        this[Count - 1] = default!;
        Count--;
    }

    /// <summary>Inserts at <paramref name="index"/>, shifting the later ones back.</summary>
    public void Insert(int index, T item)
    {
        PushBack(item);
        for (int i = Count - 1; i > index; i--)
        {
            this[i] = this[i - 1];
        }

        this[index] = item;
    }

    public void Clear()
    {
        while (Count > 0)
        {
            PopFront();
        }
    }
}

/// <summary>A message given to Send: its bytes (rented), its stream and reliability, and how far it was cut into chunks.</summary>
internal sealed class OutboundMessage
{
    public byte[] Data = [];
    public int Length;
    public ushort StreamId;
    public uint Ppid;
    public bool Unordered;
    public ushort Ssn;
    public int MaxRetransmits;     // -1: no limit
    public long ExpiresAtUs;       // long.MaxValue: no lifetime
    public int ChunkedBytes;       // bytes already given TSNs
    public int ChunksAlive;        // chunks not yet released
    public bool Abandoned;
    public long BufferedBytes;     // bytes still counted in the buffered amount
    public bool PrecedesReset;     // queued before a reset of its stream was asked for: goes out before it

    public bool IsPartiallyReliable => MaxRetransmits >= 0 || ExpiresAtUs != long.MaxValue;

    public void Reset(SctpBufferPool pool)
    {
        if (Data.Length > 0)
        {
            pool.Return(Data);
        }

        Data = [];
        Length = 0;
        ChunkedBytes = 0;
        ChunksAlive = 0;
        Abandoned = false;
        BufferedBytes = 0;
        PrecedesReset = false;
    }
}

/// <summary>One DATA chunk sent and not yet acknowledged (RFC 9260 §6.1 outstanding TSN).</summary>
internal sealed class OutboundChunk
{
    public OutboundMessage Message = null!;
    public int Offset;
    public int Length;
    public byte Flags;
    public uint Tsn;
    public int TransmitCount;
    public bool Acked;          // gap-acked (or cumulatively acked, just before release)
    public bool Abandoned;      // PR-SCTP (RFC 3758 §3.5)
    public bool InFlight;       // counted in the flight size
    public bool NeedsRetransmit;
    public bool FastRetransmitted;
    public int MissIndications;
}

/// <summary>One received DATA chunk held for reassembly or ordering (a copy: the datagram span does not outlive the call).</summary>
internal sealed class InboundChunk
{
    public byte[] Data = [];
    public int Length;
    public uint Tsn;
    public ushort StreamId;
    public ushort Ssn;
    public uint Ppid;
    public byte Flags;

    public bool IsBeginning => (Flags & Chunks.DataChunk.BeginningFlag) != 0;

    public bool IsEnding => (Flags & Chunks.DataChunk.EndingFlag) != 0;
}

/// <summary>Per incoming stream: the next SSN to deliver and the ordered chunks waiting (sorted by TSN).</summary>
internal sealed class InboundStream
{
    public ushort NextSsn;
    public readonly RingBuffer<InboundChunk> Chunks = new(8);
}
