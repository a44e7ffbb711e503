namespace Sfu.Actors.Runtime;

/// <summary>
/// An actor's timers, keyed by any object (as Akka's IWithTimers). Used only from the actor itself. Starting a timer
/// with a key in use replaces it; a cancelled or replaced timer's message never arrives, even if it was already
/// queued; all timers die with the actor and at a restart.
/// </summary>
public interface ITimerScheduler
{
    /// <summary>Sends <paramref name="message"/> to the actor once, after <paramref name="delay"/>.</summary>
    void StartSingleTimer(object key, object message, TimeSpan delay);

    /// <summary>Sends <paramref name="message"/> to the actor every <paramref name="interval"/>.</summary>
    void StartPeriodicTimer(object key, object message, TimeSpan interval);

    /// <summary>Sends <paramref name="message"/> after <paramref name="initialDelay"/>, then every <paramref name="interval"/>.</summary>
    void StartPeriodicTimer(object key, object message, TimeSpan initialDelay, TimeSpan interval);

    bool IsTimerActive(object key);

    void Cancel(object key);

    void CancelAll();
}

/// <summary>The envelope a timer's message travels in; checked against the timer's generation on arrival.</summary>
internal sealed class TimerMessage(TimerScheduler owner, object key, int generation, object message)
{
    public TimerScheduler Owner { get; } = owner;

    public object Key { get; } = key;

    public int Generation { get; } = generation;

    public object Message { get; } = message;
}

internal sealed class TimerScheduler(ActorCell cell) : ITimerScheduler
{
    private readonly Dictionary<object, Entry> _timers = [];
    private int _generation;

    public void StartSingleTimer(object key, object message, TimeSpan delay) => Start(key, message, delay, null);

    public void StartPeriodicTimer(object key, object message, TimeSpan interval) => Start(key, message, interval, interval);

    public void StartPeriodicTimer(object key, object message, TimeSpan initialDelay, TimeSpan interval) =>
        Start(key, message, initialDelay, interval);

    public bool IsTimerActive(object key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return _timers.ContainsKey(key);
    }

    public void Cancel(object key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (_timers.Remove(key, out var entry))
        {
            entry.Cancelable.Cancel();
        }
    }

    public void CancelAll()
    {
        foreach (var entry in _timers.Values)
        {
            entry.Cancelable.Cancel();
        }
        _timers.Clear();
    }

    /// <summary>Whether a timer message that just arrived is still current; a single timer is then done.</summary>
    public bool Accept(TimerMessage message)
    {
        if (!ReferenceEquals(message.Owner, this)
            || !_timers.TryGetValue(message.Key, out var entry)
            || entry.Generation != message.Generation)
        {
            return false;
        }
        if (!entry.Periodic)
        {
            _timers.Remove(message.Key);
        }
        return true;
    }

    private void Start(object key, object message, TimeSpan delay, TimeSpan? interval)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(message);
        if (interval is { } i)
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(i, TimeSpan.Zero, nameof(interval));
        }
        Cancel(key);
        var generation = ++_generation;
        var envelope = new TimerMessage(this, key, generation, message);
        var scheduler = cell.System.Scheduler;
        var cancelable = interval is { } period
            ? scheduler.ScheduleTellRepeatedly(delay, period, cell.Self, envelope, Nobody.Instance)
            : scheduler.ScheduleTellOnce(delay, cell.Self, envelope, Nobody.Instance);
        _timers[key] = new Entry(generation, interval is not null, cancelable);
    }

    private readonly record struct Entry(int Generation, bool Periodic, ICancelable Cancelable);
}
