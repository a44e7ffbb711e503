namespace Sfu.Actors.Runtime.TestKit;

/// <summary>
/// A scheduler on virtual time: nothing fires until <see cref="Advance"/> moves the clock, and then everything due
/// fires in order of due time (and of scheduling, for equal times), on the calling thread.
/// Give it to a system with <c>new ActorSystemOptions { Scheduler = scheduler }</c>.
/// </summary>
public sealed class TestScheduler : IScheduler
{
    private readonly Lock _gate = new();
    private readonly PriorityQueue<Item, (TimeSpan Due, long Sequence)> _queue = new();
    private TimeSpan _now;
    private long _sequence;

    /// <summary>The virtual time.</summary>
    public TimeSpan Now
    {
        get
        {
            lock (_gate)
            {
                return _now;
            }
        }
    }

    public TimeSpan MonotonicClock => Now;

    /// <summary>Items scheduled and not yet fired (cancelled ones included until they come due).</summary>
    public int PendingCount
    {
        get
        {
            lock (_gate)
            {
                return _queue.Count;
            }
        }
    }

    public ICancelable ScheduleTellOnce(TimeSpan delay, IActorRef receiver, object message, IActorRef? sender)
    {
        ArgumentNullException.ThrowIfNull(receiver);
        ArgumentNullException.ThrowIfNull(message);
        return Add(new Item(() => receiver.Tell(message, sender ?? Nobody.Instance), null), delay);
    }

    public ICancelable ScheduleTellRepeatedly(TimeSpan initialDelay, TimeSpan interval, IActorRef receiver, object message, IActorRef? sender)
    {
        ArgumentNullException.ThrowIfNull(receiver);
        ArgumentNullException.ThrowIfNull(message);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        return Add(new Item(() => receiver.Tell(message, sender ?? Nobody.Instance), interval), initialDelay);
    }

    public ICancelable ScheduleOnce(TimeSpan delay, Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        return Add(new Item(action, null), delay);
    }

    /// <summary>Moves the clock forward by <paramref name="by"/>, firing what comes due.</summary>
    public void Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        AdvanceTo(Now + by);
    }

    /// <summary>Moves the clock to <paramref name="time"/>, firing what comes due on the way.</summary>
    public void AdvanceTo(TimeSpan time)
    {
        while (true)
        {
            Item item;
            TimeSpan due;
            lock (_gate)
            {
                if (!_queue.TryPeek(out item!, out var key) || key.Due > time)
                {
                    if (time > _now)
                    {
                        _now = time;
                    }
                    return;
                }
                _queue.Dequeue();
                due = key.Due;
                if (due > _now)
                {
                    _now = due;
                }
            }
            if (item.IsCancellationRequested)
            {
                continue;
            }
            item.Action();
            if (item.Interval is { } interval && !item.IsCancellationRequested)
            {
                lock (_gate)
                {
                    _queue.Enqueue(item, (due + interval, _sequence++));
                }
            }
        }
    }

    private Item Add(Item item, TimeSpan delay)
    {
        lock (_gate)
        {
            _queue.Enqueue(item, (_now + (delay > TimeSpan.Zero ? delay : TimeSpan.Zero), _sequence++));
        }
        return item;
    }

    private sealed class Item(Action action, TimeSpan? interval) : ICancelable
    {
        private volatile bool _cancelled;

        public Action Action { get; } = action;

        public TimeSpan? Interval { get; } = interval;

        public bool IsCancellationRequested => _cancelled;

        public void Cancel() => _cancelled = true;
    }
}
