namespace Sfu.Actors.Runtime;

/// <summary>
/// The actor's view of itself and the runtime. Use it only from the actor's own code (its handlers, lifecycle hooks
/// and the continuations of its async handlers), never from another thread.
/// </summary>
public interface IActorContext
{
    IActorRef Self { get; }

    /// <summary>The sender of the message being processed (<see cref="Nobody"/> when none).</summary>
    IActorRef Sender { get; }

    /// <summary>The supervisor (the user guardian for a top-level actor).</summary>
    IActorRef Parent { get; }

    ActorSystem System { get; }

    IDispatcher Dispatcher { get; }

    /// <summary>The actor's timers.</summary>
    ITimerScheduler Timers { get; }

    /// <summary>The live children (a snapshot).</summary>
    IReadOnlyCollection<IActorRef> Children { get; }

    /// <summary>The child with that name, or <c>null</c>.</summary>
    IActorRef? Child(string name);

    /// <summary>Creates a child. <paramref name="name"/> must be unique among the live children; <c>null</c> generates <c>$a</c>, <c>$b</c>…</summary>
    /// <exception cref="InvalidActorNameException">The name is invalid or taken.</exception>
    IActorRef ActorOf(Props props, string? name = null);

    /// <summary>
    /// Watches <paramref name="subject"/>: this actor gets <see cref="Terminated"/> once when it stops (at once if it
    /// is already dead). Watching twice still gives one Terminated.
    /// </summary>
    IActorRef Watch(IActorRef subject);

    /// <summary>Stops watching; a Terminated not yet processed is dropped.</summary>
    IActorRef Unwatch(IActorRef subject);

    /// <summary>
    /// Stops <paramref name="actor"/> (self, a child or any local actor). For self, the current message (or async
    /// handler) finishes first; then children stop, PostStop runs, and what is queued goes to dead letters.
    /// </summary>
    void Stop(IActorRef actor);

    /// <summary>Replaces a <see cref="ReceiveActor"/>'s handlers with the ones <paramref name="configure"/> registers.</summary>
    void Become(Action configure);

    /// <summary>Replaces the actor's receive function (any actor); <c>false</c> = unhandled.</summary>
    void Become(Func<object, bool> receive);
}
