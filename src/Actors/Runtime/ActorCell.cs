using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using Microsoft.Extensions.Logging;

namespace Sfu.Actors.Runtime;

/// <summary>
/// An actor incarnation: its mailbox, lifecycle, children, death watch and supervision.
/// </summary>
/// <remarks>
/// <para>Threading. <see cref="SendMessage"/> and <see cref="SendSystemMessage"/> run on any thread and take no lock:
/// they enqueue and set the atomic "scheduled" flag. Everything else runs inside <see cref="Run"/>, which the dispatcher
/// never runs twice at once for one cell, so the actor's state needs no lock. The only lock guards the children table,
/// because top-level actors are created from any thread.</para>
/// <para>A run processes system messages first (they are processed even while user messages are suspended), then at
/// most <c>throughput</c> user messages, then schedules itself again if work remains.</para>
/// </remarks>
internal sealed class ActorCell : IActorContext, IRunnable, IThreadPoolWorkItem
{
    [ThreadStatic] private static ActorCell? t_current;
    [ThreadStatic] private static ActorCell? t_constructing;

    private const string NameAlphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+~";
    private const string NameSymbols = "-_.:@&=+,!~*'$;()";

    private readonly ActorSystem _system;
    private readonly Props _props;
    private readonly ActorCell? _parent;
    private readonly LocalActorRef _self;
    private readonly IDispatcher _dispatcher;
    private readonly int _throughput;
    private readonly ConcurrentQueue<Envelope> _mailbox = new();
    private readonly ConcurrentQueue<SystemMessage> _systemMailbox = new();
    private readonly RestartStatistics _restartStatistics = new();
    private readonly ILogger _logger;

    private readonly Lock _childrenGate = new();
    private readonly Dictionary<string, ActorCell> _children = new(StringComparer.Ordinal); // under _childrenGate
    private bool _childrenClosed;                                                          // under _childrenGate
    private long _nameCounter;                                                             // under _childrenGate

    private int _scheduled;
    private int _closed;
    private volatile SupervisorStrategy _childStrategy = SupervisorStrategy.DefaultStrategy;

    // Owned by the actor's run.
    private CellState _state;
    private ActorBase? _actor;
    private ActorBase? _constructed;
    private bool _started;
    private Envelope _current;
    private Func<object, bool>? _receiveOverride;
    private bool _stopRequested;
    private ActorSynchronizationContext? _pendingAsync;
    private bool _suspendedByEscalation;
    private Exception? _recreateCause;
    private HashSet<ActorCell>? _stoppingChildren;
    private List<ActorCell>? _escalatedChildren;
    private HashSet<LocalActorRef>? _watching;
    private HashSet<LocalActorRef>? _watchedBy;
    private HashSet<LocalActorRef>? _terminatedQueued;
    private TimerScheduler? _timers;

    private enum CellState
    {
        Creating,
        Running,
        Terminating,
        Terminated,
    }

    internal ActorCell(ActorSystem system, Props props, ActorCell? parent, ActorPath path)
    {
        _system = system;
        _props = props;
        _parent = parent;
        _self = new LocalActorRef(this, path);
        _dispatcher = props.Dispatcher ?? system.DefaultDispatcher;
        _throughput = props.Throughput ?? _dispatcher.Throughput;
        if (_throughput < 1)
        {
            throw new ArgumentException($"The dispatcher's throughput must be at least 1 (was {_throughput}).", nameof(props));
        }
        _logger = system.RuntimeLogger;
    }

    /// <summary>The cell whose code runs on this thread, if any.</summary>
    internal static ActorCell? Current => t_current;

    /// <summary>The cell whose actor instance is being constructed on this thread (read once by <see cref="ActorBase"/>).</summary>
    internal static ActorCell? Constructing
    {
        get => t_constructing;
        set => t_constructing = value;
    }

    internal SupervisorStrategy ChildStrategy => _childStrategy;

    internal string Name => _self.Path.Name;

    // ----------------------------------------------------------------------------------------------------------
    // IActorContext

    public IActorRef Self => _self;

    public IActorRef Sender => _current.Sender ?? Nobody.Instance;

    public IActorRef Parent => _parent?.Self ?? Nobody.Instance;

    public ActorSystem System => _system;

    public IDispatcher Dispatcher => _dispatcher;

