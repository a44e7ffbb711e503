using System.Runtime.CompilerServices;

namespace Sfu.Actors.Runtime;

/// <summary>The reference to a local actor: one instance per actor incarnation.</summary>
internal sealed class LocalActorRef(ActorCell cell, ActorPath path) : IActorRef
{
    public ActorCell Cell { get; } = cell;

    public ActorPath Path { get; } = path;

    public void Tell(object message, IActorRef? sender = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        Cell.SendMessage(message, ActorRefs.ImplicitSender(sender));
    }

    public bool Equals(IActorRef? other) => ReferenceEquals(this, ActorRefs.Unwrap(other));

    public override bool Equals(object? obj) => obj is IActorRef other && Equals(other);

    public override int GetHashCode() => RuntimeHelpers.GetHashCode(this);

    public override string ToString() => $"[{Path}]";
}

/// <summary>
/// The temporary sender of an Ask: the first message told to it completes the ask. When a message sent with it as
/// sender reaches dead letters, the ask fails at once with <see cref="ActorTerminatedException"/>.
/// </summary>
internal sealed class PromiseActorRef(ActorPath path) : IActorRef
{
    private readonly TaskCompletionSource<object> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ActorPath Path { get; } = path;

    public Task<object> Task => _completion.Task;

    public void Tell(object message, IActorRef? sender = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        _completion.TrySetResult(message);
    }

    public void Fail(Exception cause) => _completion.TrySetException(cause);

    public bool Equals(IActorRef? other) => ReferenceEquals(this, other);

    public override bool Equals(object? obj) => ReferenceEquals(this, obj);

    public override int GetHashCode() => RuntimeHelpers.GetHashCode(this);

    public override string ToString() => $"[{Path}]";
}

/// <summary>The system's dead-letter sink: a message told to it is published as a <see cref="DeadLetter"/>.</summary>
internal sealed class DeadLettersRef(ActorSystem system, ActorPath path) : IActorRef
{
    public ActorPath Path { get; } = path;

    public void Tell(object message, IActorRef? sender = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message is DeadLetter letter)
        {
            system.PublishDeadLetter(letter.Message, letter.Sender, letter.Recipient);
        }
        else
        {
            system.PublishDeadLetter(message, ActorRefs.ImplicitSender(sender), this);
        }
    }

    public bool Equals(IActorRef? other) => ReferenceEquals(this, other);

    public override bool Equals(object? obj) => ReferenceEquals(this, obj);

    public override int GetHashCode() => RuntimeHelpers.GetHashCode(this);

    public override string ToString() => $"[{Path}]";
}
