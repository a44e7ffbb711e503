using System.Collections.Concurrent;
using System.Diagnostics;

namespace Sfu.Actors.Runtime;

/// <summary>A scheduled piece of work that can be cancelled.</summary>
public interface ICancelable
{
    /// <summary>Cancels it. Work already started (a message already told) is not undone.</summary>
    void Cancel();

    bool IsCancellationRequested { get; }
}

/// <summary>Tells messages later. The system's scheduler runs on real time; a test can give a virtual one.</summary>
public interface IScheduler
{
    /// <summary>Time since the scheduler started, monotonic (virtual in a test scheduler).</summary>
    TimeSpan MonotonicClock { get; }

    /// <summary>Tells <paramref name="message"/> to <paramref name="receiver"/> once, after <paramref name="delay"/>.</summary>
    ICancelable ScheduleTellOnce(TimeSpan delay, IActorRef receiver, object message, IActorRef? sender);

    /// <summary>Tells <paramref name="message"/> after <paramref name="initialDelay"/>, then every <paramref name="interval"/>.</summary>
    ICancelable ScheduleTellRepeatedly(TimeSpan initialDelay, TimeSpan interval, IActorRef receiver, object message, IActorRef? sender);

    /// <summary>Runs <paramref name="action"/> once after <paramref name="delay"/> (on a scheduler thread; keep it short).</summary>
    ICancelable ScheduleOnce(TimeSpan delay, Action action);
}

/// <summary>The real-time scheduler: one <see cref="Timer"/> per scheduled item.</summary>
internal sealed class SystemScheduler : IScheduler, IDisposable
{
    private readonly long _start = Stopwatch.GetTimestamp();
    private readonly ConcurrentDictionary<Item, byte> _items = new();
    private volatile bool _disposed;

    public TimeSpan MonotonicClock => Stopwatch.GetElapsedTime(_start);

    public ICancelable ScheduleTellOnce(TimeSpan delay, IActorRef receiver, object message, IActorRef? sender)
    {
        ArgumentNullException.ThrowIfNull(receiver);
        ArgumentNullException.ThrowIfNull(message);
        return Start(new Item(this, receiver, message, sender ?? Nobody.Instance, null), delay, Timeout.InfiniteTimeSpan);
    }

    public ICancelable ScheduleTellRepeatedly(TimeSpan initialDelay, TimeSpan interval, IActorRef receiver, object message, IActorRef? sender)
    {
        ArgumentNullException.ThrowIfNull(receiver);
        ArgumentNullException.ThrowIfNull(message);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        return Start(new Item(this, receiver, message, sender ?? Nobody.Instance, null), initialDelay, interval);
    }

    public ICancelable ScheduleOnce(TimeSpan delay, Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        return Start(new Item(this, null, null, null, action), delay, Timeout.InfiniteTimeSpan);
    }

    private Item Start(Item item, TimeSpan delay, TimeSpan period)
    {
        if (_disposed)
        {
            item.Cancel();
            return item;
        }
        _items[item] = 0;
        item.Start(delay < TimeSpan.Zero ? TimeSpan.Zero : delay, period);
        return item;
    }

    /// <summary>Cancels everything still scheduled.</summary>
    public void Dispose()
    {
        _disposed = true;
        foreach (var item in _items.Keys)
        {
            item.Cancel();
        }
    }

    private sealed class Item(SystemScheduler owner, IActorRef? receiver, object? message, IActorRef? sender, Action? action) : ICancelable
    {
        private Timer? _timer;
        private volatile bool _cancelled;
        private bool _repeating;

        public bool IsCancellationRequested => _cancelled;

        public void Start(TimeSpan delay, TimeSpan period)
        {
            _repeating = period != Timeout.InfiniteTimeSpan;
            // The timer's state is this item, so the timer stays rooted while it is scheduled.
            var timer = new Timer(static s => ((Item)s!).Fire(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            _timer = timer;
            if (_cancelled)
            {
                timer.Dispose();
                return;
            }
            timer.Change(delay, period);
        }

        public void Cancel()
        {
            _cancelled = true;
            _timer?.Dispose();
            owner._items.TryRemove(this, out _);
        }

        private void Fire()
        {
            if (_cancelled)
            {
                return;
            }
            if (!_repeating)
            {
                Cancel();
            }
            if (action is not null)
            {
                action();
            }
            else
            {
                receiver!.Tell(message!, sender);
            }
        }
    }
}