    public ITimerScheduler Timers => _timers ??= new TimerScheduler(this);

    public IReadOnlyCollection<IActorRef> Children
    {
        get
        {
            lock (_childrenGate)
            {
                var result = new IActorRef[_children.Count];
                var i = 0;
                foreach (var child in _children.Values)
                {
                    result[i++] = child.Self;
                }
                return result;
            }
        }
    }

    public IActorRef? Child(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        lock (_childrenGate)
        {
            return _children.TryGetValue(name, out var child) ? child.Self : null;
        }
    }

    public IActorRef ActorOf(Props props, string? name = null) => CreateChild(props, name);

    public IActorRef Watch(IActorRef subject)
    {
        ArgumentNullException.ThrowIfNull(subject);
        var target = ToLocal(subject);
        if (ReferenceEquals(target, _self) || _state >= CellState.Terminating)
        {
            return subject;
        }
        if (_terminatedQueued?.Contains(target) == true)
        {
            return subject; // already dead, its Terminated is queued
        }
        if ((_watching ??= []).Add(target))
        {
            target.Cell.SendSystemMessage(new WatchMessage(_self));
        }
        return subject;
    }

    public IActorRef Unwatch(IActorRef subject)
    {
        ArgumentNullException.ThrowIfNull(subject);
        var target = ToLocal(subject);
        if (_watching?.Remove(target) == true)
        {
            target.Cell.SendSystemMessage(new UnwatchMessage(_self));
        }
        _terminatedQueued?.Remove(target);
        return subject;
    }

    public void Stop(IActorRef actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var target = ActorRefs.Unwrap(actor);
        if (ReferenceEquals(target, _self))
        {
            _stopRequested = true;
            return;
        }
        if (target is LocalActorRef local)
        {
            if (ReferenceEquals(local.Cell._parent, this) && IsChild(local.Cell))
            {
                (_stoppingChildren ??= []).Add(local.Cell);
            }
            local.Cell.SendSystemMessage(TerminateMessage.Instance);
        }
    }

    public void Become(Action configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var actor = _actor ?? _constructed ?? throw new InvalidOperationException("The actor is not running.");
        actor.BecomeHandlers(configure);
        _receiveOverride = null;
    }

    public void Become(Func<object, bool> receive)
    {
        ArgumentNullException.ThrowIfNull(receive);
        _receiveOverride = receive;
    }

    // ----------------------------------------------------------------------------------------------------------
    // Sending (any thread)

    internal void Start() => SendSystemMessage(CreateMessage.Instance);

    /// <summary>Queues a user message; to dead letters if the actor is gone.</summary>
    internal void SendMessage(object message, IActorRef sender)
    {
        if (Volatile.Read(ref _closed) != 0)
        {
            _system.PublishDeadLetter(message, sender, _self);
            return;
        }
        _mailbox.Enqueue(new Envelope(message, sender));
        if (Volatile.Read(ref _closed) != 0)
        {
            // Closed between the check and the enqueue: make sure nothing stays stranded.
            DrainMailbox();
            return;
        }
        TrySchedule();
    }

    internal void SendSystemMessage(SystemMessage message)
    {
        _systemMailbox.Enqueue(message);
        if (Volatile.Read(ref _closed) != 0)
        {
            DrainSystemMailboxPostMortem();
            return;
        }
        TrySchedule();
    }

    private void TrySchedule()
    {
        if (Interlocked.CompareExchange(ref _scheduled, 1, 0) != 0)
        {
            return;
        }
        try
        {
            _dispatcher.Schedule(this);
        }
        catch (Exception ex) when (!ReferenceEquals(_dispatcher, _system.DefaultDispatcher))
        {
            // The actor's own dispatcher is gone (a worker shut down before its actors): rather than strand the
            // actor, and hang the system's termination, finish its life on the default dispatcher.
            RuntimeLog.ScheduleFellBack(_logger, ex, _self.Path);
            ScheduleOnDefault();
        }
        catch (Exception ex)
        {
            Volatile.Write(ref _scheduled, 0);
            RuntimeLog.ScheduleFailed(_logger, ex, _self.Path);
        }
    }

    private void ScheduleOnDefault()
    {
        try
        {
            _system.DefaultDispatcher.Schedule(this);
        }
        catch (Exception ex)
        {
            Volatile.Write(ref _scheduled, 0);
            RuntimeLog.ScheduleFailed(_logger, ex, _self.Path);
        }
    }

