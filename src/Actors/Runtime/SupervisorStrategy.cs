namespace Sfu.Actors.Runtime;

/// <summary>What a supervisor does with a child whose handler threw.</summary>
public enum Directive
{
    /// <summary>The child keeps its state and goes on with the next message (the default here).</summary>
    Resume,

    /// <summary>The child's instance is replaced by a new one (PreRestart, new instance, PostRestart); the mailbox is kept.</summary>
    Restart,

    /// <summary>The child stops.</summary>
    Stop,

    /// <summary>The supervisor fails in turn, with the same exception, and its own supervisor decides.</summary>
    Escalate,
}

/// <summary>Decides what happens to a child that failed.</summary>
/// <remarks>
/// The decider runs on the failing child's thread and may run for several children at once: keep it a pure function.
/// Before the directive applies, a failed Ask gets <see cref="Status.Failure"/> with the exception (project rule).
/// </remarks>
public abstract class SupervisorStrategy
{
    /// <summary>The default: every failure resumes the actor (it keeps its state).</summary>
    public static SupervisorStrategy DefaultStrategy { get; } = new OneForOneStrategy(static _ => Directive.Resume);

    /// <summary>Every failure stops the actor.</summary>
    public static SupervisorStrategy StoppingStrategy { get; } = new OneForOneStrategy(static _ => Directive.Stop);

    /// <summary>The directive for <paramref name="cause"/>, before any retry limit.</summary>
    public abstract Directive Decide(Exception cause);

    /// <summary>The directive after retry limits; <paramref name="now"/> is the scheduler's monotonic clock.</summary>
    internal abstract Directive Handle(RestartStatistics stats, Exception cause, TimeSpan now);
}

/// <summary>Applies the decider to the failing child alone. A restart beyond the retry limit becomes a stop.</summary>
public sealed class OneForOneStrategy : SupervisorStrategy
{
    /// <param name="maxRetries">Restarts allowed within <paramref name="within"/>; negative = no limit; 0 = never restart (stop).</param>
    /// <param name="within">The window for <paramref name="maxRetries"/>; <see cref="Timeout.InfiniteTimeSpan"/> = the actor's whole life.</param>
    /// <param name="decider">Maps an exception to a directive.</param>
    public OneForOneStrategy(int maxRetries, TimeSpan within, Func<Exception, Directive> decider)
    {
        ArgumentNullException.ThrowIfNull(decider);
        if (within <= TimeSpan.Zero && within != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(within), within, "The window must be positive or infinite.");
        }
        MaxRetries = maxRetries;
        Within = within;
        Decider = decider;
    }

    /// <summary>A strategy without a retry limit.</summary>
    public OneForOneStrategy(Func<Exception, Directive> decider) : this(-1, Timeout.InfiniteTimeSpan, decider) { }

    public int MaxRetries { get; }

    public TimeSpan Within { get; }

    public Func<Exception, Directive> Decider { get; }

    public override Directive Decide(Exception cause) => Decider(cause);

    internal override Directive Handle(RestartStatistics stats, Exception cause, TimeSpan now)
    {
        var directive = Decide(cause);
        if (directive != Directive.Restart)
        {
            return directive;
        }
        return stats.RequestRestart(MaxRetries, Within, now) ? Directive.Restart : Directive.Stop;
    }
}

/// <summary>Restarts counted for one actor (kept by the actor's cell, used by its supervisor's strategy).</summary>
internal sealed class RestartStatistics
{
    private int _count;
    private TimeSpan _windowStart;

    public bool RequestRestart(int maxRetries, TimeSpan within, TimeSpan now)
    {
        if (maxRetries < 0)
        {
            return true;
        }
        if (within != Timeout.InfiniteTimeSpan && (_count == 0 || now - _windowStart > within))
        {
            _windowStart = now;
            _count = 0;
        }
        _count++;
        return _count <= maxRetries;
    }
}
