using System.Runtime.CompilerServices;

namespace Sfu.Media.Buffers;

/// <summary>
/// One packet kept beyond the call that delivered it: a pinned, MTU-sized byte array from a
/// <see cref="PacketBufferPool"/>, the length of the packet in it, and a single-threaded reference count
/// (mediasoup's <c>sharedPacket</c>; pion's <c>RetainablePacket</c>).
/// </summary>
/// <remarks>
/// <para><b>Ownership.</b> Whoever holds a reference owns one count. <see cref="PacketBufferPool.Rent"/> hands out a
/// buffer with a count of 1. A second holder (a retransmission buffer, another consumer) calls <see cref="Retain"/>
/// and later <see cref="Release"/>. The <see cref="Release"/> that brings the count to 0 gives the buffer back to its
/// pool, after which nobody may touch it. Retaining or releasing a buffer whose count is already 0 is a bug and
/// throws.</para>
/// <para>Only the worker thread that owns the pool may use the buffer: there is no synchronisation.</para>
/// </remarks>
public sealed class PacketBuffer
{
    private readonly byte[] _array;
    private int _length;
    private int _refCount;

    internal PacketBuffer(PacketBufferPool? pool, int capacity)
    {
        Pool = pool;
        _array = GC.AllocateUninitializedArray<byte>(capacity, pinned: true);
    }

    /// <summary>The pool this buffer returns to (null for a buffer made outside a pool, e.g. in tests).</summary>
    public PacketBufferPool? Pool { get; }

    /// <summary>Size of the underlying array.</summary>
    public int Capacity => _array.Length;

    /// <summary>Number of valid bytes (the packet length), 0 … <see cref="Capacity"/>.</summary>
    public int Length
    {
        get => _length;
        set
        {
            if ((uint)value > (uint)_array.Length)
            {
                ThrowLength(value);
            }

            _length = value;
        }
    }

    /// <summary>Current number of holders (0 once back in the pool).</summary>
    public int RefCount => _refCount;

    /// <summary>The packet: the first <see cref="Length"/> bytes.</summary>
    public Span<byte> Span
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => new(_array, 0, _length);
    }

    /// <summary>The whole underlying array, for writing a packet before setting <see cref="Length"/>.</summary>
    public Span<byte> FullSpan => _array;

    /// <summary>The packet as memory (for the rare non-span consumer, e.g. tests).</summary>
    public ReadOnlyMemory<byte> Memory => new(_array, 0, _length);

    /// <summary>Creates a stand-alone buffer that belongs to no pool (tests, one-off uses). Its count starts at 1.</summary>
    public static PacketBuffer CreateUnpooled(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        var buffer = new PacketBuffer(null, capacity);
        buffer._refCount = 1;
        return buffer;
    }

    /// <summary>
    /// Copies <paramref name="packet"/> into the buffer and sets <see cref="Length"/>. Returns false (and changes
    /// nothing) when it does not fit.
    /// </summary>
    public bool TryCopyFrom(ReadOnlySpan<byte> packet)
    {
        if (packet.Length > _array.Length)
        {
            return false;
        }

        packet.CopyTo(_array);
        _length = packet.Length;
        return true;
    }

    /// <summary>Adds a holder. The caller now owns one more count and must <see cref="Release"/> it.</summary>
    /// <exception cref="InvalidOperationException">The buffer was already released to its pool.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Retain()
    {
        if (_refCount <= 0)
        {
            ThrowReleased();
        }

        _refCount++;
    }

    /// <summary>
    /// Drops the caller's count. The last release returns the buffer to its pool; the caller must not use it after.
    /// </summary>
    /// <returns>True when this call returned the buffer (the count reached 0).</returns>
    /// <exception cref="InvalidOperationException">The count was already 0.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Release()
    {
        if (_refCount <= 0)
        {
            ThrowReleased();
        }

        if (--_refCount != 0)
        {
            return false;
        }

        _length = 0;
        Pool?.Return(this);
        return true;
    }

    /// <summary>Called by the pool when it hands the buffer out.</summary>
    internal void OnRented() => _refCount = 1;

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowReleased() =>
        throw new InvalidOperationException("PacketBuffer used after its last Release (reference count is 0).");

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ThrowLength(int value) =>
        throw new ArgumentOutOfRangeException(nameof(Length), value, $"must be in 0..{_array.Length}");
}
