namespace Sfu.Tests.Shared;

/// <summary>
/// What a piece of code allocates on the calling thread in steady state, measured so that a one-off cannot pass for a
/// per-operation cost. Reading <see cref="GC.GetAllocatedBytesForCurrentThread"/> around one batch is not enough on a
/// loaded machine: the runtime's tier-up of a hot method can land in the measured batch and charge a few hundred bytes
/// to the thread (dotnet/BenchmarkDotNet#1542). A real per-operation allocation shows in every batch; such a one-off
/// shows in one. So the batch runs until one allocates nothing, at most <c>maxBatches</c> times, and the smallest
/// figure is the steady state.
/// </summary>
internal static class SteadyStateAllocation
{
    /// <summary>
    /// Runs <paramref name="batch"/> (already warmed up by the caller) until a run allocates nothing on this thread,
    /// at most <paramref name="maxBatches"/> times. Returns the fewest bytes one run allocated and how many runs it took.
    /// </summary>
    public static (long Bytes, int Batches) Measure(Action batch, int maxBatches = 5)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatches, 1);
        long fewest = long.MaxValue;
        for (int i = 1; i <= maxBatches; i++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            batch();
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            fewest = Math.Min(fewest, allocated);
            if (allocated == 0)
            {
                return (0, i);
            }
        }
        return (fewest, maxBatches);
    }
}
