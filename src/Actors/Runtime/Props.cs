namespace Sfu.Actors.Runtime;

/// <summary>
/// How to create an actor: its factory, and optionally a dispatcher, a throughput and the supervisor strategy for
/// its children. Immutable; the <c>With*</c> methods return copies.
/// </summary>
public sealed class Props
{
    private readonly Func<ActorBase> _factory;

    private Props(Type actorType, Func<ActorBase> factory, IDispatcher? dispatcher, SupervisorStrategy? strategy, int? throughput)
    {
        ActorType = actorType;
        _factory = factory;
        Dispatcher = dispatcher;
        SupervisorStrategy = strategy;
        Throughput = throughput;
    }

    /// <summary>Props whose factory makes a new <typeparamref name="TActor"/> each time (at start and at each restart).</summary>
    public static Props Create<TActor>(Func<TActor> factory) where TActor : ActorBase
    {
        ArgumentNullException.ThrowIfNull(factory);
        return new Props(typeof(TActor), factory, null, null, null);
    }

    /// <summary>Props for an actor with a parameterless constructor.</summary>
    public static Props Create<TActor>() where TActor : ActorBase, new() => Create(static () => new TActor());

    /// <summary>The actor's class.</summary>
    public Type ActorType { get; }

    /// <summary>The dispatcher that runs the actor; <c>null</c> = the system's default (thread pool).</summary>
    public IDispatcher? Dispatcher { get; }

    /// <summary>The strategy that supervises this actor's children; <c>null</c> = the actor's own SupervisorStrategy().</summary>
    public SupervisorStrategy? SupervisorStrategy { get; }

    /// <summary>Messages processed per mailbox run before it yields; <c>null</c> = the dispatcher's <see cref="IDispatcher.Throughput"/>.</summary>
    public int? Throughput { get; }

    public Props WithDispatcher(IDispatcher dispatcher)
    {
        ArgumentNullException.ThrowIfNull(dispatcher);
        return new Props(ActorType, _factory, dispatcher, SupervisorStrategy, Throughput);
    }

    public Props WithSupervisorStrategy(SupervisorStrategy strategy)
    {
        ArgumentNullException.ThrowIfNull(strategy);
        return new Props(ActorType, _factory, Dispatcher, strategy, Throughput);
    }

    public Props WithThroughput(int throughput)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(throughput, 1);
        return new Props(ActorType, _factory, Dispatcher, SupervisorStrategy, throughput);
    }

    internal ActorBase NewActor() => _factory();

    public override string ToString() => $"Props({ActorType.Name})";
}
