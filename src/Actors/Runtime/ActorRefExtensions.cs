using System.Runtime.ExceptionServices;

namespace Sfu.Actors.Runtime;

/// <summary>Ask (request/response) and Forward.</summary>
public static class ActorRefExtensions
{
    private static long s_askCounter;

    /// <summary>
    /// Sends <paramref name="message"/> with a temporary reply reference as sender and waits for the first reply.
    /// </summary>
    /// <returns>The reply; a <see cref="Status.Success"/> is unwrapped when <typeparamref name="T"/> is not Status.Success.</returns>
    /// <exception cref="AskTimeoutException">No reply within <paramref name="timeout"/>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="ct"/> was cancelled.</exception>
    /// <exception cref="ActorTerminatedException">The message went to dead letters (the actor is stopped or unknown): at once.</exception>
    /// <exception cref="InvalidCastException">The reply is not a <typeparamref name="T"/>.</exception>
    /// <remarks>A reply of <see cref="Status.Failure"/> faults the task with its cause (the same exception object).</remarks>
    public static async Task<T> Ask<T>(this IActorRef actor, object message, TimeSpan timeout, CancellationToken ct = default)
    {
        var reply = await AskCore(actor, message, timeout, ct).ConfigureAwait(false);
        return reply switch
        {
            T typed => typed,
            Status.Success success when success.Result is T result => result,
            Status.Success { Result: null } when default(T) is null => default!,
            _ => throw new InvalidCastException(
                $"Ask to {actor.Path} with {message.GetType().Name} expected a reply of type {typeof(T).FullName} " +
                $"but got {reply.GetType().FullName}: {reply}"),
        };
    }

    /// <summary>As <see cref="Ask{T}"/>, returning the reply as it came (only Status.Failure is turned into an exception).</summary>
    public static Task<object> Ask(this IActorRef actor, object message, TimeSpan timeout, CancellationToken ct = default) =>
        AskCore(actor, message, timeout, ct);

    /// <summary>Tells <paramref name="message"/> keeping the current sender. Only valid inside an actor.</summary>
    /// <exception cref="InvalidOperationException">Called outside an actor.</exception>
    public static void Forward(this IActorRef actor, object message)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(message);
        var cell = ActorCell.Current
            ?? throw new InvalidOperationException("Forward is only valid inside an actor (there is no current sender).");
        actor.Tell(message, cell.Sender);
    }

    private static async Task<object> AskCore(IActorRef actor, object message, TimeSpan timeout, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(message);
        if (timeout <= TimeSpan.Zero && timeout != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(timeout), timeout, "The timeout must be positive or infinite.");
        }
        ct.ThrowIfCancellationRequested();

        var id = Interlocked.Increment(ref s_askCounter);
        var promise = new PromiseActorRef(actor.Path.Root / "temp" / ("$" + id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        actor.Tell(message, promise);

        object reply;
        try
        {
            reply = await promise.Task.WaitAsync(timeout, ct).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new AskTimeoutException(
                $"Ask to {actor.Path} timed out after {timeout} waiting for a reply to {message.GetType().Name}.");
        }

        if (reply is Status.Failure failure)
        {
            ExceptionDispatchInfo.Capture(failure.Cause).Throw();
        }
        return reply;
    }
}
