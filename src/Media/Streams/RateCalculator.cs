using Sfu.Media.Time;

namespace Sfu.Media.Streams;

/// <summary>
/// A rate over a sliding window (mediasoup <c>RTC::RateCalculator</c>): by default bits per second over the last
/// 1000 ms, kept in 100 items of 10 ms.
/// </summary>
/// <remarks>
/// <para>Items sit on a fixed time grid that starts at the first sample (item <i>k</i> covers
/// <c>[origin + k·itemMs, origin + (k+1)·itemMs)</c>), so a full ring always spans the same time and bursts never
/// stretch it. The rate at <c>now</c> is the sum of the items of the last
/// <c>windowItems</c> grid slots up to and including now's, times <c>scale / windowMs</c>, rounded.</para>
/// <para>Samples older than the window are ignored; samples older than the newest but still inside the window are
/// added to their item. Reading the rate at a later time expires old items. Allocation-free after construction;
/// one thread.</para>
/// </remarks>
public sealed class RateCalculator
{
    /// <summary>Default window (ms).</summary>
    public const int DefaultWindowMs = 1000;

    /// <summary>Default number of items in the window.</summary>
    public const int DefaultWindowItems = 100;

    /// <summary>Scale that turns bytes per window-ms into bits per second.</summary>
    public const double BitsPerSecondScale = 8000;

    /// <summary>Scale that turns counts per window-ms into counts per second.</summary>
    public const double PerSecondScale = 1000;

    private readonly long[] _items;
    private readonly int _windowMs;
    private readonly long _itemMs;
    private readonly double _scale;
    private long _newestItem;
    private long _newestItemStartMs; // where _newestItem's slot of the time grid starts
    private int _newestSlot;
    private long _originMs;
    private bool _hasData;
    private long _total;

    /// <summary>Creates a calculator.</summary>
    /// <param name="windowMs">Window length in milliseconds (≥ 1).</param>
    /// <param name="scale">Factor applied to <c>sum / windowMs</c> (8000: bytes → bps; 1000: count → per second).</param>
    /// <param name="windowItems">Number of items; clamped to 1 … windowMs so an item is at least 1 ms.</param>
    public RateCalculator(int windowMs = DefaultWindowMs, double scale = BitsPerSecondScale, int windowItems = DefaultWindowItems)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(windowMs);
        windowItems = Math.Clamp(windowItems, 1, windowMs);
        _windowMs = windowMs;
        _scale = scale;
        _itemMs = windowMs / windowItems;
        _items = new long[windowItems];
    }

    /// <summary>Window length (ms).</summary>
    public int WindowMs => _windowMs;

    /// <summary>Total of all samples ever added (mediasoup <c>GetBytes</c>).</summary>
    public long Total { get; private set; }

    /// <summary>Adds <paramref name="size"/> (bytes, or 1 per packet) at <paramref name="now"/>.</summary>
    public void Update(long size, Instant now)
    {
        Total += size;
        long ms = now.Milliseconds;
        if (_hasData && ms >= _newestItemStartMs && ms - _newestItemStartMs < _itemMs)
        {
            // The common case at packet rate: still inside the newest item, no division needed.
            _items[_newestSlot] += size;
            _total += size;
            return;
        }

        if (!_hasData)
        {
            _originMs = now.Milliseconds;
        }

        long item = ItemOf(now);
        if (!_hasData)
        {
            _hasData = true;
            SetNewestItem(item);
            Array.Clear(_items);
            _total = 0;
        }
        else if (item > _newestItem)
        {
            Advance(item);
        }
        else if (item <= _newestItem - _items.Length)
        {
            return; // older than the window
        }

        _items[Slot(item)] += size;
        _total += size;
    }

    /// <summary>The rate at <paramref name="now"/> (e.g. bps), 0 when nothing is in the window.</summary>
    public long GetRate(Instant now)
    {
        if (!_hasData)
        {
            return 0;
        }

        long item = ItemOf(now);
        if (item > _newestItem)
        {
            Advance(item);
        }

        return (long)Math.Round(_total * _scale / _windowMs, MidpointRounding.AwayFromZero);
    }

    /// <summary>Forgets every sample in the window (<see cref="Total"/> is kept).</summary>
    public void Reset()
    {
        _hasData = false;
        _total = 0;
        Array.Clear(_items);
    }

    private long ItemOf(Instant now) =>
        Math.DivRem(now.Milliseconds - _originMs, _itemMs, out long rem) - (rem < 0 ? 1 : 0);

    private int Slot(long item)
    {
        long slot = item % _items.Length;
        return (int)(slot < 0 ? slot + _items.Length : slot);
    }

    /// <summary>Moves the newest item to <paramref name="item"/>, emptying the slots it passes over.</summary>
    private void Advance(long item)
    {
        long steps = item - _newestItem;
        if (steps >= _items.Length)
        {
            Array.Clear(_items);
            _total = 0;
        }
        else
        {
            for (long k = _newestItem + 1; k <= item; k++)
            {
                int slot = Slot(k);
                _total -= _items[slot];
                _items[slot] = 0;
            }
        }

        SetNewestItem(item);
    }

    private void SetNewestItem(long item)
    {
        _newestItem = item;
        _newestItemStartMs = _originMs + item * _itemMs;
        _newestSlot = Slot(item);
    }
}

/// <summary>
/// Packet and byte counters with a bitrate and a packet rate over a sliding window (mediasoup
/// <c>RTC::RtpDataCounter</c>; 2500 ms window by default, as its RTP streams use).
/// </summary>
public sealed class RtpDataCounter
{
    /// <summary>Default window for RTP stream counters (ms).</summary>
    public const int DefaultWindowMs = 2500;

    private readonly RateCalculator _bitrate;
    private readonly RateCalculator _packetRate;

    /// <summary>Creates a counter with a window of <paramref name="windowMs"/> ms in 100 items.</summary>
    public RtpDataCounter(int windowMs = DefaultWindowMs)
    {
        _bitrate = new RateCalculator(windowMs, RateCalculator.BitsPerSecondScale);
        _packetRate = new RateCalculator(windowMs, RateCalculator.PerSecondScale);
    }

    /// <summary>Packets counted.</summary>
    public long PacketCount { get; private set; }

    /// <summary>Bytes counted (whole packets).</summary>
    public long ByteCount => _bitrate.Total;

    /// <summary>Counts one packet of <paramref name="size"/> bytes.</summary>
    public void Update(int size, Instant now)
    {
        PacketCount++;
        _bitrate.Update(size, now);
        _packetRate.Update(1, now);
    }

    /// <summary>Bits per second over the window.</summary>
    public long GetBitrate(Instant now) => _bitrate.GetRate(now);

    /// <summary>Packets per second over the window.</summary>
    public long GetPacketRate(Instant now) => _packetRate.GetRate(now);
}
