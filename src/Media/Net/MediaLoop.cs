using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Sfu.Media.Time;

namespace Sfu.Media.Net;

/// <summary>
/// One media worker's thread: it owns its sockets, its timers and every media object placed on it, so the data path
/// takes no locks. Each round it runs due timers, runs posted work (actor mailboxes) up to a bound, flushes the send
/// batches that asked for it (<see cref="RequestFlush"/>), then waits for socket readiness, a post, or the next timer —
/// in one system call with epoll.
/// </summary>
public sealed class MediaLoop : IDisposable
{
    private const int MaxPostedPerRound = 256;

    /// <summary>Datagrams a round must have read for the next wait to coalesce.</summary>
    internal const int CoalescingThreshold = 2;

    /// <summary>The receive coalescing a loop uses unless told otherwise: 100 µs.</summary>
    public static readonly TimeSpan DefaultReceiveCoalescing = TimeSpan.FromMicroseconds(100);

    private readonly ConcurrentQueue<WorkItem> _posted = new();
    private readonly PriorityQueue<TimerEntry, long> _timers = new();
    private readonly IReadinessHandler?[] _ready = new IReadinessHandler?[64];
    private IFlushable?[] _flushes = new IFlushable?[16];
    private int _flushCount;
    private bool _immediateRound;
    private int _datagramsThisRound;
    private readonly Poller _poller;
    private readonly ILogger? _logger;
    private readonly Thread _thread;
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _stopping;
    private long _timerSequence;
    private long _workFailures;
    private readonly int _coalesceMicroseconds;
    private readonly List<ReceiveSlab> _receiveSlabs = new();

    /// <param name="name">The thread's name.</param>
    /// <param name="logger">Where failures of posted work, timers and handlers are logged.</param>
    /// <param name="preferEpoll">Use epoll and recvmmsg/sendmmsg where the OS has them (Linux); else the portable path.</param>
    /// <param name="ports">The port allocator of this worker (its rtcMinPort..rtcMaxPort); default <see cref="PortAllocator.Shared"/>.</param>
    /// <param name="receiveCoalescing">See <see cref="ReceiveCoalescing"/>; default <see cref="DefaultReceiveCoalescing"/>.</param>
    public MediaLoop(string name, ILogger? logger = null, bool preferEpoll = true, PortAllocator? ports = null,
        TimeSpan? receiveCoalescing = null)
    {
        Name = name;
        _logger = logger;
        Ports = ports ?? PortAllocator.Shared;
        ReceiveCoalescing = receiveCoalescing ?? DefaultReceiveCoalescing;
        if (ReceiveCoalescing < TimeSpan.Zero || ReceiveCoalescing > TimeSpan.FromMilliseconds(10))
        {
            throw new ArgumentOutOfRangeException(nameof(receiveCoalescing), "0 to 10 ms");
        }
        _coalesceMicroseconds = (int)(ReceiveCoalescing.Ticks / 10);
        _poller = Poller.Create(preferEpoll);
        _thread = new Thread(Run) { Name = name, IsBackground = true };
        Now = Instant.FromStopwatch(Stopwatch.GetTimestamp());
    }

    public string Name { get; }

    /// <summary>
    /// Under load (the last round read at least two datagrams), how long the epoll loop sleeps before it looks at its
    /// sockets again, so that arrivals batch up instead of each waking the thread (interrupt moderation, as NICs do).
    /// It delays a datagram by at most this much and only while traffic flows; an idle loop blocks in epoll_wait and
    /// wakes at once. Zero turns it off. The portable loop polls on its own 1 ms tick and ignores it.
    /// </summary>
    public TimeSpan ReceiveCoalescing { get; }

    /// <summary>The poller in use: "epoll" or "portable".</summary>
    public string PollerKind => _poller.Kind;

    /// <summary>True when sockets on this loop use the Linux batch calls (recvmmsg/sendmmsg) rather than Socket calls.</summary>
    public bool UsesBatchSyscalls => _poller is EpollPoller;

    /// <summary>Where UDP endpoints on this loop get their ports.</summary>
    public PortAllocator Ports { get; }

    /// <summary>The loop's clock, read once per round. Loop thread only.</summary>
    public Instant Now { get; private set; }

    /// <summary>The managed thread id of the loop thread (valid once started).</summary>
    public int ThreadId => _thread.ManagedThreadId;

