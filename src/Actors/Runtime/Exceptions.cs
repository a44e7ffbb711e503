namespace Sfu.Actors.Runtime;

/// <summary>An Ask got no reply within its timeout.</summary>
public sealed class AskTimeoutException : TimeoutException
{
    public AskTimeoutException(string message) : base(message) { }
}

/// <summary>The target of an Ask is stopped, unknown or nobody: the request went to dead letters.</summary>
public sealed class ActorTerminatedException : Exception
{
    public ActorTerminatedException(IActorRef actor, object? message)
        : base($"The actor {actor.Path} is terminated; {DescribeMessage(message)} went to dead letters.")
    {
        ActorRef = actor;
    }

    /// <summary>The actor that is gone.</summary>
    public IActorRef ActorRef { get; }

    private static string DescribeMessage(object? message) =>
        message is null ? "the message" : $"the message of type {message.GetType().Name}";
}

/// <summary>An actor name is invalid or already taken among its siblings.</summary>
public sealed class InvalidActorNameException : ArgumentException
{
    public InvalidActorNameException(string message) : base(message) { }
}

/// <summary>An actor could not be created or started (its factory, constructor, PreStart or PostRestart threw).</summary>
public sealed class ActorInitializationException : Exception
{
    public ActorInitializationException(string message, Exception? inner = null) : base(message, inner) { }
}

/// <summary>The actor did not handle the message (the failure an asker gets).</summary>
public sealed class UnhandledMessageException : Exception
{
    public UnhandledMessageException(object message, IActorRef recipient)
        : base($"The actor {recipient.Path} did not handle a message of type {message.GetType().FullName}.")
    {
        UnhandledMessage = message;
        Recipient = recipient;
    }

    /// <summary>The message that was not handled.</summary>
    public object UnhandledMessage { get; }

    /// <summary>The actor that did not handle it.</summary>
    public IActorRef Recipient { get; }
}