    // ----------------------------------------------------------------------------------------------------------
    // The mailbox run (one at a time)

    void IThreadPoolWorkItem.Execute() => Run();

    public void Run()
    {
        var previous = t_current;
        t_current = this;
        try
        {
            ProcessSystemMessages();
            var processed = 0;
            while (processed < _throughput)
            {
                if (_state >= CellState.Terminating)
                {
                    DrainMailbox();
                    break;
                }
                if (!CanProcessUserMessages || !_mailbox.TryDequeue(out var envelope))
                {
                    break;
                }
                Invoke(envelope);
                processed++;
                ProcessSystemMessages();
            }
        }
        catch (Exception ex)
        {
            RuntimeLog.MailboxRunFailed(_logger, ex, _self.Path);
        }
        finally
        {
            t_current = previous;
            Interlocked.Exchange(ref _scheduled, 0);
            if (HasPendingWork())
            {
                TrySchedule();
            }
        }
    }

    private bool CanProcessUserMessages =>
        _state == CellState.Running && _pendingAsync is null && !_suspendedByEscalation && _recreateCause is null;

    private bool HasPendingWork() =>
        !_systemMailbox.IsEmpty
        || (!_mailbox.IsEmpty && (_state >= CellState.Terminating || CanProcessUserMessages));

    private void Invoke(Envelope envelope)
    {
        _current = envelope;
        try
        {
            switch (envelope.Message)
            {
                case PoisonPill:
                    _stopRequested = true;
                    break;
                case TimerMessage timer:
                    if (_timers is not null && _timers.Accept(timer))
                    {
                        _current = new Envelope(timer.Message, envelope.Sender);
                        Deliver(timer.Message);
                    }
                    break;
                case WatchedTerminated watched:
                    if (_terminatedQueued is not null && _terminatedQueued.Remove(watched.Actor))
                    {
                        var terminated = new Terminated(watched.Actor);
                        _current = new Envelope(terminated, watched.Actor);
                        Deliver(terminated);
                    }
                    break;
                default:
                    Deliver(envelope.Message);
                    break;
            }
        }
        catch (Exception ex)
        {
            HandleFailure(ex, _current);
        }
        AfterTurn();
    }

    private void Deliver(object message)
    {
        var actor = _actor!;
        var handled = _receiveOverride is { } receive ? receive(message) : actor.InvokeReceive(message);
        if (!handled)
        {
            actor.InvokeUnhandled(message);
        }
    }

    /// <summary>After any piece of actor code: honour Context.Stop(Self) once the current message has finished.</summary>
    private void AfterTurn()
    {
        if (_pendingAsync is not null)
        {
            return;
        }
        _current = default;
        if (_stopRequested && _state == CellState.Running)
        {
            BeginTerminate();
        }
    }

    // ----------------------------------------------------------------------------------------------------------
    // Async handlers

