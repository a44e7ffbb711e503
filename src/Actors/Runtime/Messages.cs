namespace Sfu.Actors.Runtime;

/// <summary>Stops the actor that receives it, after the messages queued before it.</summary>
public sealed record PoisonPill
{
    private PoisonPill() { }

    /// <summary>The one instance.</summary>
    public static PoisonPill Instance { get; } = new();
}

/// <summary>Sent to a watcher (see <see cref="IActorContext.Watch"/>) once, when the watched actor has stopped.</summary>
public sealed record Terminated(IActorRef ActorRef);

/// <summary>Replies that carry an outcome. <see cref="Failure"/> makes an Ask fail with its cause.</summary>
public abstract record Status
{
    private Status() { }

    /// <summary>A success; an Ask of a type other than <see cref="Success"/> unwraps <see cref="Result"/>.</summary>
    public sealed record Success(object? Result) : Status;

    /// <summary>A failure; an Ask that gets it throws <see cref="Cause"/> (the same exception object).</summary>
    public sealed record Failure(Exception Cause) : Status;
}

/// <summary>A message that could not be delivered, published on the <see cref="EventStream"/>.</summary>
public sealed record DeadLetter(object Message, IActorRef Sender, IActorRef Recipient);

/// <summary>A message the recipient did not handle, published on the <see cref="EventStream"/>.</summary>
public sealed record UnhandledMessage(object Message, IActorRef Sender, IActorRef Recipient);
