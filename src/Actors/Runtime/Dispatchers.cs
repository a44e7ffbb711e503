using System.Collections.Concurrent;

namespace Sfu.Actors.Runtime;

/// <summary>A unit of work a dispatcher runs: one bounded run of an actor's mailbox.</summary>
public interface IRunnable
{
    void Run();
}

/// <summary>
/// Runs mailboxes. An actor's mailbox is scheduled at most once at a time, and each run processes at most
/// <see cref="Throughput"/> messages before it schedules itself again, so a dispatcher that also does other work
/// (a media worker between I/O batches) keeps control.
/// </summary>
public interface IDispatcher
{
    /// <summary>Queues <paramref name="work"/> to run once. Called from any thread; must not run it inline.</summary>
    void Schedule(IRunnable work);

    /// <summary>Messages one mailbox run may process before it yields (unless the actor's Props say otherwise).</summary>
    int Throughput => ThreadPoolDispatcher.DefaultThroughput;
}

/// <summary>The default dispatcher: runs mailboxes on the .NET thread pool.</summary>
public sealed class ThreadPoolDispatcher : IDispatcher
{
    /// <summary>The default number of messages per mailbox run.</summary>
    public const int DefaultThroughput = 16;

    public ThreadPoolDispatcher(int throughput = DefaultThroughput)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(throughput, 1);
        Throughput = throughput;
    }

    public int Throughput { get; }

    public void Schedule(IRunnable work)
    {
        ArgumentNullException.ThrowIfNull(work);
        // Mailboxes are thread-pool work items themselves: no allocation per schedule.
        IThreadPoolWorkItem item = work as IThreadPoolWorkItem ?? new RunnableWorkItem(work);
        ThreadPool.UnsafeQueueUserWorkItem(item, preferLocal: false);
    }

    private sealed class RunnableWorkItem(IRunnable work) : IThreadPoolWorkItem
    {
        public void Execute() => work.Run();
    }
}

/// <summary>
/// Owns one named thread and runs scheduled work on it, in order. Actors given this dispatcher run every message
/// on that thread (a pinned dispatcher).
/// </summary>
public sealed class DedicatedThreadDispatcher : IDispatcher, IDisposable
{
    private readonly BlockingCollection<IRunnable> _queue = new(new ConcurrentQueue<IRunnable>());
    private readonly Thread _thread;
    private int _disposed;

    public DedicatedThreadDispatcher(string threadName, int throughput = ThreadPoolDispatcher.DefaultThroughput)
    {
        ArgumentException.ThrowIfNullOrEmpty(threadName);
        ArgumentOutOfRangeException.ThrowIfLessThan(throughput, 1);
        Throughput = throughput;
        _thread = new Thread(Loop) { Name = threadName, IsBackground = true };
        _thread.Start();
        ManagedThreadId = _thread.ManagedThreadId;
    }

    public int Throughput { get; }

    /// <summary>The managed thread id of the dispatcher's thread.</summary>
    public int ManagedThreadId { get; }

    /// <summary>The thread's name.</summary>
    public string ThreadName => _thread.Name!;

    /// <exception cref="ObjectDisposedException">The dispatcher is disposed.</exception>
    public void Schedule(IRunnable work)
    {
        ArgumentNullException.ThrowIfNull(work);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        try
        {
            _queue.Add(work);
        }
        catch (InvalidOperationException)
        {
            throw new ObjectDisposedException(nameof(DedicatedThreadDispatcher));
        }
    }

    /// <summary>Stops taking work, runs what is queued, and joins the thread (unless called from it).</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        _queue.CompleteAdding();
        if (Environment.CurrentManagedThreadId != ManagedThreadId)
        {
            _thread.Join();
            _queue.Dispose();
        }
    }

    private void Loop()
    {
        foreach (var work in _queue.GetConsumingEnumerable())
        {
            work.Run();
        }
    }
}