    public bool IsLoopThread => Environment.CurrentManagedThreadId == _thread.ManagedThreadId;

    /// <summary>
    /// True on the loop thread, or anywhere while the loop thread is not running (before start, after stop). Stopped
    /// means <see cref="Completion"/> completed: the loop thread sets it as the last thing it does, and may still be
    /// alive for a moment after, touching nothing.
    /// </summary>
    internal bool IsOwnedByCaller => IsLoopThread || _stopped.Task.IsCompleted || !_thread.IsAlive;

    /// <summary>Work items that threw (they are logged and the loop goes on).</summary>
    public long WorkFailures => Interlocked.Read(ref _workFailures);

    /// <summary>Completes when the loop thread has finished its last round (its very last act).</summary>
    public Task Completion => _stopped.Task;

    public void Start() => _thread.Start();

    /// <summary>
    /// Runs <paramref name="callback"/>(<paramref name="state"/>) on the loop thread, in post order. Any thread.
    /// Pass a static lambda and the state to avoid allocating.
    /// </summary>
    public void Post(Action<object?> callback, object? state)
    {
        _posted.Enqueue(new WorkItem(callback, state));
        _poller.Wake();
    }

    /// <summary>Arms <paramref name="timer"/> to fire at <paramref name="due"/>, replacing any earlier arming. Loop thread only.</summary>
    public void Schedule(LoopTimer timer, Instant due)
    {
        Debug.Assert(IsLoopThread || !_thread.IsAlive, "timers belong to the loop thread");
        timer.Generation++;
        timer.Due = due;
        timer.Armed = true;
        _timers.Enqueue(new TimerEntry(timer, timer.Generation), due.Microseconds * 64 + (_timerSequence++ & 63));
    }

    /// <summary>Disarms <paramref name="timer"/>. Loop thread only.</summary>
    public void Cancel(LoopTimer timer)
    {
        timer.Generation++;
        timer.Armed = false;
    }

    /// <summary>Watches a file descriptor for readability. Loop thread only.</summary>
    public void Register(int fd, IReadinessHandler handler) => _poller.Register(fd, handler);

    public void Unregister(int fd) => _poller.Unregister(fd);

    /// <summary>
    /// Asks for <paramref name="flushable"/>.<see cref="IFlushable.Flush"/> at the end of this round, before the loop
    /// next sleeps. The caller keeps its own "requested" flag so it is listed once per round. Loop thread only;
    /// allocation-free once the list has grown to the number of flushables.
    /// </summary>
    public void RequestFlush(IFlushable flushable)
    {
        if (_flushCount == _flushes.Length)
        {
            Array.Resize(ref _flushes, _flushes.Length * 2);
        }
        _flushes[_flushCount++] = flushable;
    }

    /// <summary>Stops the loop after the current round and waits for its thread.</summary>
    public Task StopAsync()
    {
        _stopping = true;
        _poller.Wake();
        if (!_thread.IsAlive)
        {
            _stopped.TrySetResult();
        }
        return _stopped.Task;
    }

    public void Dispose()
    {
        StopAsync().Wait(TimeSpan.FromSeconds(5));
        _poller.Dispose();
    }

    private void Run()
    {
        try
        {
            while (!_stopping)
            {
                Now = Instant.FromStopwatch(Stopwatch.GetTimestamp());
                RunDueTimers();
                var morePosted = RunPosted();
                RunFlushes();
                var timeout = morePosted || _immediateRound ? 0 : TimeoutToNextTimer();
                var coalesce = _datagramsThisRound >= CoalescingThreshold ? _coalesceMicroseconds : 0;
                _immediateRound = false;
                _datagramsThisRound = 0;
                var ready = _poller.Wait(timeout, _ready, coalesce);
                if (ready > 0)
                {
                    Now = Instant.FromStopwatch(Stopwatch.GetTimestamp());
                    for (var i = 0; i < ready; i++)
                    {
                        var handler = _ready[i]!;
                        _ready[i] = null;
                        try
                        {
                            handler.OnReadable(Now);
                        }
                        catch (Exception e)
                        {
                            Interlocked.Increment(ref _workFailures);
                            _logger?.LogError(e, "{Loop}: socket handler failed", Name);
                        }
                    }
                }
            }
            // Run what was posted before the stop, so nobody waits forever on it.
            while (RunPosted())
            {
            }
            RunFlushes();
        }
        finally
        {
            _stopped.TrySetResult();
        }
    }

