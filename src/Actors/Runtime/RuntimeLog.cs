using Microsoft.Extensions.Logging;

namespace Sfu.Actors.Runtime;

internal static partial class RuntimeLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Error, Message = "Actor {Path} failed while processing {MessageType}; directive {Directive}")]
    public static partial void ActorFailed(ILogger logger, Exception exception, ActorPath path, string messageType, Directive directive);

    [LoggerMessage(EventId = 2, Level = LogLevel.Error, Message = "Actor {Path} could not be started and stops")]
    public static partial void ActorInitializationFailed(ILogger logger, Exception exception, ActorPath path);

    [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "Actor {Path} threw in {Hook}")]
    public static partial void LifecycleHookFailed(ILogger logger, Exception exception, ActorPath path, string hook);

    [LoggerMessage(EventId = 4, Level = LogLevel.Error, Message = "Actor {Path}: the supervisor strategy threw; the actor stops")]
    public static partial void DeciderFailed(ILogger logger, Exception exception, ActorPath path);

    [LoggerMessage(EventId = 5, Level = LogLevel.Error, Message = "Actor {Path}: the dispatcher refused to schedule the mailbox")]
    public static partial void ScheduleFailed(ILogger logger, Exception exception, ActorPath path);

    [LoggerMessage(EventId = 8, Level = LogLevel.Warning, Message = "Actor {Path}: its dispatcher refused to schedule the mailbox; it runs on the default dispatcher from now on")]
    public static partial void ScheduleFellBack(ILogger logger, Exception exception, ActorPath path);

    [LoggerMessage(EventId = 6, Level = LogLevel.Critical, Message = "Actor {Path}: runtime error while running the mailbox")]
    public static partial void MailboxRunFailed(ILogger logger, Exception exception, ActorPath path);

    [LoggerMessage(EventId = 7, Level = LogLevel.Debug, Message = "Dead letter to {Recipient} from {Sender}: {MessageType}")]
    public static partial void DeadLetter(ILogger logger, ActorPath recipient, ActorPath sender, string messageType);
}
