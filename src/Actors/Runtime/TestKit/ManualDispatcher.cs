using System.Collections.Concurrent;

namespace Sfu.Actors.Runtime.TestKit;

/// <summary>
/// A dispatcher that runs nothing until the test says so: <see cref="RunNext"/> runs one scheduled mailbox run on the
/// calling thread. It makes scheduling visible (how often a mailbox was scheduled) and interleavings deterministic,
/// as a media worker that drains mailboxes between I/O batches would. Disposing it hands all work, pending and
/// future, to the thread pool, so the actor system can still shut down.
/// </summary>
public sealed class ManualDispatcher : IDispatcher, IDisposable
{
    private readonly ConcurrentQueue<IRunnable> _queue = new();
    private readonly ThreadPoolDispatcher _fallback;
    private int _scheduleCount;
    private volatile bool _released;

    public ManualDispatcher(int throughput = ThreadPoolDispatcher.DefaultThroughput)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(throughput, 1);
        Throughput = throughput;
        _fallback = new ThreadPoolDispatcher(throughput);
    }

    public int Throughput { get; }

    /// <summary>How many times <see cref="Schedule"/> was called.</summary>
    public int ScheduleCount => Volatile.Read(ref _scheduleCount);

    /// <summary>Runs waiting to be run.</summary>
    public int PendingCount => _queue.Count;

    public void Schedule(IRunnable work)
    {
        ArgumentNullException.ThrowIfNull(work);
        Interlocked.Increment(ref _scheduleCount);
        if (_released)
        {
            _fallback.Schedule(work);
            return;
        }
        _queue.Enqueue(work);
        if (_released)
        {
            Flush();
        }
    }

    /// <summary>Runs the oldest scheduled run on this thread; <c>false</c> when none is waiting.</summary>
    public bool RunNext()
    {
        if (!_queue.TryDequeue(out var work))
        {
            return false;
        }
        work.Run();
        return true;
    }

    /// <summary>Runs until nothing is scheduled; returns the number of runs.</summary>
    /// <exception cref="InvalidOperationException">Still busy after <paramref name="maxRuns"/> runs (a loop).</exception>
    public int RunUntilIdle(int maxRuns = 100_000)
    {
        var runs = 0;
        while (RunNext())
        {
            if (++runs >= maxRuns)
            {
                throw new InvalidOperationException($"The dispatcher is still busy after {runs} runs.");
            }
        }
        return runs;
    }

    /// <summary>Hands pending and future work to the thread pool.</summary>
    public void Dispose()
    {
        _released = true;
        Flush();
    }

    private void Flush()
    {
        while (_queue.TryDequeue(out var work))
        {
            _fallback.Schedule(work);
        }
    }
}
