namespace Sfu.Actors.Runtime;

/// <summary>
/// An actor whose behaviour is a list of typed handlers, registered in the constructor (or inside
/// <see cref="Become"/>). The first handler whose type and predicate match a message handles it.
/// </summary>
public abstract class ReceiveActor : ActorBase
{
    private List<Handler>? _building = [];
    private Handler[] _handlers = [];

    /// <summary>Handles messages of type <typeparamref name="T"/> (that pass <paramref name="shouldHandle"/>).</summary>
    protected void Receive<T>(Action<T> handler, Predicate<T>? shouldHandle = null)
    {
        ArgumentNullException.ThrowIfNull(handler);
        Add(new SyncHandler<T>(handler, shouldHandle));
    }

    /// <summary>
    /// Handles messages of type <typeparamref name="T"/> with an async handler. The mailbox is suspended until the
    /// task completes: messages sent meanwhile are handled after it. Each <c>await</c> comes back on the actor's
    /// dispatcher, one step at a time, with <see cref="ActorBase.Self"/> and <see cref="ActorBase.Sender"/> still
    /// those of this message. If the task faults, that is a failure of this message (an asker gets it).
    /// </summary>
    protected void ReceiveAsync<T>(Func<T, Task> handler, Predicate<T>? shouldHandle = null)
    {
        ArgumentNullException.ThrowIfNull(handler);
        Add(new AsyncHandler<T>(handler, shouldHandle));
    }

    /// <summary>Handles any message (put it last).</summary>
    protected void ReceiveAny(Action<object> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        Add(new SyncHandler<object>(handler, null));
    }

    /// <summary>Handles any message with an async handler (see <see cref="ReceiveAsync{T}"/>).</summary>
    protected void ReceiveAnyAsync(Func<object, Task> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        Add(new AsyncHandler<object>(handler, null));
    }

    /// <summary>
    /// Replaces the handlers with those <paramref name="configure"/> registers, from the next message on.
    /// States are methods: <c>Become(Active)</c>.
    /// </summary>
    protected void Become(Action configure) => Context.Become(configure);

    protected sealed override bool Receive(object message)
    {
        if (_building is not null)
        {
            _handlers = [.. _building];
            _building = null;
        }
        foreach (var handler in _handlers)
        {
            if (handler.TryHandle(Cell, message))
            {
                return true;
            }
        }
        return false;
    }

    internal override void BecomeHandlers(Action configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var list = new List<Handler>();
        _building = list;
        try
        {
            configure();
        }
        finally
        {
            _building = null;
        }
        _handlers = [.. list];
    }

    private void Add(Handler handler)
    {
        if (_building is null)
        {
            throw new InvalidOperationException(
                "Receive handlers may be registered only in the constructor or inside Become(configure).");
        }
        _building.Add(handler);
    }

    private abstract class Handler
    {
        public abstract bool TryHandle(ActorCell cell, object message);
    }

    private sealed class SyncHandler<T>(Action<T> handler, Predicate<T>? shouldHandle) : Handler
    {
        public override bool TryHandle(ActorCell cell, object message)
        {
            if (message is not T typed || (shouldHandle is not null && !shouldHandle(typed)))
            {
                return false;
            }
            handler(typed);
            return true;
        }
    }

    private sealed class AsyncHandler<T>(Func<T, Task> handler, Predicate<T>? shouldHandle) : Handler
    {
        public override bool TryHandle(ActorCell cell, object message)
        {
            if (message is not T typed || (shouldHandle is not null && !shouldHandle(typed)))
            {
                return false;
            }
            cell.RunAsyncHandler(handler, typed);
            return true;
        }
    }
}
