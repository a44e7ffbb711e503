namespace Sfu.Actors.Runtime;

/// <summary>
/// A handle to an actor. Telling is thread-safe, never blocks and never throws for a dead target:
/// a message to an actor that is gone goes to dead letters.
/// </summary>
/// <remarks>
/// Two references are equal when they point at the same actor incarnation (a <c>TestProbe</c> equals its <c>Ref</c>).
/// </remarks>
public interface IActorRef : IEquatable<IActorRef>
{
    /// <summary>The actor's address.</summary>
    ActorPath Path { get; }

    /// <summary>
    /// Sends <paramref name="message"/> (fire and forget). When <paramref name="sender"/> is <c>null</c>, the sender is
    /// the actor currently running on this thread (as in Akka), or <see cref="Nobody"/> outside an actor.
    /// </summary>
    void Tell(object message, IActorRef? sender = null);
}

/// <summary>A reference that stands for another one (a test probe for its actor).</summary>
internal interface IActorRefWrapper
{
    IActorRef Underlying { get; }
}

/// <summary>The sender when there is none. Messages told to it are dropped.</summary>
public static class Nobody
{
    /// <summary>The one instance.</summary>
    public static IActorRef Instance { get; } = new NobodyRef();

    private sealed class NobodyRef : IActorRef
    {
        private static readonly ActorPath NobodyPath = new("nobody", null);

        public ActorPath Path => NobodyPath;

        public void Tell(object message, IActorRef? sender = null)
        {
            // Dropped. An Ask aimed at nobody must not hang until its timeout.
            if (sender is PromiseActorRef promise)
            {
                promise.Fail(new ActorTerminatedException(this, message));
            }
        }

        public bool Equals(IActorRef? other) => ReferenceEquals(this, other);

        public override bool Equals(object? obj) => ReferenceEquals(this, obj);

        public override int GetHashCode() => 0x6e6f6279;

        public override string ToString() => "[Nobody]";
    }
}

internal static class ActorRefs
{
    /// <summary>The reference a wrapper stands for, or the reference itself.</summary>
    public static IActorRef? Unwrap(IActorRef? actor) => actor is IActorRefWrapper w ? w.Underlying : actor;

    /// <summary>The sender used when a caller gives none: the running actor, else <see cref="Nobody"/>.</summary>
    public static IActorRef ImplicitSender(IActorRef? sender) => sender ?? ActorCell.Current?.Self ?? Nobody.Instance;
}