    private bool RunPosted()
    {
        for (var i = 0; i < MaxPostedPerRound; i++)
        {
            if (!_posted.TryDequeue(out var item))
            {
                return false;
            }
            try
            {
                item.Callback(item.State);
            }
            catch (Exception e)
            {
                Interlocked.Increment(ref _workFailures);
                _logger?.LogError(e, "{Loop}: posted work failed", Name);
            }
        }
        return !_posted.IsEmpty;
    }

    /// <summary>
    /// Makes the next wait a poll (timeout 0): a handler that stopped at its batch limit with data left asks for
    /// this, so a poller that does not report readiness by itself (the portable one) comes back at once. Loop thread only.
    /// </summary>
    internal void RequestImmediateRound() => _immediateRound = true;

    /// <summary>Endpoints report what they read, so the loop knows whether to coalesce its next wait. Loop thread only.</summary>
    internal void NoteDatagramsReceived(int count) => _datagramsThisRound += count;

    /// <summary>
    /// The receive buffers shared by this loop's UDP endpoints that accept datagrams up to
    /// <paramref name="maxDatagramSize"/> bytes (one slab per size in use; normally just the default). Loop thread,
    /// or before the loop starts.
    /// </summary>
    internal ReceiveSlab GetReceiveSlab(int maxDatagramSize)
    {
        var stride = ReceiveSlab.StrideFor(maxDatagramSize);
        foreach (var slab in _receiveSlabs)
        {
            if (slab.SlotStride == stride)
            {
                return slab;
            }
        }
        var created = new ReceiveSlab(stride, UsesBatchSyscalls);
        _receiveSlabs.Add(created);
        return created;
    }

    /// <summary>Counts and logs a failure of code the loop called indirectly (e.g. a datagram handler).</summary>
    internal void ReportFailure(Exception e, string source)
    {
        Interlocked.Increment(ref _workFailures);
        _logger?.LogError(e, "{Loop}: {Source} failed", Name, source);
    }

    private void RunFlushes()
    {
        // _flushCount is re-read each step, so a flush that asks for another is served in this round too.
        for (var i = 0; i < _flushCount; i++)
        {
            var flushable = _flushes[i]!;
            _flushes[i] = null;
            try
            {
                flushable.Flush();
            }
            catch (Exception e)
            {
                Interlocked.Increment(ref _workFailures);
                _logger?.LogError(e, "{Loop}: flush failed", Name);
            }
        }
        _flushCount = 0;
    }

    private void RunDueTimers()
    {
        while (_timers.TryPeek(out var entry, out _))
        {
            var timer = entry.Timer;
            if (entry.Generation != timer.Generation || !timer.Armed)
            {
                _timers.Dequeue();
                continue;
            }
            if (timer.Due > Now)
            {
                return;
            }
            _timers.Dequeue();
            timer.Armed = false;
            try
            {
                timer.Fire(Now);
            }
            catch (Exception e)
            {
                Interlocked.Increment(ref _workFailures);
                _logger?.LogError(e, "{Loop}: timer failed", Name);
            }
        }
    }

    private int TimeoutToNextTimer()
    {
        while (_timers.TryPeek(out var entry, out _))
        {
            if (entry.Generation != entry.Timer.Generation || !entry.Timer.Armed)
            {
                _timers.Dequeue();
                continue;
            }
            var us = entry.Timer.Due.Microseconds - Instant.FromStopwatch(Stopwatch.GetTimestamp()).Microseconds;
            return us <= 0 ? 0 : (int)Math.Min(int.MaxValue, (us + 999) / 1000);
        }
        return -1;
    }

    private readonly record struct WorkItem(Action<object?> Callback, object? State);

    private readonly record struct TimerEntry(LoopTimer Timer, long Generation);
}

/// <summary>
/// A reusable timer on a <see cref="MediaLoop"/>. Create one per owner at setup (its callback is allocated once),
/// then <see cref="MediaLoop.Schedule"/> and <see cref="MediaLoop.Cancel"/> it as often as needed without allocating.
/// </summary>
public sealed class LoopTimer(Action<Instant> onFire)
{
    internal long Generation;
    internal bool Armed;
    internal Instant Due;

    public bool IsArmed => Armed;

    internal void Fire(Instant now) => onFire(now);
}
