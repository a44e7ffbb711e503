namespace Sfu.Actors.Runtime;

/// <summary>A user message and its sender, as queued in a mailbox.</summary>
internal readonly record struct Envelope(object Message, IActorRef Sender);

/// <summary>Runtime messages: processed before user messages, even while the mailbox is suspended.</summary>
internal abstract class SystemMessage;

internal sealed class CreateMessage : SystemMessage
{
    public static readonly CreateMessage Instance = new();
}

internal sealed class TerminateMessage : SystemMessage
{
    public static readonly TerminateMessage Instance = new();
}

/// <summary>The supervisor's answer to an escalation: go on.</summary>
internal sealed class ResumeMessage : SystemMessage
{
    public static readonly ResumeMessage Instance = new();
}

internal sealed class WatchMessage(LocalActorRef watcher) : SystemMessage
{
    public LocalActorRef Watcher { get; } = watcher;
}

internal sealed class UnwatchMessage(LocalActorRef watcher) : SystemMessage
{
    public LocalActorRef Watcher { get; } = watcher;
}

/// <summary>To a watcher: the actor it watched has stopped.</summary>
internal sealed class DeathWatchNotification(LocalActorRef actor) : SystemMessage
{
    public LocalActorRef Actor { get; } = actor;
}

/// <summary>To a parent: the child has stopped (its name is free again).</summary>
internal sealed class ChildTerminated(ActorCell child) : SystemMessage
{
    public ActorCell Child { get; } = child;
}

/// <summary>To a parent: the child escalated a failure; the parent fails with the same cause.</summary>
internal sealed class ChildFailed(ActorCell child, Exception cause) : SystemMessage
{
    public ActorCell Child { get; } = child;

    public Exception Cause { get; } = cause;
}

/// <summary>A step of an async handler, posted by <see cref="ActorSynchronizationContext"/>.</summary>
internal sealed class AsyncContinuation(ActorSynchronizationContext context, SendOrPostCallback callback, object? state) : SystemMessage
{
    public ActorSynchronizationContext Context { get; } = context;

    public SendOrPostCallback Callback { get; } = callback;

    public object? State { get; } = state;
}

/// <summary>An async handler's task has completed: the mailbox resumes.</summary>
internal sealed class AsyncCompleted(ActorSynchronizationContext context, Task task) : SystemMessage
{
    public ActorSynchronizationContext Context { get; } = context;

    public Task Task { get; } = task;
}

/// <summary>A Terminated queued by death watch as a user message; dropped if the watch was removed meanwhile.</summary>
internal sealed class WatchedTerminated(LocalActorRef actor)
{
    public LocalActorRef Actor { get; } = actor;
}

/// <summary>
/// Brings the continuations of an async handler back to the actor: each Post becomes a system message run by the
/// actor's mailbox, on its dispatcher, with the handler's message and sender current.
/// </summary>
internal sealed class ActorSynchronizationContext(ActorCell cell, Envelope envelope) : SynchronizationContext
{
    public ActorCell Cell { get; } = cell;

    public Envelope Envelope { get; } = envelope;

    /// <summary>Set when the actor stopped or restarted: later continuations are dropped.</summary>
    public bool Abandoned { get; set; }

    public override void Post(SendOrPostCallback d, object? state) =>
        Cell.SendSystemMessage(new AsyncContinuation(this, d, state));

    public override void Send(SendOrPostCallback d, object? state) =>
        throw new NotSupportedException("Synchronous Send to an actor's context is not supported.");

    public override SynchronizationContext CreateCopy() => this;
}
