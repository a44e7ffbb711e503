using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace Sfu.Actors.Runtime.TestKit;

/// <summary>
/// An actor whose messages a test reads: everything told to it is queued, and the <c>Expect*</c> methods take from
/// the queue in order, blocking (or awaiting) until a message arrives or the timeout passes. A probe is an
/// <see cref="IActorRef"/> (equal to its <see cref="Ref"/>), so it can be passed wherever a reference is expected.
/// </summary>
public sealed class TestProbe : IActorRef, IActorRefWrapper
{
    private static int s_counter;

    private readonly ConcurrentQueue<Envelope> _queue = new();
    private readonly SemaphoreSlim _available = new(0);
    private Envelope _last;

    internal TestProbe(ActorSystem system, string? name)
    {
        Sys = system;
        var actorName = name ?? "testProbe-" + Interlocked.Increment(ref s_counter).ToString(CultureInfo.InvariantCulture);
        Ref = system.ActorOf(Props.Create(() => new ProbeActor(this)), actorName);
    }

    /// <summary>The probe's actor.</summary>
    public IActorRef Ref { get; }

    /// <summary>The system the probe lives in.</summary>
    public ActorSystem Sys { get; }

    public ActorPath Path => Ref.Path;

    IActorRef IActorRefWrapper.Underlying => Ref;

    /// <summary>The sender of the last message taken from the queue.</summary>
    public IActorRef LastSender => _last.Sender ?? Nobody.Instance;

    /// <summary>The last message taken from the queue.</summary>
    public object? LastMessage => _last.Message;

    /// <summary>Whether messages are waiting in the queue.</summary>
    public bool HasMessages => !_queue.IsEmpty;

    public void Tell(object message, IActorRef? sender = null) => Ref.Tell(message, sender);

    /// <summary>Tells <paramref name="message"/> to <paramref name="target"/> with this probe as the sender.</summary>
    public void Send(IActorRef target, object message)
    {
        ArgumentNullException.ThrowIfNull(target);
        target.Tell(message, Ref);
    }

    /// <summary>Replies to the sender of the last message, with this probe as the sender.</summary>
    public void Reply(object message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (_last.Message is null)
        {
            throw new InvalidOperationException("The probe has received no message to reply to.");
        }
        LastSender.Tell(message, Ref);
    }

    /// <summary>Forwards the last message to <paramref name="target"/>, keeping its original sender.</summary>
    public void Forward(IActorRef target)
    {
        ArgumentNullException.ThrowIfNull(target);
        var message = _last.Message ?? throw new InvalidOperationException("The probe has received no message to forward.");
        target.Tell(message, LastSender);
    }

    /// <summary>Watches <paramref name="subject"/>: the probe will receive <see cref="Terminated"/> when it stops.</summary>
    public IActorRef Watch(IActorRef subject)
    {
        ArgumentNullException.ThrowIfNull(subject);
        Ref.Tell(new ProbeActor.WatchCommand(subject, Watch: true), Nobody.Instance);
        return subject;
    }

    public IActorRef Unwatch(IActorRef subject)
    {
        ArgumentNullException.ThrowIfNull(subject);
        Ref.Tell(new ProbeActor.WatchCommand(subject, Watch: false), Nobody.Instance);
        return subject;
    }

    // ------------------------------------------------------------------------------------------------------------
    // Expectations (blocking)

    /// <summary>Takes the next message; it must be a <typeparamref name="T"/> (that passes <paramref name="predicate"/>).</summary>
    /// <exception cref="TestKitAssertionException">No message in time, or the wrong one.</exception>
    public T ExpectMsg<T>(TimeSpan? timeout = null, Predicate<T>? predicate = null)
    {
        var wait = TestKitSettings.RemainingOrDilated(timeout);
        return Check(Receive(wait, typeof(T).Name), predicate);
    }

    /// <inheritdoc cref="ExpectMsg{T}(TimeSpan?, Predicate{T}?)"/>
    public T ExpectMsg<T>(Predicate<T> predicate, TimeSpan? timeout = null) => ExpectMsg(timeout, predicate);

    /// <summary>Takes the next message; it must equal <paramref name="expected"/>.</summary>
    public T ExpectMsg<T>(T expected, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(expected);
        var wait = TestKitSettings.RemainingOrDilated(timeout);
        return CheckEqual(Receive(wait, expected.ToString() ?? typeof(T).Name), expected);
    }

