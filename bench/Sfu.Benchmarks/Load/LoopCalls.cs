using Sfu.Media.Net;

namespace Sfu.Benchmarks.Load;

internal static class LoopCalls
{
    /// <summary>Runs <paramref name="func"/> on the loop's thread and returns its result.</summary>
    public static Task<T> InvokeAsync<T>(MediaLoop loop, Func<T> func)
    {
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        loop.Post(_ =>
        {
            try
            {
                done.SetResult(func());
            }
            catch (Exception e)
            {
                done.SetException(e);
            }
        }, null);
        return done.Task;
    }
}

/// <summary>Reads a loop thread's allocation counter; reusable, allocation-free on the loop side.</summary>
internal sealed class AllocationProbe
{
    private readonly ManualResetEventSlim _done = new();
    private long _bytes;

    public long Read(MediaLoop loop)
    {
        _done.Reset();
        loop.Post(static state =>
        {
            var probe = (AllocationProbe)state!;
            probe._bytes = GC.GetAllocatedBytesForCurrentThread();
            probe._done.Set();
        }, this);
        if (!_done.Wait(TimeSpan.FromSeconds(30)))
        {
            throw new TimeoutException($"{loop.Name} did not run the allocation probe");
        }
        return Volatile.Read(ref _bytes);
    }
}
