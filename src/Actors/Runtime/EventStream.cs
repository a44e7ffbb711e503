namespace Sfu.Actors.Runtime;

/// <summary>
/// The system's publish/subscribe bus: <see cref="DeadLetter"/> and <see cref="UnhandledMessage"/> are published here,
/// and actors may publish their own events. A subscriber gets every event assignable to the type it subscribed to.
/// Subscribers that stop are removed.
/// </summary>
public sealed class EventStream
{
    private readonly Lock _gate = new();
    private volatile Subscription[] _subscriptions = [];

    /// <summary>Subscribes <paramref name="subscriber"/> to events of type <typeparamref name="T"/> (and subtypes).</summary>
    /// <returns><c>false</c> when it was already subscribed to that type.</returns>
    public bool Subscribe<T>(IActorRef subscriber) => Subscribe(subscriber, typeof(T));

    /// <inheritdoc cref="Subscribe{T}(IActorRef)"/>
    public bool Subscribe(IActorRef subscriber, Type eventType)
    {
        ArgumentNullException.ThrowIfNull(subscriber);
        ArgumentNullException.ThrowIfNull(eventType);
        var target = ActorRefs.Unwrap(subscriber)!;
        lock (_gate)
        {
            var current = _subscriptions;
            foreach (var s in current)
            {
                if (s.EventType == eventType && s.Subscriber.Equals(target))
                {
                    return false;
                }
            }
            _subscriptions = [.. current, new Subscription(eventType, target)];
            return true;
        }
    }

    /// <summary>Removes every subscription of <paramref name="subscriber"/>.</summary>
    /// <returns><c>true</c> when there was one.</returns>
    public bool Unsubscribe(IActorRef subscriber) => Remove(subscriber, null);

    /// <summary>Removes the subscription of <paramref name="subscriber"/> to <typeparamref name="T"/>.</summary>
    public bool Unsubscribe<T>(IActorRef subscriber) => Remove(subscriber, typeof(T));

    /// <summary>Tells <paramref name="event"/> to every matching subscriber (sender: <see cref="Nobody"/>).</summary>
    public void Publish(object @event)
    {
        ArgumentNullException.ThrowIfNull(@event);
        var type = @event.GetType();
        foreach (var s in _subscriptions)
        {
            if (s.EventType.IsAssignableFrom(type))
            {
                s.Subscriber.Tell(@event, Nobody.Instance);
            }
        }
    }

    private bool Remove(IActorRef subscriber, Type? eventType)
    {
        ArgumentNullException.ThrowIfNull(subscriber);
        var target = ActorRefs.Unwrap(subscriber)!;
        if (!Contains(_subscriptions, target, eventType))
        {
            return false;
        }
        lock (_gate)
        {
            var kept = new List<Subscription>(_subscriptions.Length);
            foreach (var s in _subscriptions)
            {
                if (!Matches(s, target, eventType))
                {
                    kept.Add(s);
                }
            }
            var removed = kept.Count != _subscriptions.Length;
            _subscriptions = [.. kept];
            return removed;
        }
    }

    private static bool Contains(Subscription[] subscriptions, IActorRef target, Type? eventType)
    {
        foreach (var s in subscriptions)
        {
            if (Matches(s, target, eventType))
            {
                return true;
            }
        }
        return false;
    }

    private static bool Matches(Subscription s, IActorRef target, Type? eventType) =>
        (eventType is null || s.EventType == eventType) && s.Subscriber.Equals(target);

    private sealed record Subscription(Type EventType, IActorRef Subscriber);
}