    /// <summary>Fails if any message arrives within <paramref name="duration"/> (dilated).</summary>
    public void ExpectNoMsg(TimeSpan duration)
    {
        var wait = TestKitSettings.Dilated(duration);
        if (TryReceive(wait, out var envelope))
        {
            throw new TestKitAssertionException($"Expected no message at {Path} for {wait} but received {Describe(envelope)}.");
        }
    }

    /// <summary>Takes the next message; it must be <see cref="Terminated"/> for <paramref name="target"/> (watch it first).</summary>
    public Terminated ExpectTerminated(IActorRef target, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(target);
        var wait = TestKitSettings.RemainingOrDilated(timeout);
        return CheckTerminated(Receive(wait, $"Terminated({target.Path})"), target);
    }

    /// <summary>The next message, or <c>null</c> if none arrives in time.</summary>
    public object? ReceiveOne(TimeSpan? timeout = null) =>
        TryReceive(TestKitSettings.RemainingOrDilated(timeout), out var envelope) ? envelope.Message : null;

    /// <summary>The next <paramref name="count"/> messages, all within <paramref name="timeout"/>.</summary>
    public IReadOnlyList<object> ReceiveN(int count, TimeSpan? timeout = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var wait = TestKitSettings.RemainingOrDilated(timeout);
        var deadline = Deadline.After(wait);
        var result = new List<object>(count);
        while (result.Count < count)
        {
            if (!TryReceive(deadline.Left, out var envelope))
            {
                throw new TestKitAssertionException($"Timeout ({wait}) at {Path}: received {result.Count} of {count} messages.");
            }
            result.Add(envelope.Message);
        }
        return result;
    }

    /// <summary>Takes messages until one is a <typeparamref name="T"/> that passes <paramref name="predicate"/>; others are dropped.</summary>
    public T FishForMessage<T>(Predicate<T> predicate, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        var wait = TestKitSettings.RemainingOrDilated(timeout);
        var deadline = Deadline.After(wait);
        while (true)
        {
            if (!TryReceive(deadline.Left, out var envelope))
            {
                throw new TestKitAssertionException($"Timeout ({wait}) at {Path} while fishing for a matching {typeof(T).Name}.");
            }
            if (envelope.Message is T typed && predicate(typed))
            {
                return typed;
            }
        }
    }

    // ------------------------------------------------------------------------------------------------------------
    // Expectations (async)

    /// <inheritdoc cref="ExpectMsg{T}(TimeSpan?, Predicate{T}?)"/>
    public async Task<T> ExpectMsgAsync<T>(TimeSpan? timeout = null, Predicate<T>? predicate = null)
    {
        var wait = TestKitSettings.RemainingOrDilated(timeout);
        return Check(await ReceiveAsync(wait, typeof(T).Name).ConfigureAwait(false), predicate);
    }

    /// <inheritdoc cref="ExpectMsg{T}(T, TimeSpan?)"/>
    public async Task<T> ExpectMsgAsync<T>(T expected, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(expected);
        var wait = TestKitSettings.RemainingOrDilated(timeout);
        return CheckEqual(await ReceiveAsync(wait, expected.ToString() ?? typeof(T).Name).ConfigureAwait(false), expected);
    }

    /// <inheritdoc cref="ExpectNoMsg(TimeSpan)"/>
    public async Task ExpectNoMsgAsync(TimeSpan duration)
    {
        var wait = TestKitSettings.Dilated(duration);
        var (received, envelope) = await TryReceiveAsync(wait).ConfigureAwait(false);
        if (received)
        {
            throw new TestKitAssertionException($"Expected no message at {Path} for {wait} but received {Describe(envelope)}.");
        }
    }

    /// <inheritdoc cref="ExpectTerminated(IActorRef, TimeSpan?)"/>
    public async Task<Terminated> ExpectTerminatedAsync(IActorRef target, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(target);
        var wait = TestKitSettings.RemainingOrDilated(timeout);
        return CheckTerminated(await ReceiveAsync(wait, $"Terminated({target.Path})").ConfigureAwait(false), target);
    }

    // ------------------------------------------------------------------------------------------------------------

