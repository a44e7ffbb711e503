namespace Sfu.Media.Sctp;

/// <summary>
/// Byte arrays for one association's messages and chunks, in power-of-two sizes from 64 bytes to 1 MiB, kept per
/// association (single-threaded, like the worker's packet pool) so that steady traffic allocates nothing however
/// busy other threads are. Bigger arrays are allocated and dropped; each size keeps at most
/// <see cref="MaxPerSize"/> spare arrays.
/// </summary>
internal sealed class SctpBufferPool
{
    public const int MaxPerSize = 256;
    private const int MinShift = 6;
    private const int MaxShift = 20;

    private readonly Stack<byte[]>[] _sizes = new Stack<byte[]>[MaxShift - MinShift + 1];

    public SctpBufferPool()
    {
        for (int i = 0; i < _sizes.Length; i++)
        {
            _sizes[i] = new Stack<byte[]>();
        }
    }

    /// <summary>An array of at least <paramref name="size"/> bytes (contents undefined).</summary>
    public byte[] Rent(int size)
    {
        int shift = Math.Max(MinShift, 32 - System.Numerics.BitOperations.LeadingZeroCount((uint)Math.Max(size - 1, 1)));
        if (shift > MaxShift)
        {
            return GC.AllocateUninitializedArray<byte>(size);
        }

        Stack<byte[]> stack = _sizes[shift - MinShift];
        return stack.Count > 0 ? stack.Pop() : GC.AllocateUninitializedArray<byte>(1 << shift);
    }

    /// <summary>Takes an array back (arrays that did not come from <see cref="Rent"/> are ignored).</summary>
    public void Return(byte[] array)
    {
        int length = array.Length;
        if (length < (1 << MinShift) || length > (1 << MaxShift) || (length & (length - 1)) != 0)
        {
            return;
        }

        Stack<byte[]> stack = _sizes[System.Numerics.BitOperations.Log2((uint)length) - MinShift];
        if (stack.Count < MaxPerSize)
        {
            stack.Push(array);
        }
    }
}
