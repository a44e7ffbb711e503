using System.Numerics;
using System.Runtime.CompilerServices;

namespace Sfu.Media.Streams;

/// <summary>
/// A consumer's output sequence space (mediasoup <c>SeqManager&lt;T, N&gt;</c>, MP7): maps input sequence numbers
/// (or VP8/VP9 picture ids) onto a continuous output space so that packets the consumer drops (filtered layers,
/// padding-only packets, paused periods) leave no gaps, and a <see cref="Sync"/> after a stream switch continues right
/// after the last output.
/// </summary>
/// <remarks>
/// <para>The space has <c>bits</c> bits (16 for RTP sequence numbers, 15 for VP8 picture ids, 8 for TL0PICIDX …) and
/// wraps at <c>2^bits - 1</c>. <see cref="Drop"/> records inputs the consumer will never send; later inputs are shifted
/// down by the number of dropped inputs before them. The rules reproduce mediasoup's worker (including its treatment of
/// inputs that are more than a third of the space apart), so mediasoup's <c>TestSeqManager</c> tables apply verbatim.</para>
/// <para>Dropped inputs are kept in a bitset over the whole space (allocated on the first drop), so every operation is
/// allocation-free and proportional to at most half the space in 64-bit words. One instance per stream, one thread.</para>
/// </remarks>
/// <typeparam name="T">The value type: <see cref="byte"/> or <see cref="ushort"/>.</typeparam>
public sealed class SeqManager<T>
    where T : unmanaged, IBinaryInteger<T>, IUnsignedNumber<T>
{
    private readonly uint _maxValue;
    private readonly uint _half;
    private readonly uint _third;
    private uint _base;
    private uint _maxInput;
    private uint _maxOutput;
    private bool _started;
    private ulong[]? _dropped;
    private int _droppedCount;

    /// <summary>A manager over the full width of <typeparamref name="T"/>.</summary>
    public SeqManager()
        : this(Unsafe.SizeOf<T>() * 8)
    {
    }

    /// <summary>A manager over a <paramref name="bits"/>-bit space (e.g. 15 for VP8 picture ids).</summary>
    /// <exception cref="ArgumentOutOfRangeException">bits is not in 1..min(16, width of T).</exception>
    public SeqManager(int bits)
    {
        int width = Unsafe.SizeOf<T>() * 8;
        if (bits < 1 || bits > width || bits > 16)
        {
            throw new ArgumentOutOfRangeException(nameof(bits), bits, $"must be in 1..{Math.Min(width, 16)}");
        }

        Bits = bits;
        _maxValue = (1u << bits) - 1;
        _half = _maxValue / 2;
        _third = _maxValue / 3;
    }

    /// <summary>Width of the space in bits.</summary>
    public int Bits { get; }

    /// <summary>The largest value of the space (<c>2^bits - 1</c>).</summary>
    public T MaxValue => T.CreateTruncating(_maxValue);

    /// <summary>The highest input seen (wrap-aware).</summary>
    public T MaxInput => T.CreateTruncating(_maxInput);

    /// <summary>The highest output produced (wrap-aware).</summary>
    public T MaxOutput => T.CreateTruncating(_maxOutput);

    /// <summary>True once the first input went through.</summary>
    public bool Started => _started;

    /// <summary>Number of dropped inputs currently remembered.</summary>
    public int DroppedCount => _droppedCount;

    /// <summary>
    /// True when <paramref name="lhs"/> is ahead of <paramref name="rhs"/> by at most half the space (mediasoup's
    /// <c>IsSeqHigherThan</c>; at exactly half the space the numerically smaller value is the higher one).
    /// </summary>
    public bool IsSeqHigherThan(T lhs, T rhs) => IsHigher(Mask(lhs), Mask(rhs));

    /// <summary>
    /// Re-bases the space so that the input right after <paramref name="input"/> maps to the output right after the
    /// highest output so far (call it with the input just before a key frame of the newly selected stream). Forgets
    /// every dropped input.
    /// </summary>
    public void Sync(T input)
    {
        uint x = Mask(input);
        _base = (_maxOutput - x) & _maxValue;
        _maxInput = x;
        ClearAllDropped();
    }

    /// <summary>
    /// Marks <paramref name="input"/> as never to be sent: later inputs are shifted down by one. Ignored unless it is
    /// higher than every input seen so far.
    /// </summary>
    public void Drop(T input)
    {
        uint x = Mask(input);
        if (!IsHigher(x, _maxInput))
        {
            return;
        }

        _dropped ??= new ulong[((int)_maxValue >> 6) + 1];
        ref ulong word = ref _dropped[x >> 6];
        ulong bit = 1UL << (int)(x & 63);
        if ((word & bit) == 0)
        {
            word |= bit;
            _droppedCount++;
        }
    }

    /// <summary>Shifts every later output up by <paramref name="offset"/> (leaves a deliberate gap).</summary>
    public void Offset(T offset) => _base = (_base + Mask(offset)) & _maxValue;

    /// <summary>Maps an input to its output.</summary>
    /// <returns>False when <paramref name="input"/> was dropped (it must not be sent); output is then 0.</returns>
    public bool Input(T input, out T output)
    {
        uint x = Mask(input);
        uint b = _base;

        if (_droppedCount != 0)
        {
            if (IsDropped(x))
            {
                output = T.Zero;
                return false;
            }

            // Dropped inputs shift this one down unless they lie just after it (within a third of the space).
            uint notCounted = x == _maxValue ? 0u : CountRange(x + 1, Math.Min(x + _third, _maxValue));
            b = (_base - ((uint)_droppedCount - notCounted)) & _maxValue;
        }

        uint o = (x + b) & _maxValue;

        if (!_started)
        {
            _started = true;
            _maxInput = x;
            _maxOutput = o;
        }
        else
        {
            if (IsHigher(x, _maxInput))
            {
                _maxInput = x;
            }

            if (IsHigher(o, _maxOutput))
            {
                _maxOutput = o;
            }
        }

        ClearDroppedAhead();

        output = T.CreateTruncating(o);
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private uint Mask(T value) => uint.CreateTruncating(value) & _maxValue;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool IsHigher(uint lhs, uint rhs) =>
        (lhs > rhs && lhs - rhs <= _half) || (rhs > lhs && rhs - lhs > _half);

    private bool IsDropped(uint x) => (_dropped![x >> 6] & (1UL << (int)(x & 63))) != 0;

    /// <summary>
    /// Dropped inputs that are now ahead of the highest input belong to a previous cycle (or were dropped ahead of
    /// late inputs): fold them into the base, as mediasoup's <c>ClearDropped</c> does.
    /// </summary>
    private void ClearDroppedAhead()
    {
        if (_droppedCount == 0)
        {
            return;
        }

        uint m = _maxInput;
        int removed = 0;

        // Ahead of m: (m, m + half] without wrapping, and [0, m - half - 1] for the wrapped part.
        if (m < _maxValue)
        {
            removed += CountAndClearRange(m + 1, Math.Min(m + _half, _maxValue));
        }

        if (m >= _half + 1)
        {
            removed += CountAndClearRange(0, m - _half - 1);
        }

        if (removed != 0)
        {
            _droppedCount -= removed;
            _base = (_base - (uint)removed) & _maxValue;
        }
    }

    private void ClearAllDropped()
    {
        if (_droppedCount != 0)
        {
            Array.Clear(_dropped!);
            _droppedCount = 0;
        }
    }

    /// <summary>Number of dropped values in [lo, hi] (inclusive, lo ≤ hi).</summary>
    private uint CountRange(uint lo, uint hi)
    {
        if (lo > hi)
        {
            return 0;
        }

        ulong[] bits = _dropped!;
        int first = (int)(lo >> 6);
        int last = (int)(hi >> 6);
        ulong firstMask = ulong.MaxValue << (int)(lo & 63);
        ulong lastMask = ulong.MaxValue >> (63 - (int)(hi & 63));

        if (first == last)
        {
            return (uint)BitOperations.PopCount(bits[first] & firstMask & lastMask);
        }

        int count = BitOperations.PopCount(bits[first] & firstMask);
        for (int i = first + 1; i < last; i++)
        {
            count += BitOperations.PopCount(bits[i]);
        }

        count += BitOperations.PopCount(bits[last] & lastMask);
        return (uint)count;
    }

    /// <summary>Clears dropped values in [lo, hi] and returns how many there were.</summary>
    private int CountAndClearRange(uint lo, uint hi)
    {
        if (lo > hi)
        {
            return 0;
        }

        ulong[] bits = _dropped!;
        int first = (int)(lo >> 6);
        int last = (int)(hi >> 6);
        ulong firstMask = ulong.MaxValue << (int)(lo & 63);
        ulong lastMask = ulong.MaxValue >> (63 - (int)(hi & 63));

        if (first == last)
        {
            ulong m = firstMask & lastMask;
            int c = BitOperations.PopCount(bits[first] & m);
            bits[first] &= ~m;
            return c;
        }

        int count = BitOperations.PopCount(bits[first] & firstMask);
        bits[first] &= ~firstMask;
        for (int i = first + 1; i < last; i++)
        {
            count += BitOperations.PopCount(bits[i]);
            bits[i] = 0;
        }

        count += BitOperations.PopCount(bits[last] & lastMask);
        bits[last] &= ~lastMask;
        return count;
    }
}