    internal void Enqueue(object message, IActorRef sender)
    {
        _queue.Enqueue(new Envelope(message, sender));
        _available.Release();
    }

    private bool TryReceive(TimeSpan timeout, out Envelope envelope)
    {
        if (_available.Wait(timeout))
        {
            return Take(out envelope);
        }
        envelope = default;
        return false;
    }

    private async Task<(bool, Envelope)> TryReceiveAsync(TimeSpan timeout)
    {
        if (await _available.WaitAsync(timeout).ConfigureAwait(false))
        {
            Take(out var envelope);
            return (true, envelope);
        }
        return (false, default);
    }

    private bool Take(out Envelope envelope)
    {
        if (!_queue.TryDequeue(out envelope))
        {
            throw new InvalidOperationException("TestProbe queue out of step with its semaphore (is the probe read from two threads?).");
        }
        _last = envelope;
        return true;
    }

    private Envelope Receive(TimeSpan timeout, string what)
    {
        if (!TryReceive(timeout, out var envelope))
        {
            throw TimeoutFailure(timeout, what);
        }
        return envelope;
    }

    private async Task<Envelope> ReceiveAsync(TimeSpan timeout, string what)
    {
        var (received, envelope) = await TryReceiveAsync(timeout).ConfigureAwait(false);
        return received ? envelope : throw TimeoutFailure(timeout, what);
    }

    private TestKitAssertionException TimeoutFailure(TimeSpan timeout, string what) =>
        new($"Timeout ({timeout}) at {Path} while waiting for a message: expected {what}, but no message arrived.");

    private T Check<T>(Envelope envelope, Predicate<T>? predicate)
    {
        if (envelope.Message is not T typed)
        {
            throw new TestKitAssertionException(
                $"Expected a message of type {typeof(T).FullName} at {Path} but received {Describe(envelope)}.");
        }
        if (predicate is not null && !predicate(typed))
        {
            throw new TestKitAssertionException($"The message {Describe(envelope)} at {Path} did not match the predicate.");
        }
        return typed;
    }

    private T CheckEqual<T>(Envelope envelope, T expected)
    {
        if (envelope.Message is not T typed || !EqualityComparer<T>.Default.Equals(typed, expected))
        {
            throw new TestKitAssertionException($"Expected {expected} at {Path} but received {Describe(envelope)}.");
        }
        return typed;
    }

    private Terminated CheckTerminated(Envelope envelope, IActorRef target)
    {
        if (envelope.Message is not Terminated terminated || !terminated.ActorRef.Equals(target))
        {
            throw new TestKitAssertionException($"Expected Terminated({target.Path}) at {Path} but received {Describe(envelope)}.");
        }
        return terminated;
    }

    private static string Describe(Envelope envelope) =>
        $"{envelope.Message.GetType().Name} ({envelope.Message}) from {envelope.Sender?.Path.ToString() ?? "nobody"}";

    public bool Equals(IActorRef? other) => Ref.Equals(other);

    public override bool Equals(object? obj) => obj is IActorRef other && Ref.Equals(other);

    public override int GetHashCode() => Ref.GetHashCode();

    public override string ToString() => $"TestProbe[{Path}]";

    private readonly struct Deadline(long end)
    {
        public static Deadline After(TimeSpan span) =>
            new(span == Timeout.InfiniteTimeSpan ? long.MaxValue : Stopwatch.GetTimestamp() + (long)(span.TotalSeconds * Stopwatch.Frequency));

        public TimeSpan Left
        {
            get
            {
                if (end == long.MaxValue)
                {
                    return Timeout.InfiniteTimeSpan;
                }
                var left = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), end);
                return left > TimeSpan.Zero ? left : TimeSpan.Zero;
            }
        }
    }
}

/// <summary>The actor behind a <see cref="TestProbe"/>: queues everything except its own watch commands.</summary>
internal sealed class ProbeActor(TestProbe probe) : ActorBase
{
    protected override bool Receive(object message)
    {
        if (message is WatchCommand command)
        {
            if (command.Watch)
            {
                Context.Watch(command.Subject);
            }
            else
            {
                Context.Unwatch(command.Subject);
            }
            return true;
        }
        probe.Enqueue(message, Sender);
        return true;
    }

    internal sealed record WatchCommand(IActorRef Subject, bool Watch);
}
