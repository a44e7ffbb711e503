using Microsoft.Extensions.Logging;

namespace Sfu.Actors.Runtime;

/// <summary>
/// The base of every actor. An instance is created by its cell from <see cref="Props"/> (never with <c>new</c>
/// elsewhere), and its code runs one message at a time, never concurrently.
/// </summary>
public abstract class ActorBase
{
    private readonly ActorCell _cell;
    private ILogger? _log;

    protected ActorBase()
    {
        _cell = ActorCell.Constructing
            ?? throw new ActorInitializationException(
                $"{GetType().Name} must be created by an actor system (ActorOf with Props), not with new.");
        ActorCell.Constructing = null;
        _cell.Attach(this);
    }

    internal ActorCell Cell => _cell;

    protected IActorContext Context => _cell;

    protected IActorRef Self => _cell.Self;

    /// <summary>The sender of the message being processed.</summary>
    protected IActorRef Sender => _cell.Sender;

    /// <summary>A logger named after the actor's class, from the system's logger factory.</summary>
    protected ILogger Log => _log ??= _cell.System.LoggerFactory.CreateLogger(GetType());

    /// <summary>Handles a message; <c>false</c> = unhandled (then <see cref="Unhandled"/> runs).</summary>
    protected abstract bool Receive(object message);

    /// <summary>Runs before the first message, on the actor's dispatcher.</summary>
    protected virtual void PreStart() { }

    /// <summary>Runs once when the actor has stopped (after its children).</summary>
    protected virtual void PostStop() { }

    /// <summary>Runs on the failed instance before a restart. The default stops all children and calls PostStop.</summary>
    protected virtual void PreRestart(Exception reason, object? message)
    {
        foreach (var child in Context.Children)
        {
            Context.Unwatch(child);
            Context.Stop(child);
        }
        PostStop();
    }

    /// <summary>Runs on the new instance after a restart. The default calls PreStart.</summary>
    protected virtual void PostRestart(Exception reason) => PreStart();

    /// <summary>
    /// Called for a message nobody handled. The default publishes <see cref="UnhandledMessage"/> on the event stream
    /// and, when the sender is an Ask, replies <see cref="Status.Failure"/> with an <see cref="UnhandledMessageException"/>.
    /// </summary>
    protected virtual void Unhandled(object message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var sender = Sender;
        _cell.System.EventStream.Publish(new UnhandledMessage(message, sender, Self));
        if (sender is PromiseActorRef)
        {
            sender.Tell(new Status.Failure(new UnhandledMessageException(message, Self)), Self);
        }
    }

    /// <summary>The strategy that supervises this actor's children (unless its Props give one).</summary>
    protected virtual SupervisorStrategy SupervisorStrategy() => Runtime.SupervisorStrategy.DefaultStrategy;

    internal bool InvokeReceive(object message) => Receive(message);

    internal void InvokeUnhandled(object message) => Unhandled(message);

    internal void InvokePreStart() => PreStart();

    internal void InvokePostStop() => PostStop();

    internal void InvokePreRestart(Exception reason, object? message) => PreRestart(reason, message);

    internal void InvokePostRestart(Exception reason) => PostRestart(reason);

    internal SupervisorStrategy InvokeSupervisorStrategy() => SupervisorStrategy();

    /// <summary>Replaces the handlers of a <see cref="ReceiveActor"/>; plain actors use <see cref="IActorContext.Become(Func{object, bool})"/>.</summary>
    internal virtual void BecomeHandlers(Action configure) =>
        throw new InvalidOperationException($"{GetType().Name} is not a ReceiveActor; use Context.Become(Func<object, bool>).");
}
