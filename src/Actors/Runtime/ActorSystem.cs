using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Sfu.Actors.Runtime;

/// <summary>Optional settings for <see cref="ActorSystem.Create(string, ActorSystemOptions)"/>.</summary>
public sealed record ActorSystemOptions
{
    /// <summary>Where the runtime and actors log; <c>null</c> = no logging.</summary>
    public ILoggerFactory? LoggerFactory { get; init; }

    /// <summary>The scheduler (timers, ScheduleTell*); <c>null</c> = real time. A given scheduler is not disposed by the system.</summary>
    public IScheduler? Scheduler { get; init; }

    /// <summary>The default dispatcher; <c>null</c> = the thread pool.</summary>
    public IDispatcher? DefaultDispatcher { get; init; }

    /// <summary>The strategy for top-level actors; <c>null</c> = <see cref="SupervisorStrategy.DefaultStrategy"/> (resume).</summary>
    public SupervisorStrategy? GuardianSupervisorStrategy { get; init; }
}

/// <summary>
/// A tree of actors under <c>sfu://name/user</c>, with a scheduler, dead letters and an event stream.
/// </summary>
public sealed class ActorSystem : IAsyncDisposable
{
    private readonly ActorCell _guardian;
    private readonly SystemScheduler? _ownedScheduler;
    private readonly TaskCompletionSource _terminated = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ILogger _deadLetterLogger;
    private int _terminating;

    private ActorSystem(string name, ActorSystemOptions options)
    {
        Name = name;
        LoggerFactory = options.LoggerFactory ?? NullLoggerFactory.Instance;
        RuntimeLogger = LoggerFactory.CreateLogger("Sfu.Actors.Runtime");
        _deadLetterLogger = LoggerFactory.CreateLogger("Sfu.Actors.Runtime.DeadLetters");
        DefaultDispatcher = options.DefaultDispatcher ?? new ThreadPoolDispatcher();
        if (options.Scheduler is null)
        {
            _ownedScheduler = new SystemScheduler();
        }
        Scheduler = options.Scheduler ?? _ownedScheduler!;
        EventStream = new EventStream();

        var root = new ActorPath(name, null);
        DeadLetters = new DeadLettersRef(this, root / "deadLetters");
        var guardianProps = Props.Create(static () => new GuardianActor())
            .WithSupervisorStrategy(options.GuardianSupervisorStrategy ?? SupervisorStrategy.DefaultStrategy);
        _guardian = new ActorCell(this, guardianProps, null, root / "user");
        _guardian.Start();
    }

    /// <summary>Creates a system named <paramref name="name"/> (ASCII letters, digits, '-' and '_').</summary>
    public static ActorSystem Create(string name, ILoggerFactory? loggerFactory = null) =>
        Create(name, new ActorSystemOptions { LoggerFactory = loggerFactory });

    /// <inheritdoc cref="Create(string, ILoggerFactory?)"/>
    public static ActorSystem Create(string name, ActorSystemOptions options)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(options);
        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '-' && c != '_')
            {
                throw new ArgumentException($"Invalid actor system name [{name}]: use ASCII letters, digits, '-' and '_'.", nameof(name));
            }
        }
        return new ActorSystem(name, options);
    }

    public string Name { get; }

    public ILoggerFactory LoggerFactory { get; }

    public IDispatcher DefaultDispatcher { get; }

    public IScheduler Scheduler { get; }

    /// <summary>Messages told to it are published as <see cref="DeadLetter"/>.</summary>
    public IActorRef DeadLetters { get; }

    public EventStream EventStream { get; }

    /// <summary>Completes when every actor has stopped after <see cref="Terminate"/>.</summary>
    public Task WhenTerminated => _terminated.Task;

    internal ILogger RuntimeLogger { get; }

    /// <summary>Creates a top-level actor (<c>sfu://name/user/&lt;name&gt;</c>).</summary>
    /// <exception cref="InvalidActorNameException">The name is invalid or taken by a live top-level actor.</exception>
    /// <exception cref="InvalidOperationException">The system is terminating.</exception>
    public IActorRef ActorOf(Props props, string? name = null)
    {
        if (Volatile.Read(ref _terminating) != 0)
        {
            throw new InvalidOperationException($"The actor system {Name} is terminating.");
        }
        return _guardian.CreateChild(props, name);
    }

    /// <summary>Stops <paramref name="actor"/> after its current message (see <see cref="IActorContext.Stop"/>).</summary>
    public void Stop(IActorRef actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (ActorRefs.Unwrap(actor) is LocalActorRef local)
        {
            local.Cell.SendSystemMessage(TerminateMessage.Instance);
        }
    }

    /// <summary>Stops every actor (children before parents) and completes when they are all stopped.</summary>
    public Task Terminate()
    {
        if (Interlocked.Exchange(ref _terminating, 1) == 0)
        {
            _guardian.SendSystemMessage(TerminateMessage.Instance);
        }
        return WhenTerminated;
    }

    public async ValueTask DisposeAsync() => await Terminate().ConfigureAwait(false);

    internal void OnGuardianTerminated()
    {
        _ownedScheduler?.Dispose();
        _terminated.TrySetResult();
    }

    /// <summary>A message that could not be delivered: fails an Ask at once, else is published on the event stream.</summary>
    internal void PublishDeadLetter(object message, IActorRef sender, IActorRef recipient)
    {
        if (sender is PromiseActorRef asker)
        {
            asker.Fail(new ActorTerminatedException(recipient, message));
        }
        if (message is DeadLetter or TimerMessage or WatchedTerminated)
        {
            return; // never a dead letter of a dead letter (a dead subscriber would loop)
        }
        RuntimeLog.DeadLetter(_deadLetterLogger, recipient.Path, sender.Path, message.GetType().Name);
        EventStream.Publish(new DeadLetter(message, sender, recipient));
    }

    public override string ToString() => $"ActorSystem({Name})";

    private sealed class GuardianActor : ActorBase
    {
        protected override bool Receive(object message) => false;
    }
}