    /// <summary>Runs an async handler with the actor's synchronization context; suspends the mailbox until it completes.</summary>
    internal void RunAsyncHandler<T>(Func<T, Task> handler, T message)
    {
        var context = new ActorSynchronizationContext(this, _current);
        var previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(context);
        Task task;
        try
        {
            task = handler(message) ?? throw new InvalidOperationException("An async handler returned a null Task.");
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }

        if (task.IsCompleted)
        {
            ThrowIfFailed(task);
            return;
        }
        _pendingAsync = context;
        task.ContinueWith(
            static (t, state) =>
            {
                var ctx = (ActorSynchronizationContext)state!;
                ctx.Cell.SendSystemMessage(new AsyncCompleted(ctx, t));
            },
            context,
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    private static void ThrowIfFailed(Task task)
    {
        if (task.IsFaulted)
        {
            var exception = task.Exception!;
            ExceptionDispatchInfo.Capture(exception.InnerExceptions.Count == 1 ? exception.InnerException! : exception).Throw();
        }
        if (task.IsCanceled)
        {
            throw new TaskCanceledException(task);
        }
    }

    private void RunContinuation(AsyncContinuation continuation)
    {
        var context = continuation.Context;
        if (context.Abandoned || _state >= CellState.Terminating)
        {
            return;
        }
        _current = context.Envelope;
        var previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(context);
        try
        {
            continuation.Callback(continuation.State);
        }
        catch (Exception ex)
        {
            HandleFailure(ex, context.Envelope);
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }
        AfterTurn();
    }

    private void CompleteAsync(AsyncCompleted completed)
    {
        if (!ReferenceEquals(completed.Context, _pendingAsync))
        {
            return; // abandoned by a stop or restart
        }
        _pendingAsync = null;
        _current = completed.Context.Envelope;
        try
        {
            ThrowIfFailed(completed.Task);
        }
        catch (Exception ex)
        {
            HandleFailure(ex, completed.Context.Envelope);
        }
        AfterTurn();
    }

    private void AbandonAsync()
    {
        if (_pendingAsync is not null)
        {
            _pendingAsync.Abandoned = true;
            _pendingAsync = null;
        }
    }

    // ----------------------------------------------------------------------------------------------------------
    // System messages

    private void ProcessSystemMessages()
    {
        while (_systemMailbox.TryDequeue(out var message))
        {
            if (Volatile.Read(ref _closed) != 0)
            {
                PostMortem(message);
                continue;
            }
            try
            {
                HandleSystemMessage(message);
            }
            catch (Exception ex)
            {
                RuntimeLog.MailboxRunFailed(_logger, ex, _self.Path);
            }
        }
    }

    private void HandleSystemMessage(SystemMessage message)
    {
        switch (message)
        {
            case CreateMessage:
                Create();
                AfterTurn();
                break;
            case TerminateMessage:
                BeginTerminate();
                break;
            case ResumeMessage:
                if (_suspendedByEscalation && _state == CellState.Running)
                {
                    _suspendedByEscalation = false;
                    ResumeEscalatedChildren();
                }
                break;
            case WatchMessage watch:
                if (!ReferenceEquals(watch.Watcher, _self))
                {
                    (_watchedBy ??= []).Add(watch.Watcher);
                }
                break;
            case UnwatchMessage unwatch:
                _watchedBy?.Remove(unwatch.Watcher);
                break;
            case DeathWatchNotification death:
                WatchedActorTerminated(death.Actor);
                break;
            case ChildTerminated child:
                OnChildTerminated(child.Child);
                break;
            case ChildFailed failed:
                OnChildFailed(failed.Child, failed.Cause);
                AfterTurn();
                break;
            case AsyncContinuation continuation:
                RunContinuation(continuation);
                break;
            case AsyncCompleted completed:
                CompleteAsync(completed);
                break;
        }
    }

    /// <summary>System messages that reach a closed cell: a watch is answered at once; the rest are moot.</summary>
    private void PostMortem(SystemMessage message)
    {
        if (message is WatchMessage watch)
        {
            watch.Watcher.Cell.SendSystemMessage(new DeathWatchNotification(_self));
        }
    }

    private void DrainSystemMailboxPostMortem()
    {
        while (_systemMailbox.TryDequeue(out var message))
        {
            PostMortem(message);
        }
    }

    private void DrainMailbox()
    {
        while (_mailbox.TryDequeue(out var envelope))
        {
            if (envelope.Message is TimerMessage or WatchedTerminated)
            {
                continue; // runtime envelopes, meaningless once the actor is gone
            }
            _system.PublishDeadLetter(envelope.Message, envelope.Sender, _self);
        }
    }

    // ----------------------------------------------------------------------------------------------------------
    // Lifecycle

    private ActorBase NewInstance()
    {
        t_constructing = this;
        try
        {
            var actor = _props.NewActor();
            if (actor is null || !ReferenceEquals(actor, _constructed))
            {
                throw new ActorInitializationException(
                    $"The Props factory for {_self.Path} must return a new actor instance each time it is called.");
            }
            _childStrategy = _props.SupervisorStrategy ?? actor.InvokeSupervisorStrategy();
            return actor;
        }
        finally
        {
            t_constructing = null;
            _constructed = null;
        }
    }

    /// <summary>Called by the <see cref="ActorBase"/> constructor: binds the new instance to this cell.</summary>
    internal void Attach(ActorBase instance) => _constructed = instance;

    private void Create()
    {
        if (_state != CellState.Creating)
        {
            return;
        }
        try
        {
            _actor = NewInstance();
            _state = CellState.Running;
            _actor.InvokePreStart();
            _started = true;
        }
        catch (Exception ex)
        {
            RuntimeLog.ActorInitializationFailed(_logger, ex, _self.Path);
            _state = CellState.Running;
            BeginTerminate();
        }
    }

    private void BeginTerminate()
    {
        if (_state >= CellState.Terminating)
        {
            return;
        }
        _state = CellState.Terminating;
        _stopRequested = false;
        AbandonAsync();
        _timers?.CancelAll();
        DrainMailbox();

        ActorCell[] children;
        lock (_childrenGate)
        {
            _childrenClosed = true;
            children = [.. _children.Values];
        }
        foreach (var child in children)
        {
            child.SendSystemMessage(TerminateMessage.Instance);
        }
        if (children.Length == 0)
        {
            FinishTerminate();
        }
    }

    private void FinishTerminate()
    {
        _state = CellState.Terminated;
        if (_actor is not null && _started)
        {
            _started = false;
            try
            {
                _actor.InvokePostStop();
            }
            catch (Exception ex)
            {
                RuntimeLog.LifecycleHookFailed(_logger, ex, _self.Path, "PostStop");
            }
        }

        Interlocked.Exchange(ref _closed, 1);
        DrainMailbox();

        if (_watchedBy is not null)
        {
            foreach (var watcher in _watchedBy)
            {
                watcher.Cell.SendSystemMessage(new DeathWatchNotification(_self));
            }
            _watchedBy = null;
        }
        if (_watching is not null)
        {
            foreach (var watched in _watching)
            {
                watched.Cell.SendSystemMessage(new UnwatchMessage(_self));
            }
            _watching = null;
        }
        _terminatedQueued = null;
        _system.EventStream.Unsubscribe(_self);
        _actor = null;
        _receiveOverride = null;
        _current = default;

        if (_parent is not null)
        {
            _parent.SendSystemMessage(new ChildTerminated(this));
        }
        else
        {
            _system.OnGuardianTerminated();
        }
    }

    private void BeginRestart(Exception cause, object? message)
    {
        AbandonAsync();
        _timers?.CancelAll();
        _receiveOverride = null;
        _stopRequested = false;
        var failed = _actor;
        if (failed is not null && _started)
        {
            try
            {
                failed.InvokePreRestart(cause, message);
            }
            catch (Exception ex)
            {
                RuntimeLog.LifecycleHookFailed(_logger, ex, _self.Path, "PreRestart");
            }
        }
        _started = false;
        _recreateCause = cause;
        if (_stoppingChildren is null || _stoppingChildren.Count == 0)
        {
            FinishRestart();
        }
    }

    /// <summary>Creates the new instance once the children stopped by PreRestart are gone (their names are free).</summary>
    private void FinishRestart()
    {
        var cause = _recreateCause!;
        _recreateCause = null;
        try
        {
            _actor = NewInstance();
            _actor.InvokePostRestart(cause);
            _started = true;
        }
        catch (Exception ex)
        {
            RuntimeLog.ActorInitializationFailed(_logger, ex, _self.Path);
            BeginTerminate();
            return;
        }
        ResumeEscalatedChildren();
    }

    private void OnChildTerminated(ActorCell child)
    {
        bool noChildren;
        lock (_childrenGate)
        {
            if (_children.TryGetValue(child.Name, out var current) && ReferenceEquals(current, child))
            {
                _children.Remove(child.Name);
            }
            noChildren = _children.Count == 0;
        }
        _stoppingChildren?.Remove(child);
        _escalatedChildren?.Remove(child);

        if (_state == CellState.Terminating)
        {
            if (noChildren)
            {
                FinishTerminate();
            }
        }
        else if (_recreateCause is not null && (_stoppingChildren is null || _stoppingChildren.Count == 0))
        {
            FinishRestart();
        }
    }

    private void WatchedActorTerminated(LocalActorRef actor)
    {
        if (_watching?.Remove(actor) != true || _state >= CellState.Terminating)
        {
            return;
        }
        (_terminatedQueued ??= []).Add(actor);
        // A user message, so it comes after whatever the dead actor sent before it stopped.
        SendMessage(new WatchedTerminated(actor), actor);
    }

    // ----------------------------------------------------------------------------------------------------------
    // Supervision

    private void HandleFailure(Exception cause, Envelope envelope)
    {
        // Project rule: an asker gets the exception before the directive applies.
        if (envelope.Sender is PromiseActorRef asker)
        {
            asker.Tell(new Status.Failure(cause), _self);
        }

        Directive directive;
        try
        {
            directive = _parent is null
                ? Directive.Stop
                : _parent.ChildStrategy.Handle(_restartStatistics, cause, _system.Scheduler.MonotonicClock);
        }
        catch (Exception ex)
        {
            RuntimeLog.DeciderFailed(_logger, ex, _self.Path);
            directive = Directive.Stop;
        }

        RuntimeLog.ActorFailed(_logger, cause, _self.Path, envelope.Message?.GetType().Name ?? "(none)", directive);

        switch (directive)
        {
            case Directive.Resume:
                ResumeEscalatedChildren();
                break;
            case Directive.Restart:
                BeginRestart(cause, envelope.Message);
                break;
            case Directive.Stop:
                BeginTerminate();
                break;
            case Directive.Escalate:
                _suspendedByEscalation = true;
                _parent!.SendSystemMessage(new ChildFailed(this, cause));
                break;
        }
    }

    /// <summary>A child escalated: the guardian stops it; any other parent fails with the same cause.</summary>
    private void OnChildFailed(ActorCell child, Exception cause)
    {
        if (_state != CellState.Running || !ReferenceEquals(child._parent, this))
        {
            return;
        }
        if (_parent is null)
        {
            Stop(child.Self);
            return;
        }
        (_escalatedChildren ??= []).Add(child);
        HandleFailure(cause, new Envelope(cause, Nobody.Instance));
    }

    private void ResumeEscalatedChildren()
    {
        if (_escalatedChildren is null || _escalatedChildren.Count == 0 || _suspendedByEscalation)
        {
            return;
        }
        foreach (var child in _escalatedChildren)
        {
            child.SendSystemMessage(ResumeMessage.Instance);
        }
        _escalatedChildren.Clear();
    }

    // ----------------------------------------------------------------------------------------------------------
    // Children

    internal LocalActorRef CreateChild(Props props, string? name)
    {
        ArgumentNullException.ThrowIfNull(props);
        ActorCell child;
        lock (_childrenGate)
        {
            if (_childrenClosed)
            {
                throw new InvalidOperationException($"{_self.Path} is stopping and cannot create children.");
            }
            if (name is null)
            {
                do
                {
                    name = GenerateName(_nameCounter++);
                }
                while (_children.ContainsKey(name));
            }
            else
            {
                ValidateName(name);
                if (_children.ContainsKey(name))
                {
                    throw new InvalidActorNameException(
                        $"The actor name [{name}] is not unique among the children of {_self.Path}.");
                }
            }
            child = new ActorCell(_system, props, this, _self.Path / name);
            _children.Add(name, child);
        }
        child.Start();
        return child._self;
    }

    private bool IsChild(ActorCell cell)
    {
        lock (_childrenGate)
        {
            return _children.TryGetValue(cell.Name, out var current) && ReferenceEquals(current, cell);
        }
    }

    private static string GenerateName(long counter)
    {
        Span<char> buffer = stackalloc char[16];
        var length = 0;
        do
        {
            buffer[length++] = NameAlphabet[(int)(counter & 63)];
            counter >>= 6;
        }
        while (counter != 0);
        return "$" + new string(buffer[..length]);
    }

    private static void ValidateName(string name)
    {
        if (name.Length == 0)
        {
            throw new InvalidActorNameException("An actor name must not be empty.");
        }
        if (name[0] == '$')
        {
            throw new InvalidActorNameException($"The actor name [{name}] is invalid: names starting with '$' are reserved.");
        }
        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && !NameSymbols.Contains(c, StringComparison.Ordinal))
            {
                throw new InvalidActorNameException(
                    $"The actor name [{name}] is invalid: use ASCII letters, digits and {NameSymbols}.");
            }
        }
    }

    private static LocalActorRef ToLocal(IActorRef actor) =>
        ActorRefs.Unwrap(actor) as LocalActorRef
        ?? throw new NotSupportedException($"Only local actors can be watched; {actor} is not one.");

    public override string ToString() => $"ActorCell({_self.Path})";
}
