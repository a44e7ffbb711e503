namespace Sfu.Media.Buffers;

/// <summary>
/// A single-threaded, bounded pool of <see cref="PacketBuffer"/>s: one per media worker, used only by that worker's
/// thread. Idle buffers wait on a stack (the most recently returned, cache-warm one is reused first).
/// </summary>
/// <remarks>
/// <para><b>Bounded and counted.</b> At most <see cref="MaxIdle"/> buffers wait in the pool. When it is empty a rent
/// allocates a new buffer and counts a <see cref="Misses">miss</see>; when it is full a returned buffer is dropped for
/// the GC and counted in <see cref="Dropped"/>. After warm-up (or <see cref="Prewarm"/>) a steady state rents and
/// returns without allocating.</para>
/// <para>Nothing here is thread-safe, by design (DESIGN.md: one thread per worker, no locks on the data path).</para>
/// </remarks>
public sealed class PacketBufferPool
{
    /// <summary>Default buffer size: an Ethernet MTU.</summary>
    public const int DefaultBufferSize = 1500;

    /// <summary>Default number of idle buffers kept.</summary>
    public const int DefaultMaxIdle = 4096;

    private readonly PacketBuffer[] _idle;
    private int _idleCount;

    /// <summary>Creates an empty pool.</summary>
    /// <param name="bufferSize">Capacity of each buffer in bytes.</param>
    /// <param name="maxIdle">Maximum number of idle buffers kept for reuse.</param>
    public PacketBufferPool(int bufferSize = DefaultBufferSize, int maxIdle = DefaultMaxIdle)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bufferSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxIdle);
        BufferSize = bufferSize;
        _idle = new PacketBuffer[maxIdle];
    }

    /// <summary>Capacity of each buffer.</summary>
    public int BufferSize { get; }

    /// <summary>Maximum number of idle buffers kept.</summary>
    public int MaxIdle => _idle.Length;

    /// <summary>Buffers waiting in the pool now.</summary>
    public int Available => _idleCount;

    /// <summary>Total rents.</summary>
    public long Rented { get; private set; }

    /// <summary>Total returns (last releases), including those dropped because the pool was full.</summary>
    public long Returned { get; private set; }

    /// <summary>Buffers allocated by this pool (by <see cref="Prewarm"/> or by rents that found it empty).</summary>
    public long Created { get; private set; }

    /// <summary>Rents that found the pool empty and had to allocate.</summary>
    public long Misses { get; private set; }

    /// <summary>Returned buffers dropped because <see cref="MaxIdle"/> were already waiting.</summary>
    public long Dropped { get; private set; }

    /// <summary>Buffers handed out and not yet returned.</summary>
    public long Outstanding => Rented - Returned;

    /// <summary>
    /// Takes a buffer with <see cref="PacketBuffer.Length"/> 0 and a reference count of 1. The caller owns that count
    /// and must <see cref="PacketBuffer.Release"/> it (or hand it on to someone who will).
    /// </summary>
    public PacketBuffer Rent()
    {
        PacketBuffer buffer;
        if (_idleCount > 0)
        {
            buffer = _idle[--_idleCount];
            _idle[_idleCount] = null!;
        }
        else
        {
            buffer = new PacketBuffer(this, BufferSize);
            Created++;
            Misses++;
        }

        Rented++;
        buffer.OnRented();
        return buffer;
    }

    /// <summary>
    /// Rents a buffer and copies <paramref name="packet"/> into it. Returns null (renting nothing) when the packet is
    /// larger than <see cref="BufferSize"/>. Ownership as for <see cref="Rent"/>.
    /// </summary>
    public PacketBuffer? RentCopy(ReadOnlySpan<byte> packet)
    {
        if (packet.Length > BufferSize)
        {
            return null;
        }

        PacketBuffer buffer = Rent();
        buffer.TryCopyFrom(packet);
        return buffer;
    }

    /// <summary>Allocates buffers until <paramref name="count"/> (at most <see cref="MaxIdle"/>) are waiting.</summary>
    public void Prewarm(int count)
    {
        count = Math.Min(count, _idle.Length);
        while (_idleCount < count)
        {
            _idle[_idleCount++] = new PacketBuffer(this, BufferSize);
            Created++;
        }
    }

    /// <summary>Called by <see cref="PacketBuffer.Release"/> when the count reaches 0.</summary>
    internal void Return(PacketBuffer buffer)
    {
        Returned++;
        if (_idleCount < _idle.Length)
        {
            _idle[_idleCount++] = buffer;
        }
        else
        {
            Dropped++;
        }
    }
}
